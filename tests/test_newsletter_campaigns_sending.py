"""
Exactly one message per recipient: across a sender killed mid-batch, with two senders at once
(claims by conditional update on SQLite, SKIP LOCKED rows on PostgreSQL), and paced.
"""

import threading
from collections import Counter
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.db import close_old_connections, connection
from django.utils import timezone

from newsletter.models import Campaign, Delivery
from newsletter.services import sending
from tests.factories import CampaignFactory, SubscriberFactory

pytestmark = pytest.mark.usefixtures("clinic")


class SenderKilled(BaseException):
    """The process dying mid-batch: not an error the sender can catch and record."""


class DiesAfter(EmailBackend):
    """A mail connection that sends ``count`` messages, then the process dies."""

    def __init__(self, count, **kwargs):
        super().__init__(**kwargs)
        self.left = count

    def send_messages(self, messages):
        if self.left <= 0:
            raise SenderKilled
        self.left -= len(messages)
        return super().send_messages(messages)


class FailsFor(EmailBackend):
    """A mail server that refuses one address."""

    def __init__(self, address, **kwargs):
        super().__init__(**kwargs)
        self.address = address

    def send_messages(self, messages):
        if any(self.address in message.to for message in messages):
            raise OSError(f"mailbox unavailable: {self.address}")
        return super().send_messages(messages)


def _due_campaign(recipients):
    subscribers = SubscriberFactory.create_batch(recipients)
    campaign = CampaignFactory(status="scheduled", scheduled_at=timezone.now())
    return campaign, subscribers


def _sent_to():
    return Counter(address for message in mail.outbox for address in message.to)


@pytest.mark.django_db
def test_a_sender_killed_mid_batch_is_resumed_and_nobody_gets_it_twice():
    campaign, subscribers = _due_campaign(12)
    with pytest.raises(SenderKilled):
        sending.campaign_send(campaign_id=campaign.pk, connection=DiesAfter(7), batch_size=5)
    assert len(mail.outbox) == 7
    assert Delivery.objects.filter(status="sent").count() == 7
    # Its claimed rows look taken to a sender started right away...
    sending.campaign_send(campaign_id=campaign.pk, batch_size=5)
    assert Campaign.objects.get(pk=campaign.pk).status == "sending"
    # ...and are resumed once the claim has expired, as from a dead sender.
    with time_machine.travel(timezone.now() + sending.CLAIM_TIMEOUT + timedelta(seconds=1)):
        result = sending.campaign_send(campaign_id=campaign.pk, batch_size=5)
    assert result.finished
    assert _sent_to() == Counter(s.email for s in subscribers)
    assert Campaign.objects.get(pk=campaign.pk).status == "sent"


@pytest.mark.django_db
def test_a_stopped_sender_gives_back_the_untried_rest_of_its_batch_at_once():
    campaign, subscribers = _due_campaign(6)
    with pytest.raises(SenderKilled):
        sending.campaign_send(campaign_id=campaign.pk, connection=DiesAfter(2), batch_size=6)
    # Sent 2; the third was in flight when it stopped; the last 3 were never tried.
    statuses = Counter(Delivery.objects.values_list("status", flat=True))
    assert statuses == Counter({"sent": 2, "sending": 1, "pending": 3})
    assert set(Delivery.objects.filter(status="pending").values_list("attempts", flat=True)) == {0}
    # A sender restarted right away sends those three without waiting for any claim to expire.
    result = sending.campaign_send(campaign_id=campaign.pk)
    assert result.sent == 3
    assert sorted(_sent_to().values()) == [1] * 5


@pytest.mark.django_db
def test_a_refusal_quoting_the_address_in_any_case_keeps_no_address():
    campaign, subscribers = _due_campaign(1)

    class Refuses(EmailBackend):
        def send_messages(self, messages):
            raise OSError(f"550 <{messages[0].to[0].upper()}>: mailbox unavailable")

    sending.campaign_send(campaign_id=campaign.pk, connection=Refuses())
    delivery = Delivery.objects.get()
    assert "mailbox unavailable" in delivery.error
    assert "@" not in delivery.error


