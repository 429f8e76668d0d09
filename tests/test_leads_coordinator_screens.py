"""
The coordinator's two screens (the queue and one request): what to call next first, new
requests without a reload, a breach that cannot be missed, and one request's page from which a
call is logged and the next request opened in one action.
"""

import re
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from leads.models import CallAttempt, CoordinatorLanguage, Lead
from tests.factories import (
    AssessmentPhotoFactory,
    AssessmentResultFactory,
    CallAttemptFactory,
    LeadFactory,
    StaffFactory,
    SuperuserFactory,
    TreatmentFactory,
)

QUEUE = reverse("admin:leads_lead_changelist")
UPDATES = reverse("admin:leads_lead_updates")


def rows(response):
    return list(response.context["cl"].result_list)


def speaks(user, *languages):
    for language in languages:
        CoordinatorLanguage.objects.create(user=user, language=language)


# --- What to call next first ----------------------------------------------------------------


@pytest.fixture
def mixed_queue(coordinator, colleague):
    """Requests of every kind the default order tells apart, made in a muddled order."""
    speaks(coordinator, "de")
    now = timezone.now()
    return {
        "other_language_oldest": LeadFactory(language="en", created_at=now - timedelta(hours=5)),
        "mine_due": LeadFactory(
            language="en",
            status="contacted",
            owner=coordinator,
            first_contact_at=now - timedelta(hours=3),
            next_follow_up_at=now - timedelta(minutes=5),
            created_at=now - timedelta(hours=4),
        ),
        "german_newer": LeadFactory(language="de", created_at=now - timedelta(minutes=10)),
        "mine_later": LeadFactory(
            language="de",
            status="contacted",
            owner=coordinator,
            first_contact_at=now - timedelta(hours=1),
            next_follow_up_at=now + timedelta(hours=2),
            created_at=now - timedelta(hours=2),
        ),
        "german_older": LeadFactory(language="de", created_at=now - timedelta(minutes=50)),
        "german_held": LeadFactory(
            language="de", owner=colleague, created_at=now - timedelta(hours=1)
        ),
        "theirs_due": LeadFactory(
            language="de",
            status="contacted",
            owner=colleague,
            first_contact_at=now - timedelta(hours=3),
            next_follow_up_at=now - timedelta(hours=1),
            created_at=now - timedelta(hours=6),
        ),
    }


def test_default_view_puts_my_due_follow_ups_then_free_new_requests_in_my_languages_first(
    signed_in, mixed_queue
):
    order = [lead.pk for lead in rows(signed_in.get(QUEUE))]
    names = {lead.pk: name for name, lead in mixed_queue.items()}
    assert [names[pk] for pk in order] == [
        "mine_due",
        # Free and new, in a language I speak: the longest waiting first.
        "german_older",
        "german_newer",
        # The rest in queue order: waiting for a first call, then due follow-ups, then others.
        "other_language_oldest",
        "german_held",
        "theirs_due",
        "mine_later",
    ]


def test_a_request_i_claimed_but_have_not_called_yet_comes_first_with_my_due_follow_ups(
    signed_in, coordinator, mixed_queue
):
    claimed = LeadFactory(
        language="en", owner=coordinator, created_at=timezone.now() - timedelta(minutes=20)
    )
    order = [lead.pk for lead in rows(signed_in.get(QUEUE))]
    assert set(order[:2]) == {claimed.pk, mixed_queue["mine_due"].pk}
    assert order[2] == mixed_queue["german_older"].pk


def test_free_requests_in_other_languages_come_before_colleagues_claimed_ones(
    signed_in, coordinator, colleague
):
    speaks(coordinator, "de")
    now = timezone.now()
    held = LeadFactory(language="en", owner=colleague, created_at=now - timedelta(hours=3))
    free_english = LeadFactory(language="en", created_at=now - timedelta(hours=1))
    free_german = LeadFactory(language="de", created_at=now - timedelta(minutes=5))
    order = [lead.pk for lead in rows(signed_in.get(QUEUE))]
    assert order == [free_german.pk, free_english.pk, held.pk]


