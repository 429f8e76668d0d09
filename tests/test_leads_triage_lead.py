"""One request: details read-only, work editable, calls and notes logged, history kept."""

import time
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.contrib.admin.models import LogEntry
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from leads.models import CallAttempt, Lead, Note
from leads.services import triage
from tests.factories import (
    CallAttemptFactory,
    LeadFactory,
    NoteFactory,
    StaffFactory,
    SuperuserFactory,
)

pytestmark = pytest.mark.django_db


def change_url(lead):
    return reverse("admin:leads_lead_change", args=[lead.pk])


def form_data(lead, *, attempts=(), notes=(), **changes):
    """What the change form posts: the editable fields, and new calls and notes."""
    now = timezone.localtime()
    data = {
        "status": lead.status,
        "owner": lead.owner_id or "",
        "next_follow_up_at_0": "",
        "next_follow_up_at_1": "",
        "call_attempts-TOTAL_FORMS": len(attempts),
        "call_attempts-INITIAL_FORMS": 0,
        "notes-TOTAL_FORMS": len(notes),
        "notes-INITIAL_FORMS": 0,
        **changes,
    }
    for index, (outcome, note) in enumerate(attempts):
        data[f"call_attempts-{index}-made_at_0"] = now.strftime("%Y-%m-%d")
        data[f"call_attempts-{index}-made_at_1"] = now.strftime("%H:%M:%S")
        data[f"call_attempts-{index}-outcome"] = outcome
        data[f"call_attempts-{index}-note"] = note
        data[f"call_attempts-{index}-lead"] = lead.pk
    for index, text in enumerate(notes):
        data[f"notes-{index}-text"] = text
        data[f"notes-{index}-lead"] = lead.pk
    return data


def test_capture_details_are_shown_read_only(signed_in):
    earlier = LeadFactory(phone="+905321234567", status="lost")
    lead = LeadFactory(
        phone="+905321234567",
        utm_source="newsletter",
        consent_text="I agree that the clinic may call me back.",
        ip_address="203.0.113.0",
        user_agent="Mozilla/5.0 (iPhone)",
        request_count=2,
        is_returning=True,
        previous_lead=earlier,
    )
    response = signed_in.get(change_url(lead))
    page = response.content.decode()
    form = response.context["adminform"].form
    assert set(form.fields) == {"status", "owner", "next_follow_up_at", "follow_up_in"}
    for shown in ("newsletter", "I agree that the clinic", "203.0.113.0", "Mozilla/5.0 (iPhone)"):
        assert shown in page
    assert earlier.get_admin_url() in page  # the returning patient's earlier request


@pytest.mark.parametrize("whatsapp_ok", [True, False])
def test_lead_page_offers_whatsapp_only_when_the_patient_said_it_is_fine(signed_in, whatsapp_ok):
    lead = LeadFactory(phone="+905321234567", whatsapp_ok=whatsapp_ok)
    page = signed_in.get(change_url(lead)).content.decode()
    assert 'href="tel:+905321234567"' in page
    assert ("https://wa.me/905321234567" in page) is whatsapp_ok


def test_name_and_phone_cannot_be_changed_by_posting(signed_in):
    lead = LeadFactory(name="Real Name")
    signed_in.post(change_url(lead), form_data(lead, name="Changed", phone="+905550000000"))
    lead.refresh_from_db()
    assert lead.name == "Real Name"


def test_status_owner_and_follow_up_are_editable(signed_in, coordinator):
    lead = LeadFactory()
    tomorrow = timezone.localtime() + timedelta(days=1)
    response = signed_in.post(
        change_url(lead),
        form_data(
            lead,
            status="contacted",
            owner=coordinator.pk,
            next_follow_up_at_0=tomorrow.strftime("%Y-%m-%d"),
            next_follow_up_at_1="10:00:00",
        ),
    )
    assert response.status_code == 302
    lead.refresh_from_db()
    assert lead.status == "contacted" and lead.owner == coordinator
    assert lead.first_contact_at is not None
    assert timezone.localtime(lead.next_follow_up_at).hour == 10


