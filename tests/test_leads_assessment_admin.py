"""
The clinic's side of the free assessment: the request in the queue and on its page, the doctor's
answer recorded, and the coordinator sending it to the patient by email or on WhatsApp.
"""

import re
from html import unescape
from io import StringIO
from urllib.parse import parse_qs, urlsplit

import pytest
from django.contrib.admin.models import LogEntry
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from leads.models import AssessmentResult, Lead
from leads.services import notifications
from tests.factories import (
    AssessmentPhotoFactory,
    AssessmentResultFactory,
    LeadFactory,
    StaffFactory,
    SuperuserFactory,
    TreatmentFactory,
)

pytestmark = pytest.mark.django_db

QUEUE = reverse("admin:leads_lead_changelist")
RECORD = reverse("admin:leads_assessmentresult_add")


@pytest.fixture
def doctor(db):
    return StaffFactory(username="drdemir", first_name="Selin", last_name="Demir", role="Doctors")


@pytest.fixture
def as_doctor(client, doctor):
    client.force_login(doctor)
    return client


def send_url(lead, channel):
    return reverse("admin:leads_lead_send_result", args=[lead.pk, channel])


def assessment_with_photos(count=4, **fields):
    lead = LeadFactory(kind="assessment", **fields)
    angles = ["front", "top", "crown", "back", "left", "right"]
    for angle in angles[:count]:
        AssessmentPhotoFactory(lead=lead, angle=angle)
    return lead


def rows(response):
    return list(response.context["cl"].result_list)


# --- The queue --------------------------------------------------------------------------------


def test_queue_says_free_assessment_and_its_photo_count_next_to_the_interest(signed_in):
    assessment_with_photos(4, interest=TreatmentFactory(name="FUE hair transplant"))
    LeadFactory(interest=TreatmentFactory(name="DHI hair transplant"))
    page = signed_in.get(QUEUE).content.decode()
    cells = re.findall(r'<td class="field-wants">(.*?)</td>', page, re.S)
    [assessment] = [cell for cell in cells if "FUE" in cell]
    [callback] = [cell for cell in cells if "DHI" in cell]
    assert "Free assessment · 4 photos" in assessment
    assert "Free assessment" not in callback


def test_queue_filters_by_kind(signed_in):
    assessment = LeadFactory(kind="assessment")
    callback = LeadFactory()
    assert rows(signed_in.get(QUEUE, {"kind__exact": "assessment"})) == [assessment]
    assert rows(signed_in.get(QUEUE, {"kind__exact": "callback"})) == [callback]


def test_queue_shows_and_filters_where_the_doctors_answer_stands(signed_in):
    waiting = LeadFactory(kind="assessment", name="Waiting Patient")
    recorded = AssessmentResultFactory(lead__name="Recorded Patient").lead
    sent = AssessmentResultFactory(lead__name="Sent Patient", sent_at=timezone.now()).lead
    LeadFactory(name="Call Back Patient")
    assert rows(signed_in.get(QUEUE, {"assessed": "waiting"})) == [waiting]
    assert rows(signed_in.get(QUEUE, {"assessed": "recorded"})) == [recorded]
    assert rows(signed_in.get(QUEUE, {"assessed": "sent"})) == [sent]
    page = signed_in.get(QUEUE).content.decode()
    cells = {
        name: cell
        for row in re.findall(r"<tr>(.*?)</tr>", page, re.S)
        for name in ("Waiting", "Recorded", "Sent", "Call Back")
        if f"{name} Patient" in row
        for cell in re.findall(r'<td class="field-wants">(.*?)</td>', row, re.S)
    }
    assert "waiting for a doctor" in cells["Waiting"]
    assert "answered, not sent" in cells["Recorded"]
    assert "answer sent" in cells["Sent"]
    assert "Free assessment" not in cells["Call Back"]


def test_doctors_see_only_assessment_requests_in_their_list_with_nothing_to_claim(as_doctor):
    assessment = LeadFactory(kind="assessment")
    callback = LeadFactory()
    response = as_doctor.get(QUEUE)
    assert rows(response) == [assessment]
    assert "claim-button" not in response.content.decode()
    response = as_doctor.get(reverse("admin:leads_lead_change", args=[callback.pk]))
    assert response.status_code == 302  # "no such request" for a doctor


# --- The request's page ----------------------------------------------------------------------


