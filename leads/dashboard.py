"""
The call centre at a glance: its figures and the 30-day chart, drawn as SVG on the server (in
``templates/admin/leads/includes/requests_chart.html``). The admin page that shows them is
``leads.admin.dashboard``.

Days and weeks are the clinic's own (``Clinic.time_zone``); spam is left out of every count.
Times to first contact are counted in opening hours, like the SLA.
"""

import statistics
from datetime import date, datetime, time, timedelta

from django.db.models import Count, Q
from django.db.models.functions import TruncDate
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from leads.models import Lead
from leads.sla import SlaClock

CHART_DAYS = 30
TOP_SOURCES = 10
# The chart's drawing area, in SVG user units. It scales to the page's width, but not below the
# min-width of `.requests-chart svg` (admin.css): a phone scrolls the chart sideways rather than
# shrinking its labels past reading. The margins leave room for every axis label.
CHART_WIDTH, CHART_HEIGHT = 640, 220
CHART_LEFT, CHART_RIGHT, CHART_BOTTOM, CHART_TOP = 36, 28, 28, 12
CHART_FONT_SIZE = 12
# At most this many steps up the y axis, each a whole 1, 2 or 5 × 10ⁿ requests.
CHART_MAX_STEPS = 5


def dashboard_figures(*, now: datetime, clinic) -> dict:
    clock = SlaClock.for_clinic(clinic, now=now)
    tz = clinic.tzinfo
    today = now.astimezone(tz).date()
    start_of_today = datetime.combine(today, time.min, tzinfo=tz)
    start_of_week = start_of_today - timedelta(days=today.weekday())
    requests = Lead.objects.exclude(status=Lead.Status.SPAM)

    this_week = list(
        requests.filter(created_at__gte=start_of_week).values_list(
            "created_at", "first_contact_at", "status", "anonymized_at"
        )
    )
    response_minutes = [
        clock.waited(created, contacted).total_seconds() / 60
        for created, contacted, _status, _anonymized in this_week
        if contacted is not None
    ]
    # Called late, or still waiting past the SLA (closed without a call, or anonymized before
    # anyone called: nobody can call them any more, so they are not counted).
    breaches = sum(
        1
        for created, contacted, status, anonymized in this_week
        if (contacted is not None or (status == Lead.Status.NEW and anonymized is None))
        and clock.waited(created, contacted) >= clock.limit
    )
    return {
        "requests_today": requests.filter(created_at__gte=start_of_today).count(),
        "requests_last_7_days": requests.filter(
            created_at__gte=start_of_today - timedelta(days=6)
        ).count(),
        "median_minutes_to_first_contact": round(statistics.median(response_minutes))
        if response_minutes
        else None,
        "contacted_this_week": len(response_minutes),
        "requests_this_week": len(this_week),
        "sla_breaches_this_week": breaches,
        "waiting_past_sla_now": requests.waiting()
        .filter(created_at__lte=clock.breached_if_received_by)
        .count(),
        "sla_minutes": int(clock.limit.total_seconds() // 60),
        "week_starts": start_of_week.date(),
        "requests_by_kind": requests_by_kind(
            requests, today_starts=start_of_today, week_starts=start_of_week
        ),
        "top_sources": top_sources(requests, since=start_of_today - timedelta(days=CHART_DAYS - 1)),
        "chart": requests_chart(requests, today=today, tz=tz),
    }


def requests_by_kind(requests, *, today_starts: datetime, week_starts: datetime) -> list[dict]:
    """
    Call backs and free assessments apart, today, in the last 7 days and this week: one
    query. Every kind is listed, with 0 when none came.
    """
    since = min(today_starts - timedelta(days=6), week_starts)
    counted = {
        row["kind"]: row
        for row in requests.filter(created_at__gte=since)
        .values("kind")
        .annotate(
            today=Count("pk", filter=Q(created_at__gte=today_starts)),
            last_7_days=Count("pk", filter=Q(created_at__gte=today_starts - timedelta(days=6))),
            this_week=Count("pk", filter=Q(created_at__gte=week_starts)),
        )
        .order_by()
    }
    return [
        {
            "kind": kind,
            "label": label,
            "today": counted.get(kind, {}).get("today", 0),
            "last_7_days": counted.get(kind, {}).get("last_7_days", 0),
            "this_week": counted.get(kind, {}).get("this_week", 0),
        }
        for kind, label in Lead.Kind.choices
    ]


def top_sources(requests, *, since: datetime) -> list[dict]:
    """The pages that brought the most requests (query strings ignored), busiest first."""
    busiest = requests.filter(created_at__gte=since).busiest_source_pages(limit=TOP_SOURCES)
    return [{"url": url, "requests": count} for url, count in busiest]


def requests_per_day(requests, *, today: date, tz) -> list[tuple[date, int]]:
    first = today - timedelta(days=CHART_DAYS - 1)
    start = datetime.combine(first, time.min, tzinfo=tz)
    counted = dict(
        requests.filter(created_at__gte=start)
        .annotate(day=TruncDate("created_at", tzinfo=tz))
        .values_list("day")
        .annotate(requests=Count("pk"))
        .values_list("day", "requests")
    )
    days = [first + timedelta(days=offset) for offset in range(CHART_DAYS)]
    return [(day, counted.get(day, 0)) for day in days]


def axis_ticks(peak: int, *, max_steps: int = CHART_MAX_STEPS) -> list[int]:
    """
    The y axis's gridlines: 0 up to at least ``peak`` in equal, whole, round steps
    (0 1 2 3 4 5, 0 2 4 6, 0 5 10 15 20 25, 0 50 100 150), never more than ``max_steps`` of them.
    """
    peak = max(peak, 1)
    magnitude = 1
    while True:
        for step in (magnitude, 2 * magnitude, 5 * magnitude):
            steps = -(-peak // step)
            if steps <= max_steps:
                return [step * index for index in range(steps + 1)]
        magnitude *= 10


def requests_chart(requests, *, today: date, tz) -> dict:
    """Bars and labels for the chart (``admin/leads/includes/requests_chart.html``)."""
    days = requests_per_day(requests, today=today, tz=tz)
    ticks = axis_ticks(max(count for _day, count in days))
    top = ticks[-1]
    plot_width = CHART_WIDTH - CHART_LEFT - CHART_RIGHT
    plot_height = CHART_HEIGHT - CHART_BOTTOM - CHART_TOP
    slot = plot_width / len(days)
    baseline = CHART_TOP + plot_height
    bars = []
    for index, (day, count) in enumerate(days):
        height = plot_height * count / top
        bars.append(
            {
                "day": day,
                "requests": count,
                "x": round(CHART_LEFT + index * slot + slot * 0.15, 1),
                "y": round(baseline - height, 1),
                "width": round(slot * 0.7, 1),
                "height": round(height, 1),
                "label_x": round(CHART_LEFT + index * slot + slot / 2, 1),
                # Every seventh day is labelled, counting back from today.
                "labelled": (len(days) - 1 - index) % 7 == 0,
                "title": ngettext(
                    "%(day)s: %(count)d request", "%(day)s: %(count)d requests", count
                )
                % {"day": date_format(day, "D j M"), "count": count},
            }
        )
    gridlines = [
        {"value": value, "y": round(baseline - plot_height * value / top, 1)} for value in ticks
    ]
    return {
        "width": CHART_WIDTH,
        "height": CHART_HEIGHT,
        "left": CHART_LEFT,
        "right": CHART_WIDTH - CHART_RIGHT,
        "font_size": CHART_FONT_SIZE,
        "baseline": baseline,
        "label_y": baseline + 20,
        "bars": bars,
        "gridlines": gridlines,
        "total": sum(count for _day, count in days),
        "description": _("Call-back requests per day over the last %(days)d days")
        % {"days": CHART_DAYS},
    }
