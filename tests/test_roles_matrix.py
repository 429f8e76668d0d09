"""
Who sees what in the admin, for every role. One row per page: to add a model's admin pages,
add its rows to PAGES (the expected status for each role, in ROLES order).
"""

import pytest
from django.urls import reverse

from tests.factories import LeadFactory, StaffFactory, SuperuserFactory

pytestmark = pytest.mark.django_db

ROLES = ("anonymous", "no group", "Editors", "Call centre", "Marketing", "superuser")
LOGIN = 302  # sent to the login page
OK, DENIED = 200, 403

# (page, url name, needs a lead, expected status for each role in ROLES order)
PAGES = [
    ("lead list", "admin:leads_lead_changelist", False, (LOGIN, DENIED, DENIED, OK, DENIED, OK)),
    ("one lead", "admin:leads_lead_change", True, (LOGIN, DENIED, DENIED, OK, DENIED, OK)),
    ("lead history", "admin:leads_lead_history", True, (LOGIN, DENIED, DENIED, OK, DENIED, OK)),
    ("add a lead", "admin:leads_lead_add", False, (LOGIN, DENIED, DENIED, DENIED, DENIED, DENIED)),
    ("delete a lead", "admin:leads_lead_delete", True, (LOGIN, DENIED, DENIED, DENIED, DENIED, OK)),
    ("dashboard", "admin:leads_lead_dashboard", False, (LOGIN, DENIED, DENIED, OK, DENIED, OK)),
]


def user_for(role):
    if role == "anonymous":
        return None
    if role == "superuser":
        return SuperuserFactory()
    if role == "no group":
        return StaffFactory()
    return StaffFactory(role=role)


CASES = [
    pytest.param(role, url_name, needs_lead, expected[index], id=f"{page}-{role}")
    for page, url_name, needs_lead, expected in PAGES
    for index, role in enumerate(ROLES)
]


@pytest.mark.parametrize(("role", "url_name", "needs_lead", "expected"), CASES)
def test_admin_page_access(client, role, url_name, needs_lead, expected):
    user = user_for(role)
    if user is not None:
        client.force_login(user)
    args = [LeadFactory().pk] if needs_lead else []
    response = client.get(reverse(url_name, args=args))
    assert response.status_code == expected
    if expected == LOGIN:
        assert response.url.startswith(reverse("admin:login"))


@pytest.mark.parametrize("role", ["no group", "Editors", "Marketing"])
def test_staff_outside_the_call_centre_see_no_leads_on_the_admin_index(client, role):
    client.force_login(user_for(role))
    page = client.get(reverse("admin:index")).content.decode()
    assert "/admin/leads/" not in page


def test_call_centre_sees_leads_on_the_admin_index(client):
    client.force_login(user_for("Call centre"))
    assert "/admin/leads/lead/" in client.get(reverse("admin:index")).content.decode()


def test_call_centre_group_has_exactly_its_permissions():
    from django.contrib.auth.models import Group

    codenames = set(
        Group.objects.get(name="Call centre").permissions.values_list("codename", flat=True)
    )
    assert {"view_lead", "change_lead", "add_callattempt", "add_note"} <= codenames
    assert not {code for code in codenames if code.startswith("delete_")}
    assert "add_lead" not in codenames
