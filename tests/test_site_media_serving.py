"""
The uploaded pictures served by gunicorn itself when no web server is in front
(``DJANGO_SERVE_MEDIA``, ``make serve`` without caddy): the site's WSGI application, called as
gunicorn calls it.
"""

import io
import os
from email.utils import formatdate
from wsgiref.util import setup_testing_defaults

import pytest
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from PIL import Image

from clinic_site.media import serve_public_media


def png() -> bytes:
    picture = io.BytesIO()
    Image.new("RGB", (8, 8), "teal").save(picture, "PNG")
    return picture.getvalue()


def call(application, path, method="GET", **headers):
    """(status, headers, body) of one request, ``path`` as the server decodes it."""
    environ = {"REQUEST_METHOD": method, "PATH_INFO": path, "HTTP_HOST": "testserver"}
    environ.update({f"HTTP_{name.upper()}": value for name, value in headers.items()})
    setup_testing_defaults(environ)
    answer = {}

    def start_response(status, response_headers, exc_info=None):
        answer["status"] = int(status.split()[0])
        answer["headers"] = dict(response_headers)

    chunks = application(environ, start_response)
    try:
        body = b"".join(chunks)
    finally:
        if hasattr(chunks, "close"):
            chunks.close()
    return answer["status"], answer["headers"], body


@pytest.fixture
def folders(settings, tmp_path):
    """MEDIA_ROOT with a picture in it, and the private storage's folder with a photo."""
    settings.MEDIA_ROOT = tmp_path / "media"
    private = tmp_path / "private"
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": private, "base_url": None},
        },
    }
    picture = settings.MEDIA_ROOT / "blog" / "heroes" / "2026" / "hero.png"
    picture.parent.mkdir(parents=True)
    picture.write_bytes(png())
    photo = private / "assessments" / "scalp-top.png"
    photo.parent.mkdir(parents=True)
    photo.write_bytes(png())
    return settings.MEDIA_ROOT, private


@pytest.fixture(autouse=True)
def the_tests_connection_stays_open():
    """
    The application is called as gunicorn calls it, but for the database connection: as
    Django's test client does, a request's end leaves it open (it holds the test's transaction
    and data; a worker closes its own after each request).
    """
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def site(settings, folders):
    settings.SERVE_MEDIA = True
    return serve_public_media(get_wsgi_application())


def test_an_uploaded_picture_is_served_cached_a_month(site):
    status, headers, body = call(site, "/media/blog/heroes/2026/hero.png")
    assert status == 200
    assert headers["Content-Type"] == "image/png"
    assert headers["Content-Length"] == str(len(png()))
    assert headers["Cache-Control"] == "public, max-age=2592000"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert body == png()


def test_a_picture_the_browser_holds_is_not_sent_again(site, folders):
    media, _ = folders
    modified = os.stat(media / "blog" / "heroes" / "2026" / "hero.png").st_mtime
    status, _, body = call(
        site,
        "/media/blog/heroes/2026/hero.png",
        if_modified_since=formatdate(modified, usegmt=True),
    )
    assert (status, body) == (304, b"")
    status, _, body = call(
        site,
        "/media/blog/heroes/2026/hero.png",
        if_modified_since=formatdate(modified - 3600, usegmt=True),
    )
    assert (status, body) == (200, png())


def test_head_gets_the_headers_only(site):
    status, headers, body = call(site, "/media/blog/heroes/2026/hero.png", method="HEAD")
    assert status == 200
    assert headers["Content-Length"] == str(len(png()))
    assert body == b""


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    [
        "/media/../private/assessments/scalp-top.png",
        "/media/blog/../../private/assessments/scalp-top.png",
        "/media//private/assessments/scalp-top.png",
        "/media/./blog/heroes/2026/hero.png",
        "/media/blog/heroes/2026/",
        "/media/",
    ],
)
def test_a_name_outside_the_pictures_gets_the_not_found_page(site, path):
    status, _, body = call(site, path)
    assert status == 404
    assert png() not in body


@pytest.mark.django_db
def test_a_link_out_of_the_folder_is_not_followed(site, folders):
    media, private = folders
    (media / "photos").symlink_to(private / "assessments")
    status, _, body = call(site, "/media/photos/scalp-top.png")
    assert status == 404
    assert png() not in body


@pytest.mark.django_db
def test_the_private_folder_is_never_served_even_inside_the_media(settings, folders, tmp_path):
    # A misconfiguration the system check refuses: the private storage inside MEDIA_ROOT.
    media, _ = folders
    settings.STORAGES["private"]["OPTIONS"]["location"] = media / "assessments"
    (media / "assessments").mkdir()
    (media / "assessments" / "scalp-top.png").write_bytes(png())
    settings.SERVE_MEDIA = True
    site = serve_public_media(get_wsgi_application())
    status, _, body = call(site, "/media/assessments/scalp-top.png")
    assert status == 404
    assert png() not in body


@pytest.mark.django_db
def test_hidden_files_are_not_served(site, folders):
    media, _ = folders
    (media / ".htpasswd").write_text("secret")
    status, _, body = call(site, "/media/.htpasswd")
    assert status == 404
    assert b"secret" not in body


@pytest.mark.django_db
def test_without_the_setting_the_pictures_are_left_to_the_web_server_in_front(settings, folders):
    settings.SERVE_MEDIA = False
    site = serve_public_media(get_wsgi_application())
    status, _, body = call(site, "/media/blog/heroes/2026/hero.png")
    assert status == 404
    assert png() not in body


@pytest.mark.django_db
def test_the_pages_still_come_from_the_site(site):
    status, headers, body = call(site, "/doctors/")
    assert status == 200
    assert '<html lang="en"' in body.decode()
