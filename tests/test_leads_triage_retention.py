"""anonymize_leads: old requests that never became patients lose their personal data."""

import json
from datetime import UTC, datetime, timedelta
from io import StringIO

import pytest
import time_machine
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.backends.db import SessionStore
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from clinic_site.ratelimits import rate_limit_exceeded
from leads.models import Lead
from leads.services import triage
from tests.factories import CallAttemptFactory, LeadFactory, NoteFactory, SuperuserFactory

pytestmark = pytest.mark.django_db


def old_lead(days=400, **fields):
    """A request made ``days`` ago and not touched since."""
    with time_machine.travel(timezone.now() - timedelta(days=days), tick=False):
        return LeadFactory(
            name="Ayşe Yılmaz",
            message="Please call after 6",
            ip_address="203.0.113.0",
            user_agent="Mozilla/5.0",
            **fields,
        )


def run(*args):
    out = StringIO()
    call_command("anonymize_leads", *args, stdout=out)
    return out.getvalue()


def test_old_closed_request_is_anonymized_and_keeps_its_statistics():
    lead = old_lead(status="lost", interest=None, source_url="https://c.example/blog/fue/")
    created, status = lead.created_at, lead.status
    run("--older-than-days", "365")
    lead.refresh_from_db()
    assert lead.name == "Anonymized"
    assert not str(lead.phone).startswith("+90")
    assert lead.message == "" and lead.ip_address is None and lead.user_agent == ""
    assert lead.anonymized_at is not None
    assert (lead.created_at, lead.status, lead.source_url) == (
        created,
        status,
        "https://c.example/blog/fue/",
    )


def test_open_request_with_no_activity_is_anonymized_too():
    first = old_lead(status="new")
    second = old_lead(status="contacted")
    run("--older-than-days", "365")
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.name == second.name == "Anonymized"
    assert first.status == "new"  # still two open requests, with different placeholder phones


def test_open_request_with_recent_activity_is_kept():
    called = old_lead(status="contacted")
    CallAttemptFactory(lead=called)  # a call today
    noted = old_lead(status="booked")
    NoteFactory(lead=noted)
    asked_again = old_lead(status="new")
    Lead.objects.filter(pk=asked_again.pk).update(last_requested_at=timezone.now())
    run("--older-than-days", "365")
    for lead in (called, noted, asked_again):
        lead.refresh_from_db()
        assert lead.name == "Ayşe Yılmaz"


def test_a_call_dated_in_the_far_future_does_not_keep_a_request_forever():
    lead = old_lead(status="contacted")
    # Stored before call times were checked: a typing slip, not activity.
    CallAttemptFactory(lead=lead, made_at=datetime(9999, 12, 31, 12, tzinfo=UTC))
    run("--older-than-days", "365")
    lead.refresh_from_db()
    assert lead.name == "Anonymized"


def test_recent_requests_are_kept():
    recent = old_lead(days=30, status="lost")
    run("--older-than-days", "365")
    recent.refresh_from_db()
    assert recent.name == "Ayşe Yılmaz"


def test_default_age_comes_from_the_setting(settings):
    settings.LEADS_RETENTION_DAYS = 20
    lead = old_lead(days=30, status="won")
    run()
    lead.refresh_from_db()
    assert lead.name == "Anonymized"


def test_dry_run_changes_nothing():
    lead = old_lead(status="lost")
    output = run("--older-than-days", "365", "--dry-run")
    assert "1 call-back request(s)" in output and "would be anonymized" in output
    lead.refresh_from_db()
    assert lead.name == "Ayşe Yılmaz"


def test_running_twice_changes_nothing_the_second_time():
    lead = old_lead(status="lost")
    assert "Anonymized 1 " in run("--older-than-days", "365")
    lead.refresh_from_db()
    first = (lead.phone, lead.anonymized_at)
    assert "Anonymized 0 " in run("--older-than-days", "365")
    lead.refresh_from_db()
    assert (lead.phone, lead.anonymized_at) == first


def test_call_and_note_texts_and_admin_history_names_are_removed():
    lead = old_lead(status="unreachable")
    CallAttemptFactory(lead=lead, note="Husband said call Ayşe at work", made_at=lead.created_at)
    NoteFactory(lead=lead, text="Ayşe's sister", created_at=lead.created_at)
    LogEntry.objects.create(
        user=SuperuserFactory(),
        content_type=ContentType.objects.get_for_model(Lead),
        object_id=str(lead.pk),
        object_repr=str(lead),
        action_flag=CHANGE,
    )
    run("--older-than-days", "365")
    assert "Ayşe" not in lead.call_attempts.get().note
    assert "Ayşe" not in lead.notes.get().text
    assert "Ayşe" not in LogEntry.objects.get(object_id=str(lead.pk)).object_repr


def test_an_open_request_the_factory_made_long_ago_is_anonymized():
    lead = LeadFactory(created_at=timezone.now() - timedelta(days=400))
    run("--older-than-days", "365")
    lead.refresh_from_db()
    assert lead.name == "Anonymized" and lead.status == "new"


