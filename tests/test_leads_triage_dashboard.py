"""The dashboard's figures on known data, and its chart drawn as SVG on the server."""

import re
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from clinic_site.models import Clinic, OpeningHours
from leads.dashboard import axis_ticks, dashboard_figures
from tests.factories import LeadFactory, StaffFactory

pytestmark = pytest.mark.django_db

ISTANBUL = ZoneInfo("Europe/Istanbul")
DASHBOARD = reverse("admin:leads_lead_dashboard")
# Thursday 26 November 2026, 15:00 in Istanbul; the week began on Monday the 23rd.
NOW = datetime(2026, 11, 26, 15, 0, tzinfo=ISTANBUL)


def at(day, hour, minute=0, month=11):
    return datetime(2026, month, day, hour, minute, tzinfo=ISTANBUL)


@pytest.fixture
def clinic_open_mon_to_sat():
    """Open Monday to Saturday, 09:00-18:00: the hours the SLA figures below are worked out in."""
    clinic = Clinic.load()
    for day in range(6):
        OpeningHours.objects.create(clinic=clinic, weekday=day, opens=time(9), closes=time(18))
    return Clinic.load()


def lead(created, *, called_after=None, **fields):
    first_contact = created + timedelta(minutes=called_after) if called_after is not None else None
    status = fields.pop("status", "contacted" if first_contact else "new")
    return LeadFactory(created_at=created, first_contact_at=first_contact, status=status, **fields)


@pytest.fixture
def known_data(clinic_open_mon_to_sat, settings):
    settings.LEADS_SLA_MINUTES = 15
    # Today: three real requests, one of them still waiting since 14:00 (breached), and spam.
    lead(at(26, 10), called_after=5, source_url="https://c.example/blog/fue/?utm_source=x")
    lead(at(26, 11), called_after=20, source_url="https://c.example/blog/fue/")
    lead(at(26, 14), source_url="https://c.example/blog/dhi/")
    lead(at(26, 12), status="spam", source_url="https://spam.example/")
    # Earlier this week and last week.
    lead(at(24, 10), called_after=10, source_url="https://c.example/blog/dhi/")
    lead(at(20, 10), called_after=60, source_url="https://c.example/blog/fue/")
    # Forty days ago: outside the chart and the sources.
    lead(at(17, 10, month=10), called_after=3, source_url="https://c.example/old/")


def test_figures_on_known_data(known_data, clinic_open_mon_to_sat):
    figures = dashboard_figures(now=NOW, clinic=clinic_open_mon_to_sat)
    assert figures["requests_today"] == 3
    assert figures["requests_last_7_days"] == 5
    assert figures["median_minutes_to_first_contact"] == 10  # 5, 10, 20
    assert figures["contacted_this_week"] == 3
    assert figures["sla_breaches_this_week"] == 2  # called after 20 min; waiting 60 min
    assert figures["waiting_past_sla_now"] == 1
    assert figures["top_sources"] == [
        {"url": "https://c.example/blog/fue/", "requests": 3},
        {"url": "https://c.example/blog/dhi/", "requests": 2},
    ]


def test_anonymized_requests_are_left_out_of_the_sla_figures(known_data, clinic_open_mon_to_sat):
    # Waiting since 13:00 with nobody called, then anonymized: nobody can call it any more.
    lead(at(26, 13), anonymized_at=NOW)
    figures = dashboard_figures(now=NOW, clinic=clinic_open_mon_to_sat)
    assert figures["sla_breaches_this_week"] == 2
    assert figures["waiting_past_sla_now"] == 1


def test_chart_has_a_bar_per_day_for_30_days(known_data, clinic_open_mon_to_sat):
    chart = dashboard_figures(now=NOW, clinic=clinic_open_mon_to_sat)["chart"]
    assert len(chart["bars"]) == 30
    assert chart["bars"][-1]["day"] == NOW.date()
    counts = {bar["day"].day: bar["requests"] for bar in chart["bars"]}
    assert counts[26] == 3 and counts[24] == 1 and counts[20] == 1 and counts[25] == 0
    assert chart["total"] == 5
    tallest = max(chart["bars"], key=lambda bar: bar["height"])
    assert tallest["day"] == NOW.date()


def test_dashboard_page_draws_inline_svg_without_scripts_or_inline_styles(known_data, client):
    client.force_login(StaffFactory(role="Call centre"))
    with time_machine.travel(NOW, tick=False):
        response = client.get(DASHBOARD)
    page = response.content.decode()
    assert response.status_code == 200
    assert page.count('class="chart-bar"') == 30
    assert "<svg" in page and "<script>" not in page
    assert not re.search(r"\sstyle=", page)
    assert 'data-figure="requests-today"' in page
    assert "https://c.example/blog/fue/" in page


def test_dashboard_links_only_to_this_sites_pages(known_data, client, settings):
    settings.SITE_URL = "https://c.example"
    lead(at(26, 9), called_after=5, source_url="https://evil.example/clinic-login")
    client.force_login(StaffFactory(role="Call centre"))
    with time_machine.travel(NOW, tick=False):
        page = client.get(DASHBOARD).content.decode()
    assert "https://evil.example/clinic-login" in page
    assert 'href="https://evil.example' not in page
    assert 'href="https://c.example/blog/fue/"' in page


def test_dashboard_is_linked_from_the_queue(client):
    client.force_login(StaffFactory(role="Call centre"))
    assert DASHBOARD in client.get(reverse("admin:leads_lead_changelist")).content.decode()


@pytest.mark.parametrize(
    ("peak", "ticks"),
    [
        (0, [0, 1]),
        (1, [0, 1]),
        (5, [0, 1, 2, 3, 4, 5]),
        (6, [0, 2, 4, 6]),
        (23, [0, 5, 10, 15, 20, 25]),
        (101, [0, 50, 100, 150]),
    ],
)
def test_y_axis_counts_in_round_whole_steps(peak, ticks):
    assert axis_ticks(peak) == ticks


def test_chart_gridlines_are_the_round_ticks_and_the_last_label_has_room(
    known_data, clinic_open_mon_to_sat
):
    chart = dashboard_figures(now=NOW, clinic=clinic_open_mon_to_sat)["chart"]
    assert [line["value"] for line in chart["gridlines"]] == [0, 1, 2, 3]
    assert chart["gridlines"][-1]["y"] < chart["gridlines"][0]["y"] == chart["baseline"]
    last = chart["bars"][-1]
    assert last["labelled"]
    # "26 Nov", centred under the bar, at about 0.6 em a character.
    half_label = len("26 Nov") * chart["font_size"] * 0.6 / 2
    assert last["label_x"] + half_label <= chart["width"]


def test_top_sources_show_paths_like_the_queue(known_data, client, settings):
    settings.SITE_URL = "https://c.example"
    client.force_login(StaffFactory(role="Call centre"))
    with time_machine.travel(NOW, tick=False):
        page = client.get(DASHBOARD).content.decode()
    assert re.search(r'href="https://c.example/blog/fue/"[^>]*>/blog/fue/</a>', page)
