"""The queue: open requests, the longest-waiting first, everything a coordinator needs per row."""

import re
from datetime import time, timedelta
from urllib.parse import urlencode

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from clinic_site.models import Clinic, OpeningHours
from tests.factories import (
    AssessmentPhotoFactory,
    CallAttemptFactory,
    LeadFactory,
    StaffFactory,
    TreatmentFactory,
)

pytestmark = pytest.mark.django_db

QUEUE = reverse("admin:leads_lead_changelist")


@pytest.fixture
def always_open():
    clinic = Clinic.load()
    for day in range(7):
        OpeningHours.objects.create(clinic=clinic, weekday=day, opens=time(0), closes=time(23, 59))
    return clinic


def rows(response):
    return list(response.context["cl"].result_list)


def test_queue_shows_open_requests_only_by_default(signed_in):
    new = LeadFactory(status="new")
    booked = LeadFactory(status="booked")
    won = LeadFactory(status="won")
    spam = LeadFactory(status="spam")
    listed = rows(signed_in.get(QUEUE))
    assert new in listed and booked in listed
    assert won not in listed and spam not in listed


def test_anonymized_open_requests_leave_the_queue_but_stay_under_all(signed_in):
    kept = LeadFactory(status="new")
    removed = LeadFactory(status="new", name="Anonymized", anonymized_at=timezone.now())
    assert rows(signed_in.get(QUEUE)) == [kept]
    assert rows(signed_in.get(QUEUE, {"status": "open"})) == [kept]
    assert removed in rows(signed_in.get(QUEUE, {"status": "all"}))


def test_anonymized_requests_never_count_as_waiting_past_the_sla(signed_in, always_open, settings):
    settings.LEADS_SLA_MINUTES = 15
    long_ago = timezone.now() - timedelta(days=400)
    LeadFactory(created_at=long_ago, anonymized_at=timezone.now())
    overdue = LeadFactory(created_at=timezone.now() - timedelta(minutes=40))
    assert rows(signed_in.get(QUEUE, {"sla": "breached", "status": "all"})) == [overdue]


def test_all_and_each_status_are_one_click_away(signed_in):
    won = LeadFactory(status="won")
    spam = LeadFactory(status="spam")
    assert won in rows(signed_in.get(QUEUE, {"status": "all"}))
    assert rows(signed_in.get(QUEUE, {"status": "spam"})) == [spam]


def test_longest_waiting_request_comes_first(signed_in):
    now = timezone.now()
    recent = LeadFactory(created_at=now - timedelta(minutes=2))
    oldest = LeadFactory(created_at=now - timedelta(hours=3))
    middle = LeadFactory(created_at=now - timedelta(minutes=30))
    assert rows(signed_in.get(QUEUE)) == [oldest, middle, recent]


def test_requests_already_called_come_after_those_still_waiting(signed_in):
    now = timezone.now()
    called = LeadFactory(created_at=now - timedelta(hours=5), status="contacted")
    called.first_contact_at = now - timedelta(hours=4)
    called.save()
    waiting = LeadFactory(created_at=now - timedelta(minutes=1))
    assert rows(signed_in.get(QUEUE)) == [waiting, called]


def test_due_follow_up_comes_before_later_ones(signed_in):
    now = timezone.now()
    later = LeadFactory(
        status="contacted", first_contact_at=now, next_follow_up_at=now + timedelta(days=1)
    )
    due = LeadFactory(
        status="contacted", first_contact_at=now, next_follow_up_at=now - timedelta(minutes=5)
    )
    assert rows(signed_in.get(QUEUE)) == [due, later]


def test_row_has_call_and_whatsapp_links_with_a_greeting(signed_in):
    LeadFactory(name="Hans Müller", phone="+4915112345678", language="de", whatsapp_ok=True)
    page = signed_in.get(QUEUE).content.decode()
    assert 'href="tel:+4915112345678"' in page
    with translation.override("de"):
        greeting = gettext(
            "Hello %(name)s, this is %(clinic)s. You asked us to call you back: is now a good time?"
        ) % {"name": "Hans", "clinic": Clinic.load().name}
    assert f"https://wa.me/4915112345678?{urlencode({'text': greeting})}" in page


