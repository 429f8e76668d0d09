"""The site's languages in a real browser: the suggestion to switch, in the visitor's language."""

import re

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