def test_lead_page_shows_thumbnails_linked_to_the_full_photos(signed_in):
    lead = assessment_with_photos(2)
    front, top = lead.photos.order_by("created_at", "pk")
    page = signed_in.get(lead.get_admin_url()).content.decode()
    for photo, alt in ((front, "Front photo"), (top, "Top photo")):
        link = re.search(
            rf'<a href="{re.escape(photo.get_absolute_url())}" target="_blank"[^>]*>\s*'
            rf'<img src="{re.escape(photo.get_thumbnail_url())}" alt="{alt}" loading="lazy"',
            page,
        )
        assert link, f"no thumbnail linked to the {alt}"


def test_lead_page_shows_the_answers_email_and_health_consent_read_only(signed_in):
    lead = LeadFactory(
        kind="assessment",
        age_range="35-44",
        hair_loss="norwood-4",
        earlier_transplants="one",
        email="jonas@example.com",
        health_consent_text='I explicitly agree. See the <a href="/privacy/">privacy notice</a>.',
    )
    page = signed_in.get(lead.get_admin_url()).content.decode()
    assert "35–44" in page
    assert "Norwood 4: temples and a thinning crown" in page
    assert "<dd>One</dd>" in page
    assert "jonas@example.com" in page
    # The words the patient read, without the link's markup.
    assert "I explicitly agree. See the privacy notice." in page and "2026-12" in page
    # Read only: nothing the patient sent is a form field.
    assert 'name="email"' not in page and 'name="health_consent_text"' not in page


def test_call_back_page_has_no_assessment_block(signed_in):
    page = signed_in.get(LeadFactory().get_admin_url()).content.decode()
    assert "Free assessment" not in page.split('id="content-main"')[1].split("<form")[0]
    assert "The doctor's assessment" not in page


# Session, user, permissions, the request (twice: Django's change view reads it again), its
# calls, notes and their authors, the photos, the result, its sending history and the other
# requests from the phone: the same however many photos.
ASSESSMENT_PAGE_QUERIES = 14


def lead_page_queries(client, lead, django_assert_max_num_queries):
    client.get(lead.get_admin_url())  # warms the cached clinic identity
    with django_assert_max_num_queries(ASSESSMENT_PAGE_QUERIES) as captured:
        response = client.get(lead.get_admin_url())
    assert response.status_code == 200
    return len(captured)


def test_lead_page_runs_the_same_queries_however_many_photos(
    signed_in, django_assert_max_num_queries
):
    one = assessment_with_photos(1)
    AssessmentResultFactory(lead=one)
    six = assessment_with_photos(6)
    AssessmentResultFactory(lead=six)
    assert lead_page_queries(signed_in, one, django_assert_max_num_queries) == lead_page_queries(
        signed_in, six, django_assert_max_num_queries
    )


# --- The doctor records the answer ------------------------------------------------------------


def answer(lead, **overrides):
    return {
        "lead": lead.pk,
        "verdict": "suitable",
        "technique": TreatmentFactory(name="FUE hair transplant").pk,
        "grafts_min": "2500",
        "grafts_max": "3000",
        "price_quoted": "2400",
        "currency": "EUR",
        "note_for_patient": "Your donor area is strong.",
        **overrides,
    }


def test_doctor_records_the_assessment_from_the_request_page(as_doctor, doctor):
    lead = assessment_with_photos(2)
    page = as_doctor.get(lead.get_admin_url()).content.decode()
    assert f'href="{RECORD}?lead={lead.pk}"' in page and "Record the assessment" in page

    form = as_doctor.get(RECORD, {"lead": lead.pk}).content.decode()
    # The doctor sees what they assess above the fields.
    assert form.index(lead.photos.first().get_thumbnail_url()) < form.index('name="verdict"')

    response = as_doctor.post(f"{RECORD}?lead={lead.pk}", answer(lead))
    assert response.status_code == 302
    assert response.url == lead.get_admin_url()
    result = AssessmentResult.objects.get(lead=lead)
    assert result.assessed_by == doctor
    assert timezone.now() - result.assessed_at < timezone.timedelta(minutes=1)
    assert (result.grafts_min, result.grafts_max, result.price_quoted) == (2500, 3000, 2400)


