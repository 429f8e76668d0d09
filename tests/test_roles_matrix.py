"""
Who sees what in the admin, for every role. One row per page: to add a model's admin pages,
add its rows to PAGES (the expected status for each role, in ROLES order).
"""

import pytest
from django.urls import reverse

from clinic_site.models import Clinic
from tests.factories import (
    ArticleFactory,
    AssessmentResultFactory,
    CampaignFactory,
    CategoryFactory,
    DoctorFactory,
    LeadFactory,
    MailEventFactory,
    StaffFactory,
    SubscriberFactory,
    SuperuserFactory,
)

pytestmark = pytest.mark.django_db

ROLES = ("anonymous", "no group", "Editors", "Call centre", "Marketing", "Doctors", "superuser")
LOGIN = 302  # sent to the login page
ELSEWHERE = "elsewhere"  # sent to another admin page: "no such request" for this role
OK, DENIED = 200, 403

EDITORS_ONLY = (LOGIN, DENIED, OK, DENIED, DENIED, DENIED, OK)
CALL_CENTRE_ONLY = (LOGIN, DENIED, DENIED, OK, DENIED, DENIED, OK)
MARKETING_ONLY = (LOGIN, DENIED, DENIED, DENIED, OK, DENIED, OK)
MARKETING_AND_EDITORS = (LOGIN, DENIED, OK, DENIED, OK, DENIED, OK)
DOCTORS_ONLY = (LOGIN, DENIED, DENIED, DENIED, DENIED, OK, OK)
SUPERUSER_ONLY = (LOGIN, DENIED, DENIED, DENIED, DENIED, DENIED, OK)
NOBODY = (LOGIN, DENIED, DENIED, DENIED, DENIED, DENIED, DENIED)
# Doctors read assessment requests, and only those: a call back is none of their business.
CALL_CENTRE_AND_DOCTORS = (LOGIN, DENIED, DENIED, OK, DENIED, OK, OK)
CALL_BACK_REQUEST = (LOGIN, DENIED, DENIED, OK, DENIED, ELSEWHERE, OK)


def assessment_request():
    return LeadFactory(kind="assessment")


def record_for_a_request():
    """The add form of a doctor's answer, as "Record the assessment" opens it."""
    return reverse("admin:leads_assessmentresult_add") + f"?lead={assessment_request().pk}"


