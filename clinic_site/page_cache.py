"""
The shared cache of anonymous public pages: a page a patient reads is built once, then served
to every visitor from the cache until something it shows changes.

What is cached. A view opts in with ``public_page`` (``clinic_site/urls.py``, the apps' urls):
home, the blog's lists and articles, doctors, treatments, results, reviews, contact, privacy,
in every language. Only a GET from a visitor without a session (staff have one: never served
from the cache, never stored) whose query string holds only what the view knows (``?page=2``)
is stored, and only a 200 that sets no cookie and varies on nothing but the encoding. A
landing page with campaign tags (``?utm_source=…``), a search, a preview, anything else is
built for its request, as before.

Nothing in a cached page belongs to one visitor: the forms carry no CSRF token (their posts are
checked by the browser's ``Sec-Fetch-Site``/``Origin``, ``clinic_site.csrf``). The one thing
that changes per response is the forms' time stamp (the time trap measures from the moment
this visitor received the page): forms render a placeholder, and every response gets a fresh
signed stamp in its place on the way out (``FormStamp``), cached or not.

Never stale. Each stored page carries the *generation* current when its request started. Any
write to what a page may show (an article, a doctor, a category, a treatment, a price, a
result, a review, the clinic identity and its parts, translations included: every model of the
``blog``, ``clinic`` and ``clinic_site`` apps, and the bulk updates of their admin actions)
starts a new generation once it commits, in the shared cache, so every app server's next
request builds the page again. A page built while a write was committing carries the old
generation and is never served. A scheduled article appears at its time with no write: a stored
page is valid only until the next scheduled publication (and at most ``PAGE_CACHE_SECONDS``).
A release changes the key too (``release_fingerprint``: templates, catalogues, static manifest).

With the cache unreachable every page is built as before; nothing is served that could be stale.
"""

import contextvars
import hashlib
import time
import uuid
from dataclasses import dataclass
from functools import cache, wraps
from pathlib import Path

from django.conf import settings
from django.core import signing
from django.core.cache import cache as shared_cache
from django.core.exceptions import DisallowedHost
from django.db import transaction
from django.db.models import Min
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse
from django.utils.cache import cc_delim_re, patch_vary_headers

from clinic_site import page_parts
from clinic_site.compression import MIN_LENGTH, compress, preferred_encoding

GENERATION_KEY = "pages:generation"
NEXT_PUBLICATION_KEY = "pages:next-publication"
KEY_PREFIX = "pages:page"
HIT = "hit"
MISS = "miss"
STATUS_HEADER = "X-Page-Cache"
# Models whose rows the public pages show: a write to any of them makes every page stale.
PAGE_APPS = frozenset({"blog", "clinic", "clinic_site"})
# Response headers that belong to one response, never replayed from the cache.
# Responses whose forms get their time stamp on the way out.
TEXT_TYPES = ("text/", "application/json")
NOT_STORED_HEADERS = frozenset({"date", "set-cookie", "content-length", STATUS_HEADER.lower()})


# --- The forms' time stamp, fresh in every response -----------------------------------------

_stamping = contextvars.ContextVar("page_cache_stamping", default=False)
STAMP_PLACEHOLDER = "form-started-on-delivery"
# The forms' time stamp salt (``clinic_site.spam.SpamDefenceForm``): the only thing ever signed
# on delivery, so a placeholder posted back signs nothing but a time stamp.
STAMP_SALT = "clinic_site.defences.form_started"


class FormStamp:
    """
    While a request passes through the middleware, forms render ``STAMP_PLACEHOLDER`` as their
    time stamp, and the response gets a freshly signed one in its place on the way out.
    """

    @staticmethod
    def value() -> str:
        """The stamp a form renders now: the placeholder inside a request, else a real one."""
        if _stamping.get():
            return STAMP_PLACEHOLDER
        return signing.dumps(time.time(), salt=STAMP_SALT)

    @staticmethod
    def deliver(content: bytes, *, at: float | None = None) -> bytes:
        """``content`` with every placeholder replaced by a stamp signed now (or ``at``)."""
        placeholder = STAMP_PLACEHOLDER.encode()
        if placeholder not in content:
            return content
        stamp = signing.dumps(time.time() if at is None else at, salt=STAMP_SALT)
        return content.replace(placeholder, stamp.encode())


