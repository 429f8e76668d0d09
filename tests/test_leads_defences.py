"""Spam defences in layers on the call-back form: CSRF, honeypot, time trap, rate limits."""

import html as html_module
import re
import time
from urllib.parse import unquote

import pytest
import time_machine
from django.core import mail, signing
from django.core.management import call_command
from django.test import Client

from clinic_site.models import Clinic
from clinic_site.spam import HONEYPOT
from leads.models import Lead
from tests.factories import callback_form_data

pytestmark = pytest.mark.django_db

CALLBACK = "/callback/"


def test_csrf_is_enforced():
    client = Client(enforce_csrf_checks=True)
    response = client.post(CALLBACK, callback_form_data())
    assert response.status_code == 403
    assert "Please send the form again" in response.content.decode()
    assert Lead.objects.count() == 0


def test_a_form_with_a_csrf_token_is_accepted():
    # The public pages carry no token (posts are checked by origin), but a post that carries a
    # valid one, from a page opened before the change, is still accepted.
    client = Client(enforce_csrf_checks=True)
    client.get("/admin/login/")
    token = client.cookies["csrftoken"].value
    response = client.post(CALLBACK, callback_form_data(csrfmiddlewaretoken=token))
    assert response.status_code == 302


def test_a_filled_honeypot_is_saved_as_spam_with_its_reason_and_not_notified(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(CALLBACK, callback_form_data(website="http://cheap-pills.example"))
    assert response["Location"] == "/callback/thanks/"
    lead = Lead.objects.get()
    assert lead.status == Lead.Status.SPAM
    assert lead.spam_reasons == [HONEYPOT]
    assert lead.notified_at is None
    assert mail.outbox == []


def test_the_thanks_page_promises_no_call_for_a_request_filed_as_spam(client):
    response = client.post(CALLBACK, callback_form_data(website="bot"), follow=True)
    html = response.content.decode()
    assert response.redirect_chain == [("/callback/thanks/", 302)]
    assert "will call you" not in html
    assert "Please send the form again or call us" in html


def test_the_thanks_page_promises_no_call_to_a_visitor_who_sent_nothing(client):
    html = client.get("/callback/thanks/").content.decode()
    assert "will call you" not in html
    assert "Please send the form again or call us" in html


def test_the_thanks_page_promises_the_call_to_a_browser_that_refuses_cookies(client):
    response = client.post(CALLBACK, callback_form_data())
    client.cookies.clear()  # a browser that keeps no cookie
    thanks = client.get(response["Location"])
    assert "Thank you: we will call you back" in thanks.content.decode()
    assert Lead.objects.get().status == Lead.Status.NEW


def test_the_thanks_address_tells_nothing_of_the_request(client):
    response = client.post(
        CALLBACK, callback_form_data(name="Zeynep Kaya", phone="0532 765 43 21", message="FUE")
    )
    address = unquote(response["Location"])
    # As written, and each piece read as base64 (a signed value's payload is plain base64).
    readings = [address, *map(_read_base64, re.split(r"[?=:&/.]", address))]
    for personal in ("Zeynep", "Kaya", "7654321", "FUE"):
        assert not any(personal in reading for reading in readings)


def _read_base64(piece: str) -> str:
    try:
        return signing.b64_decode(piece.encode()).decode(errors="replace")
    except ValueError:  # binascii.Error: not base64
        return ""


def test_a_thanks_address_an_hour_old_or_altered_promises_nothing(client):
    with time_machine.travel("2026-11-30 10:00:00", tick=False) as traveller:
        location = client.post(CALLBACK, callback_form_data())["Location"]
        client.cookies.clear()
        traveller.shift(61 * 60)
        expired = client.get(location).content.decode()
    altered = client.get(location[:-3] + "abc").content.decode()
    for html in (expired, altered):
        assert "will call you" not in html
        assert "Please send the form again or call us" in html


def form_values(html, form_class="callback-form"):
    """The names and values the first form of ``form_class`` on a page would post."""
    form = re.search(rf'<form[^>]*class="{form_class}".*?</form>', html, re.S).group(0)
    values = dict(
        re.findall(r'<input type="(?:hidden|text|tel|email)" name="(\w+)" value="([^"]*)"', form)
    )
    for name in re.findall(r'<input type="checkbox" name="(\w+)"[^>]*checked', form):
        values[name] = "on"
    values.update(re.findall(r'<textarea name="(\w+)"[^>]*>\s*(.*?)</textarea>', form, re.S))
    values.update(
        re.findall(r'<select name="(\w+)".*?<option value="([^"]*)"[^>]*selected', form, re.S)
    )
    return {name: html_module.unescape(value) for name, value in values.items()}


def test_a_form_sent_faster_than_the_minimum_fill_time_is_shown_again_to_send(
    client, settings, django_capture_on_commit_callbacks
):
    settings.LEADS_MIN_FILL_SECONDS = 3
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            CALLBACK, callback_form_data(seconds_ago=1, message="FUE & price?", whatsapp_ok="on")
        )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Your request has not been sent yet" in html
    assert "Send my request" in html
    values = form_values(html)
    assert values["name"] == "Ayşe Yılmaz"
    assert values["phone"] == "0532 123 45 67"  # the same number, as the form shows it
    assert values["message"] == "FUE & price?"
    assert values["consent"] == values["whatsapp_ok"] == "on"
    assert Lead.objects.count() == 0
    assert mail.outbox == []