def test_without_languages_a_coordinator_sees_free_requests_longest_waiting_first(
    signed_in, colleague
):
    now = timezone.now()
    held = LeadFactory(language="de", owner=colleague, created_at=now - timedelta(hours=3))
    older = LeadFactory(language="en", created_at=now - timedelta(hours=2))
    newer = LeadFactory(language="tr", created_at=now - timedelta(hours=1))
    order = [lead.pk for lead in rows(signed_in.get(QUEUE))]
    assert order == [older.pk, newer.pk, held.pk]


def test_the_other_orders_stay_one_click_away(signed_in, mixed_queue):
    page = signed_in.get(QUEUE).content.decode()
    assert "What I should call next" in page
    assert "?order=languages" in page and "?order=queue" in page
    by_queue = [lead.pk for lead in rows(signed_in.get(QUEUE, {"order": "queue"}))]
    # The plain queue order: waiting for a first call, longest first, whatever the language.
    assert by_queue[0] == mixed_queue["other_language_oldest"].pk
    by_language = [lead.pk for lead in rows(signed_in.get(QUEUE, {"order": "languages"}))]
    assert by_language[0] == mixed_queue["german_held"].pk


# --- The queue's rows -----------------------------------------------------------------------


def test_a_request_past_its_sla_says_so_in_words(signed_in, settings):
    settings.LEADS_SLA_MINUTES = 15
    late = LeadFactory(name="Late Patient", created_at=timezone.now() - timedelta(minutes=40))
    LeadFactory(name="Fresh Patient")
    page = signed_in.get(QUEUE).content.decode()
    cells = re.findall(r'<td class="field-waiting">(.*?)</td>', page, re.S)
    assert len(cells) == 2
    assert "SLA breached" in cells[0] and "SLA breached" not in cells[1]
    assert rows(signed_in.get(QUEUE))[0] == late


def test_whatsapp_shows_only_where_the_patient_chose_it(signed_in):
    LeadFactory(name="Chat Yes", whatsapp_ok=True)
    LeadFactory(name="Chat No", whatsapp_ok=False)
    page = signed_in.get(QUEUE).content.decode()
    cells = re.findall(r'<td class="field-patient">(.*?)</td>', page, re.S)
    by_name = {("Chat Yes" if "Chat Yes" in cell else "Chat No"): cell for cell in cells}
    assert "wa.me" in by_name["Chat Yes"] and "wa.me" not in by_name["Chat No"]
    assert all('href="tel:+' in cell for cell in cells)


def test_the_queue_carries_its_own_update_script_and_notice(signed_in):
    page = signed_in.get(QUEUE).content.decode()
    assert re.search(r'<script src="/static/leads/queue-updates[^"]*\.js" defer>', page)
    region = re.search(r'<div id="queue-updates"[^>]*>', page).group(0)
    assert f'data-url="{UPDATES}"' in region and 'data-since="' in region
    # The live region is always in the page, so a screen reader hears what is added to it;
    # only its content is hidden while there is nothing to say.
    assert 'role="status"' in region and "hidden" not in region
    assert re.search(r'<div id="queue-updates"[^>]*><p class="queue-updates" hidden>', page)


def queue_queries(client, django_assert_num_queries, count):
    client.get(QUEUE)  # warms the cached clinic identity
    with django_assert_num_queries(count):
        response = client.get(QUEUE)
    return len(rows(response))


# Session, user, permissions, the rows and their count, the filters' choices, the dates.
QUEUE_PAGE_QUERIES = 12


