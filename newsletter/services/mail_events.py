"""
What the mail provider reports about the emails we sent, through django-anymail's ``tracking``
signal (its webhook, ``/anymail/<provider>/tracking/``): each report is kept as a
``MailEvent``, and the ones that say an address cannot or must not be mailed change the
subscriber.

- A complaint (the person marked our email as spam) makes the subscriber ``complained``.
- A hard bounce (the address does not exist, or the provider refuses it as invalid or as a
  former hard bounce) makes the subscriber ``bounced``.
- A soft bounce (mailbox full, a server that answered "try later" until the provider gave up)
  is counted; ``NEWSLETTER_SOFT_BOUNCE_LIMIT`` of them in a row (3) count as a hard bounce.
  A delivered email starts the count again.
- Bounces that say our own email was blocked (the receiving server's spam filter, a block list)
  are recorded and change nothing: they are about the sender, not the address.

Only a subscribed address changes state: a pending sign-up whose confirmation bounced simply
never confirms, and one that left already gets nothing.
"""

import logging
import re
from collections.abc import Iterable

from anymail.signals import AnymailTrackingEvent, EventType, RejectReason
from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Count, Exists, OuterRef
from django.utils import timezone

from newsletter.models import ConsentEvent, MailEvent, Subscriber, email_hash
from newsletter.services.subscription import subscriber_unsubscribe

logger = logging.getLogger(__name__)

Status = Subscriber.Status
Effect = MailEvent.Effect

# Whatever looks like an email address in the provider's explanation is masked: the record
# identifies its recipient by fingerprint only.
_ADDRESS = re.compile(r"[^\s<>\"'(),;:]+@[^\s<>\"'(),;:]+")

# Reasons a bounce is the address's fault rather than ours.
_HARD_REASONS = {None, RejectReason.BOUNCED, RejectReason.INVALID, RejectReason.OTHER}
# Reasons a bounce is about our sending (content, reputation), not the recipient.
_SENDER_REASONS = {RejectReason.BLOCKED, RejectReason.SPAM}

HARD, SOFT, COMPLAINT, DELIVERED, UNSUBSCRIBE, OTHER = (
    "hard",
    "soft",
    "complaint",
    "delivered",
    "unsubscribe",
    "other",
)


def mask_addresses(text, *, limit: int = 300) -> str:
    """``text`` with every email address in it masked, whatever its case or brackets."""
    return _ADDRESS.sub("<address>", str(text or "")).strip()[:limit]


def _payload(event: AnymailTrackingEvent) -> dict:
    return event.esp_event if isinstance(event.esp_event, dict) else {}


def _soft_for_the_provider(event: AnymailTrackingEvent) -> bool:
    """
    A soft bounce anymail reports as "bounced", as some providers do: the provider's own word
    for it is in the payload (read here, never stored).
    """
    payload = _payload(event)
    return (
        payload.get("Type") == "SoftBounce"  # Postmark
        or payload.get("event") == "soft_bounce"  # Brevo
        or (payload.get("bounce") or {}).get("bounceType") == "Transient"  # Amazon SES
    )


def _about_the_sender(event: AnymailTrackingEvent) -> bool:
    # Postmark: the receiving server found a virus in (what it took for) our email.
    return _payload(event).get("Type") == "VirusNotification"


def classify(event: AnymailTrackingEvent) -> str:
    """What a provider's report means for the address: hard, soft, complaint, delivered…"""
    event_type, reason = event.event_type, event.reject_reason
    if event_type == EventType.COMPLAINED:
        return COMPLAINT
    if event_type == EventType.DELIVERED:
        return DELIVERED
    if event_type == EventType.DEFERRED:
        return SOFT
    if event_type == EventType.UNSUBSCRIBED:
        return UNSUBSCRIBE
    if event_type == EventType.BOUNCED:
        if reason == RejectReason.TIMED_OUT or _soft_for_the_provider(event):
            return SOFT
        if reason in _SENDER_REASONS or _about_the_sender(event):
            return OTHER
        return HARD if reason in _HARD_REASONS else OTHER
    if event_type == EventType.REJECTED:
        return HARD if reason in {RejectReason.BOUNCED, RejectReason.INVALID} else OTHER
    return OTHER


def _record_consent_event(subscriber: Subscriber, kind: str, source: str) -> None:
    ConsentEvent.objects.create(subscriber=subscriber, kind=kind, source=source[:300])


