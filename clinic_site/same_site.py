"""Addresses that stay on this site: what an editor or a form may name as one of our pages."""

import re
from urllib.parse import urlsplit

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
