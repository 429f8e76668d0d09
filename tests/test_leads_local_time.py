"""
The patient's time of day now, from their phone number's country (``leads/local_time.py``):
what a coordinator reads on a request's page before calling.
"""

from datetime import UTC, datetime, timedelta

import pytest

from leads.local_time import patient_local_time_label, patient_local_times

# Noon in UTC on a winter day: New York is at UTC-5, Istanbul at UTC+3, Berlin at UTC+1.
NOON = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)


def test_a_country_with_one_time_zone_gives_one_time():
    assert patient_local_time_label("TR", now=NOON) == "15:00"
    assert patient_local_time_label("DE", now=NOON) == "13:00"


def test_a_country_with_several_time_zones_gives_the_range_from_west_to_east():
    # Hawaii and the Aleutians (UTC-10) to the east coast (UTC-5).
    assert patient_local_time_label("US", now=NOON) == "02:00–07:00"
    # Kaliningrad (UTC+2) to Kamchatka (UTC+12), already past midnight there.
    assert patient_local_time_label("RU", now=NOON) == "14:00–00:00"


def test_each_distinct_offset_counts_once_earliest_first():
    times = patient_local_times("US", now=NOON)
    offsets = [moment.utcoffset() for moment in times]
    assert offsets == sorted(set(offsets))
    assert offsets[0] == timedelta(hours=-10) and offsets[-1] == timedelta(hours=-5)
    # Every one is the same moment, only read on another clock.
    assert {moment.astimezone(UTC) for moment in times} == {NOON}


def test_summer_time_moves_the_patients_clock():
    july = datetime(2026, 7, 1, 12, 0, tzinfo=UTC)
    assert patient_local_time_label("DE", now=july) == "14:00"


def test_a_country_code_in_lower_case_reads_the_same():
    assert patient_local_time_label("us", now=NOON) == patient_local_time_label("US", now=NOON)
    assert patient_local_time_label("de", now=NOON) == "13:00"


@pytest.mark.parametrize("country", ["", None, "XX", "ZZZ", "  ", "1"])
def test_an_unknown_or_missing_country_says_nothing_rather_than_failing(country):
    assert patient_local_times(country, now=NOON) == []
    assert patient_local_time_label(country, now=NOON) == ""
