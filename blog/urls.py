from django.urls import path

from blog import views
from blog.feeds import LatestArticlesFeed
from clinic_site.page_cache import public_page

app_name = "blog"

urlpatterns = [
    path("blog/", public_page(views.ArticleListView.as_view(), params=["page"]), name="index"),
    path("blog/feed/", LatestArticlesFeed(), name="feed"),
    path(
        "blog/category/<slug:slug>/",
        public_page(views.CategoryView.as_view(), params=["page"]),
        name="category",
    ),
    path("blog/<slug:slug>/", public_page(views.ArticleDetailView.as_view()), name="article"),
    path("doctors/", public_page(views.DoctorListView.as_view()), name="doctors"),
    path("doctors/<slug:slug>/", public_page(views.DoctorView.as_view()), name="doctor"),
    path("search/", views.SearchView.as_view(), name="search"),
]
