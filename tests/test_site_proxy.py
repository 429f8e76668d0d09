"""
The web server in front of the site on one machine (the repository's Caddyfile, Debian's
``caddy``), started in front of gunicorn: it serves pages, collected static files and uploaded
pictures, and never a patient's assessment photo.
"""

import gzip
import http.client
import io
import re
import shutil
import subprocess
import sys
import time

import pytest
from PIL import Image

from benchmarks.stack import BASE_DIR, free_port, manage, stack_environment

pytestmark = pytest.mark.skipif(
    shutil.which("caddy") is None,
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


def wait_until_answering(port, processes):
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if any(process.poll() is not None for process in processes):
            break
        try:
            if get(port, "/healthz")[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    pytest.fail("the site did not answer through the web server in front")


def png() -> bytes:
    picture = io.BytesIO()
    Image.new("RGB", (8, 8), "teal").save(picture, "PNG")
    return picture.getvalue()


@pytest.fixture(scope="module")
def one_machine(tmp_path_factory):
    """
    Gunicorn with production settings on a free port, and Caddy on another in front of it,
    with a picture uploaded to the media folder and a patient's photo in the private one.
    """
    folder = tmp_path_factory.mktemp("one_machine")
    env = stack_environment(folder)
    proxy_port, web_port = free_port(), free_port()
    env.pop("REDIS_URL", None)
    env.update(
        DATABASE_URL=f"sqlite:///{folder / 'site.sqlite3'}",
        DJANGO_PRIVATE_MEDIA_ROOT=str(folder / "private"),
        SITE_URL=f"http://127.0.0.1:{proxy_port}",
        SITE_ADDRESS=f"http://127.0.0.1:{proxy_port}",
        PROXY_BIND="127.0.0.1",
        UPSTREAM=f"127.0.0.1:{web_port}",
        # Caddy's own state (certificates, the last configuration) stays in the test's folder.
        XDG_DATA_HOME=str(folder / "caddy-data"),
        XDG_CONFIG_HOME=str(folder / "caddy-config"),
    )
    manage(env, "migrate", "--noinput")
    manage(env, "collectstatic", "--noinput")
    picture = folder / "media" / "blog" / "heroes" / "2026" / "hero.png"
    picture.parent.mkdir(parents=True)
    picture.write_bytes(png())
    photo = folder / "private" / "assessments" / "scalp-top.png"
    photo.parent.mkdir(parents=True)
    photo.write_bytes(png())

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
    try:
        wait_until_answering(proxy_port, [gunicorn, caddy])
        yield proxy_port
    finally:
        for process in (caddy, gunicorn):
            process.terminate()
            process.wait(timeout=30)


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


@pytest.mark.parametrize(
    "path",
    [
        "/media/assessments/scalp-top.png",
        "/private/assessments/scalp-top.png",
        "/media/../private/assessments/scalp-top.png",
        "/media/%2e%2e/private/assessments/scalp-top.png",
        "/static/../private/assessments/scalp-top.png",
    ],
)
def test_a_patients_photo_is_never_served(one_machine, path):
    status, _, body = get(one_machine, path)
    assert status == 404
    assert png() not in body
