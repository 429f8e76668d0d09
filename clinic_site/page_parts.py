"""
What every anonymous page of one language shows alike, built once per page generation by each
process, not once per request: the clinic identity, the header and footer around the page,
the call-back form's markup.

A page the shared cache does not hold (``clinic_site/page_cache.py``) is built for its request;
most of what it shows is the same on every page of its language: the clinic's name, address and
hours, the navigation, the forms. Those parts are kept here, in this process's memory, under the
*generation* the request reads by (``pages:generation`` in the shared cache). Any write to what a
page may show starts a new generation, so a part is exactly as fresh as a cached page: built
from rows read after the request learnt its generation, never used once another one started. A
release changes the key too (``release_fingerprint``), and so does the language.

Only for a request the page cache could serve: an anonymous GET or HEAD (no session, no flash
message), inside ``PageCacheMiddleware``, where forms render the time stamp's placeholder. Staff,
posts, and everything outside a request build everything as before; so does a process whose
shared cache does not answer (no generation, nothing kept).

What changes from page to page inside a kept part is a *slot*: the part holds a placeholder,
and each page puts its own value, escaped, in its place (``fill``): the address a form records
as the page it was sent from.
"""

import contextvars
import threading

from django.core.cache import cache as shared_cache
from django.utils import translation
from django.utils.html import conditional_escape

# The page a form was sent from, in a kept form's hidden input: its absolute address (the
# call-back form), its path (the newsletter box).
PAGE_ADDRESS_SLOT = "page-address-on-delivery"
PAGE_PATH_SLOT = "page-path-on-delivery"
_SLOT_END = "-on-delivery"  # every slot's placeholder ends so: markup without it has none
# Set in the context while a kept part is built: what it includes renders slots, not values.
BUILDING = "page_part_building"


class RequestParts:
    """The generation one request reads its kept parts by: asked of the shared cache once."""

    def __init__(self, generation: str | None = None):
        self._generation = generation
        self._asked = generation is not None

    @property
    def generation(self) -> str | None:
        if not self._asked:
            self._asked = True
            self._generation = _current_generation()
        return self._generation


def _current_generation() -> str | None:
    from clinic_site.page_cache import GENERATION_KEY, first_generation

    return shared_cache.get(GENERATION_KEY) or first_generation()


_request = contextvars.ContextVar("page_parts_request", default=None)


def start(generation: str | None = None):
    """For an anonymous read: this request may use the kept parts. Returns the reset token."""
    return _request.set(RequestParts(generation))


def stop(token) -> None:
    _request.reset(token)


class _Kept:
    """This process's parts, for one generation at a time (one tuple: read and swapped whole)."""

    MAX_PARTS = 2000  # pages in four languages need a few dozen; a safety net, not a budget

    def __init__(self):
        self.lock = threading.Lock()
        self.state = (None, {})

    def get(self, generation: str, key: tuple):
        kept_generation, parts = self.state
        return parts.get(key) if kept_generation == generation else None

    def put(self, generation: str, key: tuple, value) -> None:
        with self.lock:
            kept_generation, parts = self.state
            if kept_generation != generation or len(parts) >= self.MAX_PARTS:
                parts = {}
                self.state = (generation, parts)
            parts[key] = value


_kept = _Kept()


def kept(name: str, build, *vary):
    """
    ``build()``, or what it returned for this generation, release, language and ``vary``. Outside
    an anonymous read (or with no generation), ``build()`` every time.
    """
    from clinic_site.page_cache import release_fingerprint

    request = _request.get()
    generation = request.generation if request is not None else None
    if generation is None:
        return build()
    key = (release_fingerprint(), translation.get_language(), name, *vary)
    value = _kept.get(generation, key)
    if value is None:
        value = build()
        _kept.put(generation, key, value)
    return value


def in_use() -> bool:
    """Whether this request uses kept parts (then forms render their slots' placeholders)."""
    request = _request.get()
    return request is not None and request.generation is not None


def fill(markup: str, request) -> str:
    """``markup`` with each slot's placeholder replaced by its value on this page, escaped."""
    if _SLOT_END not in markup:
        return markup
    for placeholder, value in slots(request).items():
        markup = markup.replace(placeholder, str(conditional_escape(value)))
    return markup


def slots(request) -> dict[str, str]:
    """Each slot's value on this request's page."""
    return {
        PAGE_ADDRESS_SLOT: request.build_absolute_uri(),
        PAGE_PATH_SLOT: request.path,
    }