def test_queue_runs_the_same_queries_for_one_row_or_ten(
    signed_in, coordinator, colleague, django_assert_num_queries
):
    speaks(coordinator, "de", "tr")
    hair = TreatmentFactory()

    def make(number):
        lead = LeadFactory(
            language=("de", "tr", "en")[number % 3],
            interest=hair,
            owner=(None, coordinator, colleague)[number % 3],
            whatsapp_ok=bool(number % 2),
            kind="assessment" if number % 4 == 0 else "callback",
        )
        CallAttemptFactory(lead=lead, made_by=colleague)
        if lead.is_assessment:
            AssessmentPhotoFactory(lead=lead)

    make(0)
    assert queue_queries(signed_in, django_assert_num_queries, QUEUE_PAGE_QUERIES) == 1
    for number in range(1, 10):
        make(number)
    assert queue_queries(signed_in, django_assert_num_queries, QUEUE_PAGE_QUERIES) == 10


# --- New requests without a reload: the JSON answer -------------------------------------------


def updates(client, since, **extra):
    return client.get(UPDATES, {"since": since.isoformat(), **extra})


def test_updates_count_requests_arrived_since_the_queue_was_drawn_and_breaches(signed_in, settings):
    settings.LEADS_SLA_MINUTES = 15
    drawn = timezone.now() - timedelta(minutes=5)
    LeadFactory(created_at=drawn - timedelta(minutes=40))  # already listed, and breached
    for minutes in (1, 2, 3):
        LeadFactory(created_at=drawn + timedelta(minutes=minutes))
    LeadFactory(created_at=drawn + timedelta(minutes=1), status="spam")  # never counted
    LeadFactory(created_at=drawn + timedelta(minutes=1), first_contact_at=timezone.now())
    answer = updates(signed_in, drawn).json()
    assert answer["new"] == 3 and answer["breached"] == 1
    assert answer["notice"] == "3 new requests"
    assert answer["breached_notice"] == "1 past its SLA"
    assert updates(signed_in, timezone.now()).json()["new"] == 0


def test_updates_say_how_many_are_past_their_sla_in_the_coordinators_language(signed_in, settings):
    settings.LEADS_SLA_MINUTES = 15
    for minutes in (40, 50):
        LeadFactory(created_at=timezone.now() - timedelta(minutes=minutes))
    english = updates(signed_in, timezone.now()).json()
    assert (english["breached"], english["breached_notice"]) == (2, "2 past their SLA")
    german = signed_in.get(
        UPDATES, {"since": timezone.now().isoformat()}, headers={"accept-language": "de"}
    ).json()
    assert german["breached_notice"] == "2 Anfragen über der SLA-Frist"


def test_updates_run_one_counting_query(signed_in, django_assert_num_queries):
    signed_in.get(QUEUE)  # warms the cached clinic identity
    LeadFactory.create_batch(3)
    since = timezone.now() - timedelta(minutes=1)
    # The session, the user, the user's and their groups' permissions, then one count.
    with django_assert_num_queries(5):
        assert updates(signed_in, since).json()["new"] == 3
    LeadFactory.create_batch(7)
    with django_assert_num_queries(5):
        assert updates(signed_in, since).json()["new"] == 10


def test_updates_need_a_readable_time(signed_in):
    assert signed_in.get(UPDATES, {"since": "yesterday"}).status_code == 400


def test_updates_answer_400_for_a_well_formed_impossible_date(signed_in):
    assert signed_in.get(UPDATES, {"since": "2026-02-30T10:00"}).status_code == 400


def test_updates_are_for_signed_in_staff_who_may_see_requests(client, marketing):
    since = {"since": timezone.now().isoformat()}
    anonymous = client.get(UPDATES, since)
    assert anonymous.status_code == 302 and "/admin/login/" in anonymous["Location"]
    assert marketing.get(UPDATES, since).status_code == 403


def test_a_doctor_counts_only_assessments(client, db):
    client.force_login(StaffFactory(role="Doctors"))
    since = timezone.now() - timedelta(minutes=1)
    LeadFactory()
    LeadFactory(kind="assessment")
    assert updates(client, since).json()["new"] == 1


