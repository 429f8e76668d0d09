"""What staff reach from a notification: the lead in admin, the treatment list, the roles."""

from io import StringIO

import pytest
from django.core.management import call_command

from clinic.models import Treatment
from leads.models import Lead
from tests.factories import LeadFactory, StaffFactory, SuperuserFactory

pytestmark = pytest.mark.django_db


def test_the_notifications_admin_link_opens_the_lead(client):
    lead = LeadFactory(name="Ayşe Yılmaz")
    client.force_login(SuperuserFactory())
    response = client.get(lead.get_admin_url())
    assert response.status_code == 200
    assert "Ayşe Yılmaz" in response.content.decode()


def test_staff_can_find_spam_and_set_a_real_patient_back_to_new(client):
    lead = LeadFactory(status="spam", spam_reasons=["TOO_FAST"])
    client.force_login(SuperuserFactory())
    listing = client.get("/admin/leads/lead/?status=spam").content.decode()
    assert lead.name in listing
    assert lead.spam_reasons_display == "sent faster than a person types"


def test_call_centre_works_requests_but_never_deletes_them():
    coordinator = StaffFactory(role="Call centre")
    assert coordinator.has_perm("leads.view_lead")
    assert coordinator.has_perm("leads.change_lead")
    assert not coordinator.has_perm("leads.delete_lead")
    assert not coordinator.has_perm("clinic.change_treatment")


def test_marketing_sees_neither_requests_nor_the_treatment_list():
    marketer = StaffFactory(role="Marketing")
    assert not marketer.has_perm("leads.view_lead")
    assert not marketer.has_perm("clinic.view_treatment")


def test_editors_see_no_requests():
    assert not StaffFactory(role="Editors").has_perm("leads.view_lead")


def test_an_administrator_edits_the_treatment_list_in_admin(client):
    client.force_login(SuperuserFactory())
    response = client.post(
        "/admin/clinic/treatment/add/",
        {
            "name_en": "Hairline design",
            "slug": "hairline-design",
            "position": 5,
            "active": "on",
            "currency": "EUR",
            "faqs-TOTAL_FORMS": 0,
            "faqs-INITIAL_FORMS": 0,
        },
    )
    assert response.status_code == 302
    assert Treatment.objects.filter(name="Hairline design").exists()


def test_seed_demo_adds_the_treatments_once():
    call_command("seed_demo", stdout=StringIO())
    call_command("seed_demo", stdout=StringIO())
    assert Treatment.objects.count() == 5
    assert Lead.objects.count() == 0
