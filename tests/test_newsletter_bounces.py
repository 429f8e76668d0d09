"""
Bounces and complaints: the mail provider's reports reach the site through django-anymail's
``tracking`` signal (its webhook, behind a basic-auth secret), are kept as read-only records,
and stop every email to an address that bounced or complained.
"""

import base64
import json
from datetime import timedelta

import pytest
from anymail.signals import AnymailTrackingEvent, tracking
from django.contrib.auth.models import Permission
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from clinic_site.page_cache import STATUS_HEADER
from newsletter.models import ConsentEvent, MailEvent, Subscriber
from newsletter.services.imports import subscriber_import_create, subscriber_import_run
from newsletter.services.mail_events import counts_by_message_ids
from tests.factories import (
    MailEventFactory,
    StaffFactory,
    SubscriberFactory,
    SuperuserFactory,
    newsletter_form_data,
    newsletter_link,
)

pytestmark = pytest.mark.django_db

Status = Subscriber.Status
SECRET = "tracker:s3cr3t-9fj2k"
POSTMARK = "/anymail/postmark/tracking/"


@pytest.fixture(autouse=True)
def _webhook_secret(settings):
    settings.ANYMAIL = {**settings.ANYMAIL, "WEBHOOK_SECRET": SECRET}


_event_ids = iter(range(1, 10_000))


def report(subscriber_or_email, event_type, reject_reason=None, **kwargs):
    """The provider reports something about one email, through anymail's signal."""
    email = getattr(subscriber_or_email, "email", subscriber_or_email)
    kwargs.setdefault("event_id", f"event-{next(_event_ids)}")
    kwargs.setdefault("message_id", f"message-{kwargs['event_id']}")
    kwargs.setdefault("timestamp", timezone.now())
    event = AnymailTrackingEvent(
        event_type=event_type, reject_reason=reject_reason, recipient=email, **kwargs
    )
    tracking.send(sender=object, event=event, esp_name="Postmark")


def refreshed(subscriber):
    subscriber.refresh_from_db()
    return subscriber


def postmark(client, payload, *, auth=SECRET):
    headers = {}
    if auth:
        headers["HTTP_AUTHORIZATION"] = "Basic " + base64.b64encode(auth.encode()).decode()
    return client.post(POSTMARK, json.dumps(payload), content_type="application/json", **headers)


def postmark_bounce(email, bounce_type="HardBounce", record_id=4323372036854775807):
    """A bounce as Postmark's webhook posts it (its documentation's example)."""
    return {
        "RecordType": "Bounce",
        "MessageStream": "broadcast",
        "ID": record_id,
        "Type": bounce_type,
        "TypeCode": 1,
        "Name": "Hard bounce",
        "Tag": "newsletter",
        "MessageID": "883953f4-6105-42a2-a16a-77a8eac79483",
        "Metadata": {},
        "ServerID": 23,
        "Description": "The server was unable to deliver your message (ex: unknown user).",
        "Details": f"smtp;550 5.1.1 <{email}>: Recipient address rejected: User unknown",
        "Email": email,
        "From": "news@news.clinic.example",
        "BouncedAt": "2026-11-05T16:33:54.9070259Z",
        "DumpAvailable": True,
        "Inactive": True,
        "CanActivate": True,
        "Subject": "Our November newsletter",
        "Content": "<Full dump of bounce>",
    }


def postmark_complaint(email):
    return {
        **postmark_bounce(email, bounce_type="SpamComplaint", record_id=42),
        "RecordType": "SpamComplaint",
        "TypeCode": 512,
        "Name": "Spam complaint",
        "Details": "Test spam complaint details",
    }


# --- Through anymail's tracking signal -------------------------------------------------------


def test_a_hard_bounce_marks_the_subscriber_bounced_with_a_trail_entry():
    subscriber = SubscriberFactory()
    report(subscriber, "bounced", "bounced")
    assert refreshed(subscriber).status == Status.BOUNCED
    event = subscriber.consent_events.get()
    assert event.kind == ConsentEvent.Kind.BOUNCED
    assert "Postmark" in event.source
    assert MailEvent.objects.get().effect == MailEvent.Effect.BOUNCED


def test_a_complaint_marks_the_subscriber_complained_with_a_trail_entry():
    subscriber = SubscriberFactory()
    report(subscriber, "complained", "spam")
    assert refreshed(subscriber).status == Status.COMPLAINED
    assert subscriber.consent_events.get().kind == ConsentEvent.Kind.COMPLAINED