# --- One request: the desk ------------------------------------------------------------------


def change_page(client, lead):
    return client.get(lead.get_admin_url()).content.decode()


def desk(page):
    start = page.index('<div class="call-desk">')
    return page[start : page.index('<fieldset class="module aligned collapse', start)]


@time_machine.travel(datetime(2026, 12, 1, 12, 0, tzinfo=UTC), tick=False)
def test_the_desk_shows_who_with_the_patients_time_now_and_what_they_want(signed_in):
    lead = LeadFactory(
        name="Hans Müller",
        phone="+4915112345678",
        country="DE",
        language="de",
        whatsapp_ok=True,
        preferred_time="evening",
        interest=TreatmentFactory(name="FUE hair transplant"),
        message="How long do I stay in Istanbul?",
        created_at=timezone.now() - timedelta(minutes=3),
    )
    top = desk(change_page(signed_in, lead))
    assert "Hans Müller" in top and 'href="tel:+4915112345678"' in top and "wa.me" in top
    assert "Deutsch" in top and ">DE<" in top
    # Noon in UTC is 13:00 in Berlin.
    assert "13:00 for the patient now" in top
    assert "FUE hair transplant" in top and "Evening" in top
    assert "How long do I stay in Istanbul?" in top
    assert "3 min" in top  # the SLA clock
    # The log of a call, with what it will do to the request.
    assert 'name="call_attempts-0-outcome"' in top and 'accesskey="l"' in top
    assert 'name="call_attempts-0-note"' in top and 'name="follow_up_in"' in top
    assert "Reached: the request moves to Contacted." in top
    assert "Any call stops the SLA clock." in top
    assert 'name="_save_next"' in top
    # Attribution and consent are folded below it.
    assert "I agree that the clinic may call me back." not in top


def test_the_desk_offers_whatsapp_only_where_the_patient_chose_it(signed_in):
    assert "wa.me" not in desk(change_page(signed_in, LeadFactory(whatsapp_ok=False)))


def test_an_assessment_shows_its_photos_in_the_desk(signed_in):
    lead = LeadFactory(kind="assessment")
    photos = [AssessmentPhotoFactory(lead=lead, angle=angle) for angle in ("front", "top")]
    top = desk(change_page(signed_in, lead))
    assert "Free assessment" in top
    for photo in photos:
        assert photo.get_thumbnail_url() in top and photo.get_absolute_url() in top


def test_the_desk_counts_unanswered_calls_towards_unreachable(signed_in, settings):
    settings.LEADS_MAX_ATTEMPTS = 3
    lead = LeadFactory(status="contacted", first_contact_at=timezone.now())
    CallAttemptFactory.create_batch(2, lead=lead)
    top = desk(change_page(signed_in, lead))
    assert "The status stays Contacted" in top
    assert "2 unanswered calls in a row so far; after 3 it can be marked unreachable." in top
    assert "2 calls so far" in top


# Pinned: the same for one call (and photo) as for ten; an assessment adds its photos and the
# doctor's answer.
LEAD_PAGE_QUERIES = {"callback": 11, "assessment": 13}


def lead_page_queries(client, lead, django_assert_num_queries):
    client.get(lead.get_admin_url())  # warms the cached clinic identity
    with django_assert_num_queries(LEAD_PAGE_QUERIES[lead.kind]):
        assert client.get(lead.get_admin_url()).status_code == 200


@pytest.mark.parametrize("kind", ["callback", "assessment"])
def test_the_request_page_runs_the_same_queries_for_one_call_or_ten(
    signed_in, colleague, django_assert_num_queries, kind
):
    one = LeadFactory(kind=kind)
    ten = LeadFactory(kind=kind)
    CallAttemptFactory(lead=one, made_by=colleague)
    CallAttemptFactory.create_batch(10, lead=ten, made_by=colleague)
    if kind == "assessment":
        AssessmentPhotoFactory(lead=one)
        for _ in range(4):
            AssessmentPhotoFactory(lead=ten)
    lead_page_queries(signed_in, one, django_assert_num_queries)
    lead_page_queries(signed_in, ten, django_assert_num_queries)


