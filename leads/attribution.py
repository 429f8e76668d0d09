"""
Remembering where a visit came from, so a request sent three pages later is still attributed.

The landing page's UTM tags and the other site that sent the patient are kept in a signed
cookie that lasts as long as the browser session: no database write, nothing stored about
visitors who never ask for a call back.
"""

import json
from urllib.parse import urlsplit

from django.conf import settings
from django.core import signing

from leads.forms import clean_url
from leads.services import UTM_FIELDS

COOKIE_NAME = "clinic_visit"
COOKIE_SALT = "leads.visit"
VALUE_MAX_LENGTH = 200
IGNORED_PREFIXES = ("/admin/", "/static/", "/media/", "/healthz")


def read_visit(request) -> dict[str, str]:
    try:
        raw = request.get_signed_cookie(COOKIE_NAME, salt=COOKIE_SALT)
        visit = json.loads(raw)
    except (KeyError, signing.BadSignature, ValueError):
        return {}
    if not isinstance(visit, dict):
        return {}
    known = (*UTM_FIELDS, "referrer")
    return {key: str(value) for key, value in visit.items() if key in known}


def landing_attribution(request) -> dict[str, str] | None:
    """What this page view says about the visit's origin, or None if nothing new."""
    utm = {
        name: request.GET[name].strip()[:VALUE_MAX_LENGTH]
        for name in UTM_FIELDS
        if request.GET.get(name, "").strip()
    }
    referrer = clean_url(request.META.get("HTTP_REFERER", ""))
    external = referrer if referrer and urlsplit(referrer).netloc != request.get_host() else ""
    if utm:
        # A new campaign click starts a new attribution.
        return {**utm, "referrer": external} if external else utm
    if external and COOKIE_NAME not in request.COOKIES:
        return {"referrer": external}
    return None


class VisitAttributionMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.method == "GET" and not request.path.startswith(IGNORED_PREFIXES):
            visit = landing_attribution(request)
            if visit is not None:
                response.set_signed_cookie(
                    COOKIE_NAME,
                    json.dumps(visit, separators=(",", ":")),
                    salt=COOKIE_SALT,
                    httponly=True,
                    samesite="Lax",
                    secure=settings.SESSION_COOKIE_SECURE,
                )
        return response