def test_coordinator_cannot_record_an_assessment(signed_in):
    lead = LeadFactory(kind="assessment")
    page = signed_in.get(lead.get_admin_url()).content.decode()
    assert "Record the assessment" not in page
    assert signed_in.get(RECORD, {"lead": lead.pk}).status_code == 403
    assert signed_in.post(f"{RECORD}?lead={lead.pk}", answer(lead)).status_code == 403
    assert not AssessmentResult.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"grafts_min": "3000", "grafts_max": "2500"}, "grafts_max"),
        ({"price_quoted": "-1"}, "price_quoted"),
        ({"technique": ""}, "technique"),
        ({"grafts_min": "", "grafts_max": ""}, "grafts_min"),
    ],
)
def test_an_answer_that_does_not_add_up_is_refused(as_doctor, overrides, field):
    lead = LeadFactory(kind="assessment")
    response = as_doctor.post(f"{RECORD}?lead={lead.pk}", answer(lead, **overrides))
    assert response.status_code == 200
    assert field in response.context["adminform"].form.errors
    assert not AssessmentResult.objects.exists()


def test_not_suitable_needs_no_technique_or_grafts(as_doctor):
    lead = LeadFactory(kind="assessment")
    data = answer(lead, verdict="not_suitable", technique="", grafts_min="", grafts_max="")
    assert as_doctor.post(f"{RECORD}?lead={lead.pk}", data).status_code == 302
    assert AssessmentResult.objects.get(lead=lead).verdict == "not_suitable"


def test_record_without_a_request_sends_the_doctor_to_the_assessments(as_doctor):
    response = as_doctor.get(RECORD)
    assert response.status_code == 302
    assert response.url == f"{QUEUE}?kind__exact=assessment"


def test_doctor_cannot_send_the_answer(as_doctor):
    result = AssessmentResultFactory(lead__email="jonas@example.com")
    page = as_doctor.get(result.lead.get_admin_url()).content.decode()
    assert "Send by email" not in page
    assert as_doctor.post(send_url(result.lead, "email")).status_code == 403
    result.refresh_from_db()
    assert result.sent_at is None and not mail.outbox


# --- The coordinator sends it -----------------------------------------------------------------


def test_coordinator_sends_the_answer_by_email_in_the_patients_language(
    signed_in, coordinator, clinic, django_capture_on_commit_callbacks
):
    result = AssessmentResultFactory(
        lead__name="Jonas Weber",
        lead__email="jonas@example.com",
        lead__language="de",
        note_for_patient="Ihr Spenderbereich ist kräftig.",
    )
    lead = result.lead
    page = signed_in.get(lead.get_admin_url()).content.decode()
    assert f'action="{send_url(lead, "email")}"' in page
    assert "€2,400" in page and "2,500–3,000" in page  # as the coordinator reads numbers

    with django_capture_on_commit_callbacks(execute=True):
        response = signed_in.post(send_url(lead, "email"))
    assert response.status_code == 302

    [email] = mail.outbox
    assert email.to == ["jonas@example.com"]
    assert "Haaranalyse" in email.subject
    assert "Guten Tag Jonas," in email.body
    assert "Ergebnis: Für eine Haartransplantation geeignet" in email.body
    assert "Grafts: 2.500–3.000" in email.body
    assert "Preis: 2.400\xa0€" in email.body
    assert "Ihr Spenderbereich ist kräftig." in email.body
    assert clinic.phone_display in email.body
    html = email.alternatives[0][0]
    assert '<html lang="de">' in html and "2.400\xa0€" in html

    result.refresh_from_db()
    assert result.sent_via == "email" and result.sent_by == coordinator
    assert timezone.now() - result.sent_at < timezone.timedelta(minutes=1)
    entry = LogEntry.objects.get(object_id=str(lead.pk), user=coordinator)
    assert entry.change_message == "Sent the assessment to the patient by email"
    assert "Jonas" not in entry.change_message

    # What the patient got is on the request's page, word for word, with who sent it and how.
    [sending] = result.sendings.all()
    assert sending.text.startswith("Guten Tag Jonas,") and "Preis: 2.400\xa0€" in sending.text
    page = signed_in.get(lead.get_admin_url()).content.decode()
    assert "Ayşe K" in page and "Guten Tag Jonas," in page and "Preis: 2.400\xa0€" in page


