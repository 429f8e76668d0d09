"""
One person's subscription, from the request to the erasure: subscribe (double opt-in),
confirm, unsubscribe, forget. The public views and the admin's actions call these; emails go
out through background tasks enqueued after the transaction commits.

No function here logs an email address: subscribers are named by their id.
"""

import logging

from django.db import IntegrityError, transaction
from django.utils import timezone

from clinic_site.erasure import admin_history_scrub, sessions_scrub, task_results_delete
from clinic_site.ip_addresses import truncate_ip
from clinic_site.ratelimits import rate_limit_exceeded, rate_limit_forget
from newsletter import tasks
from newsletter.consent import CONSENT_VERSION
from newsletter.models import Campaign, ConsentEvent, Subscriber
from newsletter.services.confirmations import confirmation_mark_due
from newsletter.services.imports import subscriber_import_previews_scrub
from newsletter.tokens import TokenInvalid, confirm_token_read

logger = logging.getLogger(__name__)

# Confirmation emails per address, whoever asks: the form cannot be used to flood a mailbox.
CONFIRMATION_EMAIL_RATE = "3/1d"

Status = Subscriber.Status
Kind = ConsentEvent.Kind


def _record(
    subscriber: Subscriber,
    kind: str,
    *,
    source: str = "",
    consent_text: str = "",
    consent_version: str = "",
    consented_at=None,
    ip_address: str = "",
    user_agent: str = "",
    campaign=None,
) -> ConsentEvent:
    return ConsentEvent.objects.create(
        campaign=campaign,
        subscriber=subscriber,
        kind=kind,
        source=source[:300],
        consent_text=consent_text,
        consent_version=consent_version,
        consented_at=consented_at,
        ip_address=truncate_ip(ip_address) or None,
        user_agent=(user_agent or "")[:300],
    )


def _send_confirmation(subscriber: Subscriber, request: ConsentEvent) -> bool:
    """
    Mark the confirmation email due and enqueue it after commit, unless the address had enough
    for today. Cron sends it if the task cannot (``newsletter.services.confirmations``).
    """
    if rate_limit_exceeded(
        scope="newsletter-confirmation", key=subscriber.email_hash, rate=CONFIRMATION_EMAIL_RATE
    ):
        logger.info("newsletter confirmation not sent: rate limit subscriber=%s", subscriber.pk)
        return False
    subscriber_id, request_id = subscriber.pk, request.pk
    confirmation_mark_due(subscriber=subscriber, request_id=request_id)
    transaction.on_commit(lambda: tasks.send_confirmation_email.enqueue(subscriber_id, request_id))
    return True


# --- The patient's side -----------------------------------------------------------------------


def subscriber_subscribe(
    *,
    email: str,
    consent_text: str,
    language: str,
    first_name: str = "",
    source_url: str = "",
    ip_address: str = "",
    user_agent: str = "",
) -> Subscriber:
    """
    A request to subscribe (double opt-in): records the consent asked for and sends a
    confirmation link. A subscribed address is left as it is and gets nothing; an unsubscribed,
    forgotten or bounced one becomes pending again and must confirm (a bounced mailbox that
    works again proves it by confirming; one that bounces again is marked again). A complained
    one is left as it is and gets nothing: anyone can type an address into the form, and a
    second unwanted email to someone who reported ours as spam is what gets a sender blocked.
    Callers show the same answer for every case, so the answer never tells who is on the list.
    """
    with transaction.atomic():
        subscriber = Subscriber.objects.select_for_update().with_email(email).first()
        if subscriber is None:
            try:
                with transaction.atomic():
                    subscriber = Subscriber.objects.create(
                        email=email, language=language, source=Subscriber.Source.WEBSITE
                    )
            except IntegrityError:
                # The same new address sent twice at once: the other request created it.
                subscriber = Subscriber.objects.select_for_update().with_email(email).get()
        if subscriber.status in {Status.SUBSCRIBED, Status.COMPLAINED}:
            return subscriber

        if subscriber.status != Status.PENDING:
            subscriber.status = Status.PENDING
            subscriber.confirmed_at = None
            subscriber.source = Subscriber.Source.WEBSITE
            subscriber.soft_bounces = 0
        subscriber.email = email  # also restores a forgotten address, asked for again
        subscriber.language = language or subscriber.language
        subscriber.first_name = first_name or subscriber.first_name
        subscriber.source_url = source_url[:500] or subscriber.source_url
        subscriber.save()
        request = _record(
            subscriber,
            Kind.SUBSCRIBE_REQUESTED,
            source=source_url,
            consent_text=consent_text,
            consent_version=CONSENT_VERSION,
            ip_address=ip_address,
            user_agent=user_agent,
        )
        _send_confirmation(subscriber, request)
    logger.info("newsletter subscription requested subscriber=%s", subscriber.pk)
    return subscriber


def _confirmable_request(subscriber: Subscriber | None, request_id: int) -> ConsentEvent:
    """The subscription request a link confirms, if it still may be confirmed."""
    if subscriber is None or subscriber.status != Status.PENDING:
        raise TokenInvalid
    request = subscriber.consent_events.filter(pk=request_id, kind=Kind.SUBSCRIBE_REQUESTED).first()
    withdrawn_since = subscriber.consent_events.filter(
        pk__gt=request_id, kind__in=[Kind.UNSUBSCRIBED, Kind.FORGOTTEN]
    ).exists()
    if request is None or withdrawn_since:
        raise TokenInvalid
    return request


