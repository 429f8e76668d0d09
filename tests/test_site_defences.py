"""The spam defences shared by the public forms."""

import pytest
import time_machine
from django import forms
from django.core.exceptions import ImproperlyConfigured
from django.test import RequestFactory

from clinic_site.ip_addresses import client_ip, truncate_ip
from clinic_site.ratelimits import Rate, parse_rate, rate_limit_exceeded
from clinic_site.spam import HONEYPOT, NO_TIMESTAMP, TOO_FAST, SpamDefenceForm


class ExampleForm(SpamDefenceForm):
    name = forms.CharField()


def started_form_data(**extra):
    return {"name": "Ayşe", **ExampleForm().initial, **extra}


class OtherExampleForm(ExampleForm):
    """The same fields as ``ExampleForm``: only the form tells their confirmations apart."""


@pytest.mark.parametrize(
    ("value", "rate"),
    [
        ("5/10m", Rate(5, 600)),
        ("3/1d", Rate(3, 86400)),
        ("100/h", Rate(100, 3600)),
        ("2/30s", Rate(2, 30)),
    ],
)
def test_rates_are_read_as_count_per_period(value, rate):
    assert parse_rate(value) == rate


@pytest.mark.parametrize("value", ["", "5", "five/m", "5/10x"])
def test_a_malformed_rate_is_a_configuration_error(value):
    with pytest.raises(ImproperlyConfigured):
        parse_rate(value)


def test_rate_limit_allows_the_count_then_refuses():
    hits = [rate_limit_exceeded(scope="test", key="203.0.113.9", rate="3/10m") for _ in range(4)]
    assert hits == [False, False, False, True]


def test_rate_limits_are_counted_per_key_and_per_scope():
    for _ in range(3):
        rate_limit_exceeded(scope="test", key="a", rate="3/10m")
    assert rate_limit_exceeded(scope="test", key="b", rate="3/10m") is False
    assert rate_limit_exceeded(scope="other", key="a", rate="3/10m") is False
    assert rate_limit_exceeded(scope="test", key="a", rate="3/10m") is True


def test_rate_limit_window_ends():
    with time_machine.travel("2026-11-24 10:00:00", tick=False) as traveller:
        for _ in range(2):
            rate_limit_exceeded(scope="test", key="a", rate="2/10m")
        assert rate_limit_exceeded(scope="test", key="a", rate="2/10m") is True
        traveller.shift(601)
        assert rate_limit_exceeded(scope="test", key="a", rate="2/10m") is False


def test_rate_limit_keys_hold_no_personal_data(monkeypatch):
    from django.core.cache import cache

    written = []
    original_add = cache.add
    monkeypatch.setattr(
        cache,
        "add",
        lambda key, *args, **kwargs: written.append(key) or original_add(key, *args, **kwargs),
    )
    rate_limit_exceeded(scope="phone", key="+905321234567", rate="3/1d")
    assert written and not any("905321234567" in key for key in written)


@pytest.mark.parametrize(
    ("address", "truncated"),
    [
        ("203.0.113.195", "203.0.113.0"),
        ("2001:db8:85a3:8d3:1319:8a2e:370:7348", "2001:db8:85a3::"),
        ("not an address", ""),
        ("", ""),
    ],
)
def test_ip_addresses_lose_their_last_part(address, truncated):
    assert truncate_ip(address) == truncated


def test_client_ip_ignores_forwarded_for_unless_behind_a_trusted_proxy(settings):
    request = RequestFactory().get(
        "/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="6.6.6.6, 198.51.100.7"
    )
    settings.CLIENT_IP_PROXY_COUNT = 0
    assert client_ip(request) == "10.0.0.2"
    settings.CLIENT_IP_PROXY_COUNT = 1
    assert client_ip(request) == "198.51.100.7"  # the forged left-hand entry is ignored


def test_a_person_who_takes_their_time_is_not_suspect(settings):
    settings.LEADS_MIN_FILL_SECONDS = 3
    with time_machine.travel("2026-11-24 10:00:00", tick=False) as traveller:
        data = started_form_data()
        traveller.shift(8)
        form = ExampleForm(data)
        assert form.is_valid()
        assert form.suspicions == []


def test_a_form_sent_faster_than_the_minimum_is_suspect(settings):
    settings.LEADS_MIN_FILL_SECONDS = 3
    with time_machine.travel("2026-11-24 10:00:00", tick=False) as traveller:
        data = started_form_data()
        traveller.shift(1)
        form = ExampleForm(data)
        assert form.is_valid()
        assert form.suspicions == [TOO_FAST]


def test_a_filled_honeypot_is_suspect(settings):
    settings.LEADS_MIN_FILL_SECONDS = 0
    form = ExampleForm(started_form_data(website="http://spam.example"))
    assert form.is_valid()
    assert HONEYPOT in form.suspicions


@pytest.mark.parametrize("stamp", ["", "1700000000", "forged:signature", "a" * 5000])
def test_a_missing_or_forged_time_stamp_is_suspect(settings, stamp):
    settings.LEADS_MIN_FILL_SECONDS = 1
    form = ExampleForm(started_form_data(form_started=stamp))
    assert form.is_valid()
    assert form.suspicions == [NO_TIMESTAMP]


def test_a_page_left_open_for_days_is_still_a_person(settings):
    settings.LEADS_MIN_FILL_SECONDS = 3
    with time_machine.travel("2026-11-24 10:00:00", tick=False) as traveller:
        data = started_form_data()
        traveller.shift(3 * 86400)
        form = ExampleForm(data)
        assert form.is_valid()
        assert form.suspicions == []


def test_a_minimum_of_zero_switches_the_time_trap_off(settings):
    settings.LEADS_MIN_FILL_SECONDS = 0
    form = ExampleForm({"name": "Ayşe"})  # no time stamp at all, as a script would send
    assert form.is_valid()
    assert form.suspicions == []
    honeypot = ExampleForm({"name": "Ayşe", "website": "http://spam.example"})
    assert honeypot.is_valid()
    assert honeypot.suspicions == [HONEYPOT]


def test_a_confirmation_is_good_only_for_the_form_that_gave_it(settings):
    settings.LEADS_MIN_FILL_SECONDS = 3
    sent_at_once = ExampleForm(started_form_data())
    assert sent_at_once.is_valid() and sent_at_once.needs_confirmation
    confirmed = sent_at_once.confirmation_data()
    other = OtherExampleForm(confirmed)
    assert other.is_valid()
    assert other.suspicions == [TOO_FAST]  # judged by its time stamp alone
    same = ExampleForm(confirmed)
    assert same.is_valid()
    assert same.suspicions == []
