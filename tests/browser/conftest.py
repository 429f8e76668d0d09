"""
Real-browser tests: Playwright driving Debian's Chromium against pytest-django's live server.

Where Chromium is missing they are skipped with one line saying how to enable them; under
CI=true a missing Chromium fails them instead. The browser is never downloaded.
"""

import os
import shutil
from dataclasses import dataclass, field
from io import StringIO
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command

# Playwright's sync API runs an event loop in the test thread; the ORM calls the tests make
# between browser steps are still plain synchronous calls.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PHONE_VIEWPORT = {"width": 360, "height": 780}
BROWSER_SKIP_NOTE = pytest.StashKey[str]()
MISSING = (
    f"Chromium not found at {CHROMIUM}: install it (apt-get install chromium) "
    "or set CHROMIUM_PATH to run the browser tests"
)


def chromium_available():
    return bool(os.path.exists(CHROMIUM) or shutil.which(CHROMIUM))


def running_in_ci():
    return os.environ.get("CI", "").lower() == "true"


def pytest_collection_modifyitems(config, items):
    browser_items = [
        item for item in items if "tests/browser/" in str(item.path).replace(os.sep, "/")
    ]
    for item in browser_items:
        item.add_marker(pytest.mark.browser)
        # Under pytest-xdist (make test) the browser tests share one worker, so one Chromium
        # and one live server run at a time beside the other worker's tests.
        item.add_marker(pytest.mark.xdist_group("browser"))
    if browser_items and not chromium_available() and not running_in_ci():
        # One line in the summary instead of one skip per test.
        config.hook.pytest_deselected(items=browser_items)
        skipped = set(browser_items)
        items[:] = [item for item in items if item not in skipped]
        note = f"{len(browser_items)} browser tests skipped: {MISSING}"
        config.stash[BROWSER_SKIP_NOTE] = note
        if hasattr(config, "workeroutput"):
            # A pytest-xdist worker prints no summary: tests/conftest.py shows it for the run.
            config.workeroutput["browser_skip_note"] = note


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    note = config.stash.get(BROWSER_SKIP_NOTE, None)
    if note:
        terminalreporter.write_line(note, yellow=True, bold=True)


@pytest.fixture(scope="session")
def browser():
    if not chromium_available():
        # Only reached under CI=true: elsewhere the browser tests were deselected.
        pytest.fail(MISSING)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@dataclass
class PageLog:
    """What a page did that a patient would not see: errors and requests."""

    origin: str
    console_errors: list = field(default_factory=list)
    requested_urls: list = field(default_factory=list)

    @property
    def other_origin_requests(self):
        return [
            url
            for url in self.requested_urls
            if urlsplit(url).scheme in {"http", "https", "ws", "wss"}
            and f"{urlsplit(url).scheme}://{urlsplit(url).netloc}" != self.origin
        ]


def _open_page(browser, live_server, viewport, locale=None):
    context = browser.new_context(viewport=viewport, base_url=live_server.url, locale=locale)
    page = context.new_page()
    page.set_default_timeout(10_000)
    log = PageLog(origin=live_server.url)
    page.on(
        "console",
        lambda message: (
            log.console_errors.append(message.text) if message.type == "error" else None
        ),
    )
    page.on("pageerror", lambda error: log.console_errors.append(str(error)))
    page.on("request", lambda request: log.requested_urls.append(request.url))
    page.log = log
    return context, page


@pytest.fixture
def page(browser, live_server):
    """A desktop-sized page; ``page.log`` holds console errors and requested URLs."""
    context, page = _open_page(browser, live_server, {"width": 1280, "height": 900})
    yield page
    context.close()


@pytest.fixture
def phone_page(browser, live_server):
    """A page on a 360 px wide phone screen."""
    context, page = _open_page(browser, live_server, PHONE_VIEWPORT)
    yield page
    context.close()


@pytest.fixture
def open_page(browser, live_server):
    """
    Opens a page in a browser of its own: ``open_page(locale="de-DE")`` is a German browser
    (navigator.languages, Accept-Language), ``viewport=PHONE_VIEWPORT`` a phone.
    """
    contexts = []

    def open_page(*, locale=None, viewport=None):
        context, page = _open_page(
            browser, live_server, viewport or {"width": 1280, "height": 900}, locale=locale
        )
        contexts.append(context)
        return page

    yield open_page
    for context in contexts:
        context.close()


def has_horizontal_scroll(page):
    return page.evaluate(
        "document.documentElement.scrollWidth > document.documentElement.clientWidth"
    )


@pytest.fixture
def demo(transactional_db, settings):
    """The demo site (clinic, doctors, articles), for a browser that types faster than anyone."""
    call_command("seed_demo", stdout=StringIO())
    settings.LEADS_MIN_FILL_SECONDS = 0
    settings.NEWSLETTER_MIN_FILL_SECONDS = 0