def test_whatsapp_is_offered_only_to_patients_who_said_it_is_fine(signed_in):
    LeadFactory(phone="+4915112345678", whatsapp_ok=True)
    LeadFactory(phone="+905321234567", whatsapp_ok=False)
    page = signed_in.get(QUEUE).content.decode()
    assert "https://wa.me/4915112345678?" in page
    assert 'href="tel:+905321234567"' in page
    assert "https://wa.me/905321234567" not in page
    assert page.count(">WhatsApp</a>") == 1


def test_row_shows_coordinator_attempts_country_interest_and_source(signed_in, coordinator):
    lead = LeadFactory(
        owner=coordinator,
        country="DE",
        interest=TreatmentFactory(name="FUE hair transplant"),
        source_url="https://clinic.example/blog/fue-or-dhi/?utm_source=x",
    )
    CallAttemptFactory.create_batch(2, lead=lead)
    response = signed_in.get(QUEUE)
    (row,) = rows(response)
    assert row.attempt_count == 2
    page = response.content.decode()
    assert "Ayşe K" in page
    assert "FUE hair transplant" in page
    assert "blog/fue-or-dhi/" in page
    assert ">DE<" in page


def test_the_source_page_is_left_to_the_requests_page_and_the_filter(signed_in):
    lead = LeadFactory(source_url="https://evil.example/clinic-login?utm_source=x")
    page = signed_in.get(QUEUE).content.decode()
    assert 'class="field-source_page"' not in page
    assert 'href="https://evil.example' not in page
    assert "evil.example/clinic-login" in signed_in.get(lead.get_admin_url()).content.decode()


def test_waiting_time_is_coloured_by_sla_state(signed_in, always_open, settings):
    settings.LEADS_SLA_MINUTES = 15
    now = timezone.now()
    LeadFactory(created_at=now - timedelta(minutes=3))
    LeadFactory(created_at=now - timedelta(minutes=12))
    LeadFactory(created_at=now - timedelta(minutes=40))
    page = signed_in.get(QUEUE).content.decode()
    assert 'class="sla sla--on_time"' in page
    assert 'class="sla sla--at_risk"' in page
    assert 'class="sla sla--breached"' in page


@pytest.mark.parametrize(
    ("param", "expected"),
    [("mine", ["mine"]), ("unassigned", ["free"]), ("others", ["theirs"])],
)
def test_owner_filter(signed_in, coordinator, param, expected):
    leads = {
        "mine": LeadFactory(owner=coordinator),
        "free": LeadFactory(),
        "theirs": LeadFactory(owner=StaffFactory(role="Call centre")),
    }
    assert rows(signed_in.get(QUEUE, {"owner": param})) == [leads[name] for name in expected]


@pytest.mark.parametrize(
    ("state", "expected"),
    [("on_time", "fresh"), ("at_risk", "late"), ("breached", "overdue")],
)
def test_sla_filter(signed_in, always_open, settings, state, expected):
    settings.LEADS_SLA_MINUTES = 15
    now = timezone.now()
    leads = {
        "fresh": LeadFactory(created_at=now - timedelta(minutes=3)),
        "late": LeadFactory(created_at=now - timedelta(minutes=12)),
        "overdue": LeadFactory(created_at=now - timedelta(minutes=40)),
    }
    assert rows(signed_in.get(QUEUE, {"sla": state})) == [leads[expected]]


def test_interest_country_and_source_filters(signed_in):
    fue = TreatmentFactory(name="FUE")
    wanted = LeadFactory(
        interest=fue, country="DE", source_url="https://c.example/blog/a/?utm_source=x"
    )
    LeadFactory(country="TR", source_url="https://c.example/blog/b/")
    assert rows(signed_in.get(QUEUE, {"interest__id__exact": fue.pk})) == [wanted]
    assert rows(signed_in.get(QUEUE, {"country": "DE"})) == [wanted]
    assert rows(signed_in.get(QUEUE, {"source": "https://c.example/blog/a/"})) == [wanted]


def test_date_filter_and_hierarchy(signed_in):
    old = LeadFactory(created_at=timezone.now() - timedelta(days=40))
    today = LeadFactory()
    midnight = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
    response = signed_in.get(QUEUE, {"created_at__gte": str(midnight)})
    assert rows(response) == [today]
    year = timezone.localtime(old.created_at).year
    month = timezone.localtime(old.created_at).month
    assert old in rows(signed_in.get(QUEUE, {"created_at__year": year, "created_at__month": month}))


