"""A coordinator's morning in a real browser: sign in, take the newest request, call, move it on."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from leads.models import CallAttempt, Lead
from tests.factories import LeadFactory, StaffFactory

PASSWORD = "correct horse battery staple"


@pytest.fixture
def queue(transactional_db):
    StaffFactory(username="ayse", first_name="Ayşe", role="Call centre")
    earlier = timezone.now() - timedelta(hours=2)
    # Yesterday's requests are already being worked; the patient who just asked is waiting.
    for name in ("Hans Müller", "Sara Rossi"):
        LeadFactory(name=name, status="contacted", created_at=earlier, first_contact_at=earlier)
    return LeadFactory(name="Ayşe Yılmaz", phone="+905321234567")


def test_coordinator_claims_calls_and_marks_contacted(page, queue):
    page.goto("/admin/")
    page.get_by_label("Username").fill("ayse")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()

    page.locator('#content-main a[href="/admin/leads/lead/"]').first.click()
    first_row = page.locator("#result_list tbody tr").first
    assert "Ayşe Yılmaz" in first_row.inner_text()
    assert first_row.locator('a[href="tel:+905321234567"]').count() == 1

    first_row.get_by_role("button", name="Claim").click()
    expect(page.get_by_text("Ayşe Yılmaz is yours now.")).to_be_visible()

    page.locator("#id_call_attempts-0-outcome").select_option("no_answer")
    page.locator("#id_call_attempts-0-note").fill("Rang twice, no answer")
    page.get_by_role("button", name="Save and continue editing").click()
    expect(page.get_by_text("was changed successfully")).to_be_visible()

    page.locator("#id_status").select_option("contacted")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_text("was changed successfully")).to_be_visible()

    lead = Lead.objects.get(pk=queue.pk)
    assert lead.status == "contacted" and lead.owner.username == "ayse"
    attempt = CallAttempt.objects.get(lead=lead)
    assert attempt.outcome == "no_answer" and attempt.made_by.username == "ayse"
    # No policy violation or script error on the way (the missing favicon aside).
    assert [error for error in page.log.console_errors if "404 (Not Found)" not in error] == []
