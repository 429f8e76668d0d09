"""
Addresses that stay on this site: what an editor may use as an image, and what a form that
names the page it was on may name. Anything else would be a request to, or a link to, another
origin.
"""

import re
from urllib.parse import urlsplit

from django.conf import settings
from django.utils.http import url_has_allowed_host_and_scheme

# Browsers read a backslash as a slash and drop tabs and line breaks inside a URL, so
# "/\evil.example/p.png" or "/<tab>/evil.example/p.png" is a protocol-relative address on
# another host. A same-site path never needs any of these characters: refuse them outright.
_NOT_IN_A_SAME_SITE_PATH = re.compile(r"[\\\s\x00-\x1f\x7f-\x9f]")


def is_same_site_path(value: str) -> bool:
    """An absolute path on this site (``/media/x.png``), never an address on another host."""
    if not value or _NOT_IN_A_SAME_SITE_PATH.search(value):
        return False
    try:
        parts = urlsplit(value)
    except ValueError:
        return False
    return (
        not parts.scheme
        and not parts.netloc
        and parts.path.startswith("/")
        and not parts.path.startswith("//")
    )


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
    return value
