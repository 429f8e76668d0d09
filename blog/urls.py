from django.urls import path

from blog import views
from blog.feeds import LatestArticlesFeed

app_name = "blog"

urlpatterns = [
    path("blog/", views.ArticleListView.as_view(), name="index"),
    path("blog/feed/", LatestArticlesFeed(), name="feed"),
    path("blog/category/<slug:slug>/", views.CategoryView.as_view(), name="category"),
    path("blog/<slug:slug>/", views.ArticleDetailView.as_view(), name="article"),
    path("doctors/", views.DoctorListView.as_view(), name="doctors"),
    path("doctors/<slug:slug>/", views.DoctorView.as_view(), name="doctor"),
    path("search/", views.SearchView.as_view(), name="search"),
]