# --- Save and open the next request -----------------------------------------------------------


def call_form(lead, **overrides):
    return {
        "status": lead.status,
        "owner": lead.owner_id or "",
        "follow_up_in": "",
        "next_follow_up_at_0": "",
        "next_follow_up_at_1": "",
        "call_attempts-TOTAL_FORMS": "1",
        "call_attempts-INITIAL_FORMS": "0",
        "call_attempts-MIN_NUM_FORMS": "0",
        "call_attempts-MAX_NUM_FORMS": "1000",
        "call_attempts-0-outcome": "no_answer",
        "call_attempts-0-note": "Rang twice",
        "call_attempts-0-made_at_0": timezone.localtime().strftime("%Y-%m-%d"),
        "call_attempts-0-made_at_1": timezone.localtime().strftime("%H:%M:%S"),
        "notes-TOTAL_FORMS": "0",
        "notes-INITIAL_FORMS": "0",
        "notes-MIN_NUM_FORMS": "0",
        "notes-MAX_NUM_FORMS": "1000",
        **overrides,
    }


def outcome_inputs(page):
    return re.findall(r'<input[^>]*name="call_attempts-0-outcome"[^>]*>', page)


def test_only_the_first_outcome_carries_the_access_key_and_the_focus(signed_in):
    inputs = outcome_inputs(change_page(signed_in, LeadFactory()))
    assert len(inputs) == 5
    assert [('accesskey="l"' in tag, "autofocus" in tag) for tag in inputs] == [
        (True, True),
        *[(False, False)] * 4,
    ]


def test_a_page_with_errors_keeps_the_access_key_but_does_not_pull_the_focus(signed_in):
    lead = LeadFactory()
    response = signed_in.post(lead.get_admin_url(), call_form(lead, status="nonsense"))
    assert response.status_code == 200 and response.context["errors"]
    inputs = outcome_inputs(response.content.decode())
    assert sum('accesskey="l"' in tag for tag in inputs) == 1
    assert not any("autofocus" in tag for tag in inputs)
    # The next page without errors has its focus back.
    assert "autofocus" in outcome_inputs(change_page(signed_in, lead))[0]


def test_enter_in_the_note_saves_and_stays_rather_than_opening_the_next_request(signed_in):
    page = change_page(signed_in, LeadFactory())
    form = page[re.search(r'<form [^>]*id="lead_form"', page).start() :]
    # Enter in a text field presses the form's first submit button.
    first = re.search(r'<(?:button|input)[^>]*type="submit"[^>]*>', form).group(0)
    assert 'name="_continue"' in first
    assert form.index(first) < form.index('name="call_attempts-0-note"')


def test_save_and_next_logs_the_call_and_opens_the_next_request_in_my_order(
    signed_in, coordinator, mixed_queue
):
    lead = mixed_queue["german_older"]
    lead.owner = coordinator
    lead.save()
    response = signed_in.post(
        lead.get_admin_url(), call_form(lead, follow_up_in="1h", _save_next="1")
    )
    # Mine with a follow-up due is still first in my order; the request just saved is skipped.
    assert response.status_code == 302
    assert response["Location"] == mixed_queue["mine_due"].get_admin_url()
    attempt = CallAttempt.objects.get(lead=lead)
    assert (attempt.outcome, attempt.note, attempt.made_by) == (
        "no_answer",
        "Rang twice",
        coordinator,
    )
    lead.refresh_from_db()
    assert lead.first_contact_at is not None and lead.status == "new"
    later = lead.next_follow_up_at - timezone.now()
    assert timedelta(minutes=58) < later <= timedelta(hours=1)
    messages = [str(m) for m in signed_in.get(response["Location"]).context["messages"]]
    assert any("Next:" in message for message in messages)


