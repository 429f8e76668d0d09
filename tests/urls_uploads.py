"""The site's URLs plus two views that take files, to show the opt-in of clinic_site.uploads."""

from django.http import HttpResponse
from django.urls import path

from clinic_site.uploads import accepts_files
from clinic_site.urls import urlpatterns as site_urlpatterns


def upload(request):
    photo = request.FILES["photo"]
    return HttpResponse(f"{photo.name} {photo.size}", content_type="text/plain")


urlpatterns = [
    path("test-upload/", accepts_files(upload)),
    path("test-small-upload/", accepts_files(max_size=1024 * 1024)(upload)),
    *site_urlpatterns,
]

handler400 = "clinic_site.views.bad_request"
handler500 = "clinic_site.views.server_error"
