"""
purge_expired, the one daily clean-up: what is kept only for a while goes after its period,
and a staff sign-in lasts a working day.
"""

from datetime import timedelta
from importlib import import_module
from io import StringIO

import pytest
import time_machine
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from leads.models import Lead
from newsletter.models import ConsentEvent, Subscriber, SubscriberImport
from newsletter.services.imports import subscriber_import_create, subscriber_import_run
from newsletter.services.subscription import subscriber_subscribe, subscriber_unsubscribe
from tests.factories import (
    LeadFactory,
    SubscriberFactory,
    callback_form_data,
    newsletter_form_data,
)

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"


def purge():
    out = StringIO()
    call_command("purge_expired", stdout=out)
    return out.getvalue()


def days_ago(days):
    return time_machine.travel(timezone.now() - timedelta(days=days), tick=False)


def sign_up(email):
    return subscriber_subscribe(email=email, consent_text="I agree", language="en")


def test_unconfirmed_sign_ups_are_deleted_after_30_days_with_their_requests():
    with days_ago(31):
        old = sign_up("old@example.com")
    with days_ago(29):
        recent = sign_up("recent@example.com")
    confirmed = SubscriberFactory(email="confirmed@example.com")
    output = purge()
    assert "1 unconfirmed newsletter sign-up" in output
    assert set(Subscriber.objects.values_list("email", flat=True)) == {
        "recent@example.com",
        "confirmed@example.com",
    }
    assert not ConsentEvent.objects.filter(subscriber_id=old.pk).exists()
    assert recent.consent_events.exists() and confirmed.pk


def test_an_unconfirmed_request_after_an_unsubscribe_keeps_the_record_and_loses_the_address():
    with days_ago(60):
        subscriber = SubscriberFactory(email="left@example.com")
        subscriber_unsubscribe(subscriber=subscriber, source="test")
    with days_ago(31):
        sign_up("left@example.com")
    purge()
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.FORGOTTEN and subscriber.email == ""
    assert subscriber.consent_events.filter(kind=ConsentEvent.Kind.UNSUBSCRIBED).exists()
    job = subscriber_import_create(filename="a.csv", data=b"email\nleft@example.com\n")
    assert subscriber_import_run(subscriber_import=job).forgotten_count == 1


def test_uploads_never_imported_are_dropped_after_7_days():
    with days_ago(8):
        old = subscriber_import_create(filename="old.csv", data=b"email\na@example.com\n")
    recent = subscriber_import_create(filename="new.csv", data=b"email\nb@example.com\n")
    output = purge()
    assert "1 subscriber upload" in output
    old.refresh_from_db()
    recent.refresh_from_db()
    assert (old.status, old.content) == (SubscriberImport.Status.CANCELLED, "")
    assert recent.status == SubscriberImport.Status.PREVIEW and "b@example.com" in recent.content


def test_login_records_are_deleted_after_30_days():
    for model in (AccessAttempt, AccessLog, AccessFailureLog):
        extra = {"failures_since_start": 1} if model is AccessAttempt else {}
        with days_ago(31):
            model.objects.create(ip_address="203.0.113.9", user_agent="Old browser", **extra)
        model.objects.create(ip_address="203.0.113.10", user_agent="New browser", **extra)
    output = purge()
    assert "3 login record" in output
    for model in (AccessAttempt, AccessLog, AccessFailureLog):
        assert list(model.objects.values_list("user_agent", flat=True)) == ["New browser"]


def test_expired_sessions_are_deleted():
    expired, live = SessionStore(), SessionStore()
    expired.set_expiry(-60)
    expired.create()
    live.create()
    output = purge()
    assert "1 expired session" in output
    assert list(Session.objects.values_list("session_key", flat=True)) == [live.session_key]


@pytest.mark.parametrize(
    "engine", ["django.contrib.sessions.backends.db", "django.contrib.sessions.backends.cached_db"]
)
def test_expired_sessions_are_deleted_from_the_database_whichever_engine_wrote_them(
    settings, engine
):
    settings.SESSION_ENGINE = engine
    store = import_module(engine).SessionStore
    expired, live = store(), store()
    expired.set_expiry(-60)
    expired.create()
    live.create()
    assert "1 expired session" in purge()
    assert list(Session.objects.values_list("session_key", flat=True)) == [live.session_key]


def test_sessions_kept_in_the_cache_expire_there_and_the_purge_still_runs(settings):
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cache"
    assert "0 expired session" in purge()


def test_old_call_back_requests_are_anonymized_by_the_same_daily_command(settings):
    settings.LEADS_RETENTION_DAYS = 365
    with days_ago(400):
        lead = LeadFactory(status="lost")
    assert "1 call-back request" in purge()
    assert Lead.objects.get(pk=lead.pk).name == "Anonymized"


def test_a_staff_sign_in_lasts_a_working_day_not_two_weeks(client, coordinator):
    coordinator.set_password(PASSWORD)
    coordinator.save()
    client.post(
        reverse("admin:login"), {"username": "ayse", "password": PASSWORD, "next": "/admin/"}
    )
    assert client.get("/admin/").status_code == 200
    assert client.session.get_expiry_age() <= 10 * 3600
    with time_machine.travel(timezone.now() + timedelta(hours=10, minutes=1)):
        assert client.get("/admin/").status_code == 302  # to the sign-in page


def test_patients_get_no_session(client, clinic, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.get("/")
        client.post("/callback/", callback_form_data())
        client.post("/newsletter/subscribe/", newsletter_form_data())
    assert Lead.objects.exists() and Subscriber.objects.exists()
    assert not Session.objects.exists()
    assert "sessionid" not in client.cookies
