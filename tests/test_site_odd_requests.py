"""
Requests no browser sends from our pages: a form in another character set, files posted to a
form that takes none, a body far too large. Each gets the friendly 400 page, and nothing is
saved.
"""

from urllib.parse import urlencode

import pytest
from django.test import Client

from leads.models import Lead
from newsletter.models import Subscriber
from tests.factories import callback_form_data

pytestmark = pytest.mark.django_db

FORMS = ["/callback/", "/newsletter/subscribe/"]


def form_data(**extra):
    return {**callback_form_data(), "email": "ayse@example.com", **extra}


def csrf_client(url) -> tuple[Client, str]:
    """A client that checks CSRF, as a browser meets it, with the token of the form's page."""
    client = Client(enforce_csrf_checks=True)
    client.get(url)
    return client, client.cookies["csrftoken"].value


def assert_friendly_400(response):
    assert response.status_code == 400
    assert "We could not read what was sent" in response.text
    assert "Bosphorus Hair Clinic" in response.text
    assert 'href="tel:+902123456789"' in response.text


def assert_nothing_saved():
    assert not Lead.objects.exists()
    assert not Subscriber.objects.exists()


@pytest.mark.parametrize("url", FORMS)
@pytest.mark.parametrize("charset", ["latin-1", "utf-16", "ascii"])
def test_a_form_in_another_character_set_gets_the_friendly_400_page(clinic, url, charset):
    client, token = csrf_client(url)
    body = urlencode(form_data(csrfmiddlewaretoken=token)).encode()
    response = post_bytes(
        client, url, body, f"application/x-www-form-urlencoded; charset={charset}"
    )
    assert_friendly_400(response)
    assert_nothing_saved()


def test_a_charset_nobody_knows_is_ignored_and_the_form_read_as_utf8(clinic):
    # Django drops a charset Python cannot name; the form is then read as the standard says.
    client, token = csrf_client("/callback/")
    body = urlencode(form_data(csrfmiddlewaretoken=token)).encode()
    content_type = "application/x-www-form-urlencoded; charset=x-no-such-charset"
    response = post_bytes(client, "/callback/", body, content_type)
    assert response.status_code == 302
    assert Lead.objects.get().name == "Ayşe Yılmaz"


def post_bytes(client, url, body: bytes, content_type: str):
    # generic() sends the bytes as they are; post() would re-encode them in the named charset.
    return client.generic("POST", url, body, content_type=content_type)
