"""
What the newsletter keeps only for a while: sign-ups never confirmed, and uploaded files never
imported. ``manage.py purge_expired`` runs these daily (clinic_site.retention).
"""

from datetime import timedelta

from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from newsletter.models import ConsentEvent, Subscriber, SubscriberImport
from newsletter.services.subscription import subscriber_forget

Kind = ConsentEvent.Kind


def unconfirmed_signups_purge(*, older_than_days: int) -> int:
    """
    Sign-ups still unconfirmed ``older_than_days`` after their last request. One that never
    was anything more is deleted with its requests: nobody consented to anything. One that
    asked again after unsubscribing or being forgotten keeps that record and is forgotten
    instead, so that no import can bring the address back.
    """
    cutoff = timezone.now() - timedelta(days=older_than_days)
    recent_request = ConsentEvent.objects.filter(
        subscriber=OuterRef("pk"), kind=Kind.SUBSCRIBE_REQUESTED, created_at__gte=cutoff
    )
    other_history = ConsentEvent.objects.filter(subscriber=OuterRef("pk")).exclude(
        kind=Kind.SUBSCRIBE_REQUESTED
    )
    due = Subscriber.objects.filter(
        status=Subscriber.Status.PENDING, created_at__lt=cutoff
    ).exclude(Exists(recent_request))
    count = 0
    for subscriber in due.filter(Exists(other_history)):
        subscriber_forget(subscriber=subscriber, source="confirmation never given (purge)")
        count += 1
    for subscriber in due.exclude(Exists(other_history)):
        with transaction.atomic():
            subscriber_forget(subscriber=subscriber, source="confirmation never given (purge)")
            subscriber.consent_events.all().erase_unconfirmed()
            subscriber.delete()
        count += 1
    return count


def import_uploads_purge(*, older_than_days: int) -> int:
    """Uploads left in preview (never confirmed) for ``older_than_days``: their content goes."""
    cutoff = timezone.now() - timedelta(days=older_than_days)
    return SubscriberImport.objects.filter(
        status=SubscriberImport.Status.PREVIEW, created_at__lt=cutoff
    ).update(status=SubscriberImport.Status.CANCELLED, content="")
