"""
The web server in front of the site on one machine (the repository's Caddyfile, Debian's
``caddy``), started in front of gunicorn: it serves pages, collected static files and uploaded
pictures, and never a patient's assessment photo; over plain HTTP, and over HTTPS with a host
name, as in production (with Caddy's internal authority instead of Let's Encrypt: no test
reaches the internet).
"""

import gzip
import http.client
import io
import os
import re
import shutil
import socket
import ssl
import subprocess
import sys
import time
from http.cookies import SimpleCookie
from urllib.parse import urlencode

import pytest
from PIL import Image

from benchmarks.stack import BASE_DIR, free_port, manage, stack_environment

# CI installs caddy (.ci/run): there, a missing one fails these tests rather than skip them.
pytestmark = pytest.mark.skipif(
    shutil.which("caddy") is None and not os.environ.get("CI"),
    reason="caddy is not installed (Debian's package: apt-get install caddy)",
)


def get(port, path, **headers):
    """(status, headers, body) of one GET to 127.0.0.1:port, as a browser sends it."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        return response.status, response.headers, response.read()
    finally:
        connection.close()


def wait_until_answering(get_health, processes):
    """Until ``get_health()`` answers 200; the test fails after a minute or if a server stops."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if any(process.poll() is not None for process in processes):
            break
        try:
            if get_health()[0] == 200:
                return
        except (OSError, ssl.SSLError):
            pass
        time.sleep(0.2)
    pytest.fail("the site did not answer through the web server in front")


def png() -> bytes:
    picture = io.BytesIO()
    Image.new("RGB", (8, 8), "teal").save(picture, "PNG")
    return picture.getvalue()


PRIVATE_PHOTO_PATHS = [
    "/media/assessments/scalp-top.png",
    "/private/assessments/scalp-top.png",
    "/media/../private/assessments/scalp-top.png",
    "/media/%2e%2e/private/assessments/scalp-top.png",
    "/static/../private/assessments/scalp-top.png",
]


def site_environment(folder, **variables) -> tuple[dict, int]:
    """
    The environment of gunicorn (production settings) and Caddy, with the web server's state in
    ``folder``; the site's database migrated, its static files collected, a picture uploaded to
    the media folder and a patient's photo in the private one. Returns it and gunicorn's port.
    """
    env = stack_environment(folder)
    web_port = free_port()
    env.pop("REDIS_URL", None)
    env.update(
        DATABASE_URL=f"sqlite:///{folder / 'site.sqlite3'}",
        DJANGO_PRIVATE_MEDIA_ROOT=str(folder / "private"),
        PROXY_BIND="127.0.0.1",
        UPSTREAM=f"127.0.0.1:{web_port}",
        # Caddy's own state (certificates, the last configuration) stays in the test's folder.
        XDG_DATA_HOME=str(folder / "caddy-data"),
        XDG_CONFIG_HOME=str(folder / "caddy-config"),
        **variables,
    )
    manage(env, "migrate", "--noinput")
    manage(env, "collectstatic", "--noinput")
    picture = folder / "media" / "blog" / "heroes" / "2026" / "hero.png"
    picture.parent.mkdir(parents=True)
    picture.write_bytes(png())
    photo = folder / "private" / "assessments" / "scalp-top.png"
    photo.parent.mkdir(parents=True)
    photo.write_bytes(png())
    return env, web_port