def test_logging_a_call_records_who_and_claims_a_free_request(signed_in, coordinator):
    lead = LeadFactory()
    response = signed_in.post(change_url(lead), form_data(lead, attempts=[("no_answer", "")]))
    assert response.status_code == 302
    attempt = CallAttempt.objects.get(lead=lead)
    assert attempt.made_by == coordinator and attempt.outcome == "no_answer"
    lead.refresh_from_db()
    assert lead.owner == coordinator
    assert lead.first_contact_at is not None  # the clock stops at the first call
    assert lead.status == "new"


def call_dated(lead, moment):
    """The change form with one new call logged at ``moment`` (as typed in the clinic's time)."""
    data = form_data(lead, attempts=[("no_answer", "")])
    local = timezone.localtime(moment)
    data["call_attempts-0-made_at_0"] = local.strftime("%Y-%m-%d")
    data["call_attempts-0-made_at_1"] = local.strftime("%H:%M:%S")
    return data


@pytest.mark.parametrize(
    ("moment", "message"),
    [
        (datetime(9999, 12, 31, 12, tzinfo=UTC), "A call cannot be dated in the future"),
        (datetime(2000, 1, 1, 12, tzinfo=UTC), "A call cannot be dated before the request"),
    ],
)
def test_a_call_dated_outside_the_requests_life_is_refused_next_to_its_time(
    signed_in, moment, message
):
    lead = LeadFactory(created_at=timezone.now() - timedelta(hours=2))
    response = signed_in.post(change_url(lead), call_dated(lead, moment))
    assert response.status_code == 200
    (errors,) = [form.errors for form in response.context["inline_admin_formsets"][0].formset.forms]
    assert message in errors["made_at"][0]
    assert not CallAttempt.objects.filter(lead=lead).exists()
    lead.refresh_from_db()
    assert lead.first_contact_at is None


def test_a_call_a_few_minutes_ahead_of_the_server_clock_is_logged(signed_in):
    lead = LeadFactory()
    response = signed_in.post(
        change_url(lead), call_dated(lead, timezone.now() + timedelta(minutes=2))
    )
    assert response.status_code == 302
    assert CallAttempt.objects.filter(lead=lead).count() == 1


@pytest.mark.parametrize(
    "made_at",
    [datetime(9999, 12, 31, 12, tzinfo=UTC), datetime(2000, 1, 1, 12, tzinfo=UTC)],
)
def test_the_service_that_logs_calls_refuses_a_time_outside_the_requests_life(coordinator, made_at):
    lead = LeadFactory(created_at=timezone.now() - timedelta(hours=2))
    with pytest.raises(ValidationError) as refused:
        triage.call_attempt_log(lead=lead, by=coordinator, outcome="no_answer", made_at=made_at)
    assert "made_at" in refused.value.message_dict
    assert not CallAttempt.objects.filter(lead=lead).exists()
    lead.refresh_from_db()
    assert lead.first_contact_at is None


def test_a_far_future_call_already_stored_leaves_queue_lead_page_and_dashboard_working(
    signed_in,
):
    # As an older version let it be saved: the call, and the first contact it set.
    far = datetime(9999, 12, 31, tzinfo=ZoneInfo("Europe/Istanbul"))
    lead = LeadFactory(created_at=timezone.now() - timedelta(hours=1))
    CallAttempt.objects.create(lead=lead, made_at=far, outcome="no_answer")
    Lead.objects.filter(pk=lead.pk).update(first_contact_at=far)
    started = time.monotonic()
    for url in (
        reverse("admin:leads_lead_changelist"),
        reverse("admin:leads_lead_changelist") + "?sla=breached",
        change_url(lead),
        reverse("admin:leads_lead_dashboard"),
    ):
        assert signed_in.get(url).status_code == 200, url
    assert time.monotonic() - started < 5


def test_reaching_the_patient_moves_a_new_request_to_contacted(signed_in):
    lead = LeadFactory()
    signed_in.post(change_url(lead), form_data(lead, attempts=[("reached", "Wants a quote")]))
    lead.refresh_from_db()
    assert lead.status == "contacted"


def test_notes_are_added_with_their_author(signed_in, coordinator):
    lead = LeadFactory()
    signed_in.post(change_url(lead), form_data(lead, notes=["Speaks German only"]))
    note = Note.objects.get(lead=lead)
    assert note.author == coordinator and note.text == "Speaks German only"


