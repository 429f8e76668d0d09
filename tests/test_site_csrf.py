"""
Forged posts (clinic_site/csrf.py): the public forms trust the browser's word on where a post
comes from; the admin still needs its token; another site is refused everywhere.
"""

import pytest
from django.test import Client

from leads.models import Lead
from tests.factories import callback_form_data

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "headers",
    [
        {"Sec-Fetch-Site": "same-origin"},
        {"Sec-Fetch-Site": "none"},  # a post the person started themselves
        {"Origin": "http://testserver"},
        {"Origin": "https://testserver", "X-Forwarded-Proto": "https"},
    ],
)
def test_a_browser_that_says_the_post_comes_from_our_page_needs_no_token(settings, headers):
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    extra = {"secure": True} if headers.get("X-Forwarded-Proto") else {}
    response = Client(enforce_csrf_checks=True).post(
        "/callback/", callback_form_data(), headers=headers, **extra
    )
    assert response.status_code == 302
    assert Lead.objects.count() == 1


def test_an_origin_the_clinic_trusts_is_accepted(settings):
    settings.CSRF_TRUSTED_ORIGINS = ["https://landing.clinic.example"]
    response = Client(enforce_csrf_checks=True).post(
        "/callback/",
        callback_form_data(),
        headers={"Origin": "https://landing.clinic.example", "Sec-Fetch-Site": "cross-site"},
    )
    assert response.status_code == 302


def test_a_cross_site_post_is_refused_even_with_a_valid_token():
    client = Client(enforce_csrf_checks=True)
    client.get("/admin/login/")
    token = client.cookies["csrftoken"].value
    response = client.post(
        "/callback/",
        callback_form_data(csrfmiddlewaretoken=token),
        headers={"Sec-Fetch-Site": "cross-site"},
    )
    assert response.status_code == 403
    assert not Lead.objects.exists()


def test_the_admin_still_needs_its_token_from_our_own_page(django_user_model):
    django_user_model.objects.create_superuser("boss", "boss@example.com", "a long passphrase")
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        "/admin/login/",
        {"username": "boss", "password": "a long passphrase"},
        headers={"Sec-Fetch-Site": "same-origin"},
    )
    assert response.status_code == 403
    client.get("/admin/login/")
    response = client.post(
        "/admin/login/",
        {
            "username": "boss",
            "password": "a long passphrase",
            "csrfmiddlewaretoken": client.cookies["csrftoken"].value,
        },
        headers={"Sec-Fetch-Site": "same-origin"},
    )
    assert response.status_code == 302
