"""
The coordinator's two screens at 1280x800, as a coordinator on a laptop uses them: from the
queue to a logged call and on to the next request in five clicks, without scrolling.

``COORDINATOR_SCREENSHOTS=docs/screenshots`` saves both screens as the walk sees them
(coordinator-queue.png, coordinator-request.png).
"""

import os
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from leads.admin import updates
from leads.models import CallAttempt, CoordinatorLanguage, Lead
from tests.factories import (
    AssessmentPhotoFactory,
    CallAttemptFactory,
    LeadFactory,
    StaffFactory,
    TreatmentFactory,
)

PASSWORD = "correct horse battery staple"
LAPTOP = {"width": 1280, "height": 800}


@pytest.fixture
def working_day(transactional_db, live_server):
    """A coordinator who speaks German and Turkish, and a morning's requests."""
    ayse = StaffFactory(username="ayse", first_name="Ayşe", role="Call centre")
    for language in ("de", "tr"):
        CoordinatorLanguage.objects.create(user=ayse, language=language)
    colleague = StaffFactory(first_name="Mehmet Alexander", last_name="Demirtaş-Öztürk")
    hair = TreatmentFactory(name="FUE hair transplant with PRP treatment")
    now = timezone.now()
    oldest = LeadFactory(
        name="Maximiliane Alexandra Schmidt-Hohenberger",
        phone="+4915112345678",
        country="DE",
        language="de",
        interest=hair,
        whatsapp_ok=True,
        preferred_time="evening",
        message="I would like to know the price for 3,000 grafts and how long I stay.",
        created_at=now - timedelta(minutes=40),
    )
    following = LeadFactory(
        name="Ayşe Yılmaz",
        phone="+905321234567",
        language="tr",
        interest=hair,
        created_at=now - timedelta(minutes=25),
    )
    assessment = LeadFactory(
        name="Omar Haddad",
        phone="+971501234567",
        country="AE",
        language="ar",
        kind="assessment",
        created_at=now - timedelta(minutes=10),
    )
    for angle in ("front", "top"):
        AssessmentPhotoFactory(lead=assessment, angle=angle)
    worked = LeadFactory(
        name="Hans Müller",
        phone="+4917612345678",
        country="DE",
        language="de",
        status="contacted",
        owner=colleague,
        created_at=now - timedelta(hours=3),
        first_contact_at=now - timedelta(hours=2),
    )
    CallAttemptFactory(lead=worked, made_at=now - timedelta(hours=2), outcome="reached")
    for n in range(6):
        LeadFactory(
            name=f"Patient {n} Lastname",
            language="en",
            created_at=now - timedelta(minutes=5 + n),
        )
    return {"ayse": ayse, "oldest": oldest, "following": following, "assessment": assessment}


def sign_in(page, username="ayse"):
    # By the fields' ids: the labels are in the browser's language.
    page.goto("/admin/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator('#login-form [type="submit"]').click()
    expect(page.locator("#user-tools")).to_be_visible()


SCREENSHOTS = os.environ.get("COORDINATOR_SCREENSHOTS")


def screenshot(page, name):
    if SCREENSHOTS:
        Path(SCREENSHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SCREENSHOTS) / name))


def not_scrolled(page):
    return page.evaluate("window.scrollX === 0 && window.scrollY === 0")


class Clicks:
    """Clicks counted, each on an element that is on screen as the page first shows it."""

    def __init__(self, page):
        self.page, self.count = page, 0

    def __call__(self, locator):
        expect(locator).to_be_visible()
        box = locator.bounding_box()
        height = self.page.viewport_size["height"]
        width = self.page.viewport_size["width"]
        assert not_scrolled(self.page), "the page was scrolled before the click"
        assert 0 <= box["y"] and box["y"] + box["height"] <= height, (locator, box)
        assert 0 <= box["x"] and box["x"] + box["width"] <= width, (locator, box)
        locator.click()
        self.count += 1


