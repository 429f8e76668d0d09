"""
Sending a campaign, once to each subscriber, even across a crash and with several senders.

1. ``campaign_start``: when a scheduled campaign's time has come, one transaction turns it to
   ``sending`` (a conditional UPDATE: only one sender wins) and creates one ``Delivery`` per
   subscriber who is ``subscribed`` at that moment and in the audience. A unique constraint
   on (campaign, subscriber) holds the line should code ever try again.
2. ``deliveries_claim``: a sender takes a small batch of pending deliveries for itself, with a
   claim token and time. On PostgreSQL the rows are locked with ``SKIP LOCKED``, so two senders
   take different rows without waiting; on SQLite a conditional UPDATE (``pending`` to
   ``sending``) claims them, and a row another sender took first no longer matches. A claim
   older than ``CLAIM_TIMEOUT`` was left by a sender that died: it is taken again.
3. Each message: the subscriber's status is read again just before sending (who unsubscribed a
   minute ago gets nothing), the message is sent, and the provider's message id is recorded at
   once, so a crash loses at most the one message in flight.
4. The campaign is ``sent`` when no delivery is waiting or being sent.

Senders are paced: ``NEWSLETTER_SEND_RATE`` messages per minute, each sender.
"""

import logging
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.db import connection, transaction
from django.db.models import F, Q
from django.utils import timezone

from clinic_site.models import Clinic
from newsletter import emails
from newsletter.mail import bulk_connection
from newsletter.models import Campaign, Delivery, Subscriber
from newsletter.services.campaigns import campaign_audience
from newsletter.services.mail_events import mask_addresses

logger = logging.getLogger(__name__)

BATCH_SIZE = 20
CLAIM_TIMEOUT = timedelta(minutes=10)
MAX_ATTEMPTS = 3
# Deliveries are created this many rows per INSERT.
CREATE_BATCH_SIZE = 1000


@dataclass
class Pacer:
    """At most ``rate`` messages a minute: waits before each one until its turn (0: never)."""

    rate: int
    clock: Callable[[], float] = time.monotonic
    sleep: Callable[[float], None] = time.sleep
    _next: float | None = field(default=None, init=False)

    def wait(self) -> None:
        if self.rate <= 0:
            return
        now = self.clock()
        if self._next is not None and now < self._next:
            self.sleep(self._next - now)
            now = self._next
        self._next = now + 60.0 / self.rate


@dataclass
class SendResult:
    sent: int = 0
    failed: int = 0
    skipped: int = 0
    finished: bool = False


def campaign_start(*, campaign_id: int, now: datetime | None = None) -> int:
    """
    Start sending a campaign whose time has come: its deliveries, from the subscribers who are
    subscribed now. Returns how many were created (0 when it had started already, or is not due).
    """
    now = now or timezone.now()
    with transaction.atomic():
        started = Campaign.objects.filter(
            pk=campaign_id, status=Campaign.Status.SCHEDULED, scheduled_at__lte=now
        ).update(status=Campaign.Status.SENDING, started_at=now)
        if not started:
            return 0
        campaign = Campaign.objects.get(pk=campaign_id)
        subscriber_ids = list(
            campaign_audience(campaign=campaign).order_by("pk").values_list("pk", flat=True)
        )
        Delivery.objects.bulk_create(
            [
                Delivery(campaign=campaign, subscriber_id=pk, created_at=now)
                for pk in subscriber_ids
            ],
            batch_size=CREATE_BATCH_SIZE,
            ignore_conflicts=True,
        )
    logger.info(
        "newsletter campaign started campaign=%s recipients=%s", campaign_id, len(subscriber_ids)
    )
    return len(subscriber_ids)


def _claimable(campaign_id: int, now: datetime):
    return Delivery.objects.filter(campaign_id=campaign_id).filter(
        Q(status=Delivery.Status.PENDING)
        | Q(status=Delivery.Status.SENDING, claimed_at__lt=now - CLAIM_TIMEOUT)
    )


def deliveries_claim(
    *, campaign_id: int, token: uuid.UUID, now: datetime | None = None, size: int = BATCH_SIZE
) -> list[Delivery]:
    """Take up to ``size`` deliveries of the campaign for the sender holding ``token``."""
    now = now or timezone.now()
    with transaction.atomic():
        candidates = _claimable(campaign_id, now).order_by("pk")
        if connection.features.has_select_for_update_skip_locked:
            candidates = candidates.select_for_update(skip_locked=True)
        ids = list(candidates.values_list("pk", flat=True)[:size])
        return deliveries_claim_ids(campaign_id=campaign_id, ids=ids, token=token, now=now)


