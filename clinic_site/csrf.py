"""
Cross-site request forgery protection for forms on pages that every visitor shares.

The public pages come from a cache shared by every visitor (``clinic_site.page_cache``), so
their HTML holds nothing that belongs to one visitor: no CSRF token, no cookie. The forms on
them (call-back, assessment, newsletter, review) are protected by what the browser says about
where a post comes from, which a page on another site cannot forge:

- ``Sec-Fetch-Site`` (every current browser): ``same-origin`` is a form on our own page, and
  ``none`` a post the person started themselves; ``same-site`` and ``cross-site`` are refused.
- otherwise ``Origin`` (every browser since 2020 sends it with a form post): it must be this
  site's own address (or one of ``CSRF_TRUSTED_ORIGINS``); another origin, or ``null``, is
  refused.
- a post carrying neither comes from no current browser (a script, or a browser older than
  2020): it is judged by Django's token check, which it fails unless it carries a token, so it
  gets the "Please send the form again" page and nothing is saved.

A post the headers vouch for still goes through every other defence of the form: honeypot,
time trap, rate limits. The admin keeps Django's token as well: its pages are never shared.
Views opt in with ``@csrf_by_origin``; a post the headers call cross-site is refused on every
view, token or not.
"""

from functools import wraps
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.middleware.csrf import CsrfViewMiddleware

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})
SAME_ORIGIN = "same-origin"
CROSS_ORIGIN = "cross-origin"

REASON_CROSS_ORIGIN = "The browser says this post comes from another site."


def csrf_by_origin(view):
    """A view whose posts may come from a shared, cached page: no token needed, see above."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        return view(request, *args, **kwargs)

    wrapped.csrf_by_origin = True
    return wrapped


def _trusted_origins() -> set[str]:
    return {origin.lower() for origin in settings.CSRF_TRUSTED_ORIGINS if "*" not in origin}


def post_origin(request) -> str | None:
    """
    Where the browser says this post comes from: ``SAME_ORIGIN``, ``CROSS_ORIGIN``, or None
    when the request says nothing (no ``Sec-Fetch-Site``, no ``Origin``).
    """
    origin = request.headers.get("Origin", "").strip().lower()
    if origin and origin in _trusted_origins():
        return SAME_ORIGIN
    site = request.headers.get("Sec-Fetch-Site", "").strip().lower()
    if site:
        return SAME_ORIGIN if site in {"same-origin", "none"} else CROSS_ORIGIN
    if not origin:
        return None
    try:
        host = request.get_host().lower()
    except DisallowedHost:  # not our site, whatever the origin says
        return CROSS_ORIGIN
    parts = urlsplit(origin)
    scheme = "https" if request.is_secure() else "http"
    if parts.scheme == scheme and parts.netloc == host and not parts.path:
        return SAME_ORIGIN
    return CROSS_ORIGIN


class OriginCsrfMiddleware(CsrfViewMiddleware):
    """Django's CSRF check, with the browser's own word on a post's origin taken first."""

    def process_view(self, request, callback, callback_args, callback_kwargs):
        if request.method in SAFE_METHODS or getattr(callback, "csrf_exempt", False):
            return super().process_view(request, callback, callback_args, callback_kwargs)
        origin = post_origin(request)
        if origin == CROSS_ORIGIN:
            return self._reject(request, REASON_CROSS_ORIGIN)
        if origin == SAME_ORIGIN and getattr(callback, "csrf_by_origin", False):
            return self._accept(request)
        return super().process_view(request, callback, callback_args, callback_kwargs)
