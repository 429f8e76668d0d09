"""The queue's actions: claim, assign, contacted, spam, export; and asking before a take-over."""

import csv
import io

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.admin.models import LogEntry
from django.contrib.messages import get_messages
from django.urls import reverse

from leads.models import Lead
from leads.services import triage
from tests.factories import LeadFactory, StaffFactory

pytestmark = pytest.mark.django_db

QUEUE = reverse("admin:leads_lead_changelist")


def act(client, action, leads, **extra):
    # Sent from the view showing every status, as a coordinator reviewing spam would be.
    data = {"action": action, ACTION_CHECKBOX_NAME: [lead.pk for lead in leads], **extra}
    return client.post(f"{QUEUE}?status=all", data)


def history(lead):
    return list(
        LogEntry.objects.filter(object_id=str(lead.pk)).values_list("change_message", flat=True)
    )


def test_claim_makes_free_requests_mine_and_records_it(signed_in, coordinator):
    leads = LeadFactory.create_batch(2)
    response = act(signed_in, "claim", leads)
    assert response.status_code == 302
    for lead in leads:
        lead.refresh_from_db()
        assert lead.owner == coordinator and lead.claimed_at is not None
        assert history(lead) == ["Claimed."]


def test_a_request_a_colleague_claims_in_the_same_moment_stays_theirs(
    signed_in, colleague, monkeypatch
):
    lead = LeadFactory()
    claim = triage.lead_claim

    def colleague_first(**kwargs):
        Lead.objects.filter(pk=kwargs["lead"].pk).update(owner=colleague)
        return claim(**kwargs)

    monkeypatch.setattr(triage, "lead_claim", colleague_first)
    response = act(signed_in, "claim", [lead])
    assert response.status_code == 302
    lead.refresh_from_db()
    assert lead.owner == colleague
    notes = [str(message) for message in get_messages(response.wsgi_request)]
    assert any("claimed by Mehmet a moment ago" in note for note in notes), notes


def test_claiming_a_request_someone_else_has_asks_first(signed_in, colleague):
    theirs = LeadFactory(owner=colleague)
    free = LeadFactory()
    response = act(signed_in, "claim", [theirs, free])
    assert response.status_code == 200
    assert "Take them over" in response.content.decode()
    assert "held by Mehmet" in response.content.decode()
    theirs.refresh_from_db()
    free.refresh_from_db()
    assert theirs.owner == colleague and free.owner is None  # nothing happened yet


def test_confirmed_take_over_takes_it(signed_in, coordinator, colleague):
    theirs = LeadFactory(owner=colleague)
    act(signed_in, "claim", [theirs], take_over="yes")
    theirs.refresh_from_db()
    assert theirs.owner == coordinator
    assert history(theirs) == ["Taken over from Mehmet."]


def test_only_the_free_ones_leaves_a_colleagues_request_alone(signed_in, coordinator, colleague):
    theirs = LeadFactory(owner=colleague)
    free = LeadFactory()
    act(signed_in, "claim", [theirs, free], take_over="no")
    theirs.refresh_from_db()
    free.refresh_from_db()
    assert theirs.owner == colleague and free.owner == coordinator


def test_one_click_claim_from_the_queue_opens_the_request(signed_in, coordinator):
    lead = LeadFactory()
    response = signed_in.post(reverse("admin:leads_lead_claim", args=[lead.pk]))
    assert response.url == lead.get_admin_url()
    lead.refresh_from_db()
    assert lead.owner == coordinator


def test_one_click_claim_of_a_colleagues_request_asks_first(signed_in, coordinator, colleague):
    lead = LeadFactory(owner=colleague)
    url = reverse("admin:leads_lead_claim", args=[lead.pk])
    response = signed_in.post(url)
    assert response.status_code == 200
    assert "Yes, take it over" in response.content.decode()
    lead.refresh_from_db()
    assert lead.owner == colleague
    signed_in.post(url, {"take_over": "yes"})
    lead.refresh_from_db()
    assert lead.owner == coordinator


def test_queue_rows_offer_a_claim_button_except_on_my_own(signed_in, coordinator):
    free = LeadFactory()
    mine = LeadFactory(owner=coordinator)
    page = signed_in.get(QUEUE).content.decode()
    assert f'formaction="{reverse("admin:leads_lead_claim", args=[free.pk])}"' in page
    assert f'formaction="{reverse("admin:leads_lead_claim", args=[mine.pk])}"' not in page


def test_assign_to_asks_whom_then_assigns(signed_in, colleague):
    leads = LeadFactory.create_batch(2)
    page = act(signed_in, "assign_to", leads)
    assert page.status_code == 200 and "Mehmet" in page.content.decode()
    act(signed_in, "assign_to", leads, apply="yes", owner=colleague.pk)
    for lead in leads:
        lead.refresh_from_db()
        assert lead.owner == colleague
        assert history(lead) == ["Assigned to Mehmet."]