def _apply(subscriber: Subscriber | None, meaning: str, *, provider: str) -> str:
    """Change the subscriber as the report asks; returns the ``MailEvent.Effect``."""
    if subscriber is None:
        return Effect.NONE
    if meaning == DELIVERED:
        if subscriber.soft_bounces:
            subscriber.soft_bounces = 0
            subscriber.save(update_fields=["soft_bounces"])
            return Effect.RESET
        return Effect.NONE
    if subscriber.status != Status.SUBSCRIBED:
        return Effect.NONE
    if meaning == UNSUBSCRIBE:
        subscriber_unsubscribe(subscriber=subscriber, source=f"mail provider ({provider})")
        return Effect.UNSUBSCRIBED
    source = f"mail provider ({provider})"
    if meaning == SOFT:
        subscriber.soft_bounces += 1
        if subscriber.soft_bounces < settings.NEWSLETTER_SOFT_BOUNCE_LIMIT:
            subscriber.save(update_fields=["soft_bounces"])
            return Effect.SOFT_BOUNCE
        meaning = HARD
        source = f"{source}: {subscriber.soft_bounces} soft bounces in a row"
    if meaning == HARD:
        subscriber.status = Status.BOUNCED
        subscriber.save(update_fields=["status", "soft_bounces"])
        _record_consent_event(subscriber, ConsentEvent.Kind.BOUNCED, source)
        return Effect.BOUNCED
    if meaning == COMPLAINT:
        subscriber.status = Status.COMPLAINED
        subscriber.save(update_fields=["status"])
        _record_consent_event(subscriber, ConsentEvent.Kind.COMPLAINED, source)
        return Effect.COMPLAINED
    return Effect.NONE


def mail_event_record(*, event: AnymailTrackingEvent, provider: str) -> MailEvent | None:
    """
    Keep one provider report and change its subscriber if it must. A report the provider sends
    again (same event id, same recipient: one event of Amazon SES's may name several) is
    recorded and counted once; returns None for it.
    """
    recipient = (event.recipient or "").strip()
    digest = email_hash(recipient) if recipient else ""
    event_id = str(event.event_id or "")[:255]
    provider = (provider or "")[:30]
    try:
        with transaction.atomic():
            subscriber = None
            if digest:
                subscriber = (
                    Subscriber.objects.select_for_update().filter(email_hash=digest).first()
                )
            if (
                event_id
                and MailEvent.objects.filter(
                    provider=provider, event_id=event_id, email_hash=digest
                ).exists()
            ):
                return None
            effect = _apply(subscriber, classify(event), provider=provider)
            record = MailEvent.objects.create(
                subscriber=subscriber,
                email_hash=digest,
                provider=provider,
                event_type=str(event.event_type or EventType.UNKNOWN)[:20],
                reject_reason=str(event.reject_reason or "")[:20],
                message_id=str(event.message_id or "")[:255],
                event_id=event_id,
                description=mask_addresses(event.description),
                mta_response=mask_addresses(event.mta_response),
                effect=effect,
                occurred_at=event.timestamp or timezone.now(),
            )
    except IntegrityError:
        # The same report, posted twice at once: the other request recorded it.
        return None
    if effect:
        logger.info(
            "newsletter mail event subscriber=%s effect=%s provider=%s",
            subscriber.pk,
            effect,
            provider,
        )
    return record


def tracking_received(sender, event: AnymailTrackingEvent, esp_name: str, **kwargs) -> None:
    """The receiver of anymail's ``tracking`` signal (connected in ``newsletter.apps``)."""
    mail_event_record(event=event, provider=esp_name)


def counts_by_message_ids(message_ids: Iterable[str]) -> dict[str, int]:
    """
    How many of these messages were delivered, bounced, complained about… : for each event
    type, the number of distinct messages with at least one such report. ``message_ids`` may be
    a list or a query (``Delivery.objects.filter(campaign=…).values("message_id")``), so a
    campaign's page counts in one query. Every type is in the answer, 0 when none.
    """
    rows = (
        MailEvent.objects.filter(message_id__in=message_ids)
        .exclude(message_id="")
        .order_by()
        .values("event_type")
        .annotate(messages=Count("message_id", distinct=True))
    )
    counts = dict.fromkeys(MailEvent.Type.values, 0)
    counts.update({row["event_type"]: row["messages"] for row in rows})
    return counts


# What a campaign's page shows of the reports: {count's name: the event types that make it}.
CAMPAIGN_REPORTS = {
    "delivered": [MailEvent.Type.DELIVERED],
    "bounced": [MailEvent.Type.BOUNCED, MailEvent.Type.REJECTED],
    "complained": [MailEvent.Type.COMPLAINED],
}


def counts_by_message_ids_grouped(messages, *, by: str) -> dict[str, dict[str, int]]:
    """
    ``counts_by_message_ids`` by group, in one query: ``messages`` is a query of rows with a
    ``message_id`` (a campaign's deliveries), ``by`` the field to group them on
    (``subscriber__language``). For each group, how many of its messages have at least one
    report of each of ``CAMPAIGN_REPORTS``.
    """

    def reported(types):
        return Exists(
            MailEvent.objects.filter(message_id=OuterRef("message_id"), event_type__in=types)
        )

    rows = (
        messages.exclude(message_id="")
        .order_by()
        .values(by)
        .annotate(
            **{
                name: Count("pk", filter=reported(types))
                for name, types in CAMPAIGN_REPORTS.items()
            }
        )
    )
    return {row.pop(by): row for row in rows}
