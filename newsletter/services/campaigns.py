"""
Marketing's side of a campaign: who it goes to, a test to oneself, scheduling, cancelling, and
what the campaign's page counts. The sending itself is ``sending.py``.
"""

import logging
from datetime import datetime

from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django_tasks import default_task_backend

from newsletter import emails, tasks
from newsletter.models import Campaign, ConsentEvent, Delivery, Subscriber
from newsletter.services.mail_events import CAMPAIGN_REPORTS, counts_by_message_ids_grouped

logger = logging.getLogger(__name__)


class CampaignNotEditable(Exception):
    """Only a draft can be scheduled; only a campaign not yet sending can be cancelled."""


def campaign_audience(*, campaign: Campaign):
    """
    The subscribers the campaign would go to now: ``subscribed`` (no other status, ever), in
    its language, and, for a tagged audience, with one of its tags.
    """
    subscribers = Subscriber.objects.subscribed().writing_in(campaign.language)
    if campaign.audience == Campaign.Audience.TAGS:
        subscribers = subscribers.filter(tags__in=campaign.tags.all()).distinct()
    return subscribers


def campaign_recipient_count(*, campaign: Campaign) -> int:
    return campaign_audience(campaign=campaign).count()


def campaign_send_test(*, campaign: Campaign, email: str, first_name: str = "") -> None:
    """The campaign as a subscriber gets it, to ``email`` (the admin's own address)."""
    subscriber = emails.sample_subscriber(campaign, email=email, first_name=first_name)
    message = emails.campaign_message(campaign=campaign, subscriber=subscriber)
    message.subject = f"[TEST] {message.subject}"
    message.send()
    logger.info("newsletter campaign test sent campaign=%s", campaign.pk)


def campaign_schedule(*, campaign: Campaign, at: datetime | None = None) -> Campaign:
    """
    Send the draft at ``at`` (now when empty): the worker starts at once when it is due, and
    ``send_campaigns`` (the periodic job) sends whatever is due in any case.
    """
    now = timezone.now()
    at = at or now
    with transaction.atomic():
        scheduled = Campaign.objects.filter(pk=campaign.pk, status=Campaign.Status.DRAFT).update(
            status=Campaign.Status.SCHEDULED, scheduled_at=at
        )
        if not scheduled:
            raise CampaignNotEditable
        campaign_id = campaign.pk
        if at <= now:
            transaction.on_commit(lambda: tasks.send_campaign.enqueue(campaign_id))
        elif default_task_backend.supports_defer:
            # The worker sends it at its time by itself; send_campaigns (cron, the clock) too,
            # whichever comes first: the deliveries make the second one send nothing.
            transaction.on_commit(
                lambda: tasks.send_campaign.using(run_after=at).enqueue(campaign_id)
            )
    campaign.refresh_from_db()
    logger.info("newsletter campaign scheduled campaign=%s at=%s", campaign.pk, at.isoformat())
    return campaign


def campaign_cancel(*, campaign: Campaign) -> Campaign:
    """
    A scheduled campaign back to nothing (``cancelled``), or a draft set aside. A campaign that
    started sending is stopped: what was not sent yet is never sent.
    """
    with transaction.atomic():
        cancelled = Campaign.objects.filter(
            pk=campaign.pk,
            status__in=[
                Campaign.Status.DRAFT,
                Campaign.Status.SCHEDULED,
                Campaign.Status.SENDING,
            ],
        ).update(status=Campaign.Status.CANCELLED, finished_at=timezone.now())
        if not cancelled:
            raise CampaignNotEditable
        Delivery.objects.filter(campaign=campaign, status=Delivery.Status.PENDING).delete()
    campaign.refresh_from_db()
    return campaign


def campaign_progress(*, campaign: Campaign) -> dict:
    """Sent, failed and remaining deliveries (remaining: waiting or being sent)."""
    counts = dict(
        campaign.deliveries.values_list("status").annotate(n=Count("pk")).values_list("status", "n")
    )
    return {
        "sent": counts.get(Delivery.Status.SENT, 0),
        "failed": counts.get(Delivery.Status.FAILED, 0),
        "skipped": counts.get(Delivery.Status.SKIPPED, 0),
        "remaining": counts.get(Delivery.Status.PENDING, 0)
        + counts.get(Delivery.Status.SENDING, 0),
        "total": sum(counts.values()),
    }


def campaign_counts_by_language(*, campaign: Campaign) -> dict[str, dict[str, int]]:
    """
    {language: {"sent", "delivered", "bounced", "complained", "unsubscribed": n}} for the
    campaign's page, by the subscriber's language, in three queries however many languages:
    delivered, bounced and complained count the sent messages the provider reported so
    (``mail_events.counts_by_message_ids_grouped``, matched on the delivery's message id).
    """
    empty = {"sent": 0, **dict.fromkeys(CAMPAIGN_REPORTS, 0), "unsubscribed": 0}
    counts: dict[str, dict[str, int]] = {}

    def add(rows, name):
        for language, n in rows:
            counts.setdefault(language, dict(empty))[name] = n

    add(
        campaign.deliveries.filter(status=Delivery.Status.SENT)
        .values_list("subscriber__language")
        .annotate(n=Count("pk"))
        .order_by(),
        "sent",
    )
    reports = counts_by_message_ids_grouped(
        campaign.deliveries.filter(status=Delivery.Status.SENT), by="subscriber__language"
    )
    for language, reported in reports.items():
        counts.setdefault(language, dict(empty)).update(reported)
    add(
        ConsentEvent.objects.filter(campaign=campaign, kind=ConsentEvent.Kind.UNSUBSCRIBED)
        .values_list("subscriber__language")
        .annotate(n=Count("subscriber", distinct=True))
        .order_by(),
        "unsubscribed",
    )
    return dict(sorted(counts.items()))
