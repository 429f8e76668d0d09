"""
The site's addresses. The public pages are under ``i18n_patterns``: the default language's keep
their unprefixed addresses (``/``, ``/blog/<slug>/``, ``/callback/``), every other language has
the same pages under its code (``/de/blog/<slug>/``, ``/ar/callback/``). What is not a page for
patients to read has one address in every language: the admin, the health check, the sitemap
and robots.txt (which list every language's pages), the mail provider's webhook, the favicon,
static and media files.
"""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

from blog import views as blog_views
from clinic_site import views
from clinic_site.page_cache import public_page
from leads import private as leads_private

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    # Browsers and feed readers ask for /favicon.ico whatever the page says.
    path("favicon.ico", views.favicon),
    path("admin/", admin.site.urls),
    path("sitemap.xml", blog_views.sitemap_xml, name="sitemap"),
    path("robots.txt", blog_views.robots_txt, name="robots"),
    # The mail provider's delivery reports (bounces, complaints): django-anymail's tracking
    # webhook, behind its basic-auth secret (newsletter/webhooks.py).
    path("anymail/", include("newsletter.webhooks")),
    # Patients' assessment photos: staff only, the permission checked on every request.
    path(
        "private/assessment-photos/<uuid:key>/<str:size>/",
        leads_private.assessment_photo,
        name="assessment-photo",
    ),
]

# Each app owns its public paths and its namespace. The paths never change: links, bookmarks
# and the emails already sent point at them.
urlpatterns += i18n_patterns(
    path("", public_page(views.HomeView.as_view()), name="home"),
    path("privacy/", public_page(views.PrivacyView.as_view()), name="privacy"),
    path("", include("blog.urls")),
    path("", include("clinic.urls")),
    path("", include("leads.urls")),
    path("", include("newsletter.urls")),
    prefix_default_language=False,
)

# Uploaded images (article heroes, doctor photos) on a developer's machine only; in production
# the web server or object storage serves MEDIA_ROOT (see the README). static() is empty unless
# DEBUG is on.
urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

handler400 = "clinic_site.views.bad_request"
handler500 = "clinic_site.views.server_error"
