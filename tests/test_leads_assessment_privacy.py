"""
Assessment photos are as private as a medical record: only staff allowed to see them can, never
through a public address, never cached or indexed; and they leave no file behind once their
request is anonymized, deleted or never sent. The storage's own set-up:
test_leads_assessment_storage.py.
"""

import logging
import os
import re
from datetime import timedelta
from io import StringIO
from pathlib import Path

import pytest
import time_machine
from django.contrib.auth.models import Permission
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage
from django.core.management import call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from leads.models import AssessmentPhoto, AssessmentResult, Lead
from leads.photos import photo_keep
from leads.services.retention import REMOVED, leads_anonymize
from leads.services.submission import RequestMeta, lead_submit
from tests.factories import (
    AssessmentPhotoFactory,
    LeadFactory,
    StaffFactory,
    SuperuserFactory,
    photo_upload,
)

pytestmark = pytest.mark.django_db

ROLES = ("anonymous", "no group", "Editors", "Call centre", "Marketing", "Doctors", "superuser")
OK, DENIED, NOT_FOUND = 200, 403, 404
# In ROLES order: outsiders learn nothing, other staff are refused, the call centre, doctors
# and superusers see the photo.
EXPECTED = (NOT_FOUND, DENIED, DENIED, OK, DENIED, OK, OK)


def user_for(role):
    if role == "anonymous":
        return None
    if role == "superuser":
        return SuperuserFactory()
    return StaffFactory(role=None if role == "no group" else role)


def heading(response) -> str:
    return re.search(r"<h1[^>]*>(.*?)</h1>", response.text, re.DOTALL).group(1).strip()


def files_in(folder: Path) -> list[Path]:
    return [path for path in folder.rglob("*") if path.is_file()]


def assessment_with_photos(count=2, **fields):
    lead = LeadFactory(kind="assessment", **fields)
    for angle in ("front", "top", "crown", "back", "left", "right")[:count]:
        AssessmentPhotoFactory(lead=lead, angle=angle)
    return lead


# --- Who sees a photo -----------------------------------------------------------------------


@pytest.mark.parametrize("size", ["full", "thumb"])
@pytest.mark.parametrize(("role", "expected"), list(zip(ROLES, EXPECTED, strict=True)))
def test_each_role_gets_the_photo_or_nothing(client, role, expected, size):
    photo = AssessmentPhotoFactory()
    user = user_for(role)
    if user:
        client.force_login(user)
    response = client.get(reverse("assessment-photo", kwargs={"key": photo.key, "size": size}))
    assert response.status_code == expected
    if expected == OK:
        field = photo.image if size == "full" else photo.thumbnail
        with field.open("rb") as stored:
            assert b"".join(response.streaming_content) == stored.read()


def test_an_anonymous_visitor_is_not_sent_to_the_login_page(client):
    photo = AssessmentPhotoFactory()
    url = photo.get_absolute_url()
    response = client.get(url)
    assert response.status_code == NOT_FOUND
    assert "Location" not in response
    # The same page as for a key that never existed: nothing says a photo is there.
    unknown = client.get(url.replace(photo.key.hex[:8], "0" * 8))
    assert heading(response) == heading(unknown) == heading(client.get("/no-such-page/"))


def test_a_photo_is_served_privately_never_cached_or_indexed(client, coordinator):
    photo = AssessmentPhotoFactory()
    client.force_login(coordinator)
    response = client.get(photo.get_absolute_url())
    assert response.status_code == OK
    assert response["Content-Type"] == "image/jpeg"
    assert response["Cache-Control"] == "private, no-store"
    assert response["X-Robots-Tag"] == "noindex, nofollow, noarchive"
    assert response["Referrer-Policy"] == "no-referrer"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "Cookie" in response["Vary"]
    disposition = response["Content-Disposition"]
    assert disposition.startswith("inline;")
    assert photo.key.hex not in disposition and str(photo.lead.name) not in disposition
    assert b"".join(response.streaming_content).startswith(b"\xff\xd8")  # a JPEG


def test_the_thumbnail_is_smaller_than_the_photo(client, coordinator):
    photo = AssessmentPhotoFactory()
    client.force_login(coordinator)
    full = b"".join(client.get(photo.get_absolute_url()).streaming_content)
    thumb = b"".join(client.get(photo.get_thumbnail_url()).streaming_content)
    assert len(thumb) < len(full)


