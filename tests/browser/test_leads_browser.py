"""A patient on a phone asks for a call back at the end of an article, keyboard only."""

import re

import pytest

from leads.models import Lead
from tests.browser.conftest import has_horizontal_scroll
from tests.factories import ArticleFactory

# The thanks page, with the mark of a request put in the queue.
THANKS = re.compile(r"/callback/thanks/\?queued=")


@pytest.fixture
def article_url(demo):
    return ArticleFactory().get_absolute_url()


def tab_to(page, element_id, *, limit=80):
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == element_id:
            return
    raise AssertionError(f"#{element_id} cannot be reached with the Tab key")


def focused(page):
    return page.evaluate("document.activeElement.id")


def test_a_patient_on_a_phone_asks_for_a_call_back_at_the_end_of_an_article_by_keyboard(
    phone_page, article_url
):
    page = phone_page
    page.goto(article_url)
    assert not has_horizontal_scroll(page)

    tab_to(page, "id_name")
    page.keyboard.type("Ayşe Yılmaz")
    page.keyboard.press("Tab")
    assert focused(page) == "id_phone"
    page.keyboard.type("0532 123 45 67")
    tab_to(page, "id_consent", limit=8)
    page.keyboard.press("Space")
    tab_to(page, "submit-id-send", limit=3)  # past the privacy link; never the honeypot
    page.keyboard.press("Enter")

    page.wait_for_url(THANKS)
    assert page.get_by_role("heading", level=1).inner_text() == "Thank you: we will call you back"
    assert page.locator("#main").get_by_role("link", name="Call us now").is_visible()
    assert page.locator("#main").get_by_role("link", name="WhatsApp").is_visible()
    assert not has_horizontal_scroll(page)
    lead = Lead.objects.get()
    assert (lead.name, lead.phone.as_e164, lead.status) == ("Ayşe Yılmaz", "+905321234567", "new")
    assert lead.source_url.endswith(article_url)
    # Nothing failed to load, no script error, no policy violation, nothing left the site.
    assert page.log.console_errors == []
    assert page.log.other_origin_requests == []


def test_a_mistyped_phone_shows_the_message_next_to_the_field(phone_page, article_url):
    page = phone_page
    page.goto(article_url)
    page.get_by_label("Your name").fill("Zeynep Kaya")
    page.get_by_label("Phone number").fill("0532 12")
    page.get_by_label("I agree").check()
    page.get_by_role("button", name="Call me back").click()

    page.wait_for_url("**/callback/")
    phone = page.get_by_label("Phone number")
    message = page.locator("#id_phone_error")
    assert message.is_visible()
    assert "does not look like a phone number" in message.inner_text()
    # Right below the field, and announced with it.
    assert message.bounding_box()["y"] > phone.bounding_box()["y"]
    assert "id_phone_error" in phone.get_attribute("aria-describedby")
    assert focused(page) == "id_phone"
    assert page.get_by_label("Your name").input_value() == "Zeynep Kaya"
    assert not has_horizontal_scroll(page)
    assert Lead.objects.count() == 0


def test_the_callback_page_works_without_javascript(browser, live_server, demo):
    context = browser.new_context(
        java_script_enabled=False, viewport={"width": 360, "height": 780}, base_url=live_server.url
    )
    page = context.new_page()
    try:
        page.goto("/callback/")
        page.get_by_label("Your name").fill("Deniz")
        page.get_by_label("Phone number").fill("+44 7400 123456")
        page.get_by_label("I agree").check()
        page.get_by_role("button", name="Call me back").click()
        page.wait_for_url(THANKS)
        assert Lead.objects.get().phone.as_e164 == "+447400123456"
    finally:
        context.close()


def test_a_patient_whose_browser_fills_the_form_in_a_flash_sends_it_with_one_more_press(
    phone_page, demo, settings
):
    settings.LEADS_MIN_FILL_SECONDS = 3  # the time trap on, as in production
    page = phone_page
    page.goto("/callback/")
    page.get_by_label("Your name").fill("Ayşe Yılmaz")
    page.get_by_label("Phone number").fill("0532 123 45 67")
    page.get_by_label("I agree").check()
    page.get_by_role("button", name="Call me back").click()

    page.wait_for_url("**/callback/")
    heading = page.get_by_role("heading", level=1).inner_text()
    assert heading == "Please check and send your request"
    assert page.get_by_label("Your name").input_value() == "Ayşe Yılmaz"
    assert page.get_by_label("I agree").is_checked()
    assert Lead.objects.count() == 0

    page.get_by_role("button", name="Send my request").click()
    page.wait_for_url(THANKS)
    assert page.get_by_role("heading", level=1).inner_text() == "Thank you: we will call you back"
    lead = Lead.objects.get()
    assert (lead.name, lead.status, lead.spam_reasons) == ("Ayşe Yılmaz", "new", [])
    assert page.log.console_errors == []
