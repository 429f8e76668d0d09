"""Subscribing: the box on every page, double opt-in, spam defences, no enumeration."""

import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from newsletter.consent import CONSENT_VERSION
from newsletter.models import ConsentEvent, Subscriber
from tests.factories import (
    SubscriberFactory,
    callback_form_data,
    form_started_stamp,
    newsletter_form_data,
)
from tests.test_leads_defences import form_values

pytestmark = pytest.mark.django_db

SUBSCRIBE = "/newsletter/subscribe/"


def main_content(response):
    return response.text.split("<main", 1)[1].split("</main>", 1)[0]


def subscribe(client, **overrides):
    return client.post(
        SUBSCRIBE, newsletter_form_data(**overrides), HTTP_USER_AGENT="Mozilla/5.0 (Phone)"
    )


@pytest.mark.parametrize("path", ["/", "/privacy/", "/no-such-page/", SUBSCRIBE])
def test_every_page_has_the_subscribe_box_in_its_footer(client, path):
    page = client.get(path).text
    footer = page[page.index("<footer") :]
    assert 'action="/newsletter/subscribe/"' in footer
    assert 'name="email"' in footer
    assert 'name="consent"' in footer


def test_footer_box_ids_never_clash_with_another_forms_ids(client):
    footer = client.get("/").text.split("<footer", 1)[1]
    assert 'id="newsletter-email"' in footer
    assert 'id="newsletter-consent"' in footer
    assert 'id="id_' not in footer


def test_footer_box_costs_no_database_query(client, django_assert_num_queries):
    client.get("/privacy/")  # warms the clinic identity cache
    with django_assert_num_queries(0):
        response = client.get("/privacy/")
    assert 'id="newsletter-email"' in response.text


def test_consent_is_never_ticked_in_advance_and_shows_the_consent_text(client):
    page = client.get(SUBSCRIBE).text
    checkbox = page[page.index('name="consent"') - 120 : page.index('name="consent"') + 200]
    assert "checked" not in checkbox
    assert "I can unsubscribe at any time with the link in every email." in page