def test_what_was_sent_stays_on_record_when_the_doctor_changes_the_answer_afterwards(
    signed_in, clinic, django_capture_on_commit_callbacks
):
    result = AssessmentResultFactory(lead__email="jonas@example.com", lead__language="de")
    with django_capture_on_commit_callbacks(execute=True):
        signed_in.post(send_url(result.lead, "email"))
    result.refresh_from_db()
    result.price_quoted = 3900
    result.save()
    [sending] = result.sendings.all()
    assert "2.400\xa0€" in sending.text and "3.900" not in sending.text
    page = signed_in.get(result.lead.get_admin_url()).content.decode()
    assert "2.400\xa0€" in page  # what the patient was told
    assert "€3,900" in page  # the answer as it stands now


def test_two_quick_presses_of_send_send_one_email(
    signed_in, clinic, django_capture_on_commit_callbacks
):
    result = AssessmentResultFactory(lead__email="jonas@example.com")
    with django_capture_on_commit_callbacks(execute=True):
        signed_in.post(send_url(result.lead, "email"))
        signed_in.post(send_url(result.lead, "email"))
    assert len(mail.outbox) == 1
    assert result.sendings.count() == 1


def test_anonymizing_the_request_removes_the_text_that_was_sent(
    signed_in, clinic, django_capture_on_commit_callbacks
):
    from leads.services.retention import REMOVED, leads_anonymize

    result = AssessmentResultFactory(
        lead__name="Jonas Weber", lead__email="jonas@example.com", lead__status="lost"
    )
    with django_capture_on_commit_callbacks(execute=True):
        signed_in.post(send_url(result.lead, "email"))
        leads_anonymize(older_than_days=0)
    [sending] = result.sendings.all()
    assert sending.text == REMOVED


def test_sending_needs_a_post_with_the_csrf_token(coordinator):
    result = AssessmentResultFactory(lead__email="jonas@example.com")
    client = Client(enforce_csrf_checks=True)
    client.force_login(coordinator)
    assert client.get(send_url(result.lead, "email")).status_code == 302
    assert client.post(send_url(result.lead, "email")).status_code == 403
    result.refresh_from_db()
    assert result.sent_at is None and not mail.outbox


def test_whatsapp_send_opens_the_chat_with_the_answer_typed_and_is_recorded(
    signed_in, coordinator, clinic
):
    result = AssessmentResultFactory(
        lead__name="Jonas Weber", lead__language="de", lead__whatsapp_ok=True
    )
    lead = result.lead
    response = signed_in.post(send_url(lead, "whatsapp"))
    # A page that opens the chat: the site's policy lets a form's answer go nowhere else.
    assert response.status_code == 200
    assert "form-action 'self'" in response["Content-Security-Policy"]
    page = response.content.decode()
    refresh = re.search(r'<meta http-equiv="refresh" content="0; url=([^"]+)">', page).group(1)
    link = re.search(r'<a class="button" href="([^"]+)">', page).group(1)
    assert unescape(refresh) == unescape(link)
    address = urlsplit(unescape(link))
    assert f"{address.scheme}://{address.netloc}{address.path}" == (
        f"https://wa.me/{lead.phone.as_e164.lstrip('+')}"
    )
    [text] = parse_qs(address.query)["text"]
    assert "Guten Tag Jonas," in text and "Preis: 2.400\xa0€" in text
    result.refresh_from_db()
    assert (result.sent_via, result.sent_by) == ("whatsapp", coordinator)
    assert LogEntry.objects.filter(
        object_id=str(lead.pk),
        user=coordinator,
        change_message="Sent the assessment to the patient on WhatsApp",
    ).exists()
    assert not mail.outbox


def test_a_request_without_email_offers_no_email_button(signed_in):
    result = AssessmentResultFactory(lead__email="", lead__whatsapp_ok=True)
    page = signed_in.get(result.lead.get_admin_url()).content.decode()
    assert "Send by email" not in page
    assert "Send on WhatsApp" in page
    signed_in.post(send_url(result.lead, "email"))
    result.refresh_from_db()
    assert result.sent_at is None and not mail.outbox


def test_superuser_both_records_and_sends(client):
    client.force_login(SuperuserFactory())
    lead = LeadFactory(kind="assessment", email="jonas@example.com")
    page = client.get(lead.get_admin_url()).content.decode()
    assert "Record the assessment" in page
    AssessmentResultFactory(lead=lead)
    assert "Send by email" in client.get(lead.get_admin_url()).content.decode()


# --- Notifications and the dashboard ----------------------------------------------------------


