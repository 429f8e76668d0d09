"""
Error emails to ``DJANGO_ADMINS``: they say what broke and where, never what a patient typed or
carried (query strings, cookies, form values), and nobody can flood them from outside.
"""

import logging
from contextlib import contextmanager

import pytest
from django.core import mail
from django.test import Client

from tests.factories import callback_form_data

pytestmark = pytest.mark.django_db

PHONE = "05321234567"
SESSION_COOKIE = "s3ss10n-c00k1e-value"
VISIT_COOKIE = "v1s1t-c00k1e-value"


@pytest.fixture
def admins(settings):
    settings.ADMINS = [("Ops", "ops@clinic.example")]


@pytest.fixture
def broken_search(monkeypatch):
    """The search fails, and its error message quotes the query, as database errors do."""

    def search_articles(queryset, query, **kwargs):
        raise RuntimeError(f"search index unavailable for {query!r}")

    monkeypatch.setattr("blog.views.search_articles", search_articles)


def visitor() -> Client:
    client = Client(raise_request_exception=False)
    client.cookies["sessionid"] = SESSION_COOKIE
    client.cookies["clinic_visit"] = VISIT_COOKIE
    return client


def test_a_server_error_is_mailed_without_the_query_string_or_cookies(
    clinic, admins, broken_search
):
    response = visitor().get(
        f"/search/?q={PHONE}",
        HTTP_REFERER=f"https://clinic.example/search/?q={PHONE}&utm_source=sms",
    )
    assert response.status_code == 500
    assert len(mail.outbox) == 1
    report = f"{mail.outbox[0].subject}\n{mail.outbox[0].body}"
    # What broke and where is still there...
    assert "RuntimeError" in report
    assert "/search/" in report
    assert "blog/views.py" in report
    # ...and nothing the patient typed or carried.
    for secret in ("5321234567", SESSION_COOKIE, VISIT_COOKIE, "utm_source=sms"):
        assert secret not in report


@pytest.mark.urls("tests.urls_errors")
def test_a_server_error_on_a_form_post_is_mailed_without_the_form_values(clinic, admins):
    response = visitor().post(
        "/test-broken/?q=x", {"name": "Ayşe Yılmaz", "phone": "+905321234567", "message": "Hi"}
    )
    assert response.status_code == 500
    report = mail.outbox[0].body
    assert "RuntimeError" in report
    for secret in ("Ayşe", "5321234567", "Hi'", SESSION_COOKIE):
        assert secret not in report


def test_a_call_back_request_that_fails_to_save_is_mailed_without_what_the_patient_sent(
    clinic, admins, monkeypatch
):
    def save_fails(*, fields, now):
        raise RuntimeError("value too long for type character varying(2)")

    monkeypatch.setattr("leads.services.submission._merge_or_create", save_fails)
    response = visitor().post(
        "/callback/",
        callback_form_data(message="Diabetic, HbA1c 9.1, mother of three"),
        REMOTE_ADDR="203.0.113.7",
    )
    assert response.status_code == 500
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    report = "\n".join(
        [message.subject, message.body]
        + [content for content, _type in getattr(message, "alternatives", [])]
    )
    assert "value too long" in report and "/callback/" in report
    for secret in ("Ayşe", "Ay\\u015fe", "Yılmaz", "532 123", "Diabetic", "203.0.113.7"):
        assert secret not in report


@contextmanager
def records_of(logger_name):
    """Every record logged to ``logger_name``, whatever its handlers and propagation."""
    records = []
    handler = logging.Handler()
    handler.emit = records.append
    logger = logging.getLogger(logger_name)
    logger.addHandler(handler)
    try:
        yield records
    finally:
        logger.removeHandler(handler)


def test_a_request_with_a_bad_host_is_logged_never_mailed(client, clinic, admins):
    with records_of("django.security.DisallowedHost") as records:
        for _ in range(3):
            response = client.get("/", HTTP_HOST="flood.example")
            assert response.status_code == 400
    assert len(records) == 3
    assert "flood.example" in records[0].getMessage()
    assert records[0].exc_info is None, "one line each, no traceback"
    assert mail.outbox == []