@pytest.mark.parametrize("esp_name", ["Amazon SES", "Brevo", "Mailgun", "SendGrid", "Test"])
@pytest.mark.parametrize(
    ("event_type", "state"), [("bounced", "bounced"), ("complained", "complained")]
)
def test_a_bare_report_from_any_provider_changes_the_state_and_stops_campaigns(
    esp_name, event_type, state
):
    from newsletter.services.sending import campaign_send
    from tests.factories import CampaignFactory

    subscriber = SubscriberFactory(email="Deniz@Example.com")
    # Only what every provider gives: the type and the address (no id, no time, no reason).
    event = AnymailTrackingEvent(event_type=event_type, recipient="deniz@example.com")
    tracking.send(sender=object, event=event, esp_name=esp_name)
    assert refreshed(subscriber).status == state
    campaign = CampaignFactory(status="scheduled", scheduled_at=timezone.now())
    campaign_send(campaign_id=campaign.pk)
    assert mail.outbox == []


def test_an_address_the_provider_rejects_as_invalid_counts_as_a_hard_bounce():
    subscriber = SubscriberFactory()
    report(subscriber, "rejected", "invalid")
    assert refreshed(subscriber).status == Status.BOUNCED


def test_three_soft_bounces_in_a_row_count_as_a_hard_bounce():
    subscriber = SubscriberFactory()
    report(subscriber, "deferred")
    report(subscriber, "deferred")
    assert refreshed(subscriber).status == Status.SUBSCRIBED
    assert subscriber.soft_bounces == 2
    report(subscriber, "deferred")
    assert refreshed(subscriber).status == Status.BOUNCED
    assert "3 soft bounces in a row" in subscriber.consent_events.get().source


def test_a_delivered_email_starts_the_soft_bounce_count_again():
    subscriber = SubscriberFactory()
    report(subscriber, "deferred")
    report(subscriber, "deferred")
    report(subscriber, "delivered")
    assert refreshed(subscriber).soft_bounces == 0
    report(subscriber, "deferred")
    report(subscriber, "deferred")
    assert refreshed(subscriber).status == Status.SUBSCRIBED


def test_the_soft_bounce_limit_is_a_setting(settings):
    settings.NEWSLETTER_SOFT_BOUNCE_LIMIT = 1
    subscriber = SubscriberFactory()
    report(subscriber, "deferred")
    assert refreshed(subscriber).status == Status.BOUNCED


@pytest.mark.parametrize(
    "payload",
    [
        {"Type": "SoftBounce"},  # Postmark
        {"event": "soft_bounce"},  # Brevo
        {"bounce": {"bounceType": "Transient", "bounceSubType": "MailboxFull"}},  # Amazon SES
    ],
    ids=["Postmark", "Brevo", "Amazon SES"],
)
def test_a_soft_bounce_the_provider_reports_as_bounced_is_only_counted(payload):
    # anymail calls these "bounced"; the provider's own payload says they are temporary.
    subscriber = SubscriberFactory()
    report(subscriber, "bounced", "bounced", esp_event=payload)
    assert refreshed(subscriber).status == Status.SUBSCRIBED
    assert subscriber.soft_bounces == 1


def test_one_event_naming_two_recipients_counts_for_each():
    first, second = SubscriberFactory(), SubscriberFactory()
    report(first, "bounced", "bounced", event_id="ses-1")
    report(second, "bounced", "bounced", event_id="ses-1")
    assert refreshed(first).status == refreshed(second).status == Status.BOUNCED


def test_a_report_the_provider_sends_again_is_recorded_and_counted_once():
    subscriber = SubscriberFactory()
    report(subscriber, "deferred", event_id="same")
    report(subscriber, "deferred", event_id="same")
    assert refreshed(subscriber).soft_bounces == 1
    assert MailEvent.objects.count() == 1


def test_a_bounce_for_being_blocked_as_spam_is_kept_and_changes_nothing():
    # The receiving server's filter refused our email: the sender's problem, not the address's.
    subscriber = SubscriberFactory()
    report(subscriber, "bounced", "blocked")
    assert refreshed(subscriber).status == Status.SUBSCRIBED
    assert subscriber.soft_bounces == 0
    assert MailEvent.objects.get().effect == MailEvent.Effect.NONE


def test_the_address_is_recognised_whatever_its_case():
    subscriber = SubscriberFactory(email="ayse@example.com")
    report("Ayse@EXAMPLE.com", "complained")
    assert refreshed(subscriber).status == Status.COMPLAINED