def test_logged_calls_and_notes_are_not_editable(signed_in):
    lead = LeadFactory()
    CallAttemptFactory(lead=lead, note="first call")
    NoteFactory(lead=lead, text="a note")
    response = signed_in.get(change_url(lead))
    formsets = {
        formset.formset.prefix: formset for formset in response.context["inline_admin_formsets"]
    }
    for prefix in ("call_attempts", "notes"):
        inline = formsets[prefix]
        assert not inline.has_change_permission and not inline.has_delete_permission
        assert inline.has_add_permission


@pytest.mark.parametrize(
    ("outcomes", "offered"),
    [
        (["no_answer", "busy", "voicemail"], True),
        (["no_answer", "no_answer"], False),
        (["no_answer", "no_answer", "reached"], False),  # newest last
        (["reached", "no_answer", "busy", "no_answer"], True),
    ],
)
def test_after_max_unanswered_calls_in_a_row_unreachable_is_offered(
    signed_in, settings, outcomes, offered
):
    settings.LEADS_MAX_ATTEMPTS = 3
    lead = LeadFactory(status="contacted")
    start = timezone.now() - timedelta(hours=len(outcomes))
    for hours, outcome in enumerate(outcomes):
        CallAttemptFactory(lead=lead, outcome=outcome, made_at=start + timedelta(hours=hours))
    page = signed_in.get(change_url(lead)).content.decode()
    assert ("Mark unreachable" in page) is offered


def test_third_unanswered_call_logged_prompts_unreachable(signed_in, settings):
    settings.LEADS_MAX_ATTEMPTS = 3
    lead = LeadFactory()
    CallAttemptFactory.create_batch(2, lead=lead, made_at=timezone.now() - timedelta(hours=1))
    response = signed_in.post(
        change_url(lead), form_data(lead, attempts=[("busy", "")]), follow=True
    )
    assert "3 calls in a row went unanswered" in response.content.decode()


def test_mark_unreachable_closes_the_request(signed_in):
    lead = LeadFactory()
    signed_in.post(reverse("admin:leads_lead_unreachable", args=[lead.pk]))
    lead.refresh_from_db()
    assert lead.status == "unreachable"
    assert LogEntry.objects.filter(object_id=str(lead.pk), change_message="Marked unreachable.")


def test_every_change_is_kept_in_the_history(signed_in):
    lead = LeadFactory()
    signed_in.post(
        change_url(lead), form_data(lead, status="contacted", attempts=[("reached", "")])
    )
    entry = LogEntry.objects.get(object_id=str(lead.pk))
    message = entry.get_change_message()
    assert "Status" in message and "call attempt" in message
    history = signed_in.get(reverse("admin:leads_lead_history", args=[lead.pk]))
    assert history.status_code == 200 and "call attempt" in history.content.decode()


def test_owner_choices_are_coordinators_only(signed_in):
    StaffFactory(username="writer", role="Editors")
    lead = LeadFactory()
    owners = signed_in.get(change_url(lead)).context["adminform"].form.fields["owner"].queryset
    assert "writer" not in {user.username for user in owners}
    assert "ayse" in {user.username for user in owners}


def test_a_request_held_by_someone_outside_the_call_centre_can_still_be_worked(signed_in):
    # A coordinator who has since moved to marketing (or a superuser who claimed it).
    holder = StaffFactory(username="owner", role="Marketing")
    lead = LeadFactory(owner=holder)
    owners = signed_in.get(change_url(lead)).context["adminform"].form.fields["owner"].queryset
    assert {"owner", "ayse"} <= {user.username for user in owners}
    response = signed_in.post(change_url(lead), form_data(lead, status="contacted"))
    assert response.status_code == 302
    lead.refresh_from_db()
    assert (lead.status, lead.owner) == ("contacted", holder)


def test_superusers_can_be_given_a_request(signed_in):
    SuperuserFactory(username="boss")
    lead = LeadFactory()
    owners = signed_in.get(change_url(lead)).context["adminform"].form.fields["owner"].queryset
    assert "boss" in {user.username for user in owners}