def deliveries_claim_ids(
    *, campaign_id: int, ids: list[int], token: uuid.UUID, now: datetime
) -> list[Delivery]:
    """
    Claim these deliveries, those still claimable: the condition is in the UPDATE itself, so a
    row another sender claimed since it was read is left to that sender (on SQLite, this is
    the claim; on PostgreSQL the rows are locked already and it changes nothing).
    """
    if not ids:
        return []
    _claimable(campaign_id, now).filter(pk__in=ids).update(
        status=Delivery.Status.SENDING,
        claim_token=token,
        claimed_at=now,
        attempts=F("attempts") + 1,
    )
    return list(
        Delivery.objects.filter(
            pk__in=ids, claim_token=token, status=Delivery.Status.SENDING
        ).order_by("pk")
    )


def deliveries_release(*, token: uuid.UUID, ids: list[int]) -> int:
    """
    Give back deliveries this sender claimed and never tried: waiting again, for any sender,
    without counting as an attempt. Best effort: a sender that lost its database leaves them
    to their claim's expiry.
    """
    if not ids:
        return 0
    try:
        return Delivery.objects.filter(
            pk__in=ids, claim_token=token, status=Delivery.Status.SENDING
        ).update(
            status=Delivery.Status.PENDING,
            claim_token=None,
            claimed_at=None,
            attempts=F("attempts") - 1,
        )
    except Exception:  # noqa: BLE001 - the sender is stopping on another error already
        logger.warning("newsletter campaign claims not released (%s)", len(ids), exc_info=True)
        return 0


def _message_id(message) -> str:
    """
    The provider's id of the message when it gave one (anymail sets ``anymail_status``; a set
    of ids would mean several recipients, which a campaign's message never has), else the
    Message-ID header of our own, which SMTP servers keep.
    """
    status = getattr(message, "anymail_status", None)
    provider_id = getattr(status, "message_id", None)
    if provider_id is not None and not isinstance(provider_id, set) and str(provider_id):
        return str(provider_id)
    return message.extra_headers.get("Message-ID", "")


def delivery_send(
    *,
    delivery: Delivery,
    token: uuid.UUID,
    campaign: Campaign,
    clinic: Clinic,
    connection,
    pacer: Pacer | None = None,
) -> str:
    """
    Send one claimed delivery: "sent", "skipped" (no longer subscribed, or no longer ours),
    "cancelled" (the campaign was, meanwhile) or
    "failed". A failure before the last attempt leaves it waiting for a later run.
    """
    mine = Delivery.objects.filter(
        pk=delivery.pk, claim_token=token, status=Delivery.Status.SENDING
    )
    subscriber = Subscriber.objects.filter(pk=delivery.subscriber_id).first()
    if subscriber is None or subscriber.status != Subscriber.Status.SUBSCRIBED:
        mine.update(status=Delivery.Status.SKIPPED, claim_token=None)
        return "skipped"
    message = emails.campaign_message(
        campaign=campaign, subscriber=subscriber, clinic=clinic, connection=connection
    )
    # Paced first, then checked: a claim may expire while this sender waits for its turn.
    if pacer is not None:
        pacer.wait()
    if not mine.exists():
        return "skipped"  # a sender that took it over after our claim expired has it
    if not Campaign.objects.filter(pk=campaign.pk, status=Campaign.Status.SENDING).exists():
        # Cancelled while this batch went out: what was not sent is never sent, as
        # ``campaign_cancel`` does with the deliveries still waiting.
        mine.delete()
        return "cancelled"
    try:
        message.send()
    except Exception as error:  # noqa: BLE001 - any mail failure is recorded on the delivery
        final = delivery.attempts >= MAX_ATTEMPTS
        mine.update(
            status=Delivery.Status.FAILED if final else Delivery.Status.PENDING,
            claim_token=None,
            # A mail server's refusal names the address: the record keeps the reason only.
            error=mask_addresses(f"{type(error).__name__}: {error}", limit=500),
        )
        logger.warning(
            "newsletter campaign email failed campaign=%s delivery=%s (%s)",
            campaign.pk,
            delivery.pk,
            type(error).__name__,
        )
        return "failed"
    mine.update(
        status=Delivery.Status.SENT,
        claim_token=None,
        message_id=_message_id(message)[:255],
        sent_at=timezone.now(),
        error="",
    )
    return "sent"