def test_notification_says_free_assessment_and_its_photo_count(settings):
    settings.LEADS_NOTIFY_EMAILS = ["desk@clinic.example"]
    settings.LEADS_WEBHOOK_URL = ""
    lead = assessment_with_photos(4, name="Jonas Weber", preferred_time="evening")
    assert notifications.lead_notify(lead_id=lead.pk)
    [email] = mail.outbox
    assert email.subject == "Free assessment, 4 photos: Jonas Weber, evening"
    assert "Request: Free assessment, 4 photos" in email.body


def test_chat_message_says_free_assessment_and_its_photo_count():
    lead = assessment_with_photos(4, name="Jonas Weber", preferred_time="evening")
    from django.template.loader import render_to_string

    text = render_to_string("email/leads/notification_chat.txt", notifications._context(lead))
    assert text.startswith("Free assessment, 4 photos: Jonas Weber")


def test_dashboard_counts_requests_by_kind(signed_in):
    LeadFactory.create_batch(3)
    LeadFactory.create_batch(2, kind="assessment")
    page = signed_in.get(reverse("admin:leads_lead_dashboard")).content.decode()
    callback = re.search(r'<tr data-kind="callback">(.*?)</tr>', page, re.S).group(1)
    assessment = re.search(r'<tr data-kind="assessment">(.*?)</tr>', page, re.S).group(1)
    assert re.findall(r"<td>(\d+)</td>", callback) == ["3", "3", "3"]
    assert re.findall(r"<td>(\d+)</td>", assessment) == ["2", "2", "2"]


# --- The demo ---------------------------------------------------------------------------------


def test_seed_demo_adds_two_assessments_with_drawn_private_photos_once(settings, private_media):
    settings.DEBUG = True
    call_command("seed_demo", stdout=StringIO())
    assessments = Lead.objects.assessments()
    assert assessments.count() == 2
    for lead in assessments:
        assert [photo.angle for photo in lead.photos.all()] == ["front", "top", "back"]
        assert lead.health_consent_version
    answered = AssessmentResult.objects.select_related("assessed_by").get()
    assert answered.assessed_by.username == "doctor"
    assert answered.assessed_by.groups.filter(name="Doctors").exists()
    files = sorted(path for path in private_media.rglob("*") if path.is_file())
    assert len(files) == 12  # six photos, each with its thumbnail

    call_command("seed_demo", stdout=StringIO())
    assert Lead.objects.assessments().count() == 2
    assert sorted(path for path in private_media.rglob("*") if path.is_file()) == files


def test_seed_demo_adds_no_requests_without_debug(settings):
    settings.DEBUG = False
    call_command("seed_demo", stdout=StringIO())
    assert not Lead.objects.exists()


def test_retention_deletes_the_stored_runs_of_the_assessment_email():
    from django_tasks_db.models import DBTaskResult

    from leads.services.retention import leads_anonymize

    long_ago = timezone.now() - timezone.timedelta(days=400)
    old = AssessmentResultFactory(lead__status="lost", lead__created_at=long_ago)
    kept = AssessmentResultFactory()
    for result in (old, kept):
        DBTaskResult.objects.create(
            task_path="leads.tasks.send_assessment_result",
            args_kwargs={"args": [result.pk], "kwargs": {}},
            backend_name="default",
            run_after=timezone.now(),
            status="SUCCESSFUL",
            return_value=True,
        )
    leads_anonymize(older_than_days=365)
    stored = DBTaskResult.objects.values_list("args_kwargs", flat=True)
    assert [args["args"] for args in stored] == [[kept.pk]]


def test_the_email_subject_shows_the_clinic_name_as_written(
    signed_in, clinic, django_capture_on_commit_callbacks
):
    clinic.name = "Hair & Co <Istanbul>"
    clinic.save()
    result = AssessmentResultFactory(lead__email="jonas@example.com")
    with django_capture_on_commit_callbacks(execute=True):
        signed_in.post(send_url(result.lead, "email"))
    [email] = mail.outbox
    assert "Hair & Co <Istanbul>" in email.subject and "&amp;" not in email.subject


def test_an_odd_request_number_in_the_record_address_is_no_server_error(as_doctor):
    response = as_doctor.get(f"{RECORD}?lead=%C2%B2")
    assert response.status_code in {200, 302}


def test_the_doctor_is_told_which_language_to_write_the_note_in(as_doctor):
    lead = assessment_with_photos(1, language="ar")
    page = as_doctor.get(f"{RECORD}?lead={lead.pk}").content.decode()
    assert "write the note for the patient in Arabic" in page