def test_the_second_post_of_a_fast_patient_is_a_real_request(
    client, settings, django_capture_on_commit_callbacks
):
    settings.LEADS_MIN_FILL_SECONDS = 3
    first = client.post(CALLBACK, callback_form_data(seconds_ago=0, message="FUE & price?"))
    # Pressed at once again: the confirmation counts, not the speed.
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(CALLBACK, form_values(first.content.decode()), follow=True)
    assert response.redirect_chain[0][0].startswith("/callback/thanks/?queued=")
    assert "Thank you: we will call you back" in response.content.decode()
    lead = Lead.objects.get()
    assert (lead.status, lead.spam_reasons) == (Lead.Status.NEW, [])
    assert (lead.name, lead.message) == ("Ayşe Yılmaz", "FUE & price?")
    assert lead.notified_at is not None
    assert len(mail.outbox) == 1


@pytest.mark.parametrize("stamp", [None, "x" * 5000])
def test_a_missing_or_altered_time_stamp_is_shown_again_to_send(client, stamp):
    response = client.post(CALLBACK, callback_form_data(form_started=stamp))
    assert response.status_code == 200
    assert "Send my request" in response.content.decode()
    assert Lead.objects.count() == 0


def test_a_forged_confirmation_is_no_confirmation(client):
    response = client.post(CALLBACK, callback_form_data(seconds_ago=0, form_confirmed="1"))
    assert "Send my request" in response.content.decode()
    assert Lead.objects.count() == 0


def confirmation_page(client, **overrides):
    """The "Send my request" page that a request sent in a flash gets, as a patient sees it."""
    response = client.post(CALLBACK, callback_form_data(seconds_ago=0, **overrides))
    assert "Send my request" in response.content.decode()
    return form_values(response.content.decode())


@pytest.mark.parametrize(
    "other", [{"phone": "+90 532 111 11 10"}, {"name": "Bot One"}, {"message": "cheap pills"}]
)
def test_a_confirmation_sent_with_other_details_is_shown_again_and_saves_nothing(
    client, settings, other
):
    settings.LEADS_MIN_FILL_SECONDS = 3
    token = confirmation_page(client)["form_confirmed"]
    # A script reuses the patient's confirmation for someone else, at once, with no time stamp.
    response = client.post(
        CALLBACK,
        callback_form_data(form_started=None, form_confirmed=token, **other),
        REMOTE_ADDR="198.51.100.1",
    )
    assert response.status_code == 200
    assert "Your request has not been sent yet" in response.content.decode()
    assert Lead.objects.count() == 0


def test_a_confirmation_is_good_for_one_request_only(
    client, settings, django_capture_on_commit_callbacks
):
    settings.LEADS_MIN_FILL_SECONDS = 3
    values = confirmation_page(client)
    with time_machine.travel(time.time(), tick=False):  # both presses in the same second
        with django_capture_on_commit_callbacks(execute=True):
            assert client.post(CALLBACK, values).status_code == 302
            again = client.post(CALLBACK, values)
    assert again.status_code == 200
    assert "Your request has not been sent yet" in again.content.decode()
    assert Lead.objects.get().request_count == 1
    assert len(mail.outbox) == 1


def test_a_confirmation_expires_after_half_an_hour(client, settings):
    settings.LEADS_MIN_FILL_SECONDS = 3
    with time_machine.travel("2026-11-30 10:00:00", tick=False) as traveller:
        token = confirmation_page(client)["form_confirmed"]
        traveller.shift(31 * 60)
        response = client.post(CALLBACK, callback_form_data(seconds_ago=0, form_confirmed=token))
    assert "Your request has not been sent yet" in response.content.decode()
    assert Lead.objects.count() == 0


def test_a_patient_who_corrects_the_confirmation_page_gets_through(
    client, settings, django_capture_on_commit_callbacks
):
    settings.LEADS_MIN_FILL_SECONDS = 3
    with time_machine.travel("2026-11-30 10:00:00", tick=False) as traveller:
        values = confirmation_page(client)
        # The page's own fresh time stamp judges the corrected form: a person takes seconds.
        traveller.shift(8)
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(CALLBACK, {**values, "phone": "0532 765 43 21"})
    assert response.status_code == 302
    lead = Lead.objects.get()
    assert (lead.status, lead.phone.as_e164) == (Lead.Status.NEW, "+905327654321")
    assert len(mail.outbox) == 1


def test_a_confirmed_form_with_the_honeypot_filled_is_still_spam(client):
    first = client.post(CALLBACK, callback_form_data(seconds_ago=0))
    client.post(CALLBACK, {**form_values(first.content.decode()), "website": "bot"})
    assert Lead.objects.get().spam_reasons == [HONEYPOT]


