"""
Which addresses are this site's own pages.

The page a call-back form was on (``Lead.source_url``) arrives in a hidden field, so anyone can
post any address in it. Only this site's own pages are kept, and the admin links to nothing
else: the coordinators' queue never becomes a list of someone else's links.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.utils.http import url_has_allowed_host_and_scheme

from clinic_site.defences import is_same_site_path

URL_MAX_LENGTH = 500


def _host(url: str) -> str:
    try:
        return urlsplit(url).netloc.lower()
    except ValueError:
        return ""


def site_hosts(request=None, *, site: str = "") -> set[str]:
    """This site's hosts: the public address (``SITE_URL``) and the one the request came to."""
    hosts = {_host(settings.SITE_URL), _host(site)}
    if request is not None:
        hosts.add(request.get_host().lower())
    return hosts - {""}


def is_own_page(url: str, *, hosts: set[str]) -> bool:
    """An absolute http(s) address on one of ``hosts``."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return (
        parts.scheme in {"http", "https"}
        and parts.netloc.lower() in hosts
        # Also refuses what a browser would read differently (control characters and such).
        and url_has_allowed_host_and_scheme(url, allowed_hosts={parts.netloc})
    )


def own_page_url(value: str, *, site: str) -> str:
    """
    ``value`` as an absolute address of one of this site's pages, or "" if it is not one.
    ``site`` is where the request came to (``https://host``); a path is made absolute on it.
    """
    value = (value or "").strip()
    if not value:
        return ""
    if is_same_site_path(value):
        value = f"{(site or settings.SITE_URL).rstrip('/')}{value}"
    if not is_own_page(value, hosts=site_hosts(site=site)):
        return ""
    return value[:URL_MAX_LENGTH]


def page_label(url: str, *, own: bool, length: int = 60) -> str:
    """
    How a source page is named in the admin: this site's pages by their path (``/blog/fue/``),
    anyone else's by host and path, so a foreign address never passes for one of ours.
    """
    try:
        parts = urlsplit(url)
    except ValueError:
        parts = None
    if parts is None or not parts.netloc:
        label = url
    elif own:
        label = parts.path or "/"
    else:
        label = f"{parts.netloc}{parts.path}"
    return label if len(label) <= length else f"{label[: length - 1]}…"
