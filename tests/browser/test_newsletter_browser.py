"""A patient subscribes from an article page's footer, confirms from the email, then leaves."""

from django.core import mail
from playwright.sync_api import expect

from newsletter.models import Subscriber
from tests.browser.conftest import has_horizontal_scroll
from tests.factories import newsletter_link


def article_page_path():
    """An article page when the blog is there; the home page stands in for it until then."""
    try:
        from tests.factories import ArticleFactory
    except ImportError:
        return "/"
    return ArticleFactory().get_absolute_url()


def test_patient_subscribes_confirms_and_unsubscribes_from_the_welcome_email(page, demo):
    page.goto(article_page_path())
    footer = page.locator("footer")
    footer.get_by_label("Email address").fill("ayse@example.com")
    footer.get_by_label("I would like to receive").check()
    footer.get_by_role("button", name="Subscribe").click()
    expect(page.get_by_role("heading", name="Check your inbox")).to_be_visible()

    (confirmation,) = mail.outbox
    page.goto(newsletter_link(confirmation, "confirm"))
    # Opening the link is not enough.
    assert Subscriber.objects.get(email="ayse@example.com").status == "pending"
    page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_role("heading", name="You are subscribed")).to_be_visible()
    assert Subscriber.objects.get(email="ayse@example.com").status == "subscribed"

    welcome = mail.outbox[-1]
    page.goto(newsletter_link(welcome, "unsubscribe"))
    page.get_by_role("button", name="Unsubscribe").click()
    expect(page.get_by_role("heading", name="You are unsubscribed")).to_be_visible()
    assert Subscriber.objects.get(email="ayse@example.com").status == "unsubscribed"
    # Nothing failed to load, no script error, no policy violation.
    assert page.log.console_errors == []


def test_a_missing_tick_is_explained_and_the_address_kept_on_a_phone(phone_page, demo):
    phone_page.goto("/newsletter/subscribe/")
    main = phone_page.locator("main")
    main.get_by_label("Email address").fill("ayse@example.com")
    # The browser's own check would stop the form; the server's message is what we test.
    main.locator("form").evaluate("form => form.noValidate = true")
    main.get_by_role("button", name="Subscribe").click()
    expect(main.get_by_text("Please tick the box to agree")).to_be_visible()
    expect(main.get_by_label("Email address")).to_have_value("ayse@example.com")
    assert not has_horizontal_scroll(phone_page)


def test_subscribe_pages_fit_a_360px_phone(phone_page, demo):
    phone_page.goto("/newsletter/subscribe/")
    assert not has_horizontal_scroll(phone_page)
    phone_page.goto("/newsletter/subscribe/check-your-inbox/")
    assert not has_horizontal_scroll(phone_page)
    assert phone_page.log.other_origin_requests == []
