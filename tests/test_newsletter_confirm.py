"""Double opt-in: the confirmation email, the link, the Confirm button, the welcome email."""

import pytest
import time_machine
from django.core import mail
from django.test import Client

from newsletter.models import ConsentEvent, Subscriber
from tests.factories import SubscriberFactory, newsletter_form_data, newsletter_link

pytestmark = pytest.mark.django_db


@pytest.fixture
def request_subscription(django_capture_on_commit_callbacks):
    """Ask for the newsletter and get the confirmation email, sent once the request commits."""

    def request(client, email="ayse@example.com", **extra):
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            client.post("/newsletter/subscribe/", newsletter_form_data(email=email, **extra))
        (message,) = mail.outbox
        return message

    return request


def test_confirmation_email_is_text_and_html_in_the_clinics_name(
    client, clinic, request_subscription
):
    message = request_subscription(client)
    assert message.from_email == "Bosphorus Hair Clinic <clinic@localhost>"
    assert message.reply_to == ["hello@bosphorus-hair.example"]
    assert "Bosphorus Hair Clinic newsletter" in message.subject
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    link = newsletter_link(message, "confirm")
    assert link in message.body
    assert link in html


def test_confirmation_email_is_in_the_subscribers_language(clinic, settings):
    from newsletter.emails import confirmation_message

    settings.LANGUAGES = [("en", "English"), ("de", "German")]
    subscriber = SubscriberFactory(status="pending", language="de")
    html, _mimetype = confirmation_message(subscriber, request_id=1).alternatives[0]
    assert '<html lang="de">' in html


@pytest.mark.parametrize("language", ["fr", "ja", "pt-br"])  # none of them the site's
def test_emails_fall_back_to_the_site_language_when_the_site_has_no_translation(clinic, language):
    from newsletter.emails import confirmation_message, welcome_message

    for message in (
        confirmation_message(SubscriberFactory(status="pending", language=language), request_id=1),
        welcome_message(SubscriberFactory(language=language)),
    ):
        html, _mimetype = message.alternatives[0]
        assert '<html lang="en">' in html


def test_pages_for_a_subscriber_fall_back_to_the_site_language_without_a_translation(client):
    from newsletter.tokens import unsubscribe_token_make

    subscriber = SubscriberFactory(language="fr")  # not one of the site's languages
    token = unsubscribe_token_make(key=subscriber.key)
    page = client.get(f"/newsletter/unsubscribe/{token}/").text
    assert '<html lang="en" dir="ltr">' in page


def test_confirmation_link_carries_no_email_address(client, clinic, request_subscription):
    import base64

    message = request_subscription(client, email="ayse.yilmaz@example.com")
    token = newsletter_link(message, "confirm").split("/")[3]
    payload = token.split(":")[0]
    decoded = base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4))
    assert b"ayse" not in decoded and "ayse" not in token
    assert b"example.com" not in decoded


def test_opening_the_link_changes_nothing_and_shows_a_confirm_button(
    client, clinic, request_subscription
):
    link = newsletter_link(request_subscription(client), "confirm")
    for _ in range(3):  # a mail scanner, a preview, the person
        response = Client().get(link)
        assert response.status_code == 200
        assert "Confirm your subscription" in response.text
        assert '<button type="submit"' in response.text
    subscriber = Subscriber.objects.get()
    assert subscriber.status == Subscriber.Status.PENDING
    assert subscriber.consent_events.count() == 1
    assert len(mail.outbox) == 1


def test_pressing_confirm_subscribes_and_records_the_consent(client, clinic, request_subscription):
    link = newsletter_link(request_subscription(client), "confirm")
    response = client.post(link, REMOTE_ADDR="198.51.100.23", HTTP_USER_AGENT="Mail app")
    assert response.status_code == 200
    assert "You are subscribed" in response.text
    subscriber = Subscriber.objects.get()
    assert subscriber.status == Subscriber.Status.SUBSCRIBED
    assert subscriber.confirmed_at is not None
    event = subscriber.consent_events.last()
    assert event.kind == ConsentEvent.Kind.CONFIRMED
    assert event.ip_address == "198.51.100.0"
    assert event.user_agent == "Mail app"
    assert "I can unsubscribe at any time" in event.consent_text
    assert event.consent_version == subscriber.consent_events.first().consent_version


