"""A patient reading the blog in a real browser, on a desktop and on a 360 px phone."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import has_horizontal_scroll
from tests.factories import ArticleFactory, CategoryFactory, DoctorFactory

LONG_PARAGRAPH = "Hair grows in cycles, and each follicle follows its own rhythm. " * 40


@pytest.fixture
def blog(transactional_db):
    doctor = DoctorFactory(
        title="Prof. Dr.", name="Selin Aksoy", slug="selin-aksoy", specialty="Plastic surgery"
    )
    category = CategoryFactory(name="Recovery", slug="recovery")
    ArticleFactory.create_batch(3, category=category)
    return ArticleFactory(
        title="When will I see the results of a hair transplant?",
        slug="when-will-i-see-results",
        author=doctor,
        category=category,
        body=(
            f"## Why does the transplanted hair fall out?\n\n{LONG_PARAGRAPH}\n\n"
            f"## When does new hair start to grow?\n\n{LONG_PARAGRAPH}\n\n"
            f"## When can the final result be judged?\n\nAt twelve to eighteen months.\n\n"
            f"{LONG_PARAGRAPH}"
        ),
    )


def real_errors(page):
    return page.log.console_errors


def test_patient_reads_an_article_follows_the_contents_and_meets_the_author(page, blog):
    failed = []
    page.on(
        "response", lambda response: failed.append(response.url) if response.status >= 400 else None
    )
    page.goto("/")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Blog").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Blog")

    page.get_by_role("link", name="When will I see the results of a hair transplant?").click()
    expect(page).to_have_url(re.compile(r"/blog/when-will-i-see-results/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "When will I see the results of a hair transplant?"
    )

    contents = page.get_by_role("navigation", name="In this article")
    contents.get_by_role("link", name="When can the final result be judged?").click()
    expect(page).to_have_url(re.compile(r"#when-can-the-final-result-be-judged$"))
    section = page.get_by_role("heading", name="When can the final result be judged?")
    expect(section).to_be_in_viewport()

    page.get_by_role("link", name="Prof. Dr. Selin Aksoy").first.click()
    expect(page).to_have_url(re.compile(r"/doctors/selin-aksoy/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Prof. Dr. Selin Aksoy")
    expect(page.get_by_text("Plastic surgery").first).to_be_visible()
    assert page.log.other_origin_requests == []
    assert failed == []
    assert real_errors(page) == []


def test_blog_pages_fit_a_360px_phone_without_horizontal_scroll(phone_page, blog):
    for url in [
        "/blog/",
        blog.get_absolute_url(),
        "/blog/category/recovery/",
        "/doctors/selin-aksoy/",
        "/search/?q=follicle",
    ]:
        phone_page.goto(url)
        expect(phone_page.get_by_role("heading", level=1)).to_be_visible()
        assert not has_horizontal_scroll(phone_page), url
    assert phone_page.log.other_origin_requests == []
    assert real_errors(phone_page) == []


def test_patient_searches_and_sees_the_words_highlighted(phone_page, blog):
    phone_page.goto("/blog/")
    phone_page.get_by_label("Search the articles").fill("eighteen")
    phone_page.get_by_role("button", name="Search").click()
    expect(phone_page.get_by_role("status")).to_contain_text("1 article found")
    expect(phone_page.locator("mark").first).to_have_text(re.compile("eighteen", re.I))