def test_a_save_that_records_nothing_a_person_did_is_not_activity():
    lead = old_lead(status="contacted")
    Lead.objects.get(pk=lead.pk).save()  # "updated" is today, nothing else is
    run("--older-than-days", "365")
    lead.refresh_from_db()
    assert lead.name == "Anonymized"


def test_a_recent_status_change_is_activity():
    lead = old_lead(status="spam")
    triage.lead_mark_not_spam(leads=[lead])  # a coordinator rescues it today
    run("--older-than-days", "365")
    lead.refresh_from_db()
    assert (lead.name, lead.status) == ("Ayşe Yılmaz", "new")


def test_a_status_changed_by_hand_in_the_form_is_activity():
    lead = old_lead(status="contacted")
    triage.lead_update(
        lead=lead, status="booked", owner=lead.owner, next_follow_up_at=lead.next_follow_up_at
    )
    run("--older-than-days", "365")
    lead.refresh_from_db()
    assert lead.name == "Ayşe Yılmaz"


def test_zero_days_means_everything_created_before_now():
    closed = LeadFactory(status="lost", created_at=timezone.now() - timedelta(minutes=1))
    quiet = LeadFactory(status="new", created_at=timezone.now() - timedelta(minutes=1))
    assert "Anonymized 2 " in run("--older-than-days", "0")
    for lead in (closed, quiet):
        lead.refresh_from_db()
        assert lead.name == "Anonymized"


def test_a_negative_age_is_refused():
    lead = old_lead(status="lost")
    with pytest.raises(CommandError, match="0 or more"):
        run("--older-than-days", "-1")
    lead.refresh_from_db()
    assert lead.name == "Ayşe Yılmaz"


def _task_result(task_path, args, **fields):
    return DBTaskResult.objects.create(
        task_path=task_path,
        args_kwargs={"args": args, "kwargs": {}},
        backend_name="default",
        run_after=timezone.now(),
        **fields,
    )


def test_anonymizing_removes_the_patient_from_every_place_their_data_was_written(client, settings):
    settings.LEADS_PHONE_RATE_LIMIT = "1/1d"
    lead, other = old_lead(status="lost"), LeadFactory(name="Hans Müller")
    phone = str(lead.phone)
    # The admin history, as Django writes it when a coordinator adds a note.
    content_type = ContentType.objects.get_for_model(Lead)
    admin = SuperuserFactory()
    note = f"Diabetic, HbA1c 9.1; mother of Ayşe Yılmaz {phone}"
    for target in (lead, other):
        LogEntry.objects.create(
            user=admin,
            content_type=content_type,
            object_id=str(target.pk),
            object_repr=str(target),
            action_flag=CHANGE,
            change_message=json.dumps([{"added": {"name": "note", "object": note}}]),
        )
    # The task queue: the notification's arguments and a failure's traceback.
    notify = "leads.tasks.notify_staff_of_lead"
    _task_result(notify, [lead.pk], status="FAILED", traceback=f"SMTPDataError: {phone}")
    _task_result(notify, [other.pk], status="SUCCESSFUL", return_value=True)
    # The cache: the per-phone rate limit counter.
    rate_limit_exceeded(scope="leads:phone", key=phone, rate="1/1d")
    # Sessions: one holding what the patient typed, next to a coordinator's sign-in.
    session = SessionStore()
    session.update(
        {"callback": {"name": "Ayşe Yılmaz", "phone": phone}, "_auth_user_id": str(admin.pk)}
    )
    session.create()

    run("--older-than-days", "365")

    client.force_login(admin)
    history = client.get(reverse("admin:leads_lead_history", args=[lead.pk])).text
    assert "Diabetic" not in history and "Ayşe" not in history and phone not in history
    assert "Added note" in history  # what was done stays, not what was written
    assert "Diabetic" in LogEntry.objects.get(object_id=str(other.pk)).change_message
    stored = DBTaskResult.objects.values_list("args_kwargs", "traceback")
    assert all(phone not in traceback for _args, traceback in stored)
    assert [args["args"] for args, _traceback in stored] == [[other.pk]]
    assert not rate_limit_exceeded(scope="leads:phone", key=phone, rate="1/1d")
    data = SessionStore(session_key=session.session_key).load()
    assert "callback" not in data and data["_auth_user_id"] == str(admin.pk)


def test_a_notification_left_running_by_a_stopped_worker_is_erased_with_the_request(settings):
    settings.TASKS_RUNNING_TIMEOUT_MINUTES = 10
    stale_lead, busy_lead = old_lead(status="lost"), old_lead(status="lost")
    notify = "leads.tasks.notify_staff_of_lead"
    now = timezone.now()
    # The worker that claimed this one stopped 11 minutes ago; the other is being sent now.
    _task_result(notify, [stale_lead.pk], status="RUNNING", started_at=now - timedelta(minutes=11))
    _task_result(notify, [busy_lead.pk], status="RUNNING", started_at=now - timedelta(minutes=1))

    run("--older-than-days", "365")

    stored = DBTaskResult.objects.values_list("args_kwargs", flat=True)
    assert [args["args"] for args in stored] == [[busy_lead.pk]]