def test_a_photo_costs_outsiders_no_lookup_and_staff_a_few_queries(
    client, coordinator, django_assert_max_num_queries
):
    photo = AssessmentPhotoFactory()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(photo.get_absolute_url()).status_code == NOT_FOUND
    # Only the 404 page's own (the clinic's name and address): no photo, session or user.
    assert not [q for q in queries if re.search(r"leads_|auth_|django_session", q["sql"])]
    client.force_login(coordinator)
    # The session, the user, the photo, and the user's and their groups' permissions.
    with django_assert_max_num_queries(5):
        assert client.get(photo.get_absolute_url()).status_code == OK


def test_a_photo_of_a_request_never_sent_is_not_found_even_for_a_superuser(client):
    photo = AssessmentPhotoFactory(lead=None)
    client.force_login(SuperuserFactory())
    assert client.get(photo.get_absolute_url()).status_code == NOT_FOUND
    assert client.get(photo.get_thumbnail_url()).status_code == NOT_FOUND


@pytest.mark.parametrize("role", ["no group", "Call centre", "superuser"])
def test_an_unknown_key_or_size_is_not_found_for_everyone(client, role):
    photo = AssessmentPhotoFactory()
    client.force_login(user_for(role))
    url = reverse("assessment-photo", kwargs={"key": photo.key, "size": "original"})
    assert client.get(url).status_code == NOT_FOUND
    other = reverse(
        "assessment-photo", kwargs={"key": "8c5f0d4e-0000-4000-8000-000000000000", "size": "full"}
    )
    assert client.get(other).status_code == NOT_FOUND


def test_a_permission_taken_away_counts_from_the_next_request(client):
    doctor = StaffFactory(role=None)
    doctor.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_patient_photos", "view_lead"])
    )
    photo = AssessmentPhotoFactory()
    client.force_login(doctor)
    assert client.get(photo.get_absolute_url()).status_code == OK
    doctor.user_permissions.remove(Permission.objects.get(codename="view_patient_photos"))
    assert client.get(photo.get_absolute_url()).status_code == DENIED


def test_seeing_requests_without_the_photo_permission_is_not_enough(client):
    staff = StaffFactory(role=None)
    staff.user_permissions.add(Permission.objects.get(codename="view_lead"))
    client.force_login(staff)
    assert client.get(AssessmentPhotoFactory().get_absolute_url()).status_code == DENIED


def test_a_photo_cannot_be_changed_through_its_address(client, coordinator):
    photo = AssessmentPhotoFactory()
    client.force_login(coordinator)
    assert client.post(photo.get_absolute_url()).status_code == 405


def test_every_look_at_a_photo_is_logged_with_ids_only(client, coordinator, caplog):
    photo = AssessmentPhotoFactory(lead=LeadFactory(kind="assessment", name="Ayşe Yılmaz"))
    client.force_login(coordinator)
    with caplog.at_level(logging.INFO, logger="leads.private"):
        client.get(photo.get_thumbnail_url())
        client.get(photo.get_absolute_url())
    lines = [record.getMessage() for record in caplog.records if record.name == "leads.private"]
    assert len(lines) == 2
    for line in lines:
        assert f"photo {photo.pk} " in line and line.endswith(f"user {coordinator.pk}")
        assert "Ayşe" not in line and str(photo.lead.phone) not in line
        assert photo.key.hex not in line and str(photo.key) not in line


def test_a_refused_look_is_logged_too(client, caplog):
    editor = StaffFactory(role="Editors")
    photo = AssessmentPhotoFactory()
    client.force_login(editor)
    with caplog.at_level(logging.INFO, logger="leads.private"):
        client.get(photo.get_absolute_url())
    assert [r.getMessage() for r in caplog.records if r.name == "leads.private"] == [
        f"Assessment photo {photo.pk} refused to user {editor.pk}"
    ]


def test_a_photo_is_never_under_the_public_media_address(client, coordinator, settings):
    photo = AssessmentPhotoFactory()
    assert files_in(Path(settings.MEDIA_ROOT)) == []
    for name in photo.file_names:
        assert client.get(f"{settings.MEDIA_URL}{name}").status_code == NOT_FOUND
        client.force_login(coordinator)
        assert client.get(f"{settings.MEDIA_URL}{name}").status_code == NOT_FOUND


def test_robots_txt_keeps_crawlers_out_of_private_addresses(client):
    assert "Disallow: /private/" in client.get("/robots.txt").text.splitlines()