def test_the_record_keeps_no_email_address():
    subscriber = SubscriberFactory(email="ayse@example.com")
    report(
        subscriber,
        "bounced",
        "bounced",
        description="Mailbox ayse@example.com does not exist",
        mta_response="550 5.1.1 <ayse@example.com>: user unknown",
        esp_event={"Email": "ayse@example.com", "Subject": "Hello Ayşe"},
    )
    event = MailEvent.objects.get()
    stored = " ".join(str(value) for value in vars(event).values())
    assert "ayse@example.com" not in stored
    assert "Ayşe" not in stored
    assert event.description == "Mailbox <address> does not exist"
    assert event.subscriber == subscriber
    assert event.email_hash == subscriber.email_hash


def test_a_report_about_an_address_not_on_the_list_is_kept_without_a_subscriber():
    report("stranger@example.com", "bounced", "bounced")
    event = MailEvent.objects.get()
    assert event.subscriber is None
    assert event.email_hash


@pytest.mark.parametrize("status", ["pending", "unsubscribed"])
def test_only_a_subscribed_address_changes_state(status):
    # A pending sign-up whose confirmation bounced simply never confirms (and expires).
    subscriber = SubscriberFactory(status=status)
    report(subscriber, "bounced", "bounced")
    report(subscriber, "complained")
    assert refreshed(subscriber).status == status
    assert MailEvent.objects.count() == 2


def test_an_unsubscribe_through_the_provider_unsubscribes():
    subscriber = SubscriberFactory()
    report(subscriber, "unsubscribed", "unsubscribed")
    assert refreshed(subscriber).status == Status.UNSUBSCRIBED
    assert subscriber.consent_events.get().kind == ConsentEvent.Kind.UNSUBSCRIBED


# --- Through the webhook, as Postmark posts --------------------------------------------------


def test_a_postmark_hard_bounce_posted_to_the_webhook_marks_the_subscriber_bounced():
    subscriber = SubscriberFactory(email="john@example.com")
    # The provider has no CSRF token: the webhook must not ask for one.
    response = postmark(Client(enforce_csrf_checks=True), postmark_bounce("john@example.com"))
    assert response.status_code == 200
    assert refreshed(subscriber).status == Status.BOUNCED
    event = MailEvent.objects.get()
    assert (event.provider, event.event_type, event.message_id) == (
        "Postmark",
        "bounced",
        "883953f4-6105-42a2-a16a-77a8eac79483",
    )
    assert "john@example.com" not in event.mta_response


def test_a_postmark_spam_complaint_posted_to_the_webhook_marks_the_subscriber_complained():
    subscriber = SubscriberFactory(email="john@example.com")
    assert postmark(Client(), postmark_complaint("john@example.com")).status_code == 200
    assert refreshed(subscriber).status == Status.COMPLAINED


def test_postmark_soft_bounces_are_counted_not_taken_for_hard_ones():
    subscriber = SubscriberFactory(email="john@example.com")
    for record_id in (1, 2):
        postmark(Client(), postmark_bounce("john@example.com", "SoftBounce", record_id))
    assert refreshed(subscriber).status == Status.SUBSCRIBED
    assert subscriber.soft_bounces == 2
    postmark(Client(), postmark_bounce("john@example.com", "SoftBounce", 3))
    assert refreshed(subscriber).status == Status.BOUNCED


@pytest.mark.parametrize("auth", [None, "tracker:wrong"], ids=["no secret", "wrong secret"])
def test_a_post_without_the_webhooks_secret_is_refused(auth):
    subscriber = SubscriberFactory(email="john@example.com")
    response = postmark(Client(), postmark_complaint("john@example.com"), auth=auth)
    assert response.status_code == 400
    assert refreshed(subscriber).status == Status.SUBSCRIBED
    assert not MailEvent.objects.exists()


def test_with_no_secret_configured_the_webhook_refuses_every_post(settings):
    settings.ANYMAIL = {**settings.ANYMAIL, "WEBHOOK_SECRET": ""}
    subscriber = SubscriberFactory(email="john@example.com")
    response = postmark(Client(), postmark_complaint("john@example.com"), auth=None)
    assert response.status_code == 403
    assert refreshed(subscriber).status == Status.SUBSCRIBED


def test_the_webhook_has_one_address_in_every_language(client):
    assert postmark(client, postmark_complaint("x@example.com")).status_code == 200
    assert client.post("/de" + POSTMARK, "{}", content_type="application/json").status_code == 404


