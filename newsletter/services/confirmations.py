"""
Sending the confirmation email of a subscription request: by the background task right after
the request, and by ``send_newsletter_confirmations`` (cron, every minute) for any the task could
not send (mail server down, worker stopped). As for call-back notifications, each sender first
*claims* the subscriber with one conditional UPDATE, so the task and the command running at the
same moment never both send; a claim left by a sender that died expires after
``CLAIM_TIMEOUT``. A new request while one is being sent takes the claim away, so its own email
still goes out.
"""

import logging
from datetime import timedelta

from django.db.models import Q
from django.utils import timezone

from newsletter import emails
from newsletter.models import Subscriber

logger = logging.getLogger(__name__)

CLAIM_TIMEOUT = timedelta(minutes=5)


def confirmation_mark_due(*, subscriber: Subscriber, request_id: int) -> None:
    """The confirmation email for this request is to be sent (by the task, else by cron)."""
    Subscriber.objects.filter(pk=subscriber.pk).update(
        confirmation_due_at=timezone.now(),
        confirmation_request_id=request_id,
        confirmation_claimed_at=None,
    )


def confirmation_send(*, subscriber_id: int) -> bool:
    """
    Send the confirmation email this subscriber is due, if any. True when this call sent it;
    False when there was nothing to send, another sender has it, or sending failed (it then
    stays due for the next run).
    """
    claimed_at = timezone.now()
    claimed = (
        Subscriber.objects.confirmation_due(now=claimed_at)
        .filter(pk=subscriber_id)
        .filter(
            Q(confirmation_claimed_at__isnull=True)
            | Q(confirmation_claimed_at__lt=claimed_at - CLAIM_TIMEOUT)
        )
        .update(confirmation_claimed_at=claimed_at)
    )
    if not claimed:
        return False
    mine = Subscriber.objects.filter(pk=subscriber_id, confirmation_claimed_at=claimed_at)
    subscriber = Subscriber.objects.get(pk=subscriber_id)
    try:
        emails.confirmation_message(
            subscriber, request_id=subscriber.confirmation_request_id
        ).send()
    except Exception as error:  # noqa: BLE001 - any mail failure leaves it due
        logger.warning(
            "newsletter confirmation email failed subscriber=%s (%s); it stays due",
            subscriber_id,
            type(error).__name__,
        )
        mine.update(confirmation_claimed_at=None)
        return False
    mine.update(confirmation_due_at=None, confirmation_claimed_at=None)
    logger.info("newsletter confirmation email sent subscriber=%s", subscriber_id)
    return True


def confirmations_send_due() -> tuple[int, int]:
    """Send every confirmation email still due; (sent, still due)."""
    sent = 0
    for subscriber_id in list(
        Subscriber.objects.confirmation_due().order_by("pk").values_list("pk", flat=True)
    ):
        sent += confirmation_send(subscriber_id=subscriber_id)
    return sent, Subscriber.objects.confirmation_due().count()
