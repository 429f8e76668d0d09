"""The SLA clock counts only the clinic's opening hours, in the clinic's time zone."""

from datetime import UTC, datetime, time, timedelta
from time import monotonic
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from clinic_site.models import Clinic, OpeningHours
from leads.sla import (
    MAX_DAYS,
    Period,
    SlaClock,
    SlaState,
    moment_before,
    open_time_between,
    sla_state,
)
from tests.factories import LeadFactory, StaffFactory

ISTANBUL = ZoneInfo("Europe/Istanbul")
BERLIN = ZoneInfo("Europe/Berlin")
# Monday to Friday 09:00-18:00, Saturday 10:00-14:00, closed on Sunday.
WEEK = (
    *(Period(day, time(9), time(18)) for day in range(5)),
    Period(5, time(10), time(14)),
)
# 2026-11-23 is a Monday.


def at(day, hour, minute=0, tz=ISTANBUL):
    return datetime(2026, 11, day, hour, minute, tzinfo=tz)


def minutes(delta):
    return delta.total_seconds() / 60


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        pytest.param(at(23, 10), at(23, 10, 12), 12, id="within opening hours"),
        pytest.param(at(23, 8, 30), at(23, 9, 10), 10, id="before opening counts from opening"),
        pytest.param(at(23, 17, 50), at(24, 9, 5), 15, id="overnight: 10 before close, 5 after"),
        pytest.param(at(23, 22), at(24, 8, 59), 0, id="arrived and still closed overnight"),
        pytest.param(at(28, 13, 55), at(30, 9, 10), 15, id="weekend: Saturday close to Monday"),
        pytest.param(at(29, 11), at(29, 23), 0, id="closed all Sunday"),
        pytest.param(at(23, 9), at(30, 9), 5 * 9 * 60 + 4 * 60, id="a whole week"),
        pytest.param(at(23, 12), at(23, 11), 0, id="end before start"),
    ],
)
def test_open_time_between(start, end, expected):
    assert minutes(open_time_between(start, end, periods=WEEK, tz=ISTANBUL)) == expected


def test_split_day_with_a_lunch_break():
    split = (Period(0, time(9), time(12)), Period(0, time(13), time(17)))
    waited = open_time_between(at(23, 11, 50), at(23, 13, 5), periods=split, tz=ISTANBUL)
    assert minutes(waited) == 15


def test_opening_hours_are_read_in_the_clinics_time_zone():
    # 08:05 UTC is 11:05 in Istanbul (open since 09:00) but 09:05 in Berlin.
    start = datetime(2026, 11, 23, 6, 0, tzinfo=ZoneInfo("UTC"))
    end = datetime(2026, 11, 23, 8, 5, tzinfo=ZoneInfo("UTC"))
    assert minutes(open_time_between(start, end, periods=WEEK, tz=ISTANBUL)) == 125
    assert minutes(open_time_between(start, end, periods=WEEK, tz=BERLIN)) == 5


def test_daylight_saving_change_night_is_not_counted():
    # Berlin's clocks go back on 2026-10-25 (a Sunday): the clinic is closed, nothing counts.
    start = datetime(2026, 10, 24, 13, 50, tzinfo=BERLIN)
    end = datetime(2026, 10, 26, 9, 10, tzinfo=BERLIN)
    assert minutes(open_time_between(start, end, periods=WEEK, tz=BERLIN)) == 20


def test_a_clinic_without_opening_hours_counts_every_minute():
    assert minutes(open_time_between(at(29, 2), at(29, 3), periods=(), tz=ISTANBUL)) == 60


@pytest.mark.parametrize(
    ("start", "end"),
    [
        (at(23, 9), datetime(9999, 12, 31, 23, 59, tzinfo=UTC)),
        (datetime(1, 1, 1, tzinfo=UTC), at(23, 9)),
        (datetime(1, 1, 1, tzinfo=UTC), datetime(9999, 12, 31, 23, 59, tzinfo=UTC)),
    ],
)
def test_open_time_is_bounded_however_far_apart_the_moments(start, end):
    started = monotonic()
    waited = open_time_between(start, end, periods=WEEK, tz=ISTANBUL)
    assert monotonic() - started < 0.5
    assert timedelta(days=30) < waited <= timedelta(days=MAX_DAYS)


@pytest.mark.parametrize(
    ("start", "end"),
    [
        (datetime(1, 1, 1, tzinfo=UTC), datetime(1, 1, 9, tzinfo=UTC)),
        (datetime(9999, 12, 20, tzinfo=UTC), datetime(9999, 12, 31, 23, 59, tzinfo=UTC)),
    ],
)
def test_open_time_at_the_ends_of_the_calendar_is_counted_without_overflow(start, end):
    assert open_time_between(start, end, periods=WEEK, tz=ISTANBUL) < timedelta(days=9)


