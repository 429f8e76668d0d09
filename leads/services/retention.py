"""
Retention: the personal data of old requests (call-backs and assessments) that never became
patients is removed.

A request is anonymized when it was created more than N days ago and is either closed, or
still open with no activity for N days. Activity is what a person did about it: the patient
asking again, a call, a note, a change of status. Not ``updated_at``: any save bumps it (a
claim, a re-save by a script), and removing the personal data changes none of these. The row
stays, with its status, dates, interest and source, so the statistics still add up; the
name, phone, email, message, IP address, browser, call and note texts and the doctor's note to
the patient are replaced, an assessment's photos are deleted (rows and files), and so is every
copy of them elsewhere (``clinic_site.erasure``): the admin history's names and change
messages, the notification task's stored runs, the per-phone rate-limit counter and any
session value that holds the name or number.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from clinic_site.erasure import admin_history_scrub, sessions_scrub, task_results_delete
from clinic_site.ratelimits import rate_limit_forget
from leads import tasks
from leads.models import (
    CALL_TIME_SKEW,
    PHOTO_FOLDER,
    AssessmentPhoto,
    AssessmentResult,
    AssessmentSending,
    CallAttempt,
    Lead,
    Note,
    private_storage,
)
from leads.photos import photos_delete

ANONYMOUS_NAME = "Anonymized"
REMOVED = "[removed]"


def placeholder_phone(lead_id: int) -> str:
    """
    Unique per request, so two anonymized open requests never collide on "one open request per
    phone"; +999 is a country code no telephone network uses, so it can never be dialled.
    """
    return f"+999{lead_id:011d}"


@dataclass(frozen=True)
class RetentionRun:
    cutoff: datetime
    count: int
    dry_run: bool


def leads_to_anonymize(*, cutoff: datetime):
    # A call dated after now (stored before call times were checked) is a typing slip, not
    # activity: otherwise a call "in 9999" would keep the request for ever.
    recent_call = CallAttempt.objects.filter(
        lead=OuterRef("pk"),
        made_at__gte=cutoff,
        made_at__lte=timezone.now() + CALL_TIME_SKEW,
    )
    recent_note = Note.objects.filter(lead=OuterRef("pk"), created_at__gte=cutoff)
    quiet = (
        Q(last_requested_at__lt=cutoff)
        & (Q(status_changed_at__isnull=True) | Q(status_changed_at__lt=cutoff))
        & ~Exists(recent_call)
        & ~Exists(recent_note)
    )
    return Lead.objects.filter(
        anonymized_at__isnull=True,
        created_at__lt=cutoff,
    ).filter(Q(status__in=Lead.CLOSED_STATUSES) | quiet)


def leads_anonymize(*, older_than_days: int, dry_run: bool = False) -> RetentionRun:
    """Anonymize what is due (see the module's docstring). Running it again changes nothing."""
    now = timezone.now()
    cutoff = now - timedelta(days=older_than_days)
    due = leads_to_anonymize(cutoff=cutoff)
    if dry_run:
        return RetentionRun(cutoff=cutoff, count=due.count(), dry_run=True)
    lead_ids = list(due.values_list("pk", flat=True))
    personal_values = []
    for lead_id in lead_ids:
        with transaction.atomic():
            personal_values += _anonymize(lead_id, now=now)
    # Once for the whole run: each scans every stored task run or session.
    task_results_delete(task=tasks.notify_staff_of_lead, first_args=lead_ids)
    task_results_delete(
        task=tasks.send_assessment_result,
        first_args=AssessmentResult.objects.filter(lead_id__in=lead_ids).values_list(
            "pk", flat=True
        ),
    )
    sessions_scrub(personal_values=personal_values)
    return RetentionRun(cutoff=cutoff, count=len(lead_ids), dry_run=False)


def _anonymize(lead_id: int, *, now: datetime) -> list[str]:
    """Anonymize one request; returns its name, phone and email, to look for elsewhere."""
    name, phone, email = Lead.objects.values_list("name", "phone", "email").get(pk=lead_id)
    phone = str(phone)
    # update(): no auto_now bump and no activity field touched: removing the data is not
    # activity.
    Lead.objects.filter(pk=lead_id).update(
        name=ANONYMOUS_NAME,
        phone=placeholder_phone(lead_id),
        message="",
        email="",
        ip_address=None,
        user_agent="",
        anonymized_at=now,
    )
    CallAttempt.objects.filter(lead_id=lead_id).exclude(note="").update(note=REMOVED)
    Note.objects.filter(lead_id=lead_id).update(text=REMOVED)
    # An assessment's photos are a picture of the person: rows now, files once this commits
    # (a rollback keeps both). The doctor's note is written to the patient; the verdict,
    # technique, grafts and price stay for the statistics, and so does the health-consent
    # text, which names no one.
    photos_delete(AssessmentPhoto.objects.filter(lead_id=lead_id))
    AssessmentResult.objects.filter(lead_id=lead_id).exclude(note_for_patient="").update(
        note_for_patient=REMOVED
    )
    # What the patient was sent greets them by name and repeats the note.
    AssessmentSending.objects.filter(result__lead_id=lead_id).update(text=REMOVED)
    # The admin history names the request by its name and phone, and the notes it added.
    admin_history_scrub(
        model=Lead,
        object_ids=[lead_id],
        object_repr=lambda object_id: f"{ANONYMOUS_NAME} #{object_id}",
        personal_values=[value for value in (name, phone, email) if value],
    )
    rate_limit_forget(scope="leads:phone", key=phone, rate=settings.LEADS_PHONE_RATE_LIMIT)
    return [value for value in (phone, name, email) if value]


def unsent_photos_purge(*, older_than_hours: int) -> int:
    """
    Delete the photos kept from assessment requests never sent (the patient uploaded them, then
    left the form) once they are this many hours old: rows now, files once committed. A
    patient still filling in the form within the period keeps them.
    """
    cutoff = timezone.now() - timedelta(hours=older_than_hours)
    with transaction.atomic():
        return photos_delete(AssessmentPhoto.objects.unsent().filter(created_at__lt=cutoff))


def orphan_photo_files_purge(*, older_than_hours: int) -> int:
    """
    Delete files in the private storage that no photo names any more: left by a deletion the
    storage refused (logged when it happened) or by a process stopped between writing a file
    and saving its row. Only files older than ``older_than_hours``: a photo being received now
    has its file a moment before its row.
    """
    storage = private_storage()
    cutoff = timezone.now() - timedelta(hours=older_than_hours)
    known = set()
    for image, thumbnail in AssessmentPhoto.objects.values_list("image", "thumbnail"):
        known.update((image, thumbnail))
    deleted = 0
    for name in _stored_names(storage, PHOTO_FOLDER):
        if name not in known and storage.get_modified_time(name) < cutoff:
            storage.delete(name)
            deleted += 1
    return deleted


def _stored_names(storage, folder: str):
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:  # nothing was ever stored (a bucket just lists nothing)
        return
    for file in files:
        yield f"{folder}/{file}"
    for sub in folders:
        yield from _stored_names(storage, f"{folder}/{sub}")


def lead_personal_values(lead: Lead) -> list[str]:
    """What names the patient of ``lead``, to look for in copies elsewhere."""
    return [value for value in (lead.name, str(lead.phone or ""), lead.email) if value]


def deleted_leads_history_scrub(deleted: list[tuple[int, list[str]]]) -> None:
    """
    After requests were deleted (a superuser in the admin): their admin history, the entry
    that records the deletion included, names them by number only and keeps none of
    ``(lead id, personal values)``'s values.
    """
    for lead_id, personal_values in deleted:
        admin_history_scrub(
            model=Lead,
            object_ids=[lead_id],
            object_repr=lambda object_id: f"{ANONYMOUS_NAME} #{object_id}",
            personal_values=personal_values,
        )
