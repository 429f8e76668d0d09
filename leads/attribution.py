"""
Where a call-back request came from: the page its form was on, the site that sent the patient
to us, and the campaign (UTM) tags of the visit.

The landing page's tags and the other site that sent the patient are remembered in a signed
cookie that lasts as long as the browser session (set by ``leads.middleware``): no database
write, nothing stored about visitors who never ask for a call back. When a request arrives,
``lead_attribution`` combines that memory with the page the form was on.

That page arrives in a hidden field, so anyone can post any address in it. Only this site's
own pages are kept (``clinic_site.same_site.own_page_url``), and the admin links to nothing
else: the coordinators' queue never becomes a list of someone else's links.
"""

import json
from collections.abc import Mapping
from urllib.parse import urlsplit, urlunsplit

from django.conf import settings
from django.core import signing
from django.http import QueryDict

from clinic_site.same_site import own_page_url
from clinic_site.text import strip_control_characters

UTM_FIELDS = ("utm_source", "utm_medium", "utm_campaign", "utm_term", "utm_content")
UTM_MAX_LENGTH = 200
URL_MAX_LENGTH = 500

VISIT_COOKIE = "clinic_visit"
VISIT_COOKIE_SALT = "leads.visit"
# Pages that are not a patient's visit: nothing they say is remembered.
NOT_A_VISIT = ("/admin/", "/static/", "/media/", "/healthz")


# --- Addresses -----------------------------------------------------------------------------


def clean_url(value: str) -> str:
    """
    An http(s) address cut to what the database keeps, without control characters; anything
    else is dropped, silently.
    """
    value = strip_control_characters(value or "").strip()
    try:
        parts = urlsplit(value)
    except ValueError:
        return ""
    if parts.scheme not in {"http", "https"} or not parts.netloc:
        return ""
    return value[:URL_MAX_LENGTH]


def strip_query(url: str) -> str:
    """The address without its query string: UTM tags do not make another page."""
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, parts.path, "", ""))


# --- Campaign tags ---------------------------------------------------------------------------


def utm_tags(query: Mapping[str, str]) -> dict[str, str]:
    """The UTM tags a query (``request.GET``, or a ``QueryDict`` of an address) carries."""
    tags = {
        name: strip_control_characters(str(query.get(name) or "")).strip()[:UTM_MAX_LENGTH]
        for name in UTM_FIELDS
    }
    return {name: value for name, value in tags.items() if value}


def utm_tags_of_url(url: str) -> dict[str, str]:
    try:
        query = urlsplit(url).query if url else ""
    except ValueError:
        query = ""
    return utm_tags(QueryDict(query))


# --- The visit -------------------------------------------------------------------------------


def read_visit(request) -> dict[str, str]:
    """
    What the visit cookie remembers: the landing page's UTM tags and referrer. Taken as text
    to clean: ``lead_attribution`` reads them through ``utm_tags`` and ``clean_url``, so a
    cookie remembered with a control character (before they were stripped) still works.
    """
    try:
        visit = json.loads(request.get_signed_cookie(VISIT_COOKIE, salt=VISIT_COOKIE_SALT))
    except (KeyError, signing.BadSignature, ValueError):
        return {}
    if not isinstance(visit, dict):
        return {}
    known = (*UTM_FIELDS, "referrer")
    return {key: str(value) for key, value in visit.items() if key in known}


def landing_attribution(request) -> dict[str, str] | None:
    """What this page view says about the visit's origin, or None if nothing new."""
    utm = utm_tags(request.GET)
    referrer = clean_url(request.META.get("HTTP_REFERER", ""))
    external = referrer if referrer and urlsplit(referrer).netloc != request.get_host() else ""
    if utm:
        # A new campaign click starts a new attribution.
        return {**utm, "referrer": external} if external else utm
    if external and VISIT_COOKIE not in request.COOKIES:
        return {"referrer": external}
    return None


def remember_visit(request, response) -> None:
    """Keep what a landing page says about the visit in the visit cookie."""
    if request.method != "GET" or request.path.startswith(NOT_A_VISIT):
        return
    visit = landing_attribution(request)
    if visit is None:
        return
    response.set_signed_cookie(
        VISIT_COOKIE,
        json.dumps(visit, separators=(",", ":")),
        salt=VISIT_COOKIE_SALT,
        httponly=True,
        samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
    )


# --- The request -----------------------------------------------------------------------------


def lead_attribution(
    *, source_url: str, referrer: str, visit: Mapping[str, str], site: str
) -> dict[str, str]:
    """
    The attribution fields of a lead: the page the form was on (else the page that sent the
    post, ``referrer``), the site that sent the patient to us, and the campaign tags of the
    visit. Tags on the form's own page win over those remembered from the landing page.

    The form's page is only ever one of this site's own pages (a path is made absolute on
    ``site``, where the request came to): the hidden field can be made to say anything.
    """
    source = (own_page_url(source_url, site=site) or own_page_url(referrer, site=site))[
        :URL_MAX_LENGTH
    ]
    utm = utm_tags_of_url(source) or utm_tags(visit)
    first_referrer = clean_url(str(visit.get("referrer", ""))) or (
        referrer if referrer != source else ""
    )
    return {
        "source_url": source,
        "referrer": first_referrer,
        **{name: utm.get(name, "") for name in UTM_FIELDS},
    }