def test_from_the_queue_to_a_logged_call_and_the_next_request_in_five_clicks(
    open_page, working_day
):
    page = open_page(viewport=LAPTOP)
    sign_in(page)
    clicks = Clicks(page)

    page.goto("/admin/leads/lead/")
    expect(page.get_by_role("heading", name="Call-back queue")).to_be_visible()
    first_row = page.locator("#result_list tbody tr").first
    # The oldest new request in my languages is first, and its breach is said in words.
    expect(first_row).to_contain_text("Maximiliane")
    expect(first_row).to_contain_text("SLA breached")
    screenshot(page, "coordinator-queue.png")
    clicks(first_row.get_by_role("button", name="Claim"))

    oldest = working_day["oldest"]
    expect(page).to_have_url(f"{page.url.split('/admin/')[0]}{oldest.get_admin_url()}")
    expect(page.get_by_text("is yours now.")).to_be_visible()
    desk = page.locator(".call-desk")
    expect(desk.get_by_role("heading", name=oldest.name)).to_be_in_viewport(ratio=1)
    for shown in ("+49 1511 2345678", "for the patient now", "FUE hair transplant", "SLA"):
        expect(desk.get_by_text(shown, exact=False).first).to_be_in_viewport(ratio=1)
    screenshot(page, "coordinator-request.png")

    clicks(desk.get_by_label("No answer"))
    clicks(desk.get_by_label("Note"))
    page.keyboard.type("Rang twice, no answer; try again after lunch")
    clicks(desk.get_by_label("in an hour"))
    clicks(desk.get_by_role("button", name="Save and open the next request"))

    following = working_day["following"]
    expect(page.locator("#desk-name")).to_have_text(following.name)
    assert page.url.endswith(following.get_admin_url())
    assert not_scrolled(page)
    assert clicks.count <= 5

    attempt = CallAttempt.objects.get(lead=oldest)
    assert attempt.outcome == "no_answer" and attempt.made_by == working_day["ayse"]
    assert attempt.note == "Rang twice, no answer; try again after lunch"
    oldest.refresh_from_db()
    assert oldest.owner == working_day["ayse"]
    later = oldest.next_follow_up_at - timezone.now()
    assert timedelta(minutes=55) < later <= timedelta(hours=1)
    assert [error for error in page.log.console_errors if "404 (Not Found)" not in error] == []


ROW_LINES = """
[...document.querySelectorAll('#result_list tbody tr')].map((row) => {
    const lines = [...row.querySelectorAll('td')].map((cell) => {
        const style = getComputedStyle(cell);
        const padding = parseFloat(style.paddingTop) + parseFloat(style.paddingBottom);
        const inner = cell.clientHeight - padding;
        return inner / parseFloat(style.lineHeight);
    });
    return Math.max(...lines);
})
"""


# Each line of a cell that ends in "…": its text, and the title a coordinator hovers for it.
CUT_LINES = """
[...document.querySelectorAll('#result_list tbody td div')]
    .filter((line) => getComputedStyle(line).textOverflow === 'ellipsis'
        && line.scrollWidth > line.clientWidth)
    .map((line) => {
        const titled = line.title ? line : line.querySelector('[title]');
        return {
            text: line.textContent.replace(/\\s+/g, ' ').trim(),
            title: titled ? titled.title : '',
        };
    })
"""


def is_cut(locator):
    return locator.evaluate("(element) => element.scrollWidth > element.clientWidth")


# German has the longest words, Arabic is read right to left.
@pytest.mark.parametrize("locale", ["en-GB", "de-DE", "ar"])
def test_every_row_of_the_queue_is_one_or_two_lines_with_sidebar_and_filters_open(
    open_page, working_day, locale
):
    page = open_page(viewport=LAPTOP, locale=locale)
    sign_in(page)
    page.goto("/admin/leads/lead/")
    expect(page.locator("#nav-sidebar")).to_be_visible()
    expect(page.locator("#changelist-filter")).to_be_visible()
    # Nothing hides past the list's right edge.
    assert page.evaluate(
        "(() => { const r = document.querySelector('#changelist .results');"
        " return r.scrollWidth <= r.clientWidth; })()"
    )
    lines = page.evaluate(ROW_LINES)
    assert len(lines) == 10
    # Two lines of text, and the SLA badge's own padding.
    assert max(lines) < 2.6, lines
    for button in page.locator("#result_list .claim-button").all():
        assert button.evaluate("b => getComputedStyle(b).whiteSpace") == "nowrap"
        assert button.bounding_box()["height"] < 32
    assert page.evaluate("document.documentElement.lang") == locale[:2]
    breached = page.locator("#result_list tbody tr", has_text="Maximiliane")
    assert breached.locator("td").first.evaluate(
        "td => getComputedStyle(td).backgroundColor"
    ) != page.locator("#result_list tbody tr", has_text="Patient 0").locator("td").first.evaluate(
        "td => getComputedStyle(td).backgroundColor"
    )
    # What still ends in "…" is whole on hover, and whole for a screen reader.
    cut = page.evaluate(CUT_LINES)
    for line in cut:
        assert line["text"] and line["title"].endswith(line["text"]), line