def test_the_providers_reports_leave_the_cached_pages_as_they_are(client):
    SubscriberFactory(email="john@example.com")
    client.get("/privacy/")
    assert client.get("/privacy/")[STATUS_HEADER] == "hit"
    assert postmark(Client(), postmark_bounce("john@example.com")).status_code == 200
    assert client.get("/privacy/")[STATUS_HEADER] == "hit"


def test_the_webhook_takes_no_inbound_mail(client):
    response = client.post("/anymail/postmark/inbound/", "{}", content_type="application/json")
    assert response.status_code == 404


# --- Bounced and complained addresses get nothing ----------------------------------------------


def test_a_bounced_address_that_subscribes_again_must_confirm_again(
    client, django_capture_on_commit_callbacks
):
    subscriber = SubscriberFactory(email="ayse@example.com", status="bounced")
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/newsletter/subscribe/", newsletter_form_data(email="ayse@example.com"))
    assert refreshed(subscriber).status == Status.PENDING
    assert [message.to for message in mail.outbox] == [["ayse@example.com"]]


def test_a_complained_address_that_subscribes_again_gets_nothing(
    client, django_capture_on_commit_callbacks
):
    subscriber = SubscriberFactory(email="ayse@example.com", status="complained")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/newsletter/subscribe/", newsletter_form_data(email="ayse@example.com")
        )
    assert response.status_code == 302  # the same answer as for anyone else
    assert refreshed(subscriber).status == Status.COMPLAINED
    assert mail.outbox == []


def test_a_bounced_subscriber_is_never_sent_a_pending_confirmation(
    django_capture_on_commit_callbacks,
):
    subscriber = SubscriberFactory(email="ayse@example.com", status="pending")
    Subscriber.objects.filter(pk=subscriber.pk).update(
        status=Status.BOUNCED, confirmation_due_at=timezone.now()
    )
    assert not Subscriber.objects.confirmation_due().exists()


@pytest.mark.parametrize("status", ["bounced", "complained"])
def test_an_import_never_resubscribes_a_bounced_or_complained_address(status):
    SubscriberFactory(email="ayse@example.com", status=status)
    job = subscriber_import_create(
        filename="list.csv",
        data=b"email\nayse@example.com\nhans@example.de\n",
        consent_source="Reception sign-up sheet",
    )
    assert job.undeliverable_count == 1  # the preview says so
    job = subscriber_import_run(subscriber_import=job)
    assert (job.new_count, job.undeliverable_count) == (1, 1)
    assert Subscriber.objects.get(email="ayse@example.com").status == status


@pytest.mark.parametrize("status", ["bounced", "complained"])
def test_the_unsubscribe_link_of_a_stopped_address_changes_nothing(client, status):
    subscriber = SubscriberFactory(email="ayse@example.com")
    from newsletter.emails import welcome_message

    link = newsletter_link(welcome_message(subscriber), "unsubscribe")
    Subscriber.objects.filter(pk=subscriber.pk).update(status=status)
    assert client.post(link).status_code == 200
    assert refreshed(subscriber).status == status
    assert not subscriber.consent_events.exists()


# --- The campaign's counts ---------------------------------------------------------------------


def test_counts_by_message_ids_counts_each_message_once_per_kind_of_report():
    first, second, third = SubscriberFactory(), SubscriberFactory(), SubscriberFactory()
    report(first, "delivered", message_id="m1")
    report(second, "deferred", message_id="m2")
    report(second, "delivered", message_id="m2")
    report(third, "bounced", "bounced", message_id="m3")
    report(first, "complained", message_id="m1")
    report(first, "complained", message_id="m1")
    report(first, "delivered", message_id="another campaign's")
    counts = counts_by_message_ids(["m1", "m2", "m3"])
    assert (counts["delivered"], counts["bounced"], counts["complained"]) == (2, 1, 1)
    assert counts["deferred"] == 1
    assert counts["clicked"] == 0


def test_a_message_sent_through_the_bulk_connection_is_counted_from_its_reports(settings):
    from newsletter.mail import bulk_connection, bulk_from_email

    settings.NEWSLETTER_EMAIL_CONNECTION = {
        "BACKEND": "anymail.backends.test.EmailBackend",
        "OPTIONS": {},
    }
    subscriber = SubscriberFactory(email="ayse@example.com")
    message = mail.EmailMessage(
        "News", "Body", bulk_from_email(), [subscriber.email], connection=bulk_connection()
    )
    message.send()
    message_id = str(message.anymail_status.message_id)
    report(subscriber, "bounced", "bounced", message_id=message_id)
    assert counts_by_message_ids([message_id])["bounced"] == 1
    assert refreshed(subscriber).status == Status.BOUNCED