def test_the_confirm_button_works_from_the_page_and_not_from_another_site(
    clinic, request_subscription
):
    link = newsletter_link(request_subscription(Client()), "confirm")
    browser = Client(enforce_csrf_checks=True)
    assert browser.post(link).status_code == 403  # no browser's word on where it comes from
    assert browser.post(link, headers={"Sec-Fetch-Site": "cross-site"}).status_code == 403
    assert browser.post(link, headers={"Origin": "https://evil.example"}).status_code == 403
    assert not Subscriber.objects.get().is_subscribed
    assert "csrfmiddlewaretoken" not in browser.get(link).text
    assert browser.post(link, headers={"Sec-Fetch-Site": "same-origin"}).status_code == 200
    assert Subscriber.objects.get().is_subscribed


def test_confirming_twice_is_harmless(
    client, clinic, request_subscription, django_capture_on_commit_callbacks
):
    link = newsletter_link(request_subscription(client), "confirm")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(link)
    confirmed_at = Subscriber.objects.get().confirmed_at
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(link)
    assert response.status_code == 200
    assert "You are subscribed" in response.text
    subscriber = Subscriber.objects.get()
    assert subscriber.confirmed_at == confirmed_at
    assert subscriber.consent_events.filter(kind="confirmed").count() == 1
    assert len([m for m in mail.outbox if "Welcome" in m.subject]) == 1


def test_a_tampered_link_gets_a_friendly_page_offering_a_new_one(
    client, clinic, request_subscription
):
    link = newsletter_link(request_subscription(client), "confirm")
    tampered = link[:-3] + ("A" if link[-3] != "A" else "B") + link[-2:]
    for response in (client.get(tampered), client.post(tampered)):
        assert response.status_code == 200
        assert "This link does not work" in response.text
        assert 'href="/newsletter/subscribe/"' in response.text
    assert Subscriber.objects.get().status == Subscriber.Status.PENDING


def test_an_expired_link_gets_a_friendly_page_and_a_new_link_on_request(
    client, clinic, settings, request_subscription, django_capture_on_commit_callbacks
):
    settings.NEWSLETTER_CONFIRM_MAX_AGE = 7 * 24 * 3600
    with time_machine.travel("2026-11-01 10:00:00+00:00", tick=False) as traveller:
        link = newsletter_link(request_subscription(client), "confirm")
        traveller.shift(7 * 24 * 3600 + 60)
        response = client.post(link)
        assert response.status_code == 200
        assert "This link has expired" in response.text
        assert Subscriber.objects.get().status == Subscriber.Status.PENDING
        page = client.get(link)
        assert "Send me a new link" in page.text
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            answer = client.post(f"{link}new-link/")
        assert answer["Location"] == "/newsletter/subscribe/check-your-inbox/"
        new_link = newsletter_link(mail.outbox[0], "confirm")
        assert client.post(new_link).status_code == 200
    assert Subscriber.objects.get().is_subscribed


def test_broken_and_expired_link_pages_are_never_indexed_or_cached(
    client, clinic, settings, request_subscription
):
    settings.NEWSLETTER_CONFIRM_MAX_AGE = 3600
    with time_machine.travel("2026-11-01 10:00:00+00:00", tick=False) as traveller:
        link = newsletter_link(request_subscription(client), "confirm")
        tampered = link[:-3] + ("A" if link[-3] != "A" else "B") + link[-2:]
        traveller.shift(3600 + 60)
        pages = [
            client.get(link),
            client.post(link),
            client.get(tampered),
            client.post(tampered),
            client.post(f"{tampered}new-link/"),
        ]
    for page in pages:
        assert page.status_code == 200
        assert '<meta name="robots" content="noindex">' in page.text
        assert page["X-Robots-Tag"] == "noindex"
        assert "no-store" in page["Cache-Control"]
        assert "max-age=0" in page["Cache-Control"]