@pytest.mark.django_db
def test_forgetting_a_subscriber_clears_what_the_mail_server_said_about_them():
    from newsletter.services.subscription import subscriber_forget

    campaign, (subscriber,) = _due_campaign(1)
    sending.campaign_send(campaign_id=campaign.pk, connection=FailsFor(subscriber.email))
    assert Delivery.objects.get().error
    subscriber_forget(subscriber=subscriber, source="erasure request")
    delivery = Delivery.objects.get()
    assert delivery.error == ""
    assert delivery.subscriber.email == ""


@pytest.mark.django_db
def test_two_claims_never_take_the_same_delivery():
    campaign, subscribers = _due_campaign(30)
    sending.campaign_start(campaign_id=campaign.pk)
    first = sending.deliveries_claim(campaign_id=campaign.pk, token=_token(), size=20)
    second = sending.deliveries_claim(campaign_id=campaign.pk, token=_token(), size=20)
    third = sending.deliveries_claim(campaign_id=campaign.pk, token=_token(), size=20)
    assert len(first) == 20 and len(second) == 10 and third == []
    assert not {d.pk for d in first} & {d.pk for d in second}


@pytest.mark.django_db
def test_rows_another_sender_claimed_after_they_were_read_are_not_claimed_again():
    # Two senders read the same pending rows; the second one's conditional UPDATE comes after
    # the first one's, as SQLite serializes them: it finds the rows taken and claims nothing.
    campaign, subscribers = _due_campaign(4)
    sending.campaign_start(campaign_id=campaign.pk)
    now = timezone.now()
    read_by_both = list(Delivery.objects.order_by("pk").values_list("pk", flat=True)[:3])
    first = sending.deliveries_claim_ids(
        campaign_id=campaign.pk, ids=read_by_both, token=_token(), now=now
    )
    second = sending.deliveries_claim_ids(
        campaign_id=campaign.pk, ids=read_by_both, token=_token(), now=now
    )
    assert len(first) == 3
    assert second == []


@pytest.mark.django_db
def test_a_claim_taken_over_after_it_expired_is_not_sent_by_its_first_sender():
    campaign, subscribers = _due_campaign(1)
    sending.campaign_start(campaign_id=campaign.pk)
    first_token = _token()
    (delivery,) = sending.deliveries_claim(campaign_id=campaign.pk, token=first_token)
    with time_machine.travel(timezone.now() + sending.CLAIM_TIMEOUT + timedelta(seconds=1)):
        assert sending.deliveries_claim(campaign_id=campaign.pk, token=_token())
    outcome = sending.delivery_send(
        delivery=delivery,
        token=first_token,
        campaign=campaign,
        clinic=None,
        connection=None,
    )
    assert outcome == "skipped"
    assert mail.outbox == []


@pytest.mark.django_db
def test_a_claim_taken_over_while_its_sender_waited_for_its_turn_is_not_sent_twice():
    campaign, subscribers = _due_campaign(1)
    sending.campaign_start(campaign_id=campaign.pk)
    first_token = _token()
    (delivery,) = sending.deliveries_claim(campaign_id=campaign.pk, token=first_token)

    def slow_pace(seconds):
        # While the first sender waits, its claim expires and another sender sends the message.
        with time_machine.travel(timezone.now() + sending.CLAIM_TIMEOUT + timedelta(seconds=1)):
            sending.campaign_send(campaign_id=campaign.pk)

    pacer = sending.Pacer(rate=1, clock=iter([0.0, 0.0]).__next__, sleep=slow_pace)
    pacer.wait()  # the first sender sent a message just before: it must wait a minute
    outcome = sending.delivery_send(
        delivery=delivery,
        token=first_token,
        campaign=campaign,
        clinic=None,
        connection=None,
        pacer=pacer,
    )
    assert outcome == "skipped"
    assert _sent_to() == Counter({subscribers[0].email: 1})


@pytest.mark.django_db
def test_a_slow_pace_claims_no_more_than_it_sends_before_the_claim_expires(settings, monkeypatch):
    settings.NEWSLETTER_SEND_RATE = 2
    campaign, subscribers = _due_campaign(25)
    claimed = []
    real_claim = sending.deliveries_claim

    def claim(**kwargs):
        batch = real_claim(**kwargs)
        claimed.append(len(batch))
        return batch

    monkeypatch.setattr(sending, "deliveries_claim", claim)
    pacer = sending.Pacer(rate=2, clock=lambda: 0.0, sleep=lambda seconds: None)
    sending.campaign_send(campaign_id=campaign.pk, pacer=pacer)
    # 2 a minute, a 10-minute claim: 10 a batch at most, half the claim's life.
    assert max(claimed) == 10
    assert len(mail.outbox) == 25


