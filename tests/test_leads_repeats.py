"""One open lead per phone: repeats merge, returning patients are flagged, races lose nothing."""

import threading
from datetime import timedelta

import phonenumbers
import pytest
import time_machine
from django.core import mail
from django.db import IntegrityError, connection, connections, transaction
from django.utils import timezone

from leads.models import Lead, LeadQuerySet
from leads.services.submission import RequestMeta, lead_submit
from tests.factories import LeadFactory, TreatmentFactory, callback_form_data

CALLBACK = "/callback/"


def submitted(client, **overrides):
    response = client.post(CALLBACK, callback_form_data(**overrides))
    assert response.status_code == 302
    return response


@pytest.mark.django_db
def test_a_repeat_from_a_phone_with_an_open_lead_is_merged_into_it(client):
    with time_machine.travel("2026-11-24 10:00:00+03:00", tick=False) as traveller:
        submitted(client, phone="0532 123 45 67", message="First question")
        first_at = timezone.now()
        traveller.shift(timedelta(minutes=20))
        submitted(client, phone="+90 532 123 4567", message="Still waiting for your call")
    lead = Lead.objects.get()
    assert lead.request_count == 2
    assert lead.created_at == first_at
    assert lead.last_requested_at == first_at + timedelta(minutes=20)
    assert lead.message.startswith("Still waiting for your call")
    assert "First question" in lead.message


@pytest.mark.django_db
@pytest.mark.parametrize("status", ["new", "contacted", "booked"])
def test_repeats_merge_into_every_open_status(client, status):
    lead = LeadFactory(phone="+905321234567", status=status)
    submitted(client, phone="0532 123 45 67")
    lead.refresh_from_db()
    assert (Lead.objects.count(), lead.request_count, lead.status) == (1, 2, status)


@pytest.mark.django_db
def test_a_repeat_keeps_the_newest_wishes_and_the_first_attribution(client):
    treatment = TreatmentFactory(name="Beard transplant")
    submitted(client, preferred_time="morning", source_url="http://testserver/blog/a/")
    submitted(
        client,
        preferred_time="evening",
        interest=str(treatment.pk),
        whatsapp_ok="on",
        source_url="http://testserver/blog/b/",
    )
    lead = Lead.objects.get()
    assert lead.preferred_time == "evening"
    assert lead.interest == treatment
    assert lead.whatsapp_ok is True
    assert lead.source_url == "http://testserver/blog/a/"


@pytest.mark.django_db
def test_a_repeat_notifies_staff_again_that_the_patient_asked_again(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        submitted(client)
    with django_capture_on_commit_callbacks(execute=True):
        submitted(client)
    assert len(mail.outbox) == 2
    assert mail.outbox[1].subject.startswith("Asked again (2 requests)")


@pytest.mark.django_db
@pytest.mark.parametrize("status", ["won", "lost", "unreachable"])
def test_a_phone_whose_earlier_leads_are_closed_gets_a_new_lead_marked_returning(
    client, status, django_capture_on_commit_callbacks
):
    earlier = LeadFactory(phone="+905321234567", status=status)
    with django_capture_on_commit_callbacks(execute=True):
        submitted(client, phone="0532 123 45 67")
    lead = Lead.objects.exclude(pk=earlier.pk).get()
    assert lead.status == Lead.Status.NEW
    assert lead.is_returning is True
    assert lead.previous_lead == earlier
    assert mail.outbox[0].subject.startswith("Returning patient:")


@pytest.mark.django_db
def test_a_returning_patient_is_linked_to_their_latest_earlier_lead(client):
    LeadFactory(
        phone="+905321234567", status="lost", created_at=timezone.now() - timedelta(days=90)
    )
    latest = LeadFactory(phone="+905321234567", status="won")
    submitted(client, phone="0532 123 45 67")
    assert Lead.objects.get(status="new").previous_lead == latest


@pytest.mark.django_db
def test_earlier_spam_does_not_make_a_patient_returning(client):
    LeadFactory(phone="+905321234567", status="spam")
    submitted(client, phone="0532 123 45 67")
    lead = Lead.objects.get(status="new")
    assert (lead.is_returning, lead.previous_lead) == (False, None)


@pytest.mark.django_db
def test_a_first_request_is_not_returning(client):
    submitted(client)
    assert Lead.objects.get().is_returning is False


@pytest.mark.django_db
def test_the_database_refuses_a_second_open_lead_for_one_phone():
    LeadFactory(phone="+905321234567", status="contacted")
    with pytest.raises(IntegrityError), transaction.atomic():
        LeadFactory(phone="+905321234567", status="new")


@pytest.mark.django_db
def test_the_database_allows_any_number_of_closed_leads_for_one_phone():
    for status in ("won", "lost", "spam", "spam", "unreachable"):
        LeadFactory(phone="+905321234567", status=status)
    LeadFactory(phone="+905321234567", status="new")
    assert Lead.objects.count() == 6


@pytest.mark.django_db(transaction=True)
def test_concurrent_duplicate_submissions_leave_one_open_lead(monkeypatch, caplog):
    """
    Two requests from one phone look for an open lead at the same moment, find none, and both
    insert. The unique constraint refuses the second insert; that request merges instead.
    """
    if connection.vendor == "sqlite":
        pytest.skip(
            "SQLite's in-memory test database (shared cache) fails a second writer at once with "
            "'table is locked' instead of waiting; a file database serialises writers anyway "
            "(transaction_mode IMMEDIATE). The race is tested on PostgreSQL."
        )
    both_looked = threading.Barrier(2, timeout=10)
    caplog.set_level("INFO", logger="leads.services.submission")
    original_create = LeadQuerySet.create

    def create_after_both_looked(self, **kwargs):
        try:
            both_looked.wait()
        except threading.BrokenBarrierError:
            pass
        return original_create(self, **kwargs)

    monkeypatch.setattr(LeadQuerySet, "create", create_after_both_looked)
    data = {
        "name": "Ayşe Yılmaz",
        "phone": phonenumbers.parse("+905321234567"),
        "consent_text": "I agree.",
    }
    results, errors = [], []

    def submit():
        try:
            results.append(lead_submit(data=data, request_meta=RequestMeta()))
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=submit) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert errors == []
    assert "raced a repeat" in caplog.text  # the second insert really was refused
    assert Lead.objects.open().count() == 1
    lead = Lead.objects.get()
    assert lead.request_count == 2
    assert {result.pk for result in results} == {lead.pk}
