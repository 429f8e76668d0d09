"""A subscriber's language: from the page they signed up on, in every email and its pages."""

import pytest
from django.conf import settings
from django.core import mail
from django.template.loader import render_to_string
from django.utils import translation

from clinic_site.models import Clinic
from newsletter.models import Subscriber
from tests.factories import SubscriberFactory, newsletter_form_data, newsletter_link

pytestmark = pytest.mark.django_db

SITE = "http://127.0.0.1:8000"


def as_the_worker(capture, send):
    """
    Run what ``send`` queues after commit the way the worker does: in a thread with no page's
    language active (in tests, the request's thread keeps its page's language afterwards).
    """
    with capture() as callbacks:
        send()
    translation.deactivate()
    for callback in callbacks:
        callback()


def sign_up(client, capture, path):
    mail.outbox.clear()
    as_the_worker(capture, lambda: client.post(path, newsletter_form_data()))
    (message,) = mail.outbox
    return message


def subject_in(language, template):
    with translation.override(language):
        text = render_to_string(
            f"email/newsletter/{template}_subject.txt", {"clinic": Clinic.load()}
        )
    return " ".join(text.split())


@pytest.mark.parametrize("language", ["de", "ar"])
def test_the_sign_up_page_gives_the_subscriber_its_language(client, language):
    client.post(f"/{language}/newsletter/subscribe/", newsletter_form_data())
    assert Subscriber.objects.get().language == language


@pytest.mark.parametrize("language", ["de", "ar"])
def test_the_footer_box_on_a_page_posts_to_that_pages_language(client, language):
    page = client.get(f"/{language}/").text
    assert f'action="/{language}/newsletter/subscribe/"' in page


@pytest.mark.parametrize("language", ["de", "ar"])
def test_the_confirmation_email_and_its_link_are_in_the_subscribers_language(
    client, clinic, django_capture_on_commit_callbacks, language
):
    message = sign_up(
        client, django_capture_on_commit_callbacks, f"/{language}/newsletter/subscribe/"
    )
    assert message.subject == subject_in(language, "confirm")
    html, _mimetype = message.alternatives[0]
    assert f'<html lang="{language}"' in html
    link = newsletter_link(message, "confirm")
    assert link.startswith(f"/{language}/newsletter/confirm/")
    assert f"{SITE}{link}" in html
    page = client.get(link)
    assert page.status_code == 200
    assert f'<html lang="{language}"' in page.text


@pytest.mark.parametrize("language", ["de", "ar"])
def test_the_welcome_email_and_its_unsubscribe_link_are_in_the_subscribers_language(
    client, clinic, django_capture_on_commit_callbacks, language
):
    confirm = newsletter_link(
        sign_up(client, django_capture_on_commit_callbacks, f"/{language}/newsletter/subscribe/"),
        "confirm",
    )
    as_the_worker(django_capture_on_commit_callbacks, lambda: client.post(confirm))
    welcome = mail.outbox[-1]
    assert welcome.subject == subject_in(language, "welcome")
    unsubscribe = newsletter_link(welcome, "unsubscribe")
    assert unsubscribe.startswith(f"/{language}/newsletter/unsubscribe/")
    assert welcome.extra_headers["List-Unsubscribe"] == f"<{SITE}{unsubscribe}>"
    page = client.get(unsubscribe)
    assert page.status_code == 200
    assert f'<html lang="{language}"' in page.text


def test_an_english_subscribers_links_keep_their_unprefixed_addresses(
    client, clinic, django_capture_on_commit_callbacks
):
    message = sign_up(client, django_capture_on_commit_callbacks, "/newsletter/subscribe/")
    assert newsletter_link(message, "confirm").startswith("/newsletter/confirm/")
    assert settings.LANGUAGE_CODE == "en"


def test_a_link_without_prefix_from_an_older_email_still_opens_in_the_subscribers_language(
    client, clinic, django_capture_on_commit_callbacks
):
    from newsletter.tokens import unsubscribe_token_make

    subscriber = SubscriberFactory(language="de")
    page = client.get(f"/newsletter/unsubscribe/{unsubscribe_token_make(key=subscriber.key)}/")
    assert page.status_code == 200
    assert '<html lang="de"' in page.text