@pytest.mark.django_db
def test_cancelling_stops_the_rest_of_a_batch_already_claimed():
    from newsletter.services.campaigns import campaign_cancel, campaign_progress

    campaign, subscribers = _due_campaign(5)

    class CancelledAfterTwo(EmailBackend):
        def send_messages(self, messages):
            sent = super().send_messages(messages)
            if len(mail.outbox) == 2:
                campaign_cancel(campaign=campaign)
            return sent

    sending.campaign_send(campaign_id=campaign.pk, connection=CancelledAfterTwo(), batch_size=5)
    assert len(mail.outbox) == 2
    campaign.refresh_from_db()
    assert campaign.status == "cancelled"
    assert campaign_progress(campaign=campaign)["remaining"] == 0


@pytest.mark.django_db
def test_a_refused_address_is_retried_then_marked_failed_and_the_others_are_sent():
    campaign, subscribers = _due_campaign(3)
    refused = subscribers[1].email
    for _attempt in range(sending.MAX_ATTEMPTS):
        sending.campaign_send(campaign_id=campaign.pk, connection=FailsFor(refused))
    delivery = Delivery.objects.get(subscriber=subscribers[1])
    assert delivery.status == "failed"
    assert delivery.attempts == sending.MAX_ATTEMPTS
    assert "mailbox unavailable" in delivery.error
    assert refused not in delivery.error
    assert _sent_to() == Counter(s.email for s in subscribers if s.email != refused)
    assert Campaign.objects.get(pk=campaign.pk).status == "sent"


@pytest.mark.django_db
def test_a_mail_server_that_is_down_leaves_the_campaign_for_the_next_run():
    campaign, subscribers = _due_campaign(3)

    class Down(EmailBackend):
        def send_messages(self, messages):
            raise OSError("connection refused")

    result = sending.campaign_send(campaign_id=campaign.pk, connection=Down(), batch_size=10)
    assert result.failed == 3 and not result.finished
    assert Delivery.objects.filter(status="pending").count() == 3
    sending.campaign_send(campaign_id=campaign.pk)
    assert _sent_to() == Counter(s.email for s in subscribers)


def _token():
    import uuid

    return uuid.uuid4()


class _RecordingBackend(EmailBackend):
    """locmem, safe to use from several threads: the outbox is appended under a lock."""

    lock = threading.Lock()

    def send_messages(self, messages):
        with self.lock:
            return super().send_messages(messages)


def _two_senders_at_once(campaign_id):
    barrier = threading.Barrier(2)
    errors = []

    def sender():
        try:
            barrier.wait()
            sending.campaign_send(
                campaign_id=campaign_id, connection=_RecordingBackend(), batch_size=3
            )
        except BaseException as error:  # noqa: BLE001 - reported by the test
            errors.append(error)
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=sender) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return errors


@pytest.mark.django_db(transaction=True)
def test_two_senders_at_once_send_each_message_once():
    if connection.vendor == "sqlite" and connection.settings_dict["NAME"].startswith(
        "file:memorydb"
    ):
        pytest.skip("an in-memory SQLite database is not shared between threads")
    campaign, subscribers = _due_campaign(40)
    errors = _two_senders_at_once(campaign.pk)
    assert errors == []
    assert _sent_to() == Counter(s.email for s in subscribers)
    assert Campaign.objects.get(pk=campaign.pk).status == "sent"
    assert Delivery.objects.filter(status="sent").count() == 40


def test_senders_are_paced_at_the_set_rate(db, settings):
    settings.NEWSLETTER_SEND_RATE = 120  # two a second
    campaign, subscribers = _due_campaign(5)
    clock = [0.0]
    waits = []

    def sleep(seconds):
        waits.append(seconds)
        clock[0] += seconds

    pacer = sending.Pacer(rate=settings.NEWSLETTER_SEND_RATE, clock=lambda: clock[0], sleep=sleep)
    sending.campaign_send(campaign_id=campaign.pk, pacer=pacer)
    assert len(mail.outbox) == 5
    assert waits == [0.5] * 4
    assert clock[0] == pytest.approx(2.0)
