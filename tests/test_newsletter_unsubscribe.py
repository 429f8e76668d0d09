"""Unsubscribing: a button on GET, at once on POST, and the mail provider's one-click POST."""

import pytest
from django.test import Client

from newsletter.models import ConsentEvent, Subscriber
from newsletter.tokens import unsubscribe_token_make
from tests.factories import SubscriberFactory

pytestmark = pytest.mark.django_db


def unsubscribe_path(subscriber):
    return f"/newsletter/unsubscribe/{unsubscribe_token_make(key=subscriber.key)}/"


def test_opening_the_link_changes_nothing_and_shows_a_button():
    subscriber = SubscriberFactory()
    for _ in range(3):
        response = Client().get(unsubscribe_path(subscriber))
        assert response.status_code == 200
        assert '<button type="submit"' in response.text
        assert "Unsubscribe" in response.text
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.SUBSCRIBED
    assert not subscriber.consent_events.exists()


def test_pressing_the_button_unsubscribes_at_once():
    subscriber = SubscriberFactory()
    response = Client().post(unsubscribe_path(subscriber))
    assert response.status_code == 200
    assert "You are unsubscribed" in response.text
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.UNSUBSCRIBED
    assert subscriber.unsubscribed_at is not None
    assert subscriber.consent_events.get().kind == ConsentEvent.Kind.UNSUBSCRIBED


def test_one_click_post_without_csrf_token_answers_200_never_a_redirect():
    subscriber = SubscriberFactory()
    mail_provider = Client(enforce_csrf_checks=True)
    response = mail_provider.post(
        unsubscribe_path(subscriber),
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
        REMOTE_ADDR="209.85.220.41",
    )
    assert response.status_code == 200
    assert "Location" not in response
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.UNSUBSCRIBED
    event = subscriber.consent_events.get()
    assert event.source == "one-click (mail program)"
    assert event.ip_address == "209.85.220.0"


def test_unsubscribing_is_idempotent():
    subscriber = SubscriberFactory()
    path = unsubscribe_path(subscriber)
    first = Client().post(path)
    subscriber.refresh_from_db()
    when = subscriber.unsubscribed_at
    second = Client().post(path, "List-Unsubscribe=One-Click", content_type="text/plain")
    assert first.status_code == second.status_code == 200
    assert "You are unsubscribed" in second.text
    subscriber.refresh_from_db()
    assert subscriber.unsubscribed_at == when
    assert subscriber.consent_events.count() == 1


def test_the_link_of_an_unsubscribed_person_says_so_on_get():
    subscriber = SubscriberFactory(status="unsubscribed")
    response = Client().get(unsubscribe_path(subscriber))
    assert "You are unsubscribed" in response.text


def test_a_pending_subscriber_can_unsubscribe_too():
    subscriber = SubscriberFactory(status="pending")
    Client().post(unsubscribe_path(subscriber))
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.UNSUBSCRIBED


def test_the_unsubscribe_link_never_expires():
    import time_machine

    subscriber = SubscriberFactory()
    path = unsubscribe_path(subscriber)
    with time_machine.travel("2031-01-01 00:00:00+00:00"):
        assert Client().post(path).status_code == 200
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.UNSUBSCRIBED


def test_a_tampered_unsubscribe_link_gets_a_friendly_page_and_changes_nothing():
    subscriber = SubscriberFactory()
    path = unsubscribe_path(subscriber)
    tampered = path[:-3] + ("A" if path[-3] != "A" else "B") + path[-2:]
    for response in (Client().get(tampered), Client().post(tampered)):
        assert response.status_code == 400
        assert "This link does not work" in response.text
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.SUBSCRIBED


def test_a_confirmation_token_cannot_unsubscribe_and_vice_versa():
    from newsletter.tokens import confirm_token_make

    subscriber = SubscriberFactory(status="pending")
    confirm = confirm_token_make(key=subscriber.key, request_id=1)
    assert Client().post(f"/newsletter/unsubscribe/{confirm}/").status_code == 400
    unsubscribe = unsubscribe_token_make(key=subscriber.key)
    assert "This link does not work" in Client().post(f"/newsletter/confirm/{unsubscribe}/").text
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.PENDING


def test_only_the_unsubscribe_view_is_exempt_from_csrf():
    subscriber = SubscriberFactory(status="pending")
    from newsletter.tokens import confirm_token_make

    browser = Client(enforce_csrf_checks=True)
    token = confirm_token_make(key=subscriber.key, request_id=1)
    assert browser.post(f"/newsletter/confirm/{token}/").status_code == 403
    assert browser.post(f"/newsletter/confirm/{token}/new-link/").status_code == 403