def test_spam_never_merges_into_a_real_patients_open_lead(client):
    client.post(CALLBACK, callback_form_data())
    client.post(CALLBACK, callback_form_data(website="bot"))
    real, spam = Lead.objects.order_by("created_at")
    assert (real.status, real.request_count) == (Lead.Status.NEW, 1)
    assert spam.status == Lead.Status.SPAM


def test_staff_can_rescue_a_real_patient_from_the_spam_filter(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(CALLBACK, callback_form_data(website="autofilled"))
    lead = Lead.objects.get()
    assert lead.status == Lead.Status.SPAM and mail.outbox == []
    lead.status = Lead.Status.NEW
    lead.save()
    # Rescued, the lead is an ordinary pending notification: the next cron run sends it.
    call_command("send_lead_notifications")
    assert len(mail.outbox) == 1
    assert lead.name in mail.outbox[0].body


def test_client_ip_ceiling_answers_429_with_the_phone_to_call(client, settings):
    # Past LEADS_RATE_LIMIT requests are held (tests/test_leads_shared_networks.py); past the
    # ceiling, refused.
    settings.LEADS_RATE_LIMIT, settings.LEADS_RATE_LIMIT_HOLD = "1/10m", "2/10m"
    for number in ("+90 532 111 11 11", "+90 532 222 22 22"):
        assert client.post(CALLBACK, callback_form_data(phone=number)).status_code == 302
    response = client.post(CALLBACK, callback_form_data(phone="+90 532 333 33 33"))
    assert response.status_code == 429
    html = response.content.decode()
    assert "Please call us instead" in html
    assert "will call you back" not in html.split("If you already sent")[0]
    assert Clinic.load().tel_href in html
    assert Clinic.load().phone_display in html
    assert int(response["Retry-After"]) > 0
    assert Lead.objects.count() == 2


def test_client_ip_rate_limit_counts_per_address(client, settings):
    settings.LEADS_RATE_LIMIT = "1/10m"
    assert client.post(CALLBACK, callback_form_data(), REMOTE_ADDR="198.51.100.1").status_code
    response = client.post(
        CALLBACK, callback_form_data(phone="+90 532 999 99 99"), REMOTE_ADDR="198.51.100.2"
    )
    assert response.status_code == 302


def test_phone_rate_limit_answers_429(client, settings):
    settings.LEADS_PHONE_RATE_LIMIT = "3/1d"
    for address in ("198.51.100.1", "198.51.100.2", "198.51.100.3"):
        response = client.post(CALLBACK, callback_form_data(), REMOTE_ADDR=address)
        assert response.status_code == 302
    response = client.post(CALLBACK, callback_form_data(), REMOTE_ADDR="198.51.100.4")
    assert response.status_code == 429
    assert Lead.objects.get().request_count == 3


def test_phone_rate_limit_counts_the_number_however_it_is_written(client, settings):
    settings.LEADS_PHONE_RATE_LIMIT = "1/1d"
    client.post(CALLBACK, callback_form_data(phone="0532 123 45 67"), REMOTE_ADDR="198.51.100.1")
    response = client.post(
        CALLBACK, callback_form_data(phone="+90 532 1234567"), REMOTE_ADDR="198.51.100.2"
    )
    assert response.status_code == 429


def test_mistakes_do_not_use_up_the_rate_limit(client, settings):
    settings.LEADS_RATE_LIMIT = "2/10m"
    for _ in range(5):
        client.post(CALLBACK, callback_form_data(phone="123"))
    assert client.post(CALLBACK, callback_form_data()).status_code == 302


def test_bots_count_against_the_rate_limit_too(client, settings):
    settings.LEADS_RATE_LIMIT = "2/10m"
    for number in ("+90 532 111 11 11", "+90 532 222 22 22"):
        client.post(CALLBACK, callback_form_data(phone=number, website="bot"))
    response = client.post(CALLBACK, callback_form_data(phone="+90 532 333 33 33", website="x"))
    assert response.status_code == 429
    assert Lead.objects.count() == 2


def test_suspect_posts_do_not_use_up_a_real_patients_phone_rate_limit(client, settings):
    settings.LEADS_PHONE_RATE_LIMIT = "2/1d"
    for address in ("198.51.100.1", "198.51.100.2", "198.51.100.3"):
        client.post(CALLBACK, callback_form_data(website="bot"), REMOTE_ADDR=address)
        client.post(CALLBACK, callback_form_data(seconds_ago=0), REMOTE_ADDR=address)
    response = client.post(CALLBACK, callback_form_data(), REMOTE_ADDR="198.51.100.9")
    assert response.status_code == 302
    assert Lead.objects.filter(status="new").count() == 1


def test_with_the_time_trap_off_a_plain_post_is_a_real_request(
    client, settings, django_capture_on_commit_callbacks
):
    settings.LEADS_MIN_FILL_SECONDS = 0
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/callback/", {"name": "Ayşe Yılmaz", "phone": "0532 123 45 67", "consent": "on"}
        )
    assert response.status_code == 302
    assert response["Location"].startswith("/callback/thanks/?queued=")
    lead = Lead.objects.get()
    assert (lead.status, lead.phone.as_e164) == ("new", "+905321234567")
    assert len(mail.outbox) == 1