def test_a_link_still_works_just_before_it_expires(client, clinic, settings, request_subscription):
    settings.NEWSLETTER_CONFIRM_MAX_AGE = 3600
    with time_machine.travel("2026-11-01 10:00:00+00:00", tick=False) as traveller:
        link = newsletter_link(request_subscription(client), "confirm")
        traveller.shift(3500)
        assert client.post(link).status_code == 200


def test_a_link_sent_before_unsubscribing_cannot_subscribe_again(
    client, clinic, request_subscription, django_capture_on_commit_callbacks
):
    link = newsletter_link(request_subscription(client), "confirm")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(link)
    unsubscribe = newsletter_link(mail.outbox[-1], "unsubscribe")
    client.post(unsubscribe)
    response = client.post(link)
    assert "This link does not work" in response.text
    assert Subscriber.objects.get().status == Subscriber.Status.UNSUBSCRIBED


def test_resubscribing_needs_the_new_link_not_the_old_one(
    client, clinic, request_subscription, django_capture_on_commit_callbacks
):
    old_link = newsletter_link(request_subscription(client), "confirm")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(old_link)
    client.post(newsletter_link(mail.outbox[-1], "unsubscribe"))
    new_link = newsletter_link(request_subscription(client), "confirm")
    assert "This link does not work" in client.post(old_link).text
    assert Subscriber.objects.get().status == Subscriber.Status.PENDING
    assert client.post(new_link).status_code == 200
    assert Subscriber.objects.get().is_subscribed


def test_welcome_email_after_confirming_has_one_click_unsubscribe_headers(
    client, clinic, request_subscription, django_capture_on_commit_callbacks
):
    link = newsletter_link(request_subscription(client), "confirm")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(link)
    welcome = mail.outbox[-1]
    assert welcome.to == ["ayse@example.com"]
    assert "Welcome" in welcome.subject
    unsubscribe = newsletter_link(welcome, "unsubscribe")
    assert welcome.extra_headers["List-Unsubscribe"] == f"<http://127.0.0.1:8000{unsubscribe}>"
    assert welcome.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    html, _mimetype = welcome.alternatives[0]
    assert unsubscribe in html  # a visible link too
    sent = welcome.message()
    assert sent["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_every_email_to_a_subscriber_carries_the_unsubscribe_headers(clinic):
    from newsletter.emails import subscriber_message

    subscriber = SubscriberFactory()
    message = subscriber_message(subscriber=subscriber, template="welcome")
    assert message.extra_headers["List-Unsubscribe"].startswith("<http")
    assert "/newsletter/unsubscribe/" in message.extra_headers["List-Unsubscribe"]
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_links_in_emails_use_the_sites_public_address(
    client, clinic, settings, request_subscription
):
    settings.SITE_URL = "https://clinic.example"
    message = request_subscription(client)
    assert "https://clinic.example/newsletter/confirm/" in message.body


def test_a_mail_outage_does_not_lose_the_subscription_request(
    client, clinic, monkeypatch, django_capture_on_commit_callbacks
):
    from django.core.mail.backends.locmem import EmailBackend

    def broken(self, messages):
        raise ConnectionRefusedError("smtp down")

    monkeypatch.setattr(EmailBackend, "send_messages", broken)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/newsletter/subscribe/", newsletter_form_data())
    assert response.status_code == 302
    assert Subscriber.objects.get().status == Subscriber.Status.PENDING


def test_the_text_email_reads_as_plain_text(client, clinic, request_subscription):
    clinic.name = "Smith & Jones Clinic"
    clinic.save()
    message = request_subscription(client)
    assert "Smith & Jones Clinic newsletter" in message.body
    assert "&amp;" not in message.body
    assert message.body.splitlines()[2].startswith("Someone, hopefully you")
