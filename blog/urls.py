from django.conf import settings
from django.conf.urls.static import static
from django.urls import path

from blog import views
from blog.feeds import LatestArticlesFeed

app_name = "blog"

urlpatterns = [
    path("blog/", views.ArticleListView.as_view(), name="index"),
    path("blog/feed/", LatestArticlesFeed(), name="feed"),
    path("blog/category/<slug:slug>/", views.CategoryView.as_view(), name="category"),
    path("blog/<slug:slug>/", views.ArticleDetailView.as_view(), name="article"),
    path("doctors/<slug:slug>/", views.DoctorView.as_view(), name="doctor"),
    path("search/", views.SearchView.as_view(), name="search"),
    path("sitemap.xml", views.sitemap_xml, name="sitemap"),
    path("robots.txt", views.robots_txt, name="robots"),
]

# Uploaded images (article heroes, doctor photos) on a developer's machine only; in production
# the web server or object storage serves MEDIA_ROOT (see the README). static() is empty
# unless DEBUG is on.
urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
