"""
Receiving a call-back or assessment request: save it (merging repeats) with the photos kept
for it, and queue the staff notification, which the worker sends once the lead is committed.

The lead is written in its own short transaction before anything else happens, so a mail or
queue outage can delay the notification but never lose the request.
"""

import logging
from collections.abc import Mapping, Sequence
from contextlib import nullcontext
from dataclasses import dataclass, field
from datetime import datetime

from django.db import IntegrityError, router, transaction
from django.utils import formats, timezone, translation
from django_tasks_db.backend import DatabaseBackend

from clinic_site.ip_addresses import client_ip, truncate_ip
from leads.attribution import UTM_FIELDS, clean_url, lead_attribution
from leads.consent import CONSENT_VERSION, HEALTH_CONSENT_VERSION
from leads.models import AssessmentPhoto, Lead, phone_country
from leads.photos import photos_delete
from leads.tasks import notify_staff_of_lead

logger = logging.getLogger(__name__)

USER_AGENT_MAX_LENGTH = 500
# A repeat that races a first request is retried this many times before giving up.
MERGE_RETRIES = 3


@dataclass(frozen=True)
class RequestMeta:
    """What the request itself tells about the patient's visit, read once in the view."""

    ip_address: str = ""
    user_agent: str = ""
    referrer: str = ""
    language: str = ""
    visit: Mapping[str, str] = field(default_factory=dict)
    # Where the request came to (``https://host``): the site whose pages are its own.
    site: str = ""

    @classmethod
    def from_request(cls, request, *, visit=None) -> "RequestMeta":
        return cls(
            site=request.build_absolute_uri("/").rstrip("/"),
            ip_address=truncate_ip(client_ip(request)),
            user_agent=request.META.get("HTTP_USER_AGENT", "")[:USER_AGENT_MAX_LENGTH],
            referrer=clean_url(request.META.get("HTTP_REFERER", "")),
            language=getattr(request, "LANGUAGE_CODE", "") or translation.get_language() or "",
            visit=visit or {},
        )


def lead_submit(
    *,
    data: Mapping,
    request_meta: RequestMeta,
    spam_reasons: Sequence[str] = (),
    busy_network: bool = False,
) -> Lead:
    """
    Save a call-back request from the form's cleaned ``data`` and return its lead.

    A suspect request (``spam_reasons``) is kept with status ``spam`` for staff to review and
    nobody is notified. Otherwise a repeat from a phone with an open lead is merged into it;
    a phone whose earlier leads are all closed gets a new lead marked as a returning patient.
    Staff are notified after the transaction commits.

    A request from a ``busy_network`` (past the per-address rate limit) is marked so; a new
    lead from one is held: nobody is notified until a coordinator releases it
    (``leads.services.triage.lead_release``).
    """
    now = timezone.now()
    phone = data["phone"]
    photo_keys = list(data.get("photos") or ())
    kind = Lead.Kind.ASSESSMENT if data.get("kind") == Lead.Kind.ASSESSMENT else Lead.Kind.CALLBACK
    health_consent = kind == Lead.Kind.ASSESSMENT and bool(data.get("health_consent"))
    fields = {
        "kind": kind,
        "name": data["name"],
        "phone": phone,
        "country": phone_country(phone),
        "preferred_time": data.get("preferred_time") or Lead.PreferredTime.ASAP,
        "interest": data.get("interest"),
        "message": data.get("message", ""),
        "whatsapp_ok": bool(data.get("whatsapp_ok")),
        "language": request_meta.language[:10],
        "consent_text": data.get("consent_text", ""),
        "consent_version": CONSENT_VERSION,
        "consented_at": now,
        "email": data.get("email", ""),
        "age_range": data.get("age_range", ""),
        "hair_loss": data.get("hair_loss", ""),
        "earlier_transplants": data.get("earlier_transplants", ""),
        "health_consent_text": data.get("health_consent_text", "") if health_consent else "",
        "health_consent_version": HEALTH_CONSENT_VERSION if health_consent else "",
        "health_consented_at": now if health_consent else None,
        "ip_address": request_meta.ip_address or None,
        "user_agent": request_meta.user_agent,
        "created_at": now,
        "last_requested_at": now,
        "busy_network": busy_network,
        **lead_attribution(
            source_url=data.get("source_url", ""),
            referrer=request_meta.referrer,
            visit=request_meta.visit,
            site=request_meta.site,
        ),
    }

    if spam_reasons:
        with transaction.atomic():
            lead = Lead.objects.create(
                **fields, status=Lead.Status.SPAM, spam_reasons=list(spam_reasons)
            )
            _attach_photos(lead, photo_keys, health_consent=health_consent)
        logger.info("call-back request %s held for review as spam: %s", lead.pk, spam_reasons)
        return lead

    for attempt in range(1, MERGE_RETRIES + 1):
        try:
            with transaction.atomic():
                lead = _merge_or_create(fields=fields, now=now)
                _attach_photos(lead, photo_keys, health_consent=health_consent)
                if not lead.notification_held:
                    _notification_enqueue_with(lead.pk)
            return lead
        except IntegrityError:
            # Another request from this phone created the open lead between our look and our
            # insert; the unique constraint refused the second one. Merge into theirs.
            if attempt == MERGE_RETRIES:
                raise
            logger.info("call-back request raced a repeat from the same phone; merging")
    raise AssertionError("unreachable")


