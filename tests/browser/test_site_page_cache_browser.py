"""
A real browser posts the forms of a page that came from the shared cache: no token, no cookie,
the browser's own Sec-Fetch-Site and Origin are what the site checks.
"""

import re

import pytest

from leads.models import Lead
from newsletter.models import Subscriber
from tests.factories import ArticleFactory


@pytest.fixture
def cached_article(demo, open_page):
    """An article already in the cache, opened by a visitor the site has never seen."""
    url = ArticleFactory().get_absolute_url()
    open_page().goto(url)  # someone else read it first
    page = open_page()
    response = page.goto(url)
    assert response.headers.get("x-page-cache") == "hit"
    assert page.context.cookies() == []
    return page


def test_a_visitor_asks_for_a_call_back_from_a_cached_article(cached_article):
    page = cached_article
    form = page.locator("form.callback-form")
    form.get_by_label("Your name").fill("Ayşe Yılmaz")
    form.get_by_label("Phone number").fill("0532 123 45 67")
    form.locator("#id_consent").check()
    form.locator("#submit-id-send").click()
    page.wait_for_url(re.compile(r"/callback/thanks/\?queued="))
    lead = Lead.objects.get()
    assert (lead.name, lead.status) == ("Ayşe Yılmaz", Lead.Status.NEW)
    assert page.log.console_errors == []


def test_a_visitor_subscribes_from_the_footer_of_a_cached_article(cached_article):
    page = cached_article
    box = page.locator("form.subscribe-form")
    box.locator("#newsletter-email").fill("ayse@example.com")
    box.locator("#newsletter-consent").check()
    box.get_by_role("button", name="Subscribe").click()
    page.wait_for_url(re.compile(r"/newsletter/subscribe/check-your-inbox/"))
    assert Subscriber.objects.filter(email="ayse@example.com").exists()  # besides the demo list