def test_save_and_next_goes_on_through_my_queue(signed_in, coordinator, mixed_queue):
    first = mixed_queue["mine_due"]
    response = signed_in.post(first.get_admin_url(), call_form(first, _save_next="1"))
    assert response["Location"] == mixed_queue["german_older"].get_admin_url()


def test_save_and_next_never_opens_a_colleagues_request_for_a_coordinator_without_languages(
    signed_in, colleague
):
    now = timezone.now()
    lead = LeadFactory(created_at=now - timedelta(hours=4))
    LeadFactory(owner=colleague, created_at=now - timedelta(hours=3))
    free = LeadFactory(created_at=now - timedelta(hours=1))
    response = signed_in.post(lead.get_admin_url(), call_form(lead, _save_next="1"))
    assert response["Location"] == free.get_admin_url()


def test_save_and_next_with_only_colleagues_requests_left_goes_back_to_the_queue(
    signed_in, coordinator, colleague
):
    speaks(coordinator, "de")
    lead = LeadFactory(language="de")
    LeadFactory(language="de", owner=colleague)
    LeadFactory(
        status="contacted",
        owner=colleague,
        first_contact_at=timezone.now(),
        next_follow_up_at=timezone.now() - timedelta(hours=1),
    )
    response = signed_in.post(lead.get_admin_url(), call_form(lead, _save_next="1"))
    assert response["Location"] == QUEUE


def test_save_and_next_never_opens_a_colleagues_request_for_a_superuser(client, colleague):
    client.force_login(SuperuserFactory())
    now = timezone.now()
    lead = LeadFactory(created_at=now - timedelta(hours=4))
    LeadFactory(owner=colleague, created_at=now - timedelta(hours=3))
    free = LeadFactory(created_at=now - timedelta(hours=1))
    response = client.post(lead.get_admin_url(), call_form(lead, _save_next="1"))
    assert response["Location"] == free.get_admin_url()


def test_save_and_next_with_nothing_left_goes_back_to_the_queue(signed_in):
    lead = LeadFactory()
    LeadFactory(status="won")
    response = signed_in.post(lead.get_admin_url(), call_form(lead, _save_next="1"), follow=True)
    assert response.redirect_chain[-1][0] == QUEUE
    assert "Nothing else is waiting in your queue." in response.content.decode()
    assert Lead.objects.get(pk=lead.pk).call_attempts.count() == 1


def test_a_follow_up_date_typed_by_hand_is_kept_when_no_quick_choice_is_ticked(signed_in):
    lead = LeadFactory()
    response = signed_in.post(
        lead.get_admin_url(),
        call_form(lead, next_follow_up_at_0="2030-01-02", next_follow_up_at_1="10:00:00"),
    )
    assert response.status_code == 302
    lead.refresh_from_db()
    assert timezone.localtime(lead.next_follow_up_at).strftime("%Y-%m-%d %H:%M") == (
        "2030-01-02 10:00"
    )


def test_a_doctor_reads_the_desk_without_the_log_of_a_call(client, db):
    client.force_login(StaffFactory(role="Doctors"))
    lead = LeadFactory(kind="assessment", name="Omar Haddad")
    page = client.get(lead.get_admin_url()).content.decode()
    assert '<h2 id="desk-name" class="desk-name" dir="auto">Omar Haddad</h2>' in page
    assert "Log a call" not in page and 'name="_save_next"' not in page


def test_the_doctors_answer_and_its_send_buttons_are_outside_the_requests_form(signed_in):
    lead = LeadFactory(kind="assessment", email="jonas@example.com")
    AssessmentResultFactory(lead=lead)
    page = change_page(signed_in, lead)
    form_end = page.index("</form>", page.index('id="lead_form"'))
    assert page.index('class="assessment-result"') > form_end
