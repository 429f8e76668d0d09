"""
Confirmation emails reach the person even when the worker is down or the mail server fails:
cron sends what is still due, and each email goes out once, whoever sends it.
"""

import re
import smtplib
from datetime import timedelta
from io import StringIO
from urllib.parse import urlsplit

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from newsletter.models import ConsentEvent, Subscriber
from newsletter.services.subscription import subscriber_forget
from newsletter.tasks import send_confirmation_email
from tests.factories import newsletter_form_data

pytestmark = pytest.mark.django_db

SUBSCRIBE = "/newsletter/subscribe/"


@pytest.fixture
def worker_down(settings):
    """Tasks are queued and nothing runs them: the worker is stopped."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


@pytest.fixture
def mail_server_down(monkeypatch):
    def refuse(self, messages):
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")

    monkeypatch.setattr("django.core.mail.backends.locmem.EmailBackend.send_messages", refuse)
    return monkeypatch


def subscribe(client, django_capture_on_commit_callbacks, email="ayse@example.com"):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(SUBSCRIBE, newsletter_form_data(email=email))
    assert response.status_code == 302
    return Subscriber.objects.get(email=email)


def cron():
    out, err = StringIO(), StringIO()
    call_command("send_newsletter_confirmations", stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_a_confirmation_the_stopped_worker_never_sent_is_sent_by_cron_once(
    client, worker_down, django_capture_on_commit_callbacks
):
    subscriber = subscribe(client, django_capture_on_commit_callbacks)
    assert mail.outbox == []
    out, _err = cron()
    assert "Sent 1 newsletter confirmation email" in out
    assert [message.to for message in mail.outbox] == [["ayse@example.com"]]
    link = re.search(r"https?://\S+/newsletter/confirm/\S+/", mail.outbox[0].body).group(0)
    assert "Confirm" in client.get(urlsplit(link).path).text
    cron()
    # The worker comes back and runs the task queued for it: nothing is sent twice.
    request = ConsentEvent.objects.get(
        subscriber=subscriber, kind=ConsentEvent.Kind.SUBSCRIBE_REQUESTED
    )
    assert send_confirmation_email.call(subscriber.pk, request.pk) is False
    assert len(mail.outbox) == 1


def test_a_confirmation_that_failed_while_the_mail_server_was_down_is_sent_by_cron(
    client, mail_server_down, django_capture_on_commit_callbacks
):
    subscribe(client, django_capture_on_commit_callbacks)
    _out, err = cron()
    assert "1 newsletter confirmation email(s) still due" in err
    mail_server_down.undo()
    cron()
    assert [message.to for message in mail.outbox] == [["ayse@example.com"]]
    _out, err = cron()
    assert err == "" and len(mail.outbox) == 1


def test_the_worker_and_cron_together_send_each_confirmation_once(
    client, django_capture_on_commit_callbacks
):
    subscribe(client, django_capture_on_commit_callbacks)  # the task sends it at once
    cron()
    assert len(mail.outbox) == 1


def test_a_confirmation_another_sender_is_sending_is_left_to_it_until_its_claim_expires(
    client, worker_down, django_capture_on_commit_callbacks
):
    subscriber = subscribe(client, django_capture_on_commit_callbacks)
    Subscriber.objects.filter(pk=subscriber.pk).update(confirmation_claimed_at=timezone.now())
    cron()
    assert mail.outbox == []
    with time_machine.travel(timezone.now() + timedelta(minutes=6)):
        cron()
    assert len(mail.outbox) == 1


def test_a_second_request_gets_its_own_confirmation_from_cron(
    client, worker_down, django_capture_on_commit_callbacks
):
    subscribe(client, django_capture_on_commit_callbacks)
    cron()
    subscribe(client, django_capture_on_commit_callbacks)
    cron()
    assert len(mail.outbox) == 2


def test_nothing_is_sent_to_someone_forgotten_meanwhile(
    client, worker_down, django_capture_on_commit_callbacks
):
    subscriber = subscribe(client, django_capture_on_commit_callbacks)
    subscriber_forget(subscriber=subscriber, source="admin")
    cron()
    assert mail.outbox == []


def test_a_request_older_than_the_confirmation_link_lifetime_is_not_mailed_any_more(
    client, worker_down, settings, django_capture_on_commit_callbacks
):
    subscribe(client, django_capture_on_commit_callbacks)
    later = timezone.now() + timedelta(seconds=settings.NEWSLETTER_CONFIRM_MAX_AGE + 60)
    with time_machine.travel(later):
        _out, err = cron()
    assert mail.outbox == [] and err == ""