def campaign_finish(*, campaign_id: int) -> bool:
    """The campaign is sent when nothing is waiting or being sent."""
    waiting = Delivery.objects.filter(
        campaign_id=campaign_id, status__in=[Delivery.Status.PENDING, Delivery.Status.SENDING]
    )
    if waiting.exists():
        return False
    finished = Campaign.objects.filter(pk=campaign_id, status=Campaign.Status.SENDING).update(
        status=Campaign.Status.SENT, finished_at=timezone.now()
    )
    if finished:
        logger.info("newsletter campaign sent campaign=%s", campaign_id)
    return True


def campaign_send(
    *,
    campaign_id: int,
    now: datetime | None = None,
    connection=None,
    pacer: Pacer | None = None,
    max_seconds: float | None = None,
    batch_size: int = BATCH_SIZE,
) -> SendResult:
    """
    Send what is left of a due campaign, batch by batch, until nothing is left, the time
    budget (``max_seconds``) is spent, or a whole batch failed (the mail server is down: what
    is left waits for the next run). ``now``: the time the campaign is judged due at.
    """
    result = SendResult()
    campaign_start(campaign_id=campaign_id, now=now)
    campaign = Campaign.objects.filter(pk=campaign_id, status=Campaign.Status.SENDING).first()
    if campaign is None:
        return result
    pacer = pacer or Pacer(rate=settings.NEWSLETTER_SEND_RATE)
    if pacer.rate > 0:
        # A batch is sent well within its claim's life, however slow the pace.
        per_claim = int(pacer.rate * CLAIM_TIMEOUT.total_seconds() / 60 / 2)
        batch_size = max(1, min(batch_size, per_claim))
    clinic = Clinic.load()
    token = uuid.uuid4()
    started = time.monotonic()
    connection = connection or bulk_connection()
    while max_seconds is None or time.monotonic() - started < max_seconds:
        batch = deliveries_claim(campaign_id=campaign_id, token=token, size=batch_size)
        if not batch:
            break
        outcomes = []
        for index, delivery in enumerate(batch):
            try:
                outcome = delivery_send(
                    delivery=delivery,
                    token=token,
                    campaign=campaign,
                    clinic=clinic,
                    connection=connection,
                    pacer=pacer,
                )
            except BaseException:
                # Stopped mid-batch (a restart, Ctrl-C, a lost database): the rest of the batch
                # was never tried and goes back at once to the next sender. The message in
                # flight may have left: it waits for its claim to expire, as from a dead sender.
                deliveries_release(token=token, ids=[d.pk for d in batch[index + 1 :]])
                raise
            outcomes.append(outcome)
        result.sent += outcomes.count("sent")
        result.failed += outcomes.count("failed")
        result.skipped += outcomes.count("skipped")
        if "failed" in outcomes and "sent" not in outcomes:
            break
    result.finished = campaign_finish(campaign_id=campaign_id)
    return result


def campaigns_run_due(*, now: datetime | None = None, max_seconds: float | None = None):
    """
    The periodic job (``manage.py send_campaigns`` and the worker's ``send_due_campaigns``):
    the monthly digest when it is due, then every due campaign. (digests, results)
    """
    from newsletter.services.digest import digests_monthly

    digests = digests_monthly(now=now)
    return digests, campaigns_send_due(now=now, max_seconds=max_seconds)


def campaigns_send_due(*, now: datetime | None = None, max_seconds: float | None = None) -> list:
    """Send every campaign that is due; [(campaign id, result)]."""
    now = now or timezone.now()
    results = []
    started = time.monotonic()
    for campaign_id in (
        Campaign.objects.due(now=now).order_by("scheduled_at", "pk").values_list("pk", flat=True)
    ):
        left = None if max_seconds is None else max_seconds - (time.monotonic() - started)
        if left is not None and left <= 0:
            break
        results.append(
            (campaign_id, campaign_send(campaign_id=campaign_id, now=now, max_seconds=left))
        )
    return results
