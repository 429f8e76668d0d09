import logging

from django.core.cache import cache
from django.core.exceptions import DisallowedHost
from django.db import DatabaseError, connection
from django.http import HttpResponseBadRequest, HttpResponseServerError, JsonResponse
from django.shortcuts import redirect, render
from django.template import loader
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.generic import TemplateView

from blog.languages import current_language
from clinic_site.home import home_sections
from clinic_site.languages import bcp47
from clinic_site.models import Clinic

logger = logging.getLogger(__name__)


class HomeView(TemplateView):
    """From trust to action: the promise, figures, treatments, doctors, results, reviews."""

    template_name = "home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        clinic = Clinic.load()
        context.update(home_sections(clinic))
        home = self.request.build_absolute_uri("/")
        clinic_id = home + "#clinic"  # as the articles' publisher names it (blog/schema.py)
        context["clinic_json_ld"] = {
            "@context": "https://schema.org",
            "@id": clinic_id,
            **clinic.as_schema(url=home),
        }
        # The page itself, in its language: the clinic is the same in every language.
        url = self.request.build_absolute_uri(self.request.path)
        context["page_json_ld"] = {
            "@context": "https://schema.org",
            "@type": "WebPage",
            "@id": url,
            "url": url,
            "name": clinic.name,
            "inLanguage": bcp47(current_language()),
            "about": {"@id": clinic_id},
        }
        return context


class PrivacyView(TemplateView):
    template_name = "privacy.html"

    def get_context_data(self, **kwargs):
        breadcrumbs = [(_("Home"), reverse("home")), (_("Privacy notice"), None)]
        return super().get_context_data(breadcrumbs=breadcrumbs, **kwargs)


@never_cache
def healthz(request):
    """
    200 when the database answers, 503 when it does not: for load balancers and uptime checks.
    The body also says whether the cache answers; the site works without it (only slower, and
    without rate limits), so a cache outage alone is still a 200.
    """
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        logger.error("health check failed: database unavailable")
        return JsonResponse(
            {"status": "error", "database": "unavailable", "cache": _cache_state()}, status=503
        )
    cache_state = _cache_state()
    status = "ok" if cache_state == "ok" else "degraded"
    return JsonResponse({"status": status, "database": "ok", "cache": cache_state})


def _cache_state() -> str:
    # Only the Redis cache can be away: the database cache goes with the database, and the
    # local-memory cache lives in the process.
    return "ok" if getattr(cache, "available", True) else "unavailable"


def favicon(request):
    """Browsers and feed readers ask for /favicon.ico whatever the page says."""
    # Resolved per request: the hashed name exists only once collectstatic has run.
    return redirect(static("favicon.svg"), permanent=True)


def csrf_failure(request, reason=""):
    """A form sent with an expired or missing security token: explain, keep the frame."""
    return render(request, "403_csrf.html", status=403)


def bad_request(request, exception):
    """
    The 400 page. Django's own ``bad_request`` runs the CSRF check again, which reads the form
    again: a body that could not be read the first time (a form in another character set, a
    body over the size limit) fails a second time and turns the 400 into a 500. This view
    never touches the request body.

    A request for a host name that is not ours is no patient's (their browser asks for our
    name); the site's frame would build links from that name and fail again, so it gets
    Django's plain answer.
    """
    if isinstance(exception, DisallowedHost):
        return HttpResponseBadRequest("<h1>Bad Request (400)</h1>")
    return render(request, "400.html", status=400)


def server_error(request):
    """
    The 500 page. It must render when the database is down, so it uses no context processors
    (they read the database) and only the clinic identity the cache may still hold.
    """
    template = loader.get_template("500.html")
    return HttpResponseServerError(template.render({"clinic": Clinic.cached(), "request": request}))