def _merge_or_create(*, fields: dict, now: datetime) -> Lead:
    """
    The phone's open lead with this request merged in, or a new lead.

    One light look at the phone's earlier leads (their id and status: nearly always none)
    decides; only a repeat reads and locks the whole open lead. The look runs inside the
    write transaction, so it is kept short: on SQLite every other post waits for it.
    """
    phone = fields["phone"]
    earlier = _earlier_leads(phone)
    open_pk = next((pk for pk, status in earlier if status in Lead.OPEN_STATUSES), None)
    if open_pk is not None:
        lead = Lead.objects.select_for_update().open().filter(pk=open_pk).first()
        if lead is not None:
            _merge(lead, fields=fields, now=now)
            logger.info("call-back request merged into open lead %s", lead.pk)
            return lead
        # Closed by a coordinator between the look and the lock: an earlier lead now.
        earlier = _earlier_leads(phone)
    previous_pk = next((pk for pk, status in earlier if status not in Lead.OPEN_STATUSES), None)
    lead = Lead.objects.create(
        **fields,
        is_returning=previous_pk is not None,
        previous_lead_id=previous_pk,
        notification_held=fields["busy_network"],
    )
    if lead.notification_held:
        logger.info("call-back request %s received from a busy network; held", lead.pk)
    else:
        logger.info("call-back request %s received", lead.pk)
    return lead


def _earlier_leads(phone: str) -> list[tuple[int, str]]:
    """(id, status) of the phone's leads, newest first; spam is nobody's earlier request."""
    return list(
        Lead.objects.for_phone(phone)
        .exclude(status=Lead.Status.SPAM)
        .order_by("-created_at")
        .values_list("pk", "status")
    )


def _merge(lead: Lead, *, fields: dict, now: datetime) -> None:
    """A repeat request: count it, keep its newest wishes, and notify staff again."""
    if fields["message"]:
        lead.message = _with_earlier_message(fields["message"], lead)
    lead.request_count += 1
    lead.last_requested_at = now
    lead.preferred_time = fields["preferred_time"]
    lead.interest = fields["interest"] or lead.interest
    lead.whatsapp_ok = lead.whatsapp_ok or fields["whatsapp_ok"]
    # An assessment merged into an open call-back request makes it an assessment, with its
    # photos; a call back asked after an assessment leaves it one.
    if fields["kind"] == Lead.Kind.ASSESSMENT:
        lead.kind = Lead.Kind.ASSESSMENT
    for name in ("email", "age_range", "hair_loss", "earlier_transplants"):
        lead_value = fields[name] or getattr(lead, name)
        setattr(lead, name, lead_value)
    if fields["health_consented_at"]:
        for name in ("health_consent_text", "health_consent_version", "health_consented_at"):
            setattr(lead, name, fields[name])
    # A held lead stays held until released; one already known is not held by a repeat.
    lead.busy_network = lead.busy_network or fields["busy_network"]
    # The latest request's consent and language stand: a patient who first wrote from an
    # English page and then from a German one is called, and written to, in German.
    for name in ("consent_text", "consent_version", "consented_at", "language"):
        setattr(lead, name, fields[name])
    for name in ("source_url", "referrer", *UTM_FIELDS):
        # The first request's attribution stands; a repeat only fills in what was missing.
        if not getattr(lead, name):
            setattr(lead, name, fields[name])
    # Pending again: coordinators hear that the patient asked again.
    lead.notified_at = None
    lead.notification_claimed_at = None
    lead.webhook_posted_at = None
    lead.save()


def _attach_photos(lead: Lead, keys: Sequence, *, health_consent: bool) -> int:
    """
    Give the request the photos kept for it (``leads.photos.photo_keep``), by their keys; only
    photos not given to a request yet. No photo is kept without the health-data consent.
    """
    if not keys:
        return 0
    photos = AssessmentPhoto.objects.unsent().filter(key__in=keys)
    if not health_consent:
        photos_delete(photos)
        return 0
    return photos.update(lead=lead)


def _with_earlier_message(message: str, lead: Lead) -> str:
    if not lead.message:
        return message
    with translation.override(None):
        when = formats.date_format(timezone.localtime(lead.last_requested_at), "DATETIME_FORMAT")
    return f"{message}\n\n--- {when}\n{lead.message}"


def _notification_enqueue_with(lead_id: int) -> None:
    """
    Queue the notification of a lead being saved. In the same transaction when the queue is
    in the same database: the task row commits with the lead or not at all, the request takes
    one write transaction instead of two (on SQLite, the write lock once), and no lead is
    left unqueued by a crash between the two. Anywhere else, after commit.
    """
    if notification_queue_is_this_database():
        lead_notification_enqueue(lead_id, savepoint=True)
    else:
        transaction.on_commit(lambda: lead_notification_enqueue(lead_id))


def notification_queue_is_this_database() -> bool:
    """
    Whether the notification task is a row in the leads' own database (``django_tasks_db``,
    production's queue), so that queueing it inside the lead's transaction is safe: the
    worker cannot see the task before the lead is committed. Any other queue (one that runs
    the task at once, or a broker outside the database) is given the task after commit.
    """
    backend = notify_staff_of_lead.get_backend()
    if not isinstance(backend, DatabaseBackend):
        return False
    from django_tasks_db.models import DBTaskResult

    return router.db_for_write(DBTaskResult) == router.db_for_write(Lead)


def lead_notification_enqueue(lead_id: int, *, savepoint: bool = False) -> None:
    """
    Queue the staff notification of a lead: after commit, or, with ``savepoint``, inside the
    lead's transaction (the queue in the same database). Cron is the safety net: a queue that
    fails is logged, and ``send_lead_notifications`` sends the notification. Its own savepoint
    keeps a failed insert from undoing the lead (PostgreSQL aborts a transaction on an error).
    """
    try:
        with transaction.atomic() if savepoint else nullcontext():
            notify_staff_of_lead.enqueue(lead_id)
    except Exception:  # noqa: BLE001 - the lead is saved; the command sends it later
        logger.exception(
            "call-back request %s: could not queue the staff notification; "
            "send_lead_notifications will send it",
            lead_id,
        )
