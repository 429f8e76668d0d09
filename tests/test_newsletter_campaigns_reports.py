"""
Campaigns and the mail provider together: a campaign leaves through the newsletter's own
connection and sender, its deliveries keep the provider's message id, the provider's reports
(bounced, complained, delivered) are counted on the campaign's page by language, and an
address that bounces while the campaign goes out gets nothing more.
"""

import json
import re
from unittest import mock

import pytest
import requests
from anymail.signals import AnymailTrackingEvent, tracking
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.test import Client
from django.utils import timezone

from newsletter.models import Campaign, Delivery, Subscriber
from newsletter.services.campaigns import campaign_counts_by_language
from newsletter.services.sending import campaign_send
from tests.factories import CampaignFactory, StaffFactory, SubscriberFactory

pytestmark = pytest.mark.usefixtures("clinic")

ANYMAIL_TEST = {"BACKEND": "anymail.backends.test.EmailBackend", "OPTIONS": {}}
POSTMARK = {"BACKEND": "anymail.backends.postmark.EmailBackend", "OPTIONS": {"server_token": "t"}}


def report(email, event_type, *, message_id, reject_reason=None):
    """The provider reports something about one email, through anymail's tracking signal."""
    event = AnymailTrackingEvent(
        event_type=event_type,
        reject_reason=reject_reason,
        recipient=email,
        message_id=message_id,
        event_id=f"{event_type}-{message_id}",
        timestamp=timezone.now(),
    )
    tracking.send(sender=object, event=event, esp_name="Postmark")


def _due_campaign(**kwargs):
    return CampaignFactory(status="scheduled", scheduled_at=timezone.now(), **kwargs)


def _message_id(subscriber):
    return Delivery.objects.get(subscriber=subscriber).message_id


def test_a_campaign_leaves_from_the_newsletters_sender_with_the_providers_message_id(settings):
    settings.NEWSLETTER_EMAIL_CONNECTION = ANYMAIL_TEST
    settings.NEWSLETTER_FROM_EMAIL = "news@news.clinic.example"
    subscriber = SubscriberFactory(email="ayse@example.com")
    campaign = _due_campaign()

    campaign_send(campaign_id=campaign.pk)

    [message] = mail.outbox
    assert "<news@news.clinic.example>" in message.from_email
    provider_id = message.anymail_status.message_id
    assert provider_id is not None
    assert _message_id(subscriber) == str(provider_id)
    assert _message_id(subscriber) != message.extra_headers["Message-ID"]


def test_without_a_provider_the_delivery_keeps_the_message_id_header():
    subscriber = SubscriberFactory()
    campaign = _due_campaign()

    campaign_send(campaign_id=campaign.pk)

    assert _message_id(subscriber) == mail.outbox[0].extra_headers["Message-ID"]


def _postmark_accepts(session, **kwargs):
    response = requests.Response()
    response.status_code = 200
    response.encoding = "utf-8"
    sent = json.loads(kwargs["data"])
    response._content = json.dumps(
        {
            "To": sent["To"],
            "SubmittedAt": "2026-12-01T10:00:00Z",
            "MessageID": "0a129aee-e1cd-480d-b08d-4f48548ff48d",
            "ErrorCode": 0,
            "Message": "OK",
        }
    ).encode()
    return response


@pytest.mark.parametrize(
    ("stream_setting", "expected"),
    [("broadcast", "broadcast"), ("newsletter-eu", "newsletter-eu")],
)
def test_on_postmark_campaigns_go_on_the_broadcast_stream(settings, stream_setting, expected):
    settings.NEWSLETTER_EMAIL_CONNECTION = POSTMARK
    settings.NEWSLETTER_POSTMARK_STREAM = stream_setting
    subscriber = SubscriberFactory()
    campaign = _due_campaign()

    with mock.patch.object(
        requests.Session, "request", autospec=True, side_effect=_postmark_accepts
    ) as post:
        campaign_send(campaign_id=campaign.pk)

    payload = json.loads(post.call_args.kwargs["data"])
    assert post.call_args.kwargs["url"] == "https://api.postmarkapp.com/email"
    assert payload["MessageStream"] == expected
    assert payload["Headers"]  # List-Unsubscribe and the others went with it
    assert _message_id(subscriber) == "0a129aee-e1cd-480d-b08d-4f48548ff48d"