# --- Which views, which requests ---------------------------------------------------------


def public_page(view=None, *, params=()):
    """
    Marks a view whose anonymous GET responses every visitor may share. ``params``: the query
    parameters the view knows (``("page",)``); a request with any other is never stored.
    """

    def decorate(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            request.public_page_params = frozenset(params)
            return view(request, *args, **kwargs)

        return wrapped

    return decorate(view) if view is not None else decorate


def _anonymous_read(request) -> bool:
    """A GET from a visitor without a session (staff have one) or a message to show."""
    cookies = request.COOKIES
    return (
        request.method == "GET"
        and settings.SESSION_COOKIE_NAME not in cookies
        and "messages" not in cookies
    )


def _may_use_cache(request) -> bool:
    return getattr(settings, "PAGE_CACHE_ENABLED", True) and _anonymous_read(request)


def _page_key(request) -> str | None:
    try:
        host = request.get_host()
    except DisallowedHost:
        return None
    address = f"{request.scheme}://{host}{request.get_full_path()}"
    digest = hashlib.sha256(f"{release_fingerprint()}|{address}".encode()).hexdigest()
    return f"{KEY_PREFIX}:{digest}"


def _storable(request, response) -> bool:
    params = getattr(request, "public_page_params", None)
    if params is None or response.status_code != 200 or response.streaming:
        return False
    if any(name not in params or len(request.GET.getlist(name)) != 1 for name in request.GET):
        return False
    if response.cookies or response.has_header("Content-Encoding"):
        return False
    cache_control = response.get("Cache-Control", "").lower()
    if "private" in cache_control or "no-store" in cache_control:
        return False
    varies = {v.strip().lower() for v in cc_delim_re.split(response.get("Vary", "")) if v.strip()}
    return varies <= {"accept-encoding"}


# --- Generations ---------------------------------------------------------------------------


def pages_changed() -> None:
    """
    What the public pages show may have changed: every cached page is stale at once, and again
    once the transaction commits (a page built in between would hold the rows of before).
    """
    _new_generation()
    transaction.on_commit(_new_generation)


def schedule_changed() -> None:
    """An article was written: when the next scheduled one goes live may have changed."""
    _remember_next_publication()
    transaction.on_commit(_remember_next_publication)


def first_generation() -> str | None:
    """
    A generation for a shared cache that holds none (new, or emptied). None if another request
    started one first (the next request reads it), or the cache does not answer.
    """
    generation = uuid.uuid4().hex
    return generation if shared_cache.add(GENERATION_KEY, generation, timeout=None) else None


def _new_generation() -> None:
    shared_cache.set(GENERATION_KEY, uuid.uuid4().hex, timeout=None)


def _remember_next_publication() -> float:
    """The time the next scheduled article goes live (0: none), kept for the stored pages."""
    from blog.models import Article

    moment = Article.objects.scheduled().aggregate(next=Min("published_at"))["next"]
    timestamp = moment.timestamp() if moment is not None else 0.0
    shared_cache.set(NEXT_PUBLICATION_KEY, timestamp, timeout=None)
    return timestamp


def _on_write(sender, **kwargs):
    # Articles also call schedule_changed() (blog.sitemaps.cache, with their bulk updates).
    if sender._meta.app_label in PAGE_APPS and not _in_a_migration(sender):
        pages_changed()


def _on_m2m(sender, instance, action, **kwargs):
    model = type(instance)
    if action.startswith("post_") and model._meta.app_label in PAGE_APPS:
        if not _in_a_migration(model):
            pages_changed()


def _in_a_migration(model) -> bool:
    """A migration's own copy of a model: the cache (its table) may not exist yet."""
    return model.__module__ == "__fake__"


def connect_signals() -> None:
    """Called once by the app's ready(): every write to a page's models starts a generation."""
    post_save.connect(_on_write, dispatch_uid="page_cache.post_save")
    post_delete.connect(_on_write, dispatch_uid="page_cache.post_delete")
    m2m_changed.connect(_on_m2m, dispatch_uid="page_cache.m2m_changed")


@cache
def release_fingerprint() -> str:
    """Changes with a release: the templates, the translation catalogues, the static manifest."""
    digest = hashlib.sha256()
    folders = [Path(settings.BASE_DIR) / "templates", *map(Path, settings.LOCALE_PATHS)]
    files = [path for folder in folders for path in sorted(folder.rglob("*")) if path.is_file()]
    files.append(Path(settings.STATIC_ROOT) / "staticfiles.json")
    for path in files:
        try:
            stat = path.stat()
        except OSError:
            continue
        digest.update(f"{path}:{stat.st_size}:{stat.st_mtime_ns}".encode())
    return digest.hexdigest()[:16]


# --- The middleware ----------------------------------------------------------------------


@dataclass(frozen=True)
class StoredPage:
    generation: str
    valid_until: float
    headers: tuple[tuple[str, str], ...]
    content: bytes


class DeliveredCopies:
    """
    The bytes last sent for a stored page, per encoding, reused for ``REUSE_SECONDS`` by this
    process: compressing a page and signing its stamp cost more than the rest of a hit. The
    time stamp in a reused copy is the moment the copy stops being sent (``at``), never earlier
    than the visitor received it, so the time trap is never shorter than for a page built for
    its request (a person waits at most that second longer).
    """

    REUSE_SECONDS = 1.0
    MAX_COPIES = 64  # the most visited pages, each encoding: 2 MB at most, mostly far less

    def __init__(self):
        self._copies: dict[tuple, tuple[float, bytes]] = {}

    def get(self, key: str, page: StoredPage, encoding: str, now: float) -> bytes:
        slot = (key, page.generation, encoding)
        copy = self._copies.get(slot)
        if copy is not None and copy[0] > now:
            return copy[1]
        until = min(now + self.REUSE_SECONDS, page.valid_until)
        content = FormStamp.deliver(page.content, at=until)
        if encoding:
            content = compress(content, encoding)
        if len(self._copies) >= self.MAX_COPIES:
            self._copies.clear()  # cheaper than keeping an order; refilled within a second
        self._copies[slot] = (until, content)
        return content


_delivered = DeliveredCopies()


def _cached_response(key: str, page: StoredPage, request, now: float) -> HttpResponse:
    encoding = preferred_encoding(request) if len(page.content) >= MIN_LENGTH else ""
    content = _delivered.get(key, page, encoding, now)
    response = HttpResponse(content)
    for name, value in page.headers:
        response[name] = value
    response["Content-Length"] = str(len(content))
    patch_vary_headers(response, ("Accept-Encoding",))
    if encoding:
        response["Content-Encoding"] = encoding
    response[STATUS_HEADER] = HIT
    return response


class PageCacheMiddleware:
    """
    Serves a stored page before the rest of the stack runs, stores what may be shared, and
    stamps every response's forms. Sits right after WhiteNoise.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        key = _page_key(request) if _may_use_cache(request) else None
        generation = next_publication = None
        if key is not None:
            found = shared_cache.get_many([GENERATION_KEY, NEXT_PUBLICATION_KEY, key])
            generation = found.get(GENERATION_KEY)
            next_publication = found.get(NEXT_PUBLICATION_KEY)
            page = found.get(key)
            if generation is None:
                generation = first_generation()
            elif (
                isinstance(page, StoredPage)
                and page.generation == generation
                and page.valid_until > (now := time.time())
            ):
                return _cached_response(key, page, request, now)

        token = _stamping.set(True)
        # The parts every page of a language shares, kept for this generation by the process.
        parts = page_parts.start(generation) if _anonymous_read(request) else None
        try:
            response = self.get_response(request)
        finally:
            if parts is not None:
                page_parts.stop(parts)
            _stamping.reset(token)

        if generation is not None and _storable(request, response):
            self._store(key, generation, next_publication, response)
            response[STATUS_HEADER] = MISS
        if not response.streaming and response.get("Content-Type", "").startswith(TEXT_TYPES):
            response.content = FormStamp.deliver(response.content)
        return response

    def _store(self, key, generation, next_publication, response) -> None:
        now = time.time()
        if next_publication is None:  # not known since the cache was emptied
            next_publication = _remember_next_publication()
        valid_until = now + settings.PAGE_CACHE_SECONDS
        if next_publication:
            valid_until = min(valid_until, next_publication)
        if valid_until <= now:
            return
        headers = tuple(
            (name, value)
            for name, value in response.items()
            if name.lower() not in NOT_STORED_HEADERS
        )
        page = StoredPage(generation, valid_until, headers, response.content)
        shared_cache.set(key, page, timeout=int(valid_until - now) + 1)
