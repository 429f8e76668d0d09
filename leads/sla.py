"""
The call-back SLA, counted only while the clinic is open.

A request that arrives at 23:00 has not been waiting all night: its clock starts when the clinic
opens. Everything here is a pure function of (start, now, opening periods, time zone), so it is
tested with fixed times and reused by the queue, its filter and the dashboard alike.

A clinic with no opening hours entered is treated as always open: better a clock that runs
too much than one that never runs.
"""

import enum
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils.translation import gettext_lazy as _

# A request is "at risk" once this share of the SLA is used up.
AT_RISK_SHARE = 2 / 3
# How far back or forward the clock looks for opening hours before giving up (a year of
# holidays is more than any clinic closes for). It is also the longest stretch counted: a wait
# longer than this is long past any SLA, and a mistyped date (a call "in" 9999, a request "from"
# year 1) costs the same few hundred days of arithmetic as any other, never millions.
MAX_DAYS = 400
# Moments this far inside datetime's own limits exist in every time zone.
EARLIEST = datetime.min.replace(tzinfo=UTC) + timedelta(days=2)
LATEST = datetime.max.replace(tzinfo=UTC) - timedelta(days=2)


@dataclass(frozen=True)
class Period:
    """The clinic is open on ``weekday`` (Monday 0) from ``opens`` to ``closes``."""

    weekday: int
    opens: time
    closes: time


ALWAYS_OPEN = tuple(Period(day, time.min, time.max) for day in range(7))


class SlaState(enum.Enum):
    ON_TIME = "on_time"
    AT_RISK = "at_risk"
    BREACHED = "breached"

    @property
    def label(self):
        return {
            SlaState.ON_TIME: _("On time"),
            SlaState.AT_RISK: _("At risk"),
            SlaState.BREACHED: _("Breached"),
        }[self]


def periods_of(clinic) -> tuple[Period, ...]:
    """The clinic's opening hours as periods (prefetched by ``Clinic.load()``: no query)."""
    return tuple(
        Period(hours.weekday, hours.opens, hours.closes) for hours in clinic.opening_hours.all()
    )


def sla_limit() -> timedelta:
    return timedelta(minutes=settings.LEADS_SLA_MINUTES)


def _open_intervals(day: date, periods: Iterable[Period], tz: ZoneInfo):
    for period in periods:
        if period.weekday == day.weekday():
            yield (
                datetime.combine(day, period.opens, tzinfo=tz),
                datetime.combine(day, period.closes, tzinfo=tz),
            )


def open_time_between(
    start: datetime, end: datetime, *, periods: Iterable[Period], tz: ZoneInfo
) -> timedelta:
    """
    How long the clinic was open between ``start`` and ``end`` (zero if end is earlier),
    counting at most the last ``MAX_DAYS`` days before ``end``.
    """
    periods = tuple(periods) or ALWAYS_OPEN
    end = min(max(end, EARLIEST), LATEST)
    start = max(start, EARLIEST)
    if end - start > timedelta(days=MAX_DAYS):
        start = end - timedelta(days=MAX_DAYS)
    if end <= start:
        return timedelta(0)
    total = timedelta(0)
    day = start.astimezone(tz).date()
    last = end.astimezone(tz).date()
    while day <= last:
        for opens, closes in _open_intervals(day, periods, tz):
            overlap = min(closes, end) - max(opens, start)
            if overlap > timedelta(0):
                total += overlap
        day += timedelta(days=1)
    return total


def moment_before(
    end: datetime, amount: timedelta, *, periods: Iterable[Period], tz: ZoneInfo
) -> datetime:
    """
    The latest moment from which the clinic has been open for ``amount`` by ``end``. Any request
    received at or before it has used up ``amount`` of open time: this turns "waited longer
    than the SLA" into one ``created_at <=`` filter the database can answer.
    """
    periods = tuple(periods) or ALWAYS_OPEN
    remaining = amount
    day = end.astimezone(tz).date()
    for _day in range(MAX_DAYS):
        for opens, closes in sorted(_open_intervals(day, periods, tz), reverse=True):
            if opens >= end:
                continue
            available = min(closes, end) - opens
            if available >= remaining:
                return min(closes, end) - remaining
            remaining -= available
        day -= timedelta(days=1)
    return end - amount - timedelta(days=MAX_DAYS)


def sla_state(waited: timedelta, *, limit: timedelta | None = None) -> SlaState:
    limit = sla_limit() if limit is None else limit
    if waited >= limit:
        return SlaState.BREACHED
    if waited >= limit * AT_RISK_SHARE:
        return SlaState.AT_RISK
    return SlaState.ON_TIME


@dataclass(frozen=True)
class SlaClock:
    """The clinic's clock at one moment ``now``: everything the queue needs, computed once."""

    now: datetime
    periods: tuple[Period, ...]
    tz: ZoneInfo
    limit: timedelta

    @classmethod
    def for_clinic(cls, clinic, *, now: datetime, limit: timedelta | None = None) -> "SlaClock":
        return cls(
            now=now,
            periods=periods_of(clinic),
            tz=clinic.tzinfo,
            limit=sla_limit() if limit is None else limit,
        )

    def waited(self, start: datetime, end: datetime | None = None) -> timedelta:
        # A first call dated after now (stored before call times were checked) has not
        # happened yet: the clock runs until now.
        end = self.now if end is None else min(end, self.now)
        return open_time_between(start, end, periods=self.periods, tz=self.tz)

    def state(self, start: datetime, end: datetime | None = None) -> SlaState:
        return sla_state(self.waited(start, end), limit=self.limit)

    @property
    def breached_if_received_by(self) -> datetime:
        return moment_before(self.now, self.limit, periods=self.periods, tz=self.tz)

    @property
    def at_risk_if_received_by(self) -> datetime:
        return moment_before(self.now, self.limit * AT_RISK_SHARE, periods=self.periods, tz=self.tz)