def test_a_coordinator_reads_the_first_rows_name_and_who_holds_it_whole(open_page, working_day):
    page = open_page(viewport=LAPTOP, locale="en-GB")
    sign_in(page)
    page.goto("/admin/leads/lead/")
    expect(page.locator("#changelist-filter")).to_be_visible()
    first_row = page.locator("#result_list tbody tr").first
    name = first_row.locator(".patient-line").first
    expect(name).to_have_text("Maximiliane Alexandra Schmidt-Hohenberger")
    assert not is_cut(name)
    holder = first_row.locator("td.field-progress .progress-line").last
    expect(holder).to_have_text("unassigned")
    assert not is_cut(holder)
    # Where it stands and the calls so far share the line above.
    status = first_row.locator("td.field-progress .progress-line").first
    expect(status).to_have_text("New · 0 calls")
    assert not is_cut(status)
    # And what the patient wants, on the next row: the treatment and when to call.
    wants = page.locator("#result_list tbody tr", has_text="Patient 5").locator(".wants-line")
    expect(wants.last).to_have_text("As soon as possible")
    assert not is_cut(wants.last)


def test_new_requests_show_in_the_title_and_a_notice_without_a_reload(
    open_page, working_day, monkeypatch
):
    monkeypatch.setattr(updates, "POLL_SECONDS", 1)
    page = open_page(viewport=LAPTOP)
    sign_in(page)
    page.goto("/admin/leads/lead/")
    # The live region is in the page from the start; only what it says is hidden.
    expect(page.locator('#queue-updates[role="status"]')).to_have_count(1)
    notice = page.locator("#queue-updates .queue-updates")
    expect(notice).to_be_hidden()
    for _ in range(3):
        Lead.objects.create(
            name="New Patient",
            phone=f"+9053299900{_:02d}",
            consent_text="Yes",
            consented_at=timezone.now(),
        )
    # The two oldest of the morning's requests have waited past the 15 minutes' SLA.
    expect(page).to_have_title(
        "(3) 2 past their SLA · Call-back queue | Clinic administration", timeout=8000
    )
    expect(notice).to_be_visible()
    expect(notice).to_contain_text("3 new requests · 2 past their SLA")
    notice.get_by_role("link", name="show").click()
    expect(page.locator("#result_list")).to_contain_text("New Patient")
    expect(page).to_have_title("Call-back queue | Clinic administration")
    # Nothing new since the reload, but the breaches are still said, in the title too.
    expect(page).to_have_title(
        "2 past their SLA · Call-back queue | Clinic administration", timeout=8000
    )
    expect(notice).to_have_text("2 past their SLA — show")


def tab_to(page, selector, *, limit=80):
    """Presses Tab until ``selector`` has the focus: reachable without the mouse."""
    for _ in range(limit):
        if page.evaluate(f"document.activeElement.matches({selector!r})"):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"{selector} cannot be reached with the Tab key")


def test_from_the_queue_to_the_next_request_with_the_keyboard_alone(open_page, working_day):
    page = open_page(viewport=LAPTOP)
    sign_in(page)
    page.goto("/admin/leads/lead/")
    tab_to(page, "#result_list .claim-button")
    page.keyboard.press("Enter")
    expect(page.get_by_text("is yours now.")).to_be_visible()
    oldest = working_day["oldest"]
    # The log form has the focus as the page opens, and its key brings it back.
    assert page.evaluate("document.activeElement.name") == "call_attempts-0-outcome"
    # One key and one autofocus, on the first outcome only: never ambiguous.
    assert page.locator('[name="call_attempts-0-outcome"][accesskey="l"]').count() == 1
    assert page.locator('[name="call_attempts-0-outcome"][autofocus]').count() == 1
    assert page.evaluate("document.activeElement.accessKey") == "l"
    page.keyboard.press("ArrowDown")  # Reached, then No answer
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.name") == "call_attempts-0-note"
    page.keyboard.type("Voicemail full")
    tab_to(page, '[name="_save_next"]')
    page.keyboard.press("Enter")
    expect(page.locator("#desk-name")).to_have_text(working_day["following"].name)
    attempt = CallAttempt.objects.get(lead=oldest)
    assert (attempt.outcome, attempt.note) == ("no_answer", "Voicemail full")


def test_enter_in_the_note_saves_the_call_and_stays_on_the_request(open_page, working_day):
    page = open_page(viewport=LAPTOP)
    sign_in(page)
    oldest = working_day["oldest"]
    page.goto(oldest.get_admin_url())
    page.locator('[name="call_attempts-0-outcome"][value="no_answer"]').check()
    note = page.locator('[name="call_attempts-0-note"]')
    note.fill("Rang twice")
    note.press("Enter")
    expect(page.locator(".messagelist")).to_contain_text("You may edit it again below.")
    # Still the same request, not the next one in the queue.
    expect(page.locator("#desk-name")).to_have_text(oldest.name)
    assert CallAttempt.objects.get(lead=oldest).note == "Rang twice"