def test_requests_cannot_be_added_by_hand(signed_in, client):
    assert signed_in.get(reverse("admin:leads_lead_add")).status_code == 403
    assert Lead.objects.count() == 0


def test_reopening_a_request_whose_phone_has_another_open_one_says_so_next_to_the_status(
    signed_in,
):
    spam = LeadFactory(phone="+905321112233", status="spam")
    open_one = LeadFactory(phone="+905321112233", status="contacted")
    response = signed_in.post(change_url(spam), form_data(spam, status="new"))
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert "already has an open request" in errors["status"][0]
    page = response.content.decode()
    assert f'href="{open_one.get_admin_url()}"' in page
    spam.refresh_from_db()
    assert spam.status == "spam"


def test_reopening_a_request_whose_phone_has_no_other_open_one_is_saved(signed_in):
    LeadFactory(phone="+905321112233", status="lost")
    spam = LeadFactory(phone="+905321112233", status="spam")
    response = signed_in.post(change_url(spam), form_data(spam, status="new"))
    assert response.status_code == 302
    spam.refresh_from_db()
    assert spam.status == "new"


def test_a_repeat_arriving_during_the_save_is_a_message_never_a_server_error(
    signed_in, monkeypatch
):
    from leads.admin.forms import LeadChangeForm

    spam = LeadFactory(phone="+905321112233", status="spam")
    LeadFactory(phone="+905321112233", status="new")
    # As if the open request arrived after the form checked the phone.
    monkeypatch.setattr(LeadChangeForm, "clean_status", lambda form: form.cleaned_data["status"])
    response = signed_in.post(change_url(spam), form_data(spam, status="new"), follow=True)
    assert response.status_code == 200
    assert "just received another open request" in response.content.decode()
    spam.refresh_from_db()
    assert spam.status == "spam"


def test_source_page_and_referrer_of_other_sites_are_shown_as_text_never_as_links(signed_in):
    lead = LeadFactory(
        source_url="https://evil.example/clinic-login", referrer="https://forum.example/t/1"
    )
    page = signed_in.get(change_url(lead)).content.decode()
    assert "https://evil.example/clinic-login" in page and "https://forum.example/t/1" in page
    assert 'href="https://evil.example' not in page and 'href="https://forum.example' not in page
    ours = LeadFactory(source_url="http://testserver/blog/fue-or-dhi/")
    page = signed_in.get(change_url(ours)).content.decode()
    assert 'href="http://testserver/blog/fue-or-dhi/"' in page


def test_who_called_and_who_wrote_are_names_never_links_to_the_user_admin(signed_in):
    lead = LeadFactory()
    colleague = StaffFactory(first_name="Mehmet", last_name="Demir", role="Call centre")
    CallAttemptFactory(lead=lead, made_by=colleague)
    NoteFactory(lead=lead, author=colleague)
    page = signed_in.get(change_url(lead)).content.decode()
    assert page.count("Mehmet Demir") >= 2
    # Coordinators may not open the user admin: a link there would only lead to a 403.
    assert "/admin/auth/user/" not in page


def readonly_values(response, prefix, field):
    (formset,) = [
        inline
        for inline in response.context["inline_admin_formsets"]
        if inline.formset.prefix == prefix
    ]
    return [
        (form.form.instance.pk, line.contents())
        for form in formset
        for fieldset in form
        for row in fieldset
        for line in row
        if line.is_readonly and line.field["name"] == field
    ]


def test_a_note_shows_when_it_was_written_and_a_blank_one_shows_no_time(signed_in):
    lead = LeadFactory()
    saved = NoteFactory(lead=lead, created_at=timezone.now() - timedelta(days=1))
    response = signed_in.get(change_url(lead))
    shown = dict(readonly_values(response, "notes", "written"))
    assert shown[None] == "—"  # the empty form for a new note
    written = timezone.localtime(saved.created_at)
    assert str(written.year) in shown[saved.pk] and str(written.day) in shown[saved.pk]


def test_returning_patient_help_reads_right_ticked_or_not(signed_in):
    page = signed_in.get(change_url(LeadFactory(is_returning=False))).content.decode()
    assert "Ticked when this phone number had an earlier request" in page
    assert "This phone number had an earlier, closed request." not in page
