"""Every text response compressed, Brotli first, and never where compression could leak a secret."""

import gzip

import brotli
import pytest
from django.http import FileResponse, HttpResponse
from django.test import RequestFactory

from clinic_site.compression import CompressionMiddleware, accepted_encodings
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

BOTH = {"Accept-Encoding": "gzip, deflate, br, zstd"}


@pytest.fixture
def article():
    return ArticleFactory(title="What a graft is", body="## Why a graft?\n\n" + "Hair. " * 500)


def vary(response):
    return {part.strip().lower() for part in response.get("Vary", "").split(",")}


def test_a_page_is_sent_with_brotli_to_a_browser_that_accepts_it(client, article):
    response = client.get(article.get_absolute_url(), headers=BOTH)
    assert response["Content-Encoding"] == "br"
    assert int(response["Content-Length"]) == len(response.content)
    assert "What a graft is" in brotli.decompress(response.content).decode()


def test_a_page_is_sent_with_gzip_to_a_browser_without_brotli(client, article):
    response = client.get(article.get_absolute_url(), headers={"Accept-Encoding": "gzip"})
    assert response["Content-Encoding"] == "gzip"
    assert "What a graft is" in gzip.decompress(response.content).decode()


def test_a_page_is_sent_plain_to_a_client_that_accepts_no_compression(client, article):
    response = client.get(article.get_absolute_url())
    assert not response.has_header("Content-Encoding")
    assert "What a graft is" in response.content.decode()


def test_a_refused_brotli_is_not_sent(client, article):
    headers = {"Accept-Encoding": "br;q=0, gzip"}
    response = client.get(article.get_absolute_url(), headers=headers)
    assert response["Content-Encoding"] == "gzip"


def test_caches_keep_each_encoding_apart(client, article):
    for headers in (BOTH, {}):
        assert "accept-encoding" in vary(client.get(article.get_absolute_url(), headers=headers))


def test_a_signed_in_user_is_never_sent_a_compressed_page(signed_in, article):
    # BREACH: what the admin shows (leads, phone numbers) next to what a request reflects.
    for path in ("/admin/leads/lead/?q=%2B90", article.get_absolute_url()):
        response = signed_in.get(path, headers=BOTH)
        assert response.status_code == 200
        assert not response.has_header("Content-Encoding"), path


def respond(response, headers=BOTH):
    request = RequestFactory().get("/", headers=headers)
    return CompressionMiddleware(lambda request: response)(request)


def test_a_small_body_is_sent_as_it_is():
    response = respond(HttpResponse("ok " * 100))
    assert not response.has_header("Content-Encoding")
    assert response.content == b"ok " * 100


def test_images_are_sent_as_they_are():
    body = bytes(range(256)) * 40
    response = respond(HttpResponse(body, content_type="image/png"))
    assert not response.has_header("Content-Encoding")
    assert response.content == body


@pytest.mark.parametrize(
    "content_type", ["application/json", "application/rss+xml; charset=utf-8", "text/plain"]
)
def test_every_text_type_is_compressed(content_type):
    response = respond(HttpResponse("{'a': 1} " * 500, content_type=content_type))
    assert response["Content-Encoding"] == "br"


def test_a_streamed_file_is_sent_as_it_is(tmp_path):
    # WhiteNoise streams its files, compressed already at collectstatic.
    path = tmp_path / "site.css"
    path.write_text("body{color:red}" * 500)
    response = respond(FileResponse(path.open("rb"), content_type="text/css"))
    assert not response.has_header("Content-Encoding")


def test_a_response_encoded_already_is_not_encoded_again():
    body = gzip.compress(b"body{color:red}" * 500)
    response = HttpResponse(body, content_type="text/css")
    response["Content-Encoding"] = "gzip"
    assert respond(response).content == body


@pytest.mark.parametrize(
    "header, expected",
    [
        ("gzip, deflate, br, zstd", {"gzip", "deflate", "br", "zstd"}),
        ("br;q=0, gzip;q=0.5", {"gzip"}),
        ("BR ; Q=1.0", {"br"}),
        ("", set()),
    ],
)
def test_accept_encoding_is_read_with_its_weights(header, expected):
    assert accepted_encodings(header) == expected
