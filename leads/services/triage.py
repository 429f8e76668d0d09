"""
Working a call-back request: claim it, call, log the attempt, move it on.

Every write is one conditional UPDATE or a short transaction, so two coordinators clicking at
the same moment never both get a lead, and a claim never silently takes a lead someone else
holds (``LeadHeldByOther``: the admin asks first, then calls again with ``take_over=True``).
The admin records each change in its history; these functions only change the data.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from leads.models import CallAttempt, Lead, Note, call_time_check
from leads.services.submission import lead_notification_enqueue


class LeadHeldByOther(Exception):
    def __init__(self, lead: Lead):
        super().__init__(f"lead {lead.pk} is held by {lead.owner}")
        self.lead = lead


@dataclass
class BulkChange:
    """What a change to several leads did: the leads changed, and those it had to leave alone."""

    changed: list[Lead] = field(default_factory=list)
    skipped: list[Lead] = field(default_factory=list)


# Moving a new request on to one of these by hand counts as its first contact.
MOVED_ON = (Lead.Status.CONTACTED, Lead.Status.BOOKED, Lead.Status.WON)


def _set_status(lead: Lead, status: str, *, when: datetime | None = None) -> None:
    """A status change is activity: it keeps an open request from retention (see retention)."""
    lead.status = status
    lead.status_changed_at = when or timezone.now()


def lead_claim(*, lead: Lead, user: AbstractBaseUser, take_over: bool = False) -> Lead:
    """
    Make ``user`` the lead's coordinator. Free leads and the user's own are claimed at once;
    a lead someone else holds raises ``LeadHeldByOther`` unless ``take_over`` is set.
    """
    now = timezone.now()
    free_or_mine = Q(owner__isnull=True) | Q(owner=user)
    if take_over:
        free_or_mine = Q()
    claimed = (
        Lead.objects.filter(pk=lead.pk)
        .filter(free_or_mine)
        .update(owner=user, claimed_at=now, updated_at=now)
    )
    lead.refresh_from_db()
    if not claimed:
        raise LeadHeldByOther(lead)
    return lead


def lead_assign(*, leads: Iterable[Lead], owner: AbstractBaseUser | None) -> list[Lead]:
    """Give the leads to ``owner`` (or to nobody), whoever held them: an explicit choice."""
    now = timezone.now()
    leads = list(leads)
    Lead.objects.filter(pk__in=[lead.pk for lead in leads]).update(
        owner=owner, claimed_at=now if owner else None, updated_at=now
    )
    for lead in leads:
        lead.owner, lead.claimed_at = owner, now if owner else None
    return leads


def lead_mark_contacted(*, leads: Iterable[Lead], when: datetime | None = None) -> BulkChange:
    """New leads become ``contacted``; the first contact stops their SLA clock."""
    when = when or timezone.now()
    result = BulkChange()
    for lead in leads:
        if lead.status != Lead.Status.NEW:
            result.skipped.append(lead)
            continue
        _set_status(lead, Lead.Status.CONTACTED, when=when)
        lead.first_contact_at = lead.first_contact_at or when
        lead.save(update_fields=["status", "status_changed_at", "first_contact_at", "updated_at"])
        result.changed.append(lead)
    return result


def lead_mark_spam(*, leads: Iterable[Lead]) -> BulkChange:
    result = BulkChange()
    for lead in leads:
        if lead.status == Lead.Status.SPAM:
            result.skipped.append(lead)
            continue
        _set_status(lead, Lead.Status.SPAM)
        lead.save(update_fields=["status", "status_changed_at", "updated_at"])
        result.changed.append(lead)
    return result


def lead_mark_not_spam(*, leads: Iterable[Lead]) -> BulkChange:
    """
    Rescue real patients from the spam filter: back to ``new``. A phone that meanwhile has
    another open request is skipped (one open request per phone): work that one instead.
    """
    result = BulkChange()
    for lead in leads:
        if lead.status != Lead.Status.SPAM:
            result.skipped.append(lead)
            continue
        previous_change = lead.status_changed_at
        _set_status(lead, Lead.Status.NEW)
        try:
            with transaction.atomic():
                lead.save(update_fields=["status", "status_changed_at", "updated_at"])
        except IntegrityError:
            lead.status, lead.status_changed_at = Lead.Status.SPAM, previous_change
            result.skipped.append(lead)
            continue
        result.changed.append(lead)
    return result


def lead_release(*, leads: Iterable[Lead]) -> BulkChange:
    """
    Release held requests (from a busy network, see ``lead_submit``): the call centre is
    notified now, after the transaction commits. Requests not held are left as they are.
    """
    result = BulkChange()
    now = timezone.now()
    for lead in leads:
        # Conditional: two coordinators releasing at once notify once. A held request was
        # never sent nor claimed for sending (``notification_pending`` leaves held ones out):
        # its notification is pending as soon as the hold is lifted.
        released = Lead.objects.filter(pk=lead.pk, notification_held=True).update(
            notification_held=False, updated_at=now
        )
        if not released:
            result.skipped.append(lead)
            continue
        lead.notification_held = False
        transaction.on_commit(lambda pk=lead.pk: lead_notification_enqueue(pk))
        result.changed.append(lead)
    return result


def lead_mark_unreachable(*, lead: Lead) -> Lead:
    _set_status(lead, Lead.Status.UNREACHABLE)
    lead.next_follow_up_at = None
    lead.save(update_fields=["status", "status_changed_at", "next_follow_up_at", "updated_at"])
    return lead


def lead_update(
    *,
    lead: Lead,
    status: str,
    owner: AbstractBaseUser | None,
    next_follow_up_at: datetime | None,
    when: datetime | None = None,
) -> Lead:
    """
    Save what a coordinator set on one request's page. ``lead`` is the request as stored.
    A changed status is activity; moving a new request on (contacted, booked, won) counts as
    its first contact; a new coordinator has claimed it now.
    """
    when = when or timezone.now()
    if status != lead.status:
        if lead.status == Lead.Status.NEW and status in MOVED_ON:
            lead.first_contact_at = lead.first_contact_at or when
        _set_status(lead, status, when=when)
    if (owner.pk if owner else None) != lead.owner_id:
        lead.owner, lead.claimed_at = owner, when if owner else None
    lead.next_follow_up_at = next_follow_up_at
    lead.save()
    return lead


def call_attempt_log(
    *,
    lead: Lead,
    by: AbstractBaseUser,
    outcome: str,
    note: str = "",
    made_at: datetime | None = None,
    attempt: CallAttempt | None = None,
) -> CallAttempt:
    """
    Record a call. The first call stops the SLA clock; reaching the patient moves a new lead
    to ``contacted``; a free lead becomes the caller's. A call dated before the request arrived
    or in the future is refused (``ValidationError`` on ``made_at``).
    """
    made_at = made_at or timezone.now()
    call_time_check(made_at, lead=lead)
    attempt = attempt or CallAttempt()
    attempt.lead, attempt.made_by, attempt.outcome = lead, by, outcome
    attempt.note, attempt.made_at = note, made_at
    with transaction.atomic():
        attempt.save()
        lead = Lead.objects.select_for_update().get(pk=lead.pk)
        changed = ["updated_at"]
        if lead.first_contact_at is None or made_at < lead.first_contact_at:
            lead.first_contact_at = made_at
            changed.append("first_contact_at")
        if outcome == CallAttempt.Outcome.REACHED and lead.status == Lead.Status.NEW:
            _set_status(lead, Lead.Status.CONTACTED)
            changed += ["status", "status_changed_at"]
        if lead.owner_id is None:
            lead.owner, lead.claimed_at = by, timezone.now()
            changed += ["owner", "claimed_at"]
        lead.save(update_fields=changed)
    return attempt


def note_add(*, lead: Lead, by: AbstractBaseUser, text: str, note: Note | None = None) -> Note:
    note = note or Note()
    note.lead, note.author, note.text = lead, by, text
    note.save()
    Lead.objects.filter(pk=lead.pk).update(updated_at=timezone.now())
    return note


def unanswered_in_a_row(attempts: Iterable[CallAttempt]) -> int:
    """Unanswered calls since the patient was last reached (``attempts`` newest first)."""
    count = 0
    for attempt in attempts:
        if not attempt.is_unanswered:
            break
        count += 1
    return count


def is_offered_as_unreachable(lead: Lead, attempts: Iterable[CallAttempt]) -> bool:
    """True once ``LEADS_MAX_ATTEMPTS`` calls in a row went unanswered on an open lead."""
    return lead.is_open and unanswered_in_a_row(attempts) >= settings.LEADS_MAX_ATTEMPTS
