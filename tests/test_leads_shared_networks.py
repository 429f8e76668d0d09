"""
Shared networks (a hotel's Wi-Fi, a mobile carrier's NAT): past the per-address limit, real
requests are still saved and queued, marked and held (nobody notified) until a coordinator
releases them, up to a higher per-address ceiling; beyond it, the 429 page and nothing saved.
"""

import pytest
from django.contrib.admin.models import LogEntry
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from leads.models import Lead
from tests.factories import LeadFactory, callback_form_data

pytestmark = pytest.mark.django_db

CALLBACK = "/callback/"
QUEUE = "/admin/leads/lead/"
HOTEL = "198.51.100.7"


@pytest.fixture(autouse=True)
def _default_limits(settings):
    settings.LEADS_RATE_LIMIT = "5/10m"
    settings.LEADS_RATE_LIMIT_HOLD = "30/1h"
    settings.LEADS_PHONE_RATE_LIMIT = "3/1d"
    settings.LEADS_NOTIFY_EMAILS = ["desk@clinic.example"]


def phone(number: int) -> str:
    return f"+90 532 {number // 10000:03d} {number % 10000:04d}"


def post_from_hotel(client, number, **overrides):
    return client.post(
        CALLBACK, callback_form_data(phone=phone(number), **overrides), REMOTE_ADDR=HOTEL
    )


def test_twenty_patients_behind_one_router_all_reach_the_queue(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        statuses = [post_from_hotel(client, number).status_code for number in range(20)]
    assert statuses == [302] * 20
    leads = Lead.objects.order_by("created_at", "pk")
    assert [lead.status for lead in leads] == ["new"] * 20
    assert [lead.busy_network for lead in leads] == [False] * 5 + [True] * 15
    assert [lead.notification_held for lead in leads] == [False] * 5 + [True] * 15
    # Only the first five were notified; the held ones wait for a coordinator.
    assert len(mail.outbox) == 5


def test_a_held_patient_is_told_the_call_will_come(client):
    for number in range(5):
        post_from_hotel(client, number)
    response = client.get(post_from_hotel(client, 99)["Location"])
    assert "Thank you: we will call you back" in response.content.decode()
    assert Lead.objects.get(phone="+905320000099").notification_held


def test_a_flood_from_one_address_makes_at_most_the_ceiling_of_rows_and_notifies_for_none_held(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        statuses = [post_from_hotel(client, number).status_code for number in range(1000)]
    assert statuses.count(302) == 30
    assert statuses.count(429) == 970
    assert Lead.objects.count() == 30
    assert Lead.objects.filter(notification_held=True).count() == 25
    call_command("send_lead_notifications")  # the cron safety net leaves held ones alone
    assert len(mail.outbox) == 5


def test_past_the_ceiling_the_429_page_keeps_nothing(client, settings):
    settings.LEADS_RATE_LIMIT, settings.LEADS_RATE_LIMIT_HOLD = "1/10m", "2/1h"
    for number in range(2):
        post_from_hotel(client, number)
    response = post_from_hotel(client, 2)
    assert response.status_code == 429
    assert "Please call us instead" in response.content.decode()
    assert Lead.objects.count() == 2


def test_past_the_per_address_limit_a_limited_phone_is_refused(client, settings):
    settings.LEADS_RATE_LIMIT, settings.LEADS_PHONE_RATE_LIMIT = "1/10m", "1/1d"
    post_from_hotel(client, 1)
    assert post_from_hotel(client, 1).status_code == 429
    assert Lead.objects.get().request_count == 1


def test_past_the_per_address_limit_a_bot_gets_the_429_page(client, settings):
    settings.LEADS_RATE_LIMIT = "1/10m"
    post_from_hotel(client, 1)
    assert post_from_hotel(client, 2, website="http://cheap-pills.example").status_code == 429
    assert Lead.objects.count() == 1


def test_a_held_request_merged_with_a_repeat_stays_held(client, settings):
    settings.LEADS_RATE_LIMIT = "1/10m"
    post_from_hotel(client, 1)
    post_from_hotel(client, 2)
    post_from_hotel(client, 2, message="Please call after 6 pm")
    lead = Lead.objects.get(phone="+905320000002")
    assert (lead.request_count, lead.notification_held) == (2, True)


def test_the_queue_marks_requests_from_a_busy_network(signed_in):
    LeadFactory(name="Held Patient", busy_network=True, notification_held=True)
    LeadFactory(name="Released Patient", busy_network=True)
    LeadFactory(name="Usual Patient")
    html = signed_in.get(QUEUE).content.decode()
    assert html.count("Many requests from one network") == 2
    assert html.count("Not notified: release it") == 1


@pytest.mark.parametrize(
    ("choice", "shown"),
    [("held", ["Held Patient"]), ("busy", ["Held Patient", "Released Patient"])],
)
def test_the_queue_filters_requests_from_a_busy_network(signed_in, choice, shown):
    LeadFactory(name="Held Patient", busy_network=True, notification_held=True)
    LeadFactory(name="Released Patient", busy_network=True)
    LeadFactory(name="Usual Patient")
    html = signed_in.get(QUEUE, {"network": choice}).content.decode()
    names = ["Held Patient", "Released Patient", "Usual Patient"]
    assert [name for name in names if f">{name}</a>" in html] == shown


def test_the_request_page_says_it_came_from_a_busy_network_and_is_held(signed_in):
    lead = LeadFactory(busy_network=True, notification_held=True)
    html = signed_in.get(f"{QUEUE}{lead.pk}/change/").content.decode()
    assert "Many requests from one network" in html
    assert "Not notified: release it" in html


def test_release_notifies_the_call_centre(signed_in, django_capture_on_commit_callbacks):
    held = LeadFactory(name="Held Patient", busy_network=True, notification_held=True)
    usual = LeadFactory(name="Usual Patient", notified_at=timezone.now())
    with django_capture_on_commit_callbacks(execute=True):
        response = signed_in.post(
            QUEUE,
            {"action": "release", "_selected_action": [held.pk, usual.pk]},
            follow=True,
        )
    assert "Released: the call centre is told. (1)" in response.content.decode()
    held.refresh_from_db()
    assert (held.notification_held, held.busy_network) == (False, True)
    assert held.notified_at is not None
    assert [message.to for message in mail.outbox] == [["desk@clinic.example"]]
    assert "Held Patient" in mail.outbox[0].body
    assert LogEntry.objects.filter(
        object_id=str(held.pk), change_message="Released: the call centre is told."
    ).exists()