# --- Deletion, everywhere the photos are ----------------------------------------------------


def old(days=400):
    return time_machine.travel(timezone.now() - timedelta(days=days), tick=False)


def test_anonymizing_an_assessment_leaves_no_photo_file(
    private_media, django_capture_on_commit_callbacks
):
    with old():
        lead = assessment_with_photos(3, status="lost", email="ayse@example.com")
        AssessmentResult.objects.create(
            lead=lead, verdict="suitable", grafts_min=2500, note_for_patient="Dear Ayşe, ..."
        )
    Lead.objects.filter(pk=lead.pk).update(
        health_consent_text="I agree that the clinic uses my photos for the assessment."
    )
    assert len(files_in(private_media)) == 6  # each photo and its thumbnail
    with django_capture_on_commit_callbacks(execute=True):
        leads_anonymize(older_than_days=365)
    assert files_in(private_media) == []
    assert not AssessmentPhoto.objects.exists()
    lead.refresh_from_db()
    assert lead.email == ""
    assert lead.assessment_result.note_for_patient == REMOVED
    assert lead.assessment_result.grafts_min == 2500  # the statistics stay
    assert lead.health_consent_text.startswith("I agree")  # names no one


def test_photo_files_go_only_once_the_anonymization_is_committed(
    private_media, django_capture_on_commit_callbacks
):
    with old():
        assessment_with_photos(1, status="lost")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        leads_anonymize(older_than_days=365)
    assert len(files_in(private_media)) == 2  # not committed yet
    for callback in callbacks:
        callback()
    assert files_in(private_media) == []


def test_an_anonymization_rolled_back_keeps_the_photos_and_their_files(
    private_media, django_capture_on_commit_callbacks
):
    with old():
        lead = assessment_with_photos(2, status="lost")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(RuntimeError), transaction.atomic():
            leads_anonymize(older_than_days=365)
            raise RuntimeError("the database went away")
    assert callbacks == []
    assert lead.photos.count() == 2
    assert len(files_in(private_media)) == 4


def test_spam_with_photos_is_anonymized_by_the_daily_purge_like_any_request(
    private_media, django_capture_on_commit_callbacks
):
    with old():
        assessment_with_photos(2, status="spam")
    with django_capture_on_commit_callbacks(execute=True):
        call_command("purge_expired", stdout=StringIO())
    assert files_in(private_media) == []


def test_an_anonymized_requests_photo_address_is_not_found_for_a_coordinator(
    client, coordinator, django_capture_on_commit_callbacks
):
    with old():
        lead = assessment_with_photos(1, status="lost")
    photo = lead.photos.get()
    client.force_login(coordinator)
    assert client.get(photo.get_absolute_url()).status_code == OK
    with django_capture_on_commit_callbacks(execute=True):
        leads_anonymize(older_than_days=365)
    assert client.get(photo.get_absolute_url()).status_code == NOT_FOUND
    assert client.get(photo.get_thumbnail_url()).status_code == NOT_FOUND


def test_a_request_deleted_in_the_admin_leaves_no_photo_file(
    client, private_media, django_capture_on_commit_callbacks
):
    lead = assessment_with_photos(2)
    photo = lead.photos.first()
    superuser = SuperuserFactory()
    client.force_login(superuser)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("admin:leads_lead_delete", args=[lead.pk]), {"post": "yes"})
    assert response.status_code == 302
    assert not Lead.objects.filter(pk=lead.pk).exists()
    assert files_in(private_media) == []
    assert client.get(photo.get_absolute_url()).status_code == NOT_FOUND


def test_a_request_deleted_in_the_admin_leaves_no_name_or_number_in_the_history(client):
    from django.contrib.admin.models import LogEntry

    lead = assessment_with_photos(1)
    lead.name, lead.email = "Deniz Kaya", "deniz@example.com"
    lead.save()
    other = assessment_with_photos(1)
    superuser = SuperuserFactory()
    client.force_login(superuser)
    client.post(reverse("admin:leads_lead_change", args=[lead.pk]), {}, follow=True)
    client.post(reverse("admin:leads_lead_delete", args=[lead.pk]), {"post": "yes"})
    client.post(
        reverse("admin:leads_lead_changelist"),
        {"action": "delete_selected", "_selected_action": [other.pk], "post": "yes"},
    )
    assert not Lead.objects.filter(pk__in=[lead.pk, other.pk]).exists()
    history = list(LogEntry.objects.values_list("object_repr", "change_message"))
    assert len(history) >= 2  # both deletions are recorded
    written = " ".join(f"{repr_} {message}" for repr_, message in history)
    for value in ("Deniz Kaya", str(lead.phone), "deniz@example.com", other.name, str(other.phone)):
        assert value not in written


