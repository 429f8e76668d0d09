"""
The patient's time of day now, from the country of their phone number: a coordinator sees at a
glance whether 14:00 in Istanbul is 07:00 for the patient. A country that spans several time
zones gives the range ("06:00–09:00"); an unknown country, nothing.
"""

from datetime import datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from babel.core import get_global
from django.utils import timezone


def patient_local_times(country: str, *, now: datetime | None = None) -> list[datetime]:
    """The distinct local times now in ``country`` (an ISO code), earliest offset first."""
    if not country:
        return []
    now = now or timezone.now()
    zones = get_global("territory_zones").get(country.upper(), [])
    times = {}
    for name in zones:
        try:
            local = now.astimezone(ZoneInfo(name))
        except (ZoneInfoNotFoundError, ValueError):
            continue
        times.setdefault(local.utcoffset(), local)
    return [times[offset] for offset in sorted(times)]


def patient_local_time_label(country: str, *, now: datetime | None = None) -> str:
    """``"16:05"``, or ``"09:05–12:05"`` across a country's time zones; empty when unknown."""
    times = patient_local_times(country, now=now)
    if not times:
        return ""
    first, last = times[0], times[-1]
    if len(times) == 1:
        return f"{first:%H:%M}"
    return f"{first:%H:%M}–{last:%H:%M}"