def test_a_valid_request_sends_a_confirmation_email_and_subscribes_nobody_yet(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = subscribe(client, email="ayse@example.com")
    assert response.status_code == 302
    assert response["Location"] == reverse("newsletter:check-inbox")
    assert "Check your inbox" in client.get(response["Location"]).text
    subscriber = Subscriber.objects.get()
    assert subscriber.status == Subscriber.Status.PENDING
    assert [message.to for message in mail.outbox] == [["ayse@example.com"]]


def test_the_request_records_consent_text_version_truncated_ip_and_browser(client):
    client.post(
        SUBSCRIBE,
        newsletter_form_data(),
        REMOTE_ADDR="203.0.113.77",
        HTTP_USER_AGENT="Mozilla/5.0 (Phone)",
    )
    event = ConsentEvent.objects.get()
    assert event.kind == ConsentEvent.Kind.SUBSCRIBE_REQUESTED
    assert "I can unsubscribe at any time" in event.consent_text
    assert event.consent_version == CONSENT_VERSION
    assert event.ip_address == "203.0.113.0"
    assert event.user_agent == "Mozilla/5.0 (Phone)"
    assert event.source == "/blog/fue-or-dhi/"
    assert event.subscriber.source_url == "/blog/fue-or-dhi/"


def test_subscriber_language_is_the_language_of_the_page(client):
    subscribe(client)
    assert Subscriber.objects.get().language == "en"


def test_optional_first_name_is_kept(client):
    subscribe(client, first_name="Ayşe")
    assert Subscriber.objects.get().first_name == "Ayşe"


def test_missing_consent_is_explained_next_to_the_box_and_the_address_is_kept(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = subscribe(client, email="ayse@example.com", consent=None)
    assert response.status_code == 200
    assert "Please tick the box to agree" in response.text
    assert 'value="ayse@example.com"' in response.text
    assert not Subscriber.objects.exists()
    assert mail.outbox == []


def test_invalid_address_is_explained_and_kept(client):
    response = subscribe(client, email="ayse@example", first_name="Ayşe")
    assert "Please enter a valid email address" in response.text
    assert 'value="ayse@example"' in response.text
    assert 'value="Ayşe"' in response.text
    assert not Subscriber.objects.exists()


def test_consent_text_is_tied_to_its_version():
    """Change the consent wording and this fails until CONSENT_VERSION changes too."""
    import hashlib

    from newsletter.consent import consent_text

    text = consent_text(clinic_name="{clinic}")
    fingerprint = hashlib.sha256(text.encode()).hexdigest()[:12]
    assert (CONSENT_VERSION, fingerprint) == ("2026-11-newsletter-v1", "7e71f30a0d28")


def test_only_a_path_of_this_site_is_recorded_as_the_source_page(client):
    subscribe(client, source_url="https://evil.example/")
    assert Subscriber.objects.get().source_url == ""


def test_filled_honeypot_gets_the_same_answer_and_nothing_is_sent(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = subscribe(client, website="http://spam.example")
    assert response["Location"] == reverse("newsletter:check-inbox")
    assert not Subscriber.objects.exists()
    assert mail.outbox == []


def test_plain_post_of_email_and_consent_gets_a_confirmation_email(
    client, django_capture_on_commit_callbacks
):
    """What a script or an acceptance test sends: no honeypot, no time stamp."""
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(SUBSCRIBE, {"email": "ayse@example.com", "consent": "on"})
    assert response.status_code == 302
    assert response["Location"] == reverse("newsletter:check-inbox")
    assert Subscriber.objects.get().status == Subscriber.Status.PENDING
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["ayse@example.com"]
    assert "/newsletter/confirm/" in mail.outbox[0].body


def test_plain_post_with_the_honeypot_filled_gets_the_same_answer_and_nothing_is_sent(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        person = client.post(SUBSCRIBE, {"email": "person@example.com", "consent": "on"})
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        bot = client.post(
            SUBSCRIBE,
            {"email": "bot@example.com", "consent": "on", "website": "http://spam.example"},
        )
    assert (bot.status_code, bot["Location"]) == (person.status_code, person["Location"])
    assert not Subscriber.objects.with_email("bot@example.com").exists()
    assert mail.outbox == []


def test_a_form_sent_faster_than_a_person_types_is_shown_again_to_send(
    client, settings, django_capture_on_commit_callbacks
):
    settings.NEWSLETTER_MIN_FILL_SECONDS = 2
    with django_capture_on_commit_callbacks(execute=True):
        response = subscribe(client, form_started=form_started_stamp(seconds_ago=0))
    assert response.status_code == 200
    page = main_content(response)
    assert "Please check and subscribe" in page
    assert "You are not subscribed yet" in page
    values = form_values(page, form_class="subscribe-form")
    assert (values["email"], values["consent"]) == ("ayse@example.com", "on")
    assert not Subscriber.objects.exists()
    assert mail.outbox == []


def test_the_second_press_of_a_fast_subscriber_sends_the_confirmation_email(
    client, settings, django_capture_on_commit_callbacks
):
    settings.NEWSLETTER_MIN_FILL_SECONDS = 2
    shown_again = subscribe(
        client, first_name="Ayşe", form_started=form_started_stamp(seconds_ago=0)
    )
    values = form_values(main_content(shown_again), form_class="subscribe-form")
    # Pressed at once again: the confirmation counts, not the speed.
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(SUBSCRIBE, values)
    assert response["Location"] == reverse("newsletter:check-inbox")
    subscriber = Subscriber.objects.get()
    assert (subscriber.email, subscriber.first_name) == ("ayse@example.com", "Ayşe")
    assert [message.to for message in mail.outbox] == [["ayse@example.com"]]


def test_a_fast_form_with_the_honeypot_filled_is_dropped_without_a_second_step(
    client, settings, django_capture_on_commit_callbacks
):
    settings.NEWSLETTER_MIN_FILL_SECONDS = 2
    with django_capture_on_commit_callbacks(execute=True):
        response = subscribe(
            client, website="http://spam.example", form_started=form_started_stamp(seconds_ago=0)
        )
    assert response["Location"] == reverse("newsletter:check-inbox")
    assert not Subscriber.objects.exists()
    assert mail.outbox == []


def test_a_call_back_confirmation_is_refused_by_the_newsletter_form(
    client, settings, django_capture_on_commit_callbacks
):
    settings.LEADS_MIN_FILL_SECONDS = settings.NEWSLETTER_MIN_FILL_SECONDS = 2
    callback = client.post("/callback/", callback_form_data(seconds_ago=0))
    token = re.search(r'name="form_confirmed" value="([^"]+)"', callback.text).group(1)
    with django_capture_on_commit_callbacks(execute=True):
        subscribe(client, form_started=None, form_confirmed=token)
    assert not Subscriber.objects.exists()
    assert mail.outbox == []


def test_rate_limit_per_connection_refuses_with_a_message_and_keeps_input(client, settings):
    settings.NEWSLETTER_RATE_LIMIT = "2/10m"
    for number in range(2):
        assert subscribe(client, email=f"person{number}@example.com").status_code == 302
    response = subscribe(client, email="third@example.com")
    assert response.status_code == 429
    assert "Please try again in a few minutes" in response.text
    assert 'value="third@example.com"' in response.text
    assert Subscriber.objects.count() == 2


@pytest.mark.parametrize("status", ["pending", "subscribed", "unsubscribed", "forgotten"])
def test_every_state_gets_the_same_answer_as_a_new_address(client, status):
    new = subscribe(Client(), email="new@example.com")
    if status == "forgotten":
        from newsletter.services.subscription import subscriber_forget

        subscriber_forget(subscriber=SubscriberFactory(email="known@example.com"), source="test")
    else:
        SubscriberFactory(email="known@example.com", status=status)
    known = subscribe(Client(), email="known@example.com")
    assert (known.status_code, known["Location"]) == (new.status_code, new["Location"])
    assert main_content(Client().get(known["Location"])) == main_content(
        Client().get(new["Location"])
    )


def test_addresses_are_the_same_whatever_their_case(client, django_capture_on_commit_callbacks):
    SubscriberFactory(email="Ayse.Yilmaz@Example.com")
    with django_capture_on_commit_callbacks(execute=True):
        subscribe(client, email="ayse.yilmaz@EXAMPLE.COM")
    assert Subscriber.objects.count() == 1
    assert mail.outbox == []  # already subscribed: nothing to confirm


def test_the_database_refuses_the_same_address_in_another_case():
    from django.db import IntegrityError

    SubscriberFactory(email="ayse@example.com")
    with pytest.raises(IntegrityError):
        Subscriber.objects.bulk_create(
            [Subscriber(email="AYSE@example.com", email_hash="x" * 64, status="pending")]
        )


@pytest.mark.parametrize(
    ("status", "timestamp"),
    [
        ("subscribed", "confirmed_at"),
        ("unsubscribed", "unsubscribed_at"),
        ("forgotten", "forgotten_at"),
        ("pending", None),
    ],
)
def test_the_subscriber_factory_dates_each_status_as_the_services_do(status, timestamp):
    subscriber = SubscriberFactory(status=status)
    subscriber.refresh_from_db()
    assert subscriber.status == status
    for field in ("confirmed_at", "unsubscribed_at", "forgotten_at"):
        assert (getattr(subscriber, field) is not None) == (field == timestamp)
    assert (subscriber.email == "") == (status == "forgotten")


def test_the_database_refuses_a_subscribed_row_without_its_confirmation_time():
    from django.db import IntegrityError

    with pytest.raises(IntegrityError):
        Subscriber.objects.create(email="ayse@example.com", status="subscribed")


def test_a_subscribed_address_is_left_alone(client, django_capture_on_commit_callbacks):
    subscriber = SubscriberFactory(email="ayse@example.com")
    with django_capture_on_commit_callbacks(execute=True):
        subscribe(client, email="ayse@example.com")
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.SUBSCRIBED
    assert not subscriber.consent_events.exists()
    assert mail.outbox == []


def test_resubscribing_after_unsubscribing_needs_confirmation_again(
    client, django_capture_on_commit_callbacks
):
    subscriber = SubscriberFactory(email="ayse@example.com", status="unsubscribed")
    with django_capture_on_commit_callbacks(execute=True):
        subscribe(client, email="ayse@example.com")
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.PENDING
    assert subscriber.confirmed_at is None
    assert len(mail.outbox) == 1
    assert "/newsletter/confirm/" in mail.outbox[0].body


def test_a_pending_subscriber_asking_again_gets_a_new_confirmation_email(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        subscribe(client, email="ayse@example.com")
    with django_capture_on_commit_callbacks(execute=True):
        subscribe(client, email="ayse@example.com")
    assert len(mail.outbox) == 2
    assert Subscriber.objects.get().consent_events.count() == 2


def test_confirmation_emails_to_one_address_are_rate_limited(
    client, settings, django_capture_on_commit_callbacks
):
    settings.NEWSLETTER_RATE_LIMIT = "100/10m"
    for _ in range(5):
        with django_capture_on_commit_callbacks(execute=True):
            assert subscribe(client, email="ayse@example.com").status_code == 302
    assert len(mail.outbox) == 3


def test_the_confirmation_email_is_sent_after_the_transaction_commits(
    django_capture_on_commit_callbacks,
):
    from django.db import transaction

    from newsletter.services.subscription import subscriber_subscribe

    with django_capture_on_commit_callbacks(execute=True):
        with transaction.atomic():
            subscriber_subscribe(email="ayse@example.com", consent_text="…", language="en")
            assert mail.outbox == []
    assert len(mail.outbox) == 1


def test_a_failed_request_sends_nothing(django_capture_on_commit_callbacks):
    from django.db import transaction

    from newsletter.services.subscription import subscriber_subscribe

    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(RuntimeError), transaction.atomic():
            subscriber_subscribe(email="ayse@example.com", consent_text="…", language="en")
            raise RuntimeError("the database went away")
    assert mail.outbox == []
    assert not Subscriber.objects.exists()


def test_subscribing_without_a_csrf_token_is_refused():
    response = Client(enforce_csrf_checks=True).post(SUBSCRIBE, newsletter_form_data())
    assert response.status_code == 403
    assert not Subscriber.objects.exists()


def test_no_email_address_is_logged(client, caplog, django_capture_on_commit_callbacks):
    caplog.set_level("DEBUG")
    with django_capture_on_commit_callbacks(execute=True):
        subscribe(client, email="private.person@example.com")
    assert "private.person" not in caplog.text


def test_with_the_time_trap_off_a_plain_post_gets_a_confirmation_email(
    client, settings, django_capture_on_commit_callbacks
):
    from django.core import mail as outbox

    from newsletter.models import Subscriber

    settings.NEWSLETTER_MIN_FILL_SECONDS = 0
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/newsletter/subscribe/", {"email": "Plain.Post@Example.com", "consent": "on"}
        )
    assert response.status_code in (200, 302)
    subscriber = Subscriber.objects.get()
    assert subscriber.status == "pending"
    assert len(outbox.outbox) == 1
    assert [address.lower() for address in outbox.outbox[0].to] == ["plain.post@example.com"]


UNMAILABLE_ADDRESSES = {
    "noncharacters in the domain": "a@\ufffe\uffff.com",
    "60 combining accents": "a@e" + "\u0301" * 60 + ".com",
    "a zero-width space inside the domain": "ayse@exam\u200bple.com",
    "a zero-width joiner inside the domain": "ayse@example\u200d.com",
}


@pytest.mark.parametrize("email", UNMAILABLE_ADDRESSES.values(), ids=UNMAILABLE_ADDRESSES.keys())
def test_an_address_that_cannot_be_mailed_is_refused_next_to_the_field(client, email):
    response = subscribe(client, email=email)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert list(errors) == ["email"]
    assert "cannot receive email" in errors["email"][0]
    assert not Subscriber.objects.exists()


def test_an_international_domain_is_stored_as_it_is_mailed(
    client, django_capture_on_commit_callbacks
):
    # Composed and decomposed "ü" are one address: stored once, in the composed form.
    with django_capture_on_commit_callbacks(execute=True):
        subscribe(client, email="hans@Bu\u0308cher.DE")
    subscriber = Subscriber.objects.get()
    assert subscriber.email == "hans@b\u00fccher.de"
    message = mail.outbox[0].message()
    assert message["To"] == "hans@xn--bcher-kva.de"


PHISHING_NAME = "your results are ready: https://evil.example/lab-results. Otherwise"
NOT_PLAIN_NAMES = {
    "the issue's link": PHISHING_NAME,
    "a bare domain": "see evil.example",
    "longer than 40 characters": "Ayşe " * 9,
}


@pytest.mark.parametrize("name", NOT_PLAIN_NAMES.values(), ids=NOT_PLAIN_NAMES.keys())
def test_a_first_name_that_is_not_a_plain_name_is_refused_and_never_mailed(
    client, django_capture_on_commit_callbacks, name
):
    with django_capture_on_commit_callbacks(execute=True):
        response = subscribe(client, first_name=name)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert list(errors) == ["first_name"]
    assert "Please enter just your first name" in errors["first_name"][0]
    assert not Subscriber.objects.exists()
    assert mail.outbox == []


def test_a_line_break_in_a_first_name_never_reaches_an_email(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = subscribe(client, first_name="Ayşe\nYour results are ready")
    if response.status_code == 200:  # refused at the form
        assert "first_name" in response.context["form"].errors
    assert all("Ayşe\n" not in message.body for message in mail.outbox)
    assert "\n" not in "".join(Subscriber.objects.values_list("first_name", flat=True))


@pytest.mark.parametrize("name", ["Ayşe", "Jean-Luc", "O’Brien", "Mary J.", "محمد", "Zoë Ann"])
def test_plain_first_names_in_any_script_are_accepted(client, name):
    response = subscribe(client, first_name=name)
    assert response.status_code == 302
    assert Subscriber.objects.get().first_name == name


def test_a_stored_name_that_is_not_plain_is_left_out_of_the_email(
    client, django_capture_on_commit_callbacks
):
    # Stored before names were checked: the email greets without it.
    SubscriberFactory(email="ayse@example.com", status="pending", first_name=PHISHING_NAME)
    with django_capture_on_commit_callbacks(execute=True):
        subscribe(client, email="ayse@example.com")
    message = mail.outbox[0]
    assert "evil.example" not in message.body
    assert "evil.example" not in message.alternatives[0][0]
    assert message.body.startswith("Hello,")
