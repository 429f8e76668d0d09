"""The page frame in a real browser, the way a patient on a phone meets it."""

from tests.browser.conftest import has_horizontal_scroll


def test_home_page_fits_a_360px_phone_without_horizontal_scroll(phone_page, demo):
    phone_page.goto("/")
    assert phone_page.get_by_role("heading", level=1).is_visible()
    assert not has_horizontal_scroll(phone_page)


def test_skip_link_moves_focus_to_the_main_content(phone_page, demo):
    phone_page.goto("/")
    phone_page.keyboard.press("Tab")
    skip_link = phone_page.get_by_role("link", name="Skip to main content")
    assert skip_link.evaluate("element => element === document.activeElement")
    assert skip_link.is_visible()  # it appears when focused
    phone_page.keyboard.press("Enter")
    assert phone_page.evaluate("document.activeElement.id") == "main"


def test_home_page_requests_nothing_from_another_origin(page, demo):
    page.goto("/", wait_until="networkidle")
    assert page.log.requested_urls, "the page made no request at all"
    assert page.log.other_origin_requests == []


def test_home_page_has_no_console_errors_or_policy_violations(page, demo):
    page.goto("/", wait_until="networkidle")
    page.goto("/privacy/", wait_until="networkidle")
    page.goto("/no-such-page/", wait_until="networkidle")
    # The only failure allowed is the 404 status of the page that does not exist.
    errors = [error for error in page.log.console_errors if "404 (Not Found)" not in error]
    assert errors == []
    assert sum("404 (Not Found)" in error for error in page.log.console_errors) <= 1


def test_pages_have_a_favicon_so_browsers_log_no_missing_file(page, demo):
    page.goto("/", wait_until="networkidle")
    assert page.log.console_errors == []
    assert page.request.get("/favicon.ico").ok


def test_stylesheets_load(page, demo):
    page.goto("/")
    # Bootstrap's container and our brand colour are applied: the CSS came through.
    assert page.locator("main").evaluate("el => getComputedStyle(el).paddingTop") != "0px"
    color = page.locator(".site-topbar").evaluate("el => getComputedStyle(el).backgroundColor")
    assert color == "rgb(8, 63, 73)"