def start_site(env, web_port) -> list[subprocess.Popen]:
    """Gunicorn on ``web_port``, and Caddy in front of it (the repository's Caddyfile)."""
    gunicorn = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "clinic_site.wsgi", "--workers", "1"]
        + ["--bind", f"127.0.0.1:{web_port}", "--log-level", "warning"],
        env=env,
        cwd=BASE_DIR,
    )
    caddy = subprocess.Popen(
        ["caddy", "run", "--config", "Caddyfile", "--adapter", "caddyfile"],
        env=env,
        cwd=BASE_DIR,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    return [caddy, gunicorn]


def stop(processes):
    for process in processes:
        process.terminate()
    for process in processes:
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture(scope="module")
def one_machine(tmp_path_factory):
    """The site over plain HTTP through Caddy (make serve's default address); Caddy's port."""
    folder = tmp_path_factory.mktemp("one_machine")
    proxy_port = free_port()
    env, web_port = site_environment(
        folder,
        SITE_URL=f"http://127.0.0.1:{proxy_port}",
        SITE_ADDRESS=f"http://127.0.0.1:{proxy_port}",
    )
    processes = start_site(env, web_port)
    try:
        wait_until_answering(lambda: get(proxy_port, "/healthz"), processes)
        yield proxy_port
    finally:
        stop(processes)


def test_a_page_is_served_compressed_through_the_proxy(one_machine):
    status, headers, body = get(one_machine, "/", **{"Accept-Encoding": "gzip"})
    assert status == 200
    assert headers["Content-Encoding"] == "gzip"
    assert '<html lang="en"' in gzip.decompress(body).decode()


def test_a_client_cannot_claim_https_past_the_proxy(one_machine):
    # The proxy replaces a client's own X-Forwarded-Proto (DJANGO_SECURE_PROXY_SSL_HEADER trusts
    # it): a plain-HTTP request is not taken for HTTPS, which would get the HSTS header.
    status, headers, _ = get(one_machine, "/admin/login/", **{"X-Forwarded-Proto": "https"})
    assert status == 200
    assert "Strict-Transport-Security" not in headers


def test_a_hashed_static_file_is_served_from_disk_for_a_year(one_machine):
    _, _, page = get(one_machine, "/")
    stylesheet = re.search(r'href="(/static/[^"]+\.[0-9a-f]{12}\.css)"', page.decode()).group(1)
    status, headers, body = get(one_machine, stylesheet, **{"Accept-Encoding": "br, gzip"})
    assert status == 200
    assert headers["Content-Encoding"] == "br"
    assert headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert "gunicorn" not in headers.get_all("Server", [])


def test_an_uploaded_picture_is_served(one_machine):
    status, headers, body = get(one_machine, "/media/blog/heroes/2026/hero.png")
    assert status == 200
    assert headers["Content-Type"] == "image/png"
    assert headers["Cache-Control"] == "public, max-age=2592000"
    assert body == png()


@pytest.mark.parametrize("path", PRIVATE_PHOTO_PATHS)
def test_a_patients_photo_is_never_served(one_machine, path):
    status, _, body = get(one_machine, path)
    assert status == 404
    assert png() not in body


# --- HTTPS, with a host name -----------------------------------------------------------------

HOST_NAME = "clinic.test"
STAFF_PASSWORD = "a-long-staff-password-for-the-proxy-test"


class Https:
    """The site at https://clinic.test:<port>, reached at 127.0.0.1 (no name resolution)."""

    def __init__(self, https_port, http_port, root_certificate):
        self.port = https_port
        self.http_port = http_port
        self.root_certificate = root_certificate
        self.origin = f"https://{HOST_NAME}:{https_port}"

    def request(self, method, path, body=None, **headers):
        """(status, headers, body) of one request over HTTPS, the certificate checked."""
        if not self.root_certificate.exists():
            raise ConnectionRefusedError("the web server has not made its authority yet")
        context = ssl.create_default_context(cafile=self.root_certificate)
        raw = socket.create_connection(("127.0.0.1", self.port), timeout=60)
        connection = http.client.HTTPSConnection(HOST_NAME, self.port, timeout=60)
        connection.sock = context.wrap_socket(raw, server_hostname=HOST_NAME)
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            return response.status, response.headers, response.read()
        finally:
            connection.close()

    def get(self, path, **headers):
        return self.request("GET", path, **headers)


@pytest.fixture(scope="module")
def https(tmp_path_factory):
    """
    The site as in production, HTTPS with a host name (``make serve SITE_URL=https://...``),
    on free ports; the certificate from Caddy's internal authority, whose root the test
    trusts. Django redirects to HTTPS and sends HSTS, as by default. A staff account.
    """
    folder = tmp_path_factory.mktemp("https")
    https_port, http_port = free_port(), free_port()
    env, web_port = site_environment(
        folder,
        SITE_URL=f"https://{HOST_NAME}:{https_port}",
        DJANGO_ALLOWED_HOSTS=HOST_NAME,
        DJANGO_SECURE_SSL_REDIRECT="1",
        SITE_ADDRESS=HOST_NAME,
        PROXY_TLS="internal",
        PROXY_HTTP_PORT=str(http_port),
        PROXY_HTTPS_PORT=str(https_port),
    )
    manage(
        {**env, "DJANGO_SUPERUSER_PASSWORD": STAFF_PASSWORD},
        "createsuperuser",
        "--noinput",
        "--username=desk",
        "--email=desk@clinic.example",
    )
    root = folder / "caddy-data" / "caddy" / "pki" / "authorities" / "local" / "root.crt"
    site = Https(https_port, http_port, root)
    processes = start_site(env, web_port)
    try:
        # Caddy writes its authority's root when it starts, then gets the site's certificate.
        wait_until_answering(lambda: site.get("/healthz"), processes)
        yield site
    finally:
        stop(processes)


def test_a_page_over_https_is_secure_for_the_site(https):
    # The site redirects any request it takes for plain HTTP: a 200 is one it saw as HTTPS.
    status, headers, body = https.get("/doctors/")
    assert status == 200
    assert headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    canonical = re.search(r'<link rel="canonical" href="([^"]+)"', body.decode()).group(1)
    assert canonical == f"{https.origin}/doctors/"


def test_plain_http_is_redirected_to_https(https):
    status, headers, _ = get(https.http_port, "/doctors/?page=2", Host=HOST_NAME)
    assert status == 308
    # To the same address over HTTPS, on its standard port (443, which the test cannot take).
    assert headers["Location"] == f"https://{HOST_NAME}/doctors/?page=2"


def test_staff_sign_in_over_https_gets_a_secure_session_cookie(https):
    # The admin's form checks that the browser's Origin is the site's own, https included.
    _, headers, page = https.get("/admin/login/")
    cookies = SimpleCookie(headers["Set-Cookie"])
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.decode()).group(1)
    form = {"username": "desk", "password": STAFF_PASSWORD, "csrfmiddlewaretoken": token}
    status, headers, _ = https.request(
        "POST",
        "/admin/login/?next=/admin/",
        body=urlencode(form),
        **{
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": f"csrftoken={cookies['csrftoken'].value}",
            "Origin": https.origin,
            "Referer": f"{https.origin}/admin/login/",
            "Sec-Fetch-Site": "same-origin",
        },
    )
    assert status == 302
    assert headers["Location"] == "/admin/"
    session = SimpleCookie(
        next(value for value in headers.get_all("Set-Cookie") if value.startswith("sessionid="))
    )["sessionid"]
    assert session["secure"] is True
    assert session["httponly"] is True


def test_a_static_file_and_an_uploaded_picture_are_served_over_https(https):
    _, _, page = https.get("/")
    stylesheet = re.search(r'href="(/static/[^"]+\.[0-9a-f]{12}\.css)"', page.decode()).group(1)
    status, headers, _ = https.get(stylesheet, **{"Accept-Encoding": "br, gzip"})
    assert status == 200
    assert headers["Content-Encoding"] == "br"
    assert headers["Cache-Control"] == "public, max-age=31536000, immutable"
    status, headers, body = https.get("/media/blog/heroes/2026/hero.png")
    assert status == 200
    assert headers["Content-Type"] == "image/png"
    assert body == png()


@pytest.mark.parametrize("path", PRIVATE_PHOTO_PATHS)
def test_a_patients_photo_is_never_served_over_https(https, path):
    status, _, body = https.get(path)
    assert status == 404
    assert png() not in body
