"""A free assessment in a real browser: the doctor records the answer, the coordinator sends it."""

import pytest
from django.core import mail
from playwright.sync_api import expect

from leads.models import AssessmentResult
from tests.factories import LeadFactory, StaffFactory, TreatmentFactory

PASSWORD = "correct horse battery staple"


@pytest.fixture
def assessment(transactional_db):
    StaffFactory(username="ayse", first_name="Ayşe", role="Call centre")
    StaffFactory(username="drdemir", first_name="Selin", last_name="Demir", role="Doctors")
    TreatmentFactory(name="FUE hair transplant")
    return LeadFactory(
        kind="assessment",
        name="Jonas Weber",
        email="jonas@example.com",
        language="de",
        hair_loss="norwood-4",
    )


def sign_in(page, username):
    page.context.clear_cookies()
    page.goto("/admin/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()


def test_doctor_records_and_coordinator_emails_the_assessment(page, assessment):
    sign_in(page, "drdemir")
    page.goto("/admin/leads/lead/")
    page.get_by_role("link", name="Jonas Weber").click()
    page.get_by_role("link", name="Record the assessment").click()
    expect(page.get_by_text("What Jonas Weber sent")).to_be_visible()
    expect(page.get_by_text("Norwood 4: temples and a thinning crown")).to_be_visible()
    page.get_by_label("Result").select_option("suitable")
    page.get_by_label("Technique").select_option(label="FUE hair transplant")
    page.get_by_label("Grafts from").fill("2500")
    page.get_by_label("Grafts to").fill("3000")
    page.get_by_label("Price quoted").fill("2400")
    page.get_by_label("Note for the patient").fill("Ihr Spenderbereich ist kräftig.")
    page.get_by_role("button", name="Save", exact=True).click()
    # Back on the request's page, the answer shows; sending is not the doctor's job.
    expect(
        page.locator(".assessment-result").get_by_text("Suitable for a transplant")
    ).to_be_visible()
    expect(page.get_by_role("button", name="Send by email to jonas@example.com")).to_have_count(0)

    sign_in(page, "ayse")
    page.goto(assessment.get_admin_url())
    page.get_by_role("button", name="Send by email to jonas@example.com").click()
    expect(page.get_by_text("The assessment is on its way to jonas@example.com.")).to_be_visible()
    # The sending is listed with who sent it; unfolded, the very text the patient got.
    sent = page.locator(".assessment-sent details")
    expect(sent.locator("summary")).to_contain_text("Email")
    expect(sent.locator("summary")).to_contain_text("Ayşe")
    sent.locator("summary").click()
    expect(sent.locator(".assessment-message")).to_contain_text("2.400\xa0€")

    result = AssessmentResult.objects.get(lead=assessment)
    assert result.assessed_by.username == "drdemir" and result.sent_by.username == "ayse"
    [email] = mail.outbox
    assert email.to == ["jonas@example.com"] and "2.400\xa0€" in email.body
