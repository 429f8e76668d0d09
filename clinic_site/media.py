"""
The public media (heroes, doctors' portraits, results) served by gunicorn itself, on a machine
with no web server in front: ``make serve`` where caddy is not installed sets
``DJANGO_SERVE_MEDIA=1``. With a web server in front, it serves them (the Caddyfile) and this is
off.

It answers GET and HEAD for a regular file inside MEDIA_ROOT, under MEDIA_URL, with the type
its name says, cached a month by browsers as the Caddyfile has it. Anything else goes on to the
site, which answers its "not found" page: a name with ``..``, ``.`` or a hidden part, a symbolic
link out of the folder, and any file in the private storage's folder (patients' assessment
photos; a system check keeps that folder out of MEDIA_ROOT, and this never serves it even so).
"""

import mimetypes
import os
from pathlib import Path
from wsgiref.util import FileWrapper

from django.conf import settings
from django.utils.http import http_date
from django.views.static import was_modified_since

CACHE_CONTROL = "public, max-age=2592000"
BLOCK_SIZE = 64 * 1024


def serve_public_media(application):
    """``application`` with MEDIA_ROOT served in front of it, when DJANGO_SERVE_MEDIA is on."""
    if not settings.SERVE_MEDIA:
        return application
    private = settings.STORAGES.get("private", {}).get("OPTIONS", {}).get("location")
    return PublicMedia(
        application,
        url=settings.MEDIA_URL,
        root=settings.MEDIA_ROOT,
        private_root=private,
    )


class PublicMedia:
    """A WSGI application: the files of ``root`` at ``url``, the rest from ``application``."""

    def __init__(self, application, *, url: str, root, private_root=None):
        self.application = application
        self.url = url
        self.root = Path(root).resolve()
        self.private_root = Path(private_root).resolve() if private_root else None

    def __call__(self, environ, start_response):
        path = environ.get("PATH_INFO", "")
        if environ.get("REQUEST_METHOD") not in ("GET", "HEAD") or not path.startswith(self.url):
            return self.application(environ, start_response)
        file = self.find(path[len(self.url) :])
        if file is None:
            return self.application(environ, start_response)
        try:
            opened = file.open("rb")
        except OSError:
            return self.application(environ, start_response)
        status = os.fstat(opened.fileno())
        headers = [
            ("Cache-Control", CACHE_CONTROL),
            ("Last-Modified", http_date(status.st_mtime)),
        ]
        if not was_modified_since(environ.get("HTTP_IF_MODIFIED_SINCE"), status.st_mtime):
            opened.close()
            start_response("304 Not Modified", headers)
            return []
        content_type, encoding = mimetypes.guess_type(file.name)
        headers += [
            # A compressed file (.gz) is sent as it is, never for the browser to unpack.
            ("Content-Type", (not encoding and content_type) or "application/octet-stream"),
            ("Content-Length", str(status.st_size)),
            ("X-Content-Type-Options", "nosniff"),
        ]
        start_response("200 OK", headers)
        if environ["REQUEST_METHOD"] == "HEAD":
            opened.close()
            return []
        return environ.get("wsgi.file_wrapper", FileWrapper)(opened, BLOCK_SIZE)

    def find(self, name: str) -> Path | None:
        """The file ``name`` (as the address has it, decoded) names in the folder, if it may be
        served."""
        try:
            # The server hands the decoded address over as Latin-1; the names are UTF-8.
            name = name.encode("latin-1").decode("utf-8")
        except UnicodeError:
            return None
        parts = name.split("/")
        if any(
            not part or part.startswith(".") or "\\" in part or "\x00" in part for part in parts
        ):
            return None
        try:
            file = self.root.joinpath(*parts).resolve(strict=True)
        except (OSError, RuntimeError):
            return None
        if not file.is_relative_to(self.root) or file == self.root:
            return None
        if self.private_root and file.is_relative_to(self.private_root):
            return None
        return file if file.is_file() else None