def test_assign_offers_only_coordinators(signed_in):
    StaffFactory(username="writer", first_name="Writer", role="Editors")
    page = act(signed_in, "assign_to", [LeadFactory()]).content.decode()
    assert "Writer" not in page


def test_assign_to_nobody_unassigns(signed_in, colleague):
    lead = LeadFactory(owner=colleague)
    act(signed_in, "assign_to", [lead], apply="yes", owner="")
    lead.refresh_from_db()
    assert lead.owner is None


def test_mark_contacted_moves_new_requests_on_and_stops_the_clock(signed_in):
    new = LeadFactory()
    booked = LeadFactory(status="booked")
    act(signed_in, "mark_contacted", [new, booked])
    new.refresh_from_db()
    booked.refresh_from_db()
    assert new.status == "contacted" and new.first_contact_at is not None
    assert booked.status == "booked"
    assert history(new) == ["Marked contacted."]


def test_mark_spam_and_back(signed_in):
    lead = LeadFactory()
    act(signed_in, "mark_spam", [lead])
    lead.refresh_from_db()
    assert lead.status == "spam"
    act(signed_in, "mark_not_spam", [lead])
    lead.refresh_from_db()
    assert lead.status == "new"


def test_not_spam_keeps_one_open_request_per_phone(signed_in):
    held = LeadFactory(phone="+905321112233", status="spam")
    LeadFactory(phone="+905321112233", status="new")
    response = act(signed_in, "mark_not_spam", [held])
    held.refresh_from_db()
    assert held.status == "spam"
    messages = [str(message) for message in response.wsgi_request._messages]
    assert any("already has another open request" in message for message in messages)


def export(client, leads):
    response = act(client, "export_csv", leads)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.content.startswith("\ufeff".encode())
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_export_csv_has_the_selected_rows_only(signed_in):
    chosen = LeadFactory(name="Müller Hans")
    LeadFactory(name="Not Chosen")
    header, *rows = export(signed_in, [chosen])
    assert header[:5] == ["id", "received", "status", "name", "phone"]
    assert len(rows) == 1 and rows[0][3] == "Müller Hans"


@pytest.mark.parametrize("formula", ["=1+1", "+SUM(A1)", "-2+3", "@cmd"])
def test_export_csv_defuses_formulas(signed_in, formula):
    lead = LeadFactory(name=formula, message=formula)
    _header, row = export(signed_in, [lead])
    assert row[3] == f"'{formula}"
    assert formula not in row


def test_actions_need_the_change_permission(client):
    client.force_login(StaffFactory(role="Marketing"))
    lead = LeadFactory()
    assert act(client, "claim", [lead]).status_code == 403
    lead.refresh_from_db()
    assert lead.owner is None


def test_coordinators_cannot_delete_requests(signed_in):
    lead = LeadFactory()
    act(signed_in, "delete_selected", [lead], post="yes")
    assert Lead.objects.filter(pk=lead.pk).exists()


def act_from_the_plain_queue(client, action, leads, **extra):
    """As the list's own form posts: to the queue's address, with no filter in it."""
    data = {"action": action, ACTION_CHECKBOX_NAME: [lead.pk for lead in leads], **extra}
    return client.post(QUEUE, data)


def test_ticked_rows_are_acted_on_whatever_the_default_status_filter(signed_in):
    spam = LeadFactory(status="spam")
    act_from_the_plain_queue(signed_in, "mark_not_spam", [spam])
    spam.refresh_from_db()
    assert spam.status == "new"


def test_export_of_ticked_closed_rows_from_the_plain_queue_has_them_all(signed_in):
    won = LeadFactory(name="Won Patient", status="won")
    spam = LeadFactory(name="Spam Sender", status="spam")
    response = act_from_the_plain_queue(signed_in, "export_csv", [won, spam])
    _header, *rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert sorted(row[3] for row in rows) == ["Spam Sender", "Won Patient"]


def test_an_explicit_status_filter_still_narrows_an_action(signed_in):
    won = LeadFactory(status="won")
    new = LeadFactory(status="new")
    signed_in.post(
        f"{QUEUE}?status=won",
        {"action": "mark_spam", ACTION_CHECKBOX_NAME: [won.pk, new.pk]},
    )
    won.refresh_from_db()
    new.refresh_from_db()
    assert (won.status, new.status) == ("spam", "new")


def test_select_all_acts_on_the_open_requests_the_queue_shows(signed_in):
    new = LeadFactory(status="new")
    won = LeadFactory(status="won")
    signed_in.post(
        QUEUE,
        {"action": "mark_spam", ACTION_CHECKBOX_NAME: [new.pk], "select_across": "1"},
    )
    new.refresh_from_db()
    won.refresh_from_db()
    assert (new.status, won.status) == ("spam", "won")