# --- The admin ---------------------------------------------------------------------------------


def test_mail_events_can_never_be_edited_or_deleted():
    event = MailEventFactory()
    with pytest.raises(PermissionError):
        event.save()
    with pytest.raises(PermissionError):
        event.delete()
    with pytest.raises(PermissionError):
        MailEvent.objects.update(event_type="bounced")
    with pytest.raises(PermissionError):
        MailEvent.objects.all().delete()


@pytest.mark.parametrize("role", ["Marketing", "Editors", "Call centre", "Doctors", "superuser"])
def test_mail_events_are_read_only_in_the_admin_for_every_role(role):
    event = MailEventFactory(event_type="bounced")
    client = Client()
    client.force_login(SuperuserFactory() if role == "superuser" else StaffFactory(role=role))
    change = reverse("admin:newsletter_mailevent_change", args=[event.pk])
    assert client.post(change, {"event_type": "delivered"}).status_code == 403
    delete = reverse("admin:newsletter_mailevent_delete", args=[event.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    event.refresh_from_db()
    assert event.event_type == "bounced"
    assert MailEvent.objects.filter(pk=event.pk).exists()
    page = client.get(change)
    if page.status_code == 200:
        assert 'type="submit"' not in page.text.split('id="content-main"', 1)[1].split("</form>")[0]


def test_the_marketing_group_may_only_view_mail_events():
    codenames = set(
        Permission.objects.filter(
            group__name="Marketing", content_type__model="mailevent"
        ).values_list("codename", flat=True)
    )
    assert codenames == {"view_mailevent"}


def test_marketing_filters_the_list_by_bounced_and_complained(marketing):
    SubscriberFactory(email="bounced@example.com", status="bounced")
    SubscriberFactory(email="complained@example.com", status="complained")
    SubscriberFactory(email="reader@example.com")
    changelist = reverse("admin:newsletter_subscriber_changelist")
    page = marketing.get(changelist, {"status__exact": "bounced"}).text
    assert "bounced@example.com" in page
    assert "reader@example.com" not in page
    assert "Complained (marked as spam)" in marketing.get(changelist).text


def test_the_export_leaves_out_bounced_and_complained_and_says_why(marketing):
    SubscriberFactory(email="bounced@example.com", status="bounced")
    SubscriberFactory(email="complained@example.com", status="complained")
    SubscriberFactory(email="reader@example.com")
    changelist = reverse("admin:newsletter_subscriber_changelist")
    response = marketing.post(
        changelist,
        {
            "action": "export_csv",
            "_selected_action": list(Subscriber.objects.values_list("pk", flat=True)),
        },
        follow=False,
    )
    body = response.content.decode()
    assert "reader@example.com" in body
    assert "bounced@example.com" not in body
    assert "complained@example.com" not in body
    messages = [str(message) for message in response.wsgi_request._messages]
    assert any(
        "1 address bounced" in m and "1 marked the newsletter as spam" in m for m in messages
    )


def test_a_pending_sign_up_whose_confirmation_bounced_is_purged_with_the_others():
    from newsletter.services.retention import unconfirmed_signups_purge

    subscriber = SubscriberFactory(
        email="typo@example.com", status="pending", created_at=timezone.now() - timedelta(days=40)
    )
    report(subscriber, "bounced", "bounced")
    assert unconfirmed_signups_purge(older_than_days=30) == 1
    assert not Subscriber.objects.filter(pk=subscriber.pk).exists()
    event = MailEvent.objects.get()
    assert event.subscriber is None
    assert event.email_hash == subscriber.email_hash


def test_a_forgotten_bounced_subscriber_keeps_a_record_without_personal_data(marketing):
    from newsletter.services.subscription import subscriber_forget

    subscriber = SubscriberFactory(email="ayse@example.com")
    report(subscriber, "bounced", "bounced", timestamp=timezone.now() - timedelta(days=1))
    subscriber_forget(subscriber=refreshed(subscriber), source="erasure request")
    assert refreshed(subscriber).status == Status.FORGOTTEN
    event = MailEvent.objects.get()
    assert event.subscriber == subscriber
    assert "ayse" not in event.mta_response + event.description