# (page, url name, the object it needs or None, expected status for each role in ROLES order)
PAGES = [
    ("lead list", "admin:leads_lead_changelist", None, CALL_CENTRE_AND_DOCTORS),
    ("one lead", "admin:leads_lead_change", LeadFactory, CALL_BACK_REQUEST),
    ("lead history", "admin:leads_lead_history", LeadFactory, CALL_BACK_REQUEST),
    ("one assessment", "admin:leads_lead_change", assessment_request, CALL_CENTRE_AND_DOCTORS),
    ("assessment history", "admin:leads_lead_history", assessment_request, CALL_CENTRE_AND_DOCTORS),
    ("result list", "admin:leads_assessmentresult_changelist", None, CALL_CENTRE_AND_DOCTORS),
    ("record a result", record_for_a_request, None, DOCTORS_ONLY),
    (
        "one result",
        "admin:leads_assessmentresult_change",
        AssessmentResultFactory,
        CALL_CENTRE_AND_DOCTORS,
    ),
    (
        "delete a result",
        "admin:leads_assessmentresult_delete",
        AssessmentResultFactory,
        SUPERUSER_ONLY,
    ),
    ("add a lead", "admin:leads_lead_add", None, NOBODY),
    ("delete a lead", "admin:leads_lead_delete", LeadFactory, SUPERUSER_ONLY),
    ("dashboard", "admin:leads_lead_dashboard", None, CALL_CENTRE_AND_DOCTORS),
    ("languages I speak", "admin:leads_coordinatorlanguage_changelist", None, CALL_CENTRE_ONLY),
    ("add a language I speak", "admin:leads_coordinatorlanguage_add", None, CALL_CENTRE_ONLY),
    ("article list", "admin:blog_article_changelist", None, EDITORS_ONLY),
    ("one article", "admin:blog_article_change", ArticleFactory, EDITORS_ONLY),
    ("add an article", "admin:blog_article_add", None, EDITORS_ONLY),
    ("delete an article", "admin:blog_article_delete", ArticleFactory, EDITORS_ONLY),
    ("one doctor", "admin:blog_doctor_change", DoctorFactory, EDITORS_ONLY),
    ("one category", "admin:blog_category_change", CategoryFactory, EDITORS_ONLY),
    ("subscriber list", "admin:newsletter_subscriber_changelist", None, MARKETING_ONLY),
    ("one subscriber", "admin:newsletter_subscriber_change", SubscriberFactory, MARKETING_ONLY),
    ("add a subscriber", "admin:newsletter_subscriber_add", None, NOBODY),
    ("delete a subscriber", "admin:newsletter_subscriber_delete", SubscriberFactory, NOBODY),
    ("mail events", "admin:newsletter_mailevent_changelist", None, MARKETING_ONLY),
    ("one mail event", "admin:newsletter_mailevent_change", MailEventFactory, MARKETING_ONLY),
    ("add a mail event", "admin:newsletter_mailevent_add", None, NOBODY),
    ("delete a mail event", "admin:newsletter_mailevent_delete", MailEventFactory, NOBODY),
    # Marketing writes and sends campaigns; editors read them; the call centre sees nothing.
    ("campaign list", "admin:newsletter_campaign_changelist", None, MARKETING_AND_EDITORS),
    ("one campaign", "admin:newsletter_campaign_change", CampaignFactory, MARKETING_AND_EDITORS),
    (
        "campaign preview",
        "admin:newsletter_campaign_preview",
        CampaignFactory,
        MARKETING_AND_EDITORS,
    ),
    ("add a campaign", "admin:newsletter_campaign_add", None, MARKETING_ONLY),
    ("send a campaign", "admin:newsletter_campaign_send", CampaignFactory, MARKETING_ONLY),
    ("delete a campaign", "admin:newsletter_campaign_delete", CampaignFactory, MARKETING_ONLY),
    ("clinic identity", "admin:clinic_site_clinic_change", Clinic.load, SUPERUSER_ONLY),
    ("staff accounts", "admin:auth_user_changelist", None, SUPERUSER_ONLY),
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
    pytest.param(role, url_name, make, expected[index], id=f"{page}-{role}")
    for page, url_name, make, expected in PAGES
    for index, role in enumerate(ROLES)
]


@pytest.mark.parametrize(("role", "url_name", "make", "expected"), CASES)
def test_admin_page_access(client, role, url_name, make, expected):
    user = user_for(role)
    if user is not None:
        client.force_login(user)
    args = [make().pk] if make else []
    url = url_name() if callable(url_name) else reverse(url_name, args=args)
    response = client.get(url)
    if expected == ELSEWHERE:
        assert response.status_code == 302
        assert not response.url.startswith(reverse("admin:login"))
        return
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


def test_doctors_see_the_requests_and_the_results_on_the_admin_index(client):
    client.force_login(user_for("Doctors"))
    page = client.get(reverse("admin:index")).content.decode()
    assert "/admin/leads/lead/" in page and "/admin/leads/assessmentresult/" in page


def test_doctors_group_records_results_and_works_no_request():
    from django.contrib.auth.models import Group

    codenames = set(
        Group.objects.get(name="Doctors").permissions.values_list("codename", flat=True)
    )
    assert {"view_lead", "view_patient_photos", "add_assessmentresult"} <= codenames
    assert "change_lead" not in codenames and "add_callattempt" not in codenames
    assert not {code for code in codenames if code.startswith("delete_")}


def test_call_centre_group_has_exactly_its_permissions():
    from django.contrib.auth.models import Group

    codenames = set(
        Group.objects.get(name="Call centre").permissions.values_list("codename", flat=True)
    )
    assert {"view_lead", "change_lead", "add_callattempt", "add_note"} <= codenames
    # Requests, calls and notes are records: never deleted. The one thing a coordinator may
    # delete is a language from their own list of the languages they speak.
    assert {code for code in codenames if code.startswith("delete_")} == {
        "delete_coordinatorlanguage"
    }
    assert "add_lead" not in codenames
