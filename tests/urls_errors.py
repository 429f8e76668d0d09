"""The site's URLs plus two that fail on purpose, to show the 403 and 500 pages."""

from django.core.exceptions import PermissionDenied
from django.urls import path

from clinic_site.urls import urlpatterns as site_urlpatterns


def forbidden(request):
    raise PermissionDenied


def broken(request):
    raise RuntimeError("a bug")


urlpatterns = [
    path("test-forbidden/", forbidden),
    path("test-broken/", broken),
    *site_urlpatterns,
]

handler400 = "clinic_site.views.bad_request"
handler500 = "clinic_site.views.server_error"
