"""
What a first visit downloads: the page, its stylesheets, scripts and fonts, compressed as the
production stack sends them (static files collected, with their Brotli files, served by
WhiteNoise). Images are not counted: their sizes are the editors'.
"""

import re
from io import StringIO
from urllib.parse import urljoin

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from django.test import Client, override_settings

from blog.models import Article

pytestmark = pytest.mark.django_db

BROWSER = {"Accept-Encoding": "gzip, deflate, br, zstd"}
PRODUCTION_STATIC = {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"}
KB = 1024
BUDGETS = {"home": 45 * KB, "article": 35 * KB}

STYLESHEET = re.compile(r'<link rel="stylesheet" href="([^"]+)"')
SCRIPT = re.compile(r'<script src="([^"]+)"')
FONT = re.compile(r"url\(\s*['\"]?([^'\")]+\.(?:woff2?|ttf|otf))")


@pytest.fixture(scope="module")
def collected(tmp_path_factory):
    """The static files as `collectstatic` leaves them in production: hashed, .br and .gz."""
    root = tmp_path_factory.mktemp("static")
    storages = {**django_settings.STORAGES, "staticfiles": PRODUCTION_STATIC}
    with override_settings(STATIC_ROOT=root, STORAGES=storages):
        call_command("collectstatic", interactive=False, verbosity=0, ignore_patterns=["admin"])
    return root


@pytest.fixture
def production_static(settings, collected):
    settings.STATIC_ROOT = collected
    settings.STORAGES = {**settings.STORAGES, "staticfiles": PRODUCTION_STATIC}
    settings.WHITENOISE_USE_FINDERS = False
    return collected


@pytest.fixture
def demo(db):
    call_command("seed_demo", stdout=StringIO())


def sent(client, path):
    """The bytes the stack sends for ``path``, and the response."""
    response = client.get(path, headers=BROWSER)
    assert response.status_code == 200, path
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return body, response


def first_visit(path):
    """Bytes sent for the page and everything it makes a browser fetch, images aside."""
    client = Client()
    html, _ = sent(client, path)
    page = client.get(path).content.decode()
    total, assets = len(html), STYLESHEET.findall(page) + SCRIPT.findall(page)
    while assets:
        asset = assets.pop()
        body, response = sent(client, asset)
        assert response["Content-Encoding"] == "br", asset
        total += len(body)
        if response["Content-Type"].startswith("text/css"):
            css = client.get(asset).getvalue().decode()
            assets.extend(urljoin(asset, font) for font in FONT.findall(css))
    return total


def test_static_files_are_collected_with_brotli_and_served_with_it(client, production_static):
    assert list(production_static.glob("bootstrap/css/bootstrap.min.*.css.br"))
    page = client.get("/").content.decode()
    stylesheet = next(href for href in STYLESHEET.findall(page) if "bootstrap" in href)
    response = client.get(stylesheet, headers=BROWSER)
    assert response["Content-Encoding"] == "br"
    assert "accept-encoding" in response["Vary"].lower()


def test_home_page_first_visit_stays_within_its_budget(production_static, demo):
    assert first_visit("/") <= BUDGETS["home"]


def test_every_article_first_visit_stays_within_its_budget(production_static, demo):
    weights = {
        article.get_absolute_url(): first_visit(article.get_absolute_url())
        for article in Article.objects.published().filter(language="en")
    }
    assert weights
    heaviest = max(weights, key=weights.get)
    assert weights[heaviest] <= BUDGETS["article"], heaviest
