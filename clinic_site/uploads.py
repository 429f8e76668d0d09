"""
What a request may carry: no file unless its view takes files, and never more than a limit.

Our forms take no files, so a body that carries one is refused with the 400 page before anything
is read into memory or onto disk. A view that takes files says so with ``@accepts_files`` (a
class-based view with ``accepts_files = True`` and, if it needs, ``upload_max_size``); Django's
admin takes them too (photos, CSV imports), from signed-in staff only: its sign-in page takes
none.

Sizes, from ``Content-Length`` before the body is read:

- a view that takes no files: ``DATA_UPLOAD_MAX_MEMORY_SIZE`` (Django's own limit for form
  fields, which it applies only once the body is read and never to file parts);
- a view that takes files: ``UPLOAD_MAX_REQUEST_SIZE``, or the ``max_size`` the view names, or
  the setting it names (``max_size_setting``), read on every request so that a test or a
  deployment can change it without touching the view.

Past the limit the answer is the same friendly page with status 413.
"""

from django.conf import settings
from django.core.exceptions import BadRequest
from django.core.files.uploadhandler import FileUploadHandler
from django.http.multipartparser import MultiPartParserError
from django.shortcuts import render

# Django's admin (its own app, not decorated by us) uploads doctors' photos and CSV imports.
FILE_TAKING_NAMESPACES = {"admin"}


def accepts_files(view=None, *, max_size: int | None = None, max_size_setting: str | None = None):
    """
    Let a view receive files, in a body of up to ``max_size`` bytes, or of up to the value of
    the setting named ``max_size_setting`` (``"ASSESSMENT_MAX_REQUEST_SIZE"``); by default
    ``UPLOAD_MAX_REQUEST_SIZE``.
    """

    def decorate(view):
        view.accepts_files = True
        view.upload_max_size = max_size
        view.upload_max_size_setting = max_size_setting
        return view

    return decorate(view) if view is not None else decorate


class FilesNotAccepted(MultiPartParserError, BadRequest):
    """
    A file in a body sent to a view that takes none. A ``MultiPartParserError``, so Django
    never parses the body again; a ``BadRequest``, so the answer is the 400 page.
    """


class RefuseFilesUploadHandler(FileUploadHandler):
    """Stops the parsing at the first file part: nothing of it is read into memory or onto disk."""

    def new_file(self, field_name, file_name, *args, **kwargs):
        raise FilesNotAccepted(f"A file was sent to a form that takes none (field {field_name!r}).")

    def receive_data_chunk(self, raw_data, start):
        return None  # never reached: new_file refuses first

    def file_complete(self, file_size):
        return None


class RequestBodyLimitMiddleware:
    """
    Before the CSRF check reads the body: refuse one that is too large, and make sure a view
    that takes no files never receives one.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        takes_files, max_size = _upload_policy(request, view_func)
        limit = (
            (max_size or settings.UPLOAD_MAX_REQUEST_SIZE)
            if takes_files
            else settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        )
        if limit is not None and _content_length(request) > limit:
            return render(
                request, "413.html", {"takes_files": takes_files, "max_size": limit}, status=413
            )
        if not takes_files:
            request.upload_handlers = [RefuseFilesUploadHandler(request)]
        return None


def _upload_policy(request, view_func) -> tuple[bool, int | None]:
    """Whether the view takes files, and the largest body it takes (None: the setting)."""
    for view in (view_func, getattr(view_func, "view_class", None)):
        if getattr(view, "accepts_files", False):
            setting = getattr(view, "upload_max_size_setting", None)
            if setting:
                return True, getattr(settings, setting)
            return True, getattr(view, "upload_max_size", None)
    match = request.resolver_match
    in_admin = match is not None and bool(FILE_TAKING_NAMESPACES & set(match.namespaces))
    # The admin's sign-in page is public: only signed-in staff may send the admin files.
    # (process_view runs once every middleware has seen the request, so the user is known.)
    user = getattr(request, "user", None)
    return in_admin and user is not None and user.is_active and user.is_staff, None


def _content_length(request) -> int:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0
