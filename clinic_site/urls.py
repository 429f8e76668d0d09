from django.contrib import admin
from django.urls import include, path

from clinic_site import views

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("privacy/", views.PrivacyView.as_view(), name="privacy"),
    path("healthz", views.healthz, name="healthz"),
    # Browsers and feed readers ask for /favicon.ico whatever the page says.
    path("favicon.ico", views.favicon),
    path("admin/", admin.site.urls),
    # Each app owns its public paths and its namespace. The paths never change: links,
    # bookmarks and the emails already sent point at them.
    path("", include("blog.urls")),
    path("", include("leads.urls")),
    path("", include("newsletter.urls")),
]

handler400 = "clinic_site.views.bad_request"
handler500 = "clinic_site.views.server_error"