def test_a_request_deleted_in_code_takes_its_photo_files_too(
    private_media, django_capture_on_commit_callbacks
):
    lead = assessment_with_photos(2)
    other = assessment_with_photos(1)
    with django_capture_on_commit_callbacks(execute=True):
        lead.delete()
    assert len(files_in(private_media)) == 2
    assert sorted(p.name for p in files_in(private_media)) == sorted(
        Path(name).name for name in other.photos.get().file_names
    )


def test_photos_of_requests_never_sent_go_after_the_limit_and_no_sooner(
    private_media, settings, django_capture_on_commit_callbacks
):
    settings.ASSESSMENT_UNSENT_PHOTO_HOURS = 24
    with old(days=2):
        AssessmentPhotoFactory(lead=None)
        sent = AssessmentPhotoFactory()  # as old, but its request was sent
    with time_machine.travel(timezone.now() - timedelta(hours=23), tick=False):
        recent = AssessmentPhotoFactory(lead=None)  # the patient may still send the form
    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("purge_expired", stdout=out)
    assert "1 assessment photo(s) of requests never sent deleted (older than 24 hours)." in (
        out.getvalue()
    )
    assert set(AssessmentPhoto.objects.all()) == {sent, recent}
    assert sorted(p.name for p in files_in(private_media)) == sorted(
        Path(name).name for name in sent.file_names + recent.file_names
    )


def test_a_file_that_cannot_be_deleted_is_logged_by_name_and_the_rest_still_go(
    private_media, django_capture_on_commit_callbacks, caplog, monkeypatch
):
    lead = assessment_with_photos(2)
    first, second = lead.photos.all()
    delete = FileSystemStorage.delete

    def failing_delete(storage, name):
        if name == first.image.name:
            raise OSError("the disk is read-only")
        delete(storage, name)

    monkeypatch.setattr(FileSystemStorage, "delete", failing_delete)
    with django_capture_on_commit_callbacks(execute=True):
        lead.delete()
    assert [p.name for p in files_in(private_media)] == [Path(first.image.name).name]
    assert first.image.name in caplog.text


def test_photo_files_no_photo_names_are_deleted_by_the_daily_purge(
    private_media, django_capture_on_commit_callbacks
):
    kept = AssessmentPhotoFactory()
    storage = kept.image.storage
    left_behind = storage.save("assessments/2026/01/0123abcd.jpg", ContentFile(b"\xff\xd8old"))
    just_written = storage.save("assessments/2026/12/4567ef01.jpg", ContentFile(b"\xff\xd8new"))
    a_day_ago = (timezone.now() - timedelta(hours=25)).timestamp()
    for name in (left_behind, *kept.file_names):
        os.utime(private_media / name, (a_day_ago, a_day_ago))
    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("purge_expired", stdout=out)
    assert "1 assessment photo file(s) left behind deleted (older than 24 hours)." in (
        out.getvalue()
    )
    # A file a moment older than its row (a photo being received) stays, and so do the photos.
    assert sorted(str(p.relative_to(private_media)) for p in files_in(private_media)) == sorted(
        [just_written, *kept.file_names]
    )


def test_the_staff_notification_task_is_given_the_requests_id_and_nothing_of_its_photos(
    settings, django_capture_on_commit_callbacks
):
    # The production queue keeps a task's arguments in the database (and its stored runs are
    # deleted on anonymization by lead id): no photo key, file name or health detail there.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    from django_tasks import task_backends

    photos = [photo_keep(photo_upload(), angle="front"), photo_keep(photo_upload(), angle="top")]
    data = {
        "kind": "assessment",
        "name": "Ayşe",
        "phone": Lead(phone="+905321234567").phone,
        "consent_text": "I agree.",
        "health_consent": True,
        "health_consent_text": "I agree to the use of my photos.",
        "photos": [photo.key for photo in photos],
    }
    with django_capture_on_commit_callbacks(execute=True):
        lead = lead_submit(data=data, request_meta=RequestMeta())
    assert lead.photos.count() == 2
    [queued] = task_backends["default"].results
    assert queued.args == [lead.pk] and queued.kwargs == {}
