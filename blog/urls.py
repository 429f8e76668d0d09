from django.conf import settings
from django.conf.urls.static import static
from django.contrib.sitemaps.views import sitemap
from django.urls import path
from django.views.decorators.cache import cache_page

from blog import views
from blog.feeds import LatestArticlesFeed
from blog.sitemaps import SITEMAPS

app_name = "blog"

# Short enough that a scheduled article reaches the sitemap soon after its time.
SITEMAP_CACHE_SECONDS = 10 * 60

urlpatterns = [
    path("blog/", views.ArticleListView.as_view(), name="index"),
    path("blog/feed/", LatestArticlesFeed(), name="feed"),
    path("blog/category/<slug:slug>/", views.CategoryView.as_view(), name="category"),
    path("blog/<slug:slug>/", views.ArticleDetailView.as_view(), name="article"),
    path("doctors/<slug:slug>/", views.DoctorView.as_view(), name="doctor"),
    path("search/", views.SearchView.as_view(), name="search"),
    path(
        "sitemap.xml",
        cache_page(SITEMAP_CACHE_SECONDS)(sitemap),
        {"sitemaps": SITEMAPS},
        name="sitemap",
    ),
    path("robots.txt", views.robots_txt, name="robots"),
]

# Uploaded images (article heroes, doctor photos) on a developer's machine only; in production
# the web server or object storage serves MEDIA_ROOT (see the README). static() is empty
# unless DEBUG is on.
urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