def test_a_first_call_dated_after_now_counts_only_until_now():
    clock = SlaClock(now=at(24, 10), periods=WEEK, tz=ISTANBUL, limit=timedelta(minutes=15))
    far = datetime(9999, 12, 31, 23, 59, tzinfo=UTC)
    assert clock.waited(at(24, 9), far) == timedelta(hours=1)
    assert clock.state(at(24, 9), far) is SlaState.BREACHED


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        (at(23, 10, 15), at(23, 10)),
        (at(24, 9, 5), at(23, 17, 50)),
        (at(30, 9, 5), at(28, 13, 50)),
        (at(29, 12), at(28, 13, 45)),
    ],
)
def test_moment_before_walks_back_through_opening_hours(now, expected):
    assert moment_before(now, timedelta(minutes=15), periods=WEEK, tz=ISTANBUL) == expected


@pytest.mark.parametrize(
    ("waited", "state"),
    [
        (0, SlaState.ON_TIME),
        (9, SlaState.ON_TIME),
        (10, SlaState.AT_RISK),
        (14, SlaState.AT_RISK),
        (15, SlaState.BREACHED),
        (300, SlaState.BREACHED),
    ],
)
def test_sla_states_against_fifteen_minutes(waited, state):
    assert sla_state(timedelta(minutes=waited), limit=timedelta(minutes=15)) is state


@pytest.fixture
def clinic_keeping_week_hours(db):
    """The clinic, open in the hours of WEEK."""
    clinic = Clinic.load()
    for period in WEEK:
        OpeningHours.objects.create(
            clinic=clinic, weekday=period.weekday, opens=period.opens, closes=period.closes
        )
    return Clinic.load()


def test_clock_follows_the_clinic_record(clinic_keeping_week_hours, settings):
    settings.LEADS_SLA_MINUTES = 15
    clock = SlaClock.for_clinic(clinic_keeping_week_hours, now=at(24, 9, 5))
    assert clock.state(at(23, 17, 55)) is SlaState.AT_RISK
    assert clock.state(at(23, 17, 40)) is SlaState.BREACHED
    assert clock.state(at(23, 23, 0)) is SlaState.ON_TIME


def sla_cell(client, lead):
    page = client.get(reverse("admin:leads_lead_changelist")).content.decode()
    row = page.split(f"/admin/leads/lead/{lead.pk}/change/")[0].rsplit("<tr", 1)[1]
    return row


@pytest.mark.django_db
def test_request_at_night_is_on_time_until_shortly_after_opening(
    client, clinic_keeping_week_hours, settings
):
    settings.LEADS_SLA_MINUTES = 15
    client.force_login(StaffFactory(role="Call centre"))
    with time_machine.travel(at(23, 22, 30), tick=False):
        lead = LeadFactory()
    with time_machine.travel(at(24, 8, 55), tick=False):
        assert "sla--on_time" in sla_cell(client, lead)
    with time_machine.travel(at(24, 9, 11), tick=False):
        assert "sla--at_risk" in sla_cell(client, lead)
    with time_machine.travel(at(24, 9, 16), tick=False):
        assert "sla--breached" in sla_cell(client, lead)


@pytest.mark.django_db
def test_friday_evening_request_is_not_breached_over_the_weekend(
    client, clinic_keeping_week_hours, settings
):
    settings.LEADS_SLA_MINUTES = 15
    client.force_login(StaffFactory(role="Call centre"))
    with time_machine.travel(at(27, 17, 55), tick=False):
        lead = LeadFactory()
    with time_machine.travel(at(28, 9, 30), tick=False):  # Saturday, before opening
        assert "sla--on_time" in sla_cell(client, lead)
    with time_machine.travel(at(29, 15), tick=False):  # Sunday: closed all day
        assert "sla--breached" in sla_cell(client, lead)  # 5 on Friday + 4 hours on Saturday


@pytest.mark.django_db
def test_first_call_stops_the_clock(client, clinic_keeping_week_hours, settings):
    settings.LEADS_SLA_MINUTES = 15
    client.force_login(StaffFactory(role="Call centre"))
    with time_machine.travel(at(23, 10), tick=False):
        lead = LeadFactory()
    lead.first_contact_at = at(23, 10, 5)
    lead.status = "contacted"
    lead.save()
    with time_machine.travel(at(25, 12), tick=False):
        cell = sla_cell(client, lead)
    assert "sla--on_time" in cell and "called after 5 min" in cell
