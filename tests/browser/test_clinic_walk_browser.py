"""
A new patient's walk from the home page to a call back: home → a treatment → the call-back form
on its page (that treatment already chosen) → the thanks page. On a phone (360 px) and a desktop
(1280 px), and in Arabic (right to left) on a phone: no page scrolls sideways, axe-core finds no
accessibility violation on any page, nothing is loaded from another origin.

axe-core comes from npm, pinned (tests/browser/npm_tools.py installs it into .cache/npm); where
it cannot be installed the test is skipped and says why.
"""

import re

import pytest
from django.utils import translation

from clinic.models import Treatment
from leads.models import Lead
from tests.browser.conftest import PHONE_VIEWPORT, has_horizontal_scroll
from tests.browser.npm_tools import axe_source

DESKTOP_VIEWPORT = {"width": 1280, "height": 900}
THANKS = re.compile(r"/callback/thanks/")
# The WCAG 2.1 A and AA rules and axe's best practices.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]


@pytest.fixture(scope="module")
def axe():
    source, problem = axe_source()
    if source is None:
        pytest.skip(f"axe-core unavailable: {problem}")
    return source


def axe_violations(page, axe):
    # Evaluated through the DevTools protocol, so the site's Content-Security-Policy (which
    # rightly forbids inline scripts) does not stop it; the page itself loads nothing new.
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(axe)
    violations = page.evaluate(
        """async (tags) => {
            const results = await axe.run(document, {runOnly: {type: "tag", values: tags}});
            return results.violations.map(v => ({
                id: v.id,
                help: v.help,
                nodes: v.nodes.slice(0, 3).map(n => n.target.join(" ")),
            }));
        }""",
        AXE_TAGS,
    )
    return violations


def check_page(page, axe, where):
    assert not has_horizontal_scroll(page), f"{where} scrolls sideways"
    assert axe_violations(page, axe) == [], f"axe violations on {where}"


@pytest.mark.parametrize(
    "language, viewport",
    [
        ("en", PHONE_VIEWPORT),
        ("en", DESKTOP_VIEWPORT),
        ("ar", PHONE_VIEWPORT),
    ],
    ids=["phone", "desktop", "arabic phone"],
)
def test_a_patient_walks_from_the_home_page_to_a_call_back_for_a_treatment(
    open_page, live_server, demo, axe, language, viewport
):
    with translation.override(language):
        treatment = Treatment.objects.active().first()
        name = treatment.name
        home_url = "/" if language == "en" else f"/{language}/"
    page = open_page(viewport=viewport)

    page.goto(home_url)
    assert page.locator("html").get_attribute("lang") == language
    if language == "ar":
        assert page.locator("html").get_attribute("dir") == "rtl"
    check_page(page, axe, "the home page")

    page.locator("#main").get_by_role("link", name=name, exact=True).first.click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text().strip() == name
    check_page(page, axe, "the treatment page")

    choice = page.locator("#id_interest")
    assert choice.locator("option:checked").inner_text().strip() == name
    page.locator("#id_name").fill("Layla Haddad")
    page.locator("#id_phone").fill("+90 532 123 45 67")
    page.locator("#id_consent").check()
    page.locator("form:has(#id_interest) [type=submit]").click()

    page.wait_for_url(THANKS)
    check_page(page, axe, "the thanks page")
    lead = Lead.objects.get()
    assert lead.interest == treatment
    assert lead.language == language
    assert page.log.console_errors == []
    assert page.log.other_origin_requests == []
