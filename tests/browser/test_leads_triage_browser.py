"""A coordinator's morning in a real browser: sign in, take the newest request, call, move it on."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from leads.models import CallAttempt, Lead
from tests.browser.conftest import has_horizontal_scroll
from tests.factories import LeadFactory, StaffFactory, TreatmentFactory

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

    page.locator(".call-desk").get_by_label("No answer").check()
    page.locator("#id_call_attempts-0-note").fill("Rang twice, no answer")
    page.locator(".call-desk").get_by_role("button", name="Save and continue editing").click()
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


def sign_in(page, username="ayse"):
    page.goto("/admin/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()


@pytest.fixture
def busy_queue(transactional_db, live_server):
    """A working day's rows, with the longest values a coordinator meets."""
    ayse = StaffFactory(username="ayse", first_name="Ayşe", role="Call centre")
    colleague = StaffFactory(first_name="Mehmet Alexander", last_name="Demirtaş-Öztürk")
    hair = TreatmentFactory(name="FUE hair transplant with PRP treatment")
    earlier = timezone.now() - timedelta(hours=3)
    long_page = f"{live_server.url}/blog/what-causes-hair-loss-in-women-after-pregnancy/?utm_x=1"
    LeadFactory(
        name="Maximiliane Alexandra Schmidt-Hohenberger",
        phone="+4915112345678",
        country="DE",
        interest=hair,
        whatsapp_ok=True,
        source_url=long_page,
        owner=colleague,
        status="contacted",
        created_at=earlier,
        first_contact_at=earlier + timedelta(minutes=40),
    )
    LeadFactory(name="Ayşe Yılmaz", phone="+905321234567", country="TR", interest=hair)
    return ayse


@pytest.mark.parametrize("width", [1280, 1440])
def test_the_queue_fits_the_screen_with_claim_in_its_own_column(page, busy_queue, width):
    page.set_viewport_size({"width": width, "height": 900})
    sign_in(page)
    page.goto("/admin/leads/lead/")
    expect(page.get_by_role("heading", name="Call-back queue")).to_be_visible()

    table = page.locator("#result_list")
    box = table.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= width
    # Nothing scrolls sideways inside the list either.
    assert page.evaluate(
        "(() => { const r = document.querySelector('#changelist .results');"
        " return r.scrollWidth <= r.clientWidth; })()"
    )
    assert not has_horizontal_scroll(page)
    waiting_row = page.locator("#result_list tbody tr", has_text="Ayşe Yılmaz")
    claim = waiting_row.get_by_role("button", name="Claim")
    expect(claim).to_be_in_viewport(ratio=1)
    # Claim has its own column, right after the patient: on the name's line, never under it.
    name = waiting_row.get_by_role("link", name="Ayşe Yılmaz").bounding_box()
    patient = waiting_row.locator("td.field-patient").bounding_box()
    button = claim.bounding_box()
    assert name["x"] + name["width"] < button["x"]
    assert 0 <= button["x"] - (patient["x"] + patient["width"]) < 10
    assert button["y"] < name["y"] + name["height"]
    for header in ("Waiting", "Patient", "Claim", "Wants", "Status"):
        expect(page.locator("#result_list thead th", has_text=header)).to_be_in_viewport(ratio=1)
    # Status, coordinator and calls are on screen, and the SLA colour still shows.
    other = page.locator("#result_list tbody tr", has_text="Schmidt-Hohenberger")
    # A long name ends in "…" within its cell, whole on hover.
    owner = other.locator(".lead-owner")
    expect(owner).to_have_text("Mehmet Alexander Demirtaş-Öztürk")
    expect(owner).to_have_attribute("title", "coordinator: Mehmet Alexander Demirtaş-Öztürk")
    expect(other.locator("td.field-progress")).to_be_in_viewport(ratio=1)
    expect(other.get_by_text("0 calls")).to_be_in_viewport(ratio=1)
    expect(waiting_row.locator(".sla.sla--on_time")).to_be_visible()


AXIS_LABELS = """
(() => {
    const svg = document.querySelector('.requests-chart svg').getBoundingClientRect();
    return [...document.querySelectorAll('.requests-chart text.chart-axis')].map((text) => {
        const box = text.getBoundingClientRect();
        return {left: box.left - svg.left, right: svg.right - box.right, height: box.height};
    });
})()
"""


@pytest.mark.parametrize("screen", ["desktop", "phone"])
def test_dashboard_chart_labels_are_whole_and_legible(request, busy_queue, screen):
    page = request.getfixturevalue("page" if screen == "desktop" else "phone_page")
    sign_in(page)
    page.goto("/admin/leads/lead/dashboard/")
    labels = page.evaluate(AXIS_LABELS)
    assert len(labels) >= 5
    for label in labels:
        # Inside the drawing (the last day's label is not cut off) and big enough to read.
        assert label["left"] >= 0 and label["right"] >= 0
        assert label["height"] >= 10
    # A phone scrolls the chart in its own box; the page itself never scrolls sideways.
    assert not has_horizontal_scroll(page)