def test_other_providers_and_smtp_are_asked_for_no_stream(settings):
    settings.NEWSLETTER_EMAIL_CONNECTION = ANYMAIL_TEST
    SubscriberFactory()
    campaign_send(campaign_id=_due_campaign().pk)
    assert "MessageStream" not in mail.outbox[0].anymail_test_params.get("esp_extra", {})

    settings.NEWSLETTER_EMAIL_CONNECTION = {}
    SubscriberFactory()
    campaign_send(campaign_id=_due_campaign().pk)
    assert not hasattr(mail.outbox[-1], "esp_extra")


def test_the_campaign_page_counts_the_providers_reports_by_language(django_assert_num_queries):
    delivered, bounced, complained = SubscriberFactory.create_batch(3, language="en")
    # Whose language the site lacks reads the main language's campaigns: a group of its own.
    french = SubscriberFactory(language="fr")
    campaign = _due_campaign(language="en")
    campaign_send(campaign_id=campaign.pk)

    report(delivered.email, "delivered", message_id=_message_id(delivered))
    report(bounced.email, "bounced", reject_reason="bounced", message_id=_message_id(bounced))
    report(complained.email, "delivered", message_id=_message_id(complained))
    report(complained.email, "complained", message_id=_message_id(complained))
    report(french.email, "delivered", message_id=_message_id(french))
    # The same person's report about another email is not this campaign's.
    report(bounced.email, "delivered", message_id="another email")

    with django_assert_num_queries(3):
        counts = campaign_counts_by_language(campaign=campaign)
    assert counts == {
        "en": {"sent": 3, "delivered": 2, "bounced": 1, "complained": 1, "unsubscribed": 0},
        "fr": {"sent": 1, "delivered": 1, "bounced": 0, "complained": 0, "unsubscribed": 0},
    }

    marketing = Client()
    marketing.force_login(StaffFactory(role="Marketing"))
    page = marketing.get(campaign.get_admin_url()).content.decode()
    row = re.search(r'<th scope="row">en</th>(.*?)</tr>', page).group(1)
    assert re.findall(r">(\d+)<", row) == ["3", "2", "1", "1", "0"]


class BounceAfterFirstBatch(EmailBackend):
    """A mail server whose provider reports a hard bounce for ``address`` after one batch."""

    def __init__(self, address, **kwargs):
        super().__init__(**kwargs)
        self.address = address
        self.batches = 0

    def send_messages(self, messages):
        sent = super().send_messages(messages)
        self.batches += 1
        if self.batches == 1:
            report(self.address, "bounced", reject_reason="bounced", message_id="an earlier one")
        return sent


def test_a_subscriber_who_bounces_while_a_campaign_goes_out_gets_nothing_further():
    first = SubscriberFactory(email="first@example.com")
    gone = SubscriberFactory(email="gone@example.com")
    campaign = _due_campaign()

    result = campaign_send(
        campaign_id=campaign.pk, connection=BounceAfterFirstBatch(gone.email), batch_size=1
    )

    assert [message.to for message in mail.outbox] == [[first.email]]
    gone.refresh_from_db()
    assert gone.status == Subscriber.Status.BOUNCED
    assert Delivery.objects.get(subscriber=gone).status == Delivery.Status.SKIPPED
    assert (result.sent, result.skipped) == (1, 1)
    campaign.refresh_from_db()
    assert campaign.status == Campaign.Status.SENT


def test_bounced_and_complained_addresses_are_not_in_a_campaigns_audience():
    SubscriberFactory(status=Subscriber.Status.BOUNCED)
    SubscriberFactory(status=Subscriber.Status.COMPLAINED)
    subscribed = SubscriberFactory()

    campaign_send(campaign_id=_due_campaign().pk)

    assert [message.to for message in mail.outbox] == [[subscribed.email]]
    assert list(Delivery.objects.values_list("subscriber", flat=True)) == [subscribed.pk]