@pytest.mark.parametrize(
    "typed", ["+90 532 123 45 67", "0532 123 4567", "05321234567", "532-123-45-67", "1234567"]
)
def test_search_finds_a_phone_written_in_any_format(signed_in, typed):
    wanted = LeadFactory(phone="+905321234567")
    LeadFactory(phone="+905559876543")
    assert rows(signed_in.get(QUEUE, {"q": typed})) == [wanted]


def test_phone_search_respects_the_status_and_owner_filters(signed_in, coordinator):
    open_lead = LeadFactory(phone="+905321234567", owner=coordinator)
    LeadFactory(phone="+905321234567", status="lost")
    LeadFactory(phone="+905321234567", status="spam", owner=coordinator)
    assert rows(signed_in.get(QUEUE, {"q": "0532 123 45 67"})) == [open_lead]
    lost = rows(signed_in.get(QUEUE, {"q": "0532 123 45 67", "status": "lost"}))
    assert [lead.status for lead in lost] == ["lost"]
    spam = rows(signed_in.get(QUEUE, {"q": "0532 123 45 67", "status": "spam", "owner": "mine"}))
    assert [lead.status for lead in spam] == ["spam"]


def test_search_finds_a_name(signed_in):
    wanted = LeadFactory(name="Ayşe Yılmaz")
    LeadFactory(name="John Smith")
    assert rows(signed_in.get(QUEUE, {"q": "Yılmaz"})) == [wanted]


def make_leads(count, owners):
    for number in range(count):
        # Every fifth is a free assessment with its photos: their count comes with the rows.
        lead = LeadFactory(
            owner=owners[number % len(owners)],
            interest=TreatmentFactory(name=f"Treatment {number % 4}"),
            kind="assessment" if number % 5 == 0 else "callback",
        )
        if number % 2:
            CallAttemptFactory(lead=lead, made_by=owners[0])
        if lead.kind == "assessment":
            AssessmentPhotoFactory.create_batch(1 + number % 3, lead=lead, angle="front")


def queue_queries(client, django_assert_max_num_queries):
    client.get(QUEUE)  # warms the cached clinic identity, as on any working day
    with django_assert_max_num_queries(QUEUE_QUERIES) as captured:
        response = client.get(QUEUE, {"all": ""})  # every row on one page
    assert response.status_code == 200
    return len(captured), len(rows(response))


# Session, user, the rows and their count, the filters' choices, the date hierarchy, the
# clinic's opening hours on a cold cache: the same however many requests there are.
QUEUE_QUERIES = 12


def test_queue_runs_a_constant_number_of_queries(signed_in, django_assert_max_num_queries):
    owners = StaffFactory.create_batch(3, role="Call centre")
    make_leads(5, owners)
    with_5, shown = queue_queries(signed_in, django_assert_max_num_queries)
    assert shown == 5
    make_leads(95, owners)
    with_100, shown = queue_queries(signed_in, django_assert_max_num_queries)
    assert shown == 100
    assert with_100 == with_5
    page = signed_in.get(QUEUE, {"all": ""}).content.decode()
    assert page.count(">Free assessment · ") == 20


def test_queue_is_titled_as_the_call_back_queue_under_the_call_centre(signed_in):
    page = signed_in.get(QUEUE).content.decode()
    assert "<h1>Call-back queue</h1>" in page
    assert "Select call-back request to change" not in page
    assert re.search(r"Call centre</a>\s*&rsaquo;\s*Call-back requests", page)


def test_name_opens_the_request_keeping_the_queue_filters_and_claim_has_its_own_column(
    signed_in,
):
    lead = LeadFactory(name="Ayşe Yılmaz", country="TR")
    page = signed_in.get(QUEUE, {"owner": "unassigned"}).content.decode()
    patient = re.search(r'<td class="field-patient">(.*?)</td>', page, re.S).group(1)
    assert f'href="{lead.get_admin_url()}?_changelist_filters=owner%3Dunassigned"' in patient
    assert 'href="tel:' in patient and ">TR<" in patient
    assert "claim-button" not in patient
    claim = re.search(r'<td class="field-claim_column">(.*?)</td>', page, re.S).group(1)
    assert 'class="button claim-button"' in claim


def test_status_coordinator_and_calls_share_a_cell(signed_in, coordinator):
    lead = LeadFactory(owner=coordinator, status="contacted")
    CallAttemptFactory.create_batch(2, lead=lead)
    page = signed_in.get(QUEUE).content.decode()
    progress = re.search(r'<td class="field-progress">(.*?)</td>', page, re.S).group(1)
    assert "Contacted" in progress and "Ayşe K" in progress and "2 calls" in progress