def subscriber_for_confirm_token(*, token: str) -> Subscriber:
    """
    Who a confirmation link is for, changing nothing (for the page with the Confirm button).
    Raises ``TokenInvalid`` or ``TokenExpired`` as ``subscriber_confirm`` would.
    """
    data = confirm_token_read(token)
    subscriber = Subscriber.objects.filter(key=data.key).first()
    if subscriber is not None and subscriber.status == Status.SUBSCRIBED:
        return subscriber
    _confirmable_request(subscriber, data.request_id)
    return subscriber


def subscriber_confirm(*, token: str, ip_address: str = "", user_agent: str = "") -> Subscriber:
    """
    Confirm the address from the emailed link and send the welcome email. Confirming twice
    is harmless. Raises ``TokenInvalid`` (``TokenExpired``) for a link that cannot be used,
    including one sent before the person last unsubscribed.
    """
    data = confirm_token_read(token)
    with transaction.atomic():
        subscriber = Subscriber.objects.select_for_update().filter(key=data.key).first()
        if subscriber is not None and subscriber.status == Status.SUBSCRIBED:
            return subscriber
        request = _confirmable_request(subscriber, data.request_id)
        subscriber.status = Status.SUBSCRIBED
        subscriber.confirmed_at = timezone.now()
        subscriber.save(update_fields=["status", "confirmed_at"])
        _record(
            subscriber,
            Kind.CONFIRMED,
            source="confirmation link",
            consent_text=request.consent_text,
            consent_version=request.consent_version,
            ip_address=ip_address,
            user_agent=user_agent,
        )
        subscriber_id = subscriber.pk
        transaction.on_commit(lambda: tasks.send_welcome_email.enqueue(subscriber_id))
    logger.info("newsletter subscription confirmed subscriber=%s", subscriber.pk)
    return subscriber


def subscriber_confirmation_resend(*, subscriber: Subscriber) -> bool:
    """A new confirmation link for a pending subscriber whose link expired (rate-limited)."""
    request = subscriber.consent_events.filter(kind=Kind.SUBSCRIBE_REQUESTED).last()
    if subscriber.status != Status.PENDING or request is None:
        return False
    return _send_confirmation(subscriber, request)


def subscriber_unsubscribe(
    *,
    subscriber: Subscriber,
    source: str,
    ip_address: str = "",
    user_agent: str = "",
    campaign_id: int | None = None,
) -> Subscriber:
    """
    Stop every email at once. Idempotent: a second request changes and records nothing, and
    neither does one for an address that gets nothing already (bounced, complained).
    ``campaign_id``: the campaign whose link was used, recorded with the event when it exists.
    """
    with transaction.atomic():
        subscriber = Subscriber.objects.select_for_update().get(pk=subscriber.pk)
        if subscriber.status in Subscriber.STOPPED:
            return subscriber
        subscriber.status = Status.UNSUBSCRIBED
        subscriber.unsubscribed_at = timezone.now()
        subscriber.save(update_fields=["status", "unsubscribed_at"])
        _record(
            subscriber,
            Kind.UNSUBSCRIBED,
            source=source,
            ip_address=ip_address,
            user_agent=user_agent,
            campaign=Campaign.objects.filter(pk=campaign_id).first() if campaign_id else None,
        )
    logger.info("newsletter unsubscribed subscriber=%s via=%s", subscriber.pk, source)
    return subscriber


def _erase_copies(subscriber: Subscriber, *, email: str, first_name: str) -> None:
    admin_history_scrub(
        model=Subscriber,
        object_ids=[subscriber.pk],
        object_repr=lambda _object_id: str(subscriber),
        personal_values=[email, first_name],
    )
    for task in (tasks.send_confirmation_email, tasks.send_welcome_email):
        task_results_delete(task=task, first_args=[subscriber.pk])
    rate_limit_forget(
        scope="newsletter-confirmation", key=subscriber.email_hash, rate=CONFIRMATION_EMAIL_RATE
    )
    sessions_scrub(personal_values=[email])
    subscriber_import_previews_scrub(email=email)


# --- Marketing's side ---------------------------------------------------------------------------


def subscriber_forget(*, subscriber: Subscriber, source: str) -> Subscriber:
    """
    An erasure request: the address, name, page and tags go, and so do the IP addresses and
    browsers in the consent history, the mail servers' words on their campaign deliveries, and
    every copy of the address elsewhere
    (``clinic_site.erasure``): the admin history, the email tasks' stored runs, the
    confirmation counter in the cache, session values and imports still waiting for
    confirmation. What stays: the kinds and times of the events and a keyed fingerprint of
    the address, so that no import can add it again.
    """
    with transaction.atomic():
        subscriber = Subscriber.objects.select_for_update().get(pk=subscriber.pk)
        if subscriber.status == Status.FORGOTTEN:
            return subscriber
        email, first_name = subscriber.email, subscriber.first_name
        subscriber.status = Status.FORGOTTEN
        subscriber.email = ""
        subscriber.first_name = ""
        subscriber.source_url = ""
        subscriber.forgotten_at = timezone.now()
        subscriber.save()
        subscriber.tags.clear()
        subscriber.consent_events.update(ip_address=None, user_agent="")
        # A mail server's refusal may have quoted the address in a way the mask missed.
        subscriber.deliveries.exclude(error="").update(error="")
        _record(subscriber, Kind.FORGOTTEN, source=source)
        _erase_copies(subscriber, email=email, first_name=first_name)
    logger.info("newsletter subscriber forgotten subscriber=%s", subscriber.pk)
    return subscriber
