"""The site's languages in a real browser: the suggestion to switch, in the visitor's language."""

import re

import pytest

from tests.browser.conftest import PHONE_VIEWPORT

SUGGESTION = "aside.language-suggestion"


def test_a_german_browser_on_an_english_page_is_offered_the_german_page(open_page, demo):
    page = open_page(locale="de-DE")
    page.goto("/", wait_until="networkidle")
    suggestion = page.locator(SUGGESTION)
    assert suggestion.is_visible()
    assert suggestion.get_attribute("lang") == "de"
    # Not redirected: the page is the English one it asked for.
    assert page.evaluate("document.documentElement.lang") == "en"
    link = suggestion.get_by_role("link")
    assert link.get_attribute("href") == "/de/"
    link.click()
    page.wait_for_url(re.compile(r"/de/$"))
    assert page.evaluate("document.documentElement.lang") == "de"
    assert page.locator(SUGGESTION).count() == 0  # the page is in the browser's language
    assert page.log.console_errors == []
    assert page.log.other_origin_requests == []


def test_the_suggestion_leads_to_the_same_page_in_the_visitors_language(open_page, demo):
    page = open_page(locale="en-GB")
    page.goto("/ar/blog/")
    link = page.locator(SUGGESTION).get_by_role("link")
    assert link.get_attribute("href") == "/blog/"
    assert page.locator(SUGGESTION).get_attribute("dir") == "ltr"


def test_dismissing_the_suggestion_is_remembered(open_page, demo):
    page = open_page(locale="tr-TR")
    page.goto("/blog/")
    suggestion = page.locator(SUGGESTION)
    dismiss = suggestion.get_by_role("button")
    assert dismiss.get_attribute("aria-label")
    dismiss.click()
    assert suggestion.count() == 0
    page.goto("/")
    page.wait_for_load_state("networkidle")
    assert page.locator(SUGGESTION).count() == 0


def test_no_suggestion_for_a_language_the_site_does_not_have(open_page, demo):
    page = open_page(locale="fr-FR")
    page.goto("/", wait_until="networkidle")
    assert page.locator(SUGGESTION).count() == 0


def test_a_browsers_first_site_language_counts_even_after_one_the_site_lacks(open_page, demo):
    page = open_page(locale="fr-FR")
    page.add_init_script(
        "Object.defineProperty(navigator, 'languages', {get: () => ['fr-FR', 'ar', 'en']})"
    )
    page.goto("/", wait_until="networkidle")
    suggestion = page.locator(SUGGESTION)
    assert suggestion.get_attribute("lang") == "ar"
    assert suggestion.get_attribute("dir") == "rtl"


def test_the_suggestion_comes_after_the_header_and_before_the_content(open_page, demo):
    page = open_page(locale="de-DE")
    page.goto("/")
    order = page.evaluate(
        """() => {
            const box = document.querySelector('aside.language-suggestion');
            const header = document.querySelector('header');
            const main = document.getElementById('main');
            return [
                Boolean(header.compareDocumentPosition(box) & Node.DOCUMENT_POSITION_FOLLOWING),
                Boolean(box.compareDocumentPosition(main) & Node.DOCUMENT_POSITION_FOLLOWING),
            ];
        }"""
    )
    assert order == [True, True]
    # The skip link still goes straight to the content.
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def fits_the_screen(page):
    return page.evaluate("document.scrollingElement.scrollWidth <= window.innerWidth")


# The demo article written in Arabic too, at each language's address (its slug is its own).
RECOVERY_EN = "/blog/the-first-two-weeks-after-a-hair-transplant/"
RECOVERY_AR = "/ar/blog/al-usbuan-al-awwalan-baad-zirat-al-shaar/"


@pytest.mark.parametrize(
    "path",
    [
        "/ar/",
        "/ar/blog/",
        RECOVERY_AR,
        "/ar/callback/",
        "/ar/newsletter/subscribe/",
        "/ar/privacy/",
    ],
)
def test_arabic_pages_fit_a_360px_phone(open_page, demo, tmp_path, path):
    page = open_page(locale="ar", viewport=PHONE_VIEWPORT)
    page.goto(path, wait_until="networkidle")
    assert page.evaluate("document.documentElement.dir") == "rtl"
    assert fits_the_screen(page)
    screenshot = tmp_path / f"ar{path.replace('/', '-').rstrip('-')}.png"
    page.screenshot(path=screenshot, full_page=True)
    assert screenshot.stat().st_size > 0
    assert page.log.console_errors == []


def test_an_arabic_page_is_the_mirror_of_the_english_one(open_page, demo):
    page = open_page(viewport=PHONE_VIEWPORT)
    width = PHONE_VIEWPORT["width"]
    edges = {}
    for path in (RECOVERY_EN, RECOVERY_AR):
        page.goto(path)
        brand = page.locator(".site-brand").bounding_box()
        toc = page.locator(".article-toc")
        edges[path] = {
            # Against the left edge in English, the right edge in Arabic.
            "brand at": "left"
            if brand["x"] < 30
            else "right"
            if brand["x"] + brand["width"] > width - 30
            else "?",
            "toc rule": toc.evaluate(
                "el => [getComputedStyle(el).borderLeftWidth, "
                "getComputedStyle(el).borderRightWidth]"
            ),
        }
    assert edges[RECOVERY_EN] == {"brand at": "left", "toc rule": ["4px", "0px"]}
    assert edges[RECOVERY_AR] == {"brand at": "right", "toc rule": ["0px", "4px"]}


def test_header_items_do_not_overlap_in_arabic_on_a_phone(open_page, demo):
    page = open_page(locale="ar", viewport=PHONE_VIEWPORT)
    page.goto("/ar/")
    boxes = page.evaluate(
        """() => [...document.querySelectorAll(
                'header a, header address, header p, header button'
            )].filter(el => el.offsetParent !== null)
             .map(el => { const r = el.getBoundingClientRect();
                          return [r.left, r.top, r.right, r.bottom, el.textContent.trim()]; })"""
    )
    overlapping = [
        (a[4], b[4])
        for i, a in enumerate(boxes)
        for b in boxes[i + 1 :]
        if a[0] < b[2] - 1
        and b[0] < a[2] - 1
        and a[1] < b[3] - 1
        and b[1] < a[3] - 1
        and not (a[4] in b[4] or b[4] in a[4])  # an element and its own text
    ]
    assert overlapping == []


def test_a_german_visitor_walks_the_site_at_1280px(open_page, demo):
    page = open_page(locale="de-DE")
    page.goto("/de/", wait_until="networkidle")
    page.locator(".site-nav").get_by_role("link", name=re.compile("Blog")).click()
    page.wait_for_url(re.compile(r"/de/blog/$"))
    page.locator("main a[href^='/de/blog/fue-oder-dhi/']").first.click()
    page.wait_for_url(re.compile(r"/de/blog/fue-oder-dhi/$"))
    assert page.evaluate("document.documentElement.lang") == "de"
    assert fits_the_screen(page)
    # The switcher leads to the same article in English, and back.
    page.locator("nav.language-switcher").get_by_role("link", name="English").click()
    page.wait_for_url(re.compile(r"/blog/fue-or-dhi/$"))
    assert page.evaluate("document.documentElement.lang") == "en"
    page.locator("nav.language-switcher").get_by_role("link", name="Deutsch").click()
    page.wait_for_url(re.compile(r"/de/blog/fue-oder-dhi/$"))
    assert page.log.console_errors == []
    assert page.log.other_origin_requests == []
