"""
The shared cache of anonymous public pages (clinic_site/page_cache.py): what a visitor gets from
it, what never comes from it, and that a change is on every page at the next request.
"""

import gzip
import html
import re
import time
from datetime import timedelta

import brotli
import pytest
import time_machine
from django.core import mail, signing
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from blog.services import articles_publish_now, articles_unpublish
from clinic.services import reviews_publish, reviews_reject
from clinic_site.models import Clinic
from clinic_site.page_cache import STAMP_PLACEHOLDER, STAMP_SALT, STATUS_HEADER, pages_changed
from leads.models import Lead
from newsletter.models import Subscriber
from tests.factories import (
    ArticleFactory,
    ReviewFactory,
    StaffFactory,
    TreatmentFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def article(clinic):
    return ArticleFactory(title="Shock loss after a transplant", slug="shock-loss")


def served(client, path, **extra):
    """The response, and how many queries it cost."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path, **extra)
    return response, len(queries)


def pages(article, treatment):
    return [
        "/",
        "/blog/",
        f"/blog/{article.slug}/",
        f"/blog/category/{article.category.slug}/",
        "/doctors/",
        f"/doctors/{article.author.slug}/",
        "/treatments/",
        f"/treatments/{treatment.slug}/",
        "/results/",
        "/reviews/",
        "/contact/",
        "/privacy/",
    ]


def form_stamps(page_html: str) -> list[str]:
    return re.findall(r'name="form_started" value="([^"]+)"', page_html)


# --- Served from the cache ---------------------------------------------------------------


@pytest.mark.parametrize("prefix", ["", "/tr", "/de", "/ar"])
def test_every_public_page_is_built_once_then_served_from_the_cache_without_a_query(
    client, article, prefix
):
    treatment = TreatmentFactory()
    if prefix:  # the article in the page's language
        article = ArticleFactory(language=prefix[1:], translation_of=article)
    for path in pages(article, treatment):
        path = prefix + path if path != "/" or not prefix else f"{prefix}/"
        first, _ = served(client, path)
        if path == "/de/results/":
            assert first.status_code == 404  # results are not shown in Germany's language
            continue
        assert first.status_code == 200, path
        assert first.get(STATUS_HEADER) == "miss", path
        second, queries = served(client, path)
        assert second[STATUS_HEADER] == "hit", path
        assert queries == 0, path
        assert second["Content-Language"] == first["Content-Language"]
        assert second["Content-Security-Policy"] == first["Content-Security-Policy"]
        # The same page, but for the forms' time stamps, signed for each response.
        strip = re.compile(r'value="[\w-]+:[\w-]+:[\w-]+"')
        assert strip.sub("", second.text) == strip.sub("", first.text), path


def test_a_cached_page_holds_nothing_of_one_visitor(client, article):
    client.get(f"/blog/{article.slug}/")
    response = client.get(f"/blog/{article.slug}/")
    assert response[STATUS_HEADER] == "hit"
    assert "csrfmiddlewaretoken" not in response.text
    assert not response.cookies
    assert "Cookie" not in response.get("Vary", "")
    assert STAMP_PLACEHOLDER not in response.text


def test_each_response_carries_a_time_stamp_signed_when_it_left(client, article):
    client.get(f"/blog/{article.slug}/")
    with time_machine.travel(timezone.now() + timedelta(minutes=7), tick=False):
        response = client.get(f"/blog/{article.slug}/")
        assert response[STATUS_HEADER] == "hit"
        stamps = form_stamps(response.text)
        assert len(stamps) == 2  # the call-back form and the newsletter box
        for stamp in stamps:
            # Never earlier than the visitor got the page: the time trap is never shorter.
            signed = signing.loads(html.unescape(stamp), salt=STAMP_SALT)
            assert time.time() <= signed <= time.time() + 1


@pytest.mark.parametrize("encoding", ["br", "gzip"])
def test_a_cached_page_is_sent_compressed_to_a_browser_that_accepts_it(client, article, encoding):
    path = f"/blog/{article.slug}/"
    plain = client.get(path).text
    response = client.get(
        path, headers={"Accept-Encoding": "gzip, br" if encoding == "br" else "gzip"}
    )
    assert response[STATUS_HEADER] == "hit"
    assert response["Content-Encoding"] == encoding
    assert "Accept-Encoding" in response["Vary"]
    assert int(response["Content-Length"]) == len(response.content) < len(plain.encode()) / 3
    body = (
        brotli.decompress(response.content)
        if encoding == "br"
        else gzip.decompress(response.content)
    )
    assert "Shock loss after a transplant" in body.decode()
    assert len(form_stamps(body.decode())) == 2


def test_the_bytes_of_a_hit_are_reused_for_a_second_then_signed_again(client, article):
    path = f"/blog/{article.slug}/"
    client.get(path)
    now = timezone.now()
    with time_machine.travel(now, tick=False):
        first = client.get(path).text
        assert client.get(path).text == first
    with time_machine.travel(now + timedelta(seconds=2), tick=False):
        later = client.get(path).text
    assert form_stamps(later) != form_stamps(first)


# --- Never from the cache -----------------------------------------------------------------


def test_staff_never_get_a_cached_page_and_their_pages_are_never_stored(client, article):
    path = f"/blog/{article.slug}/"
    client.get(path)
    assert client.get(path)[STATUS_HEADER] == "hit"
    client.force_login(StaffFactory())
    assert STATUS_HEADER not in client.get(path)
    pages_changed()
    assert STATUS_HEADER not in client.get(path)
    assert Client().get(path)[STATUS_HEADER] == "miss"  # the staff's page was not stored


def test_a_query_string_the_page_does_not_know_is_never_stored(client, article):
    path = f"/blog/{article.slug}/?utm_source=newsletter&utm_campaign=spring"
    for _ in range(2):
        response = client.get(path)
        assert response.status_code == 200
        assert STATUS_HEADER not in response
    # The campaign is still remembered for the call-back form.
    assert "clinic_visit" in response.cookies


def test_a_query_string_the_page_knows_is_a_page_of_its_own(client, clinic):
    ArticleFactory.create_batch(13)
    assert client.get("/blog/?page=2")[STATUS_HEADER] == "miss"
    second = client.get("/blog/?page=2")
    assert second[STATUS_HEADER] == "hit"
    assert client.get("/blog/")[STATUS_HEADER] == "miss"
    assert client.get("/blog/?page=2&page=3").get(STATUS_HEADER) is None


def test_search_errors_and_head_requests_are_never_stored(client, article):
    for path in ["/search/?q=shock", "/blog/no-such-article/"]:
        client.get(path)
        assert STATUS_HEADER not in client.get(path)
    assert STATUS_HEADER not in client.head(f"/blog/{article.slug}/")


def test_with_the_cache_unreachable_every_page_is_built_for_its_request(settings, article):
    settings.CACHES = {
        "default": {
            "BACKEND": "clinic_site.cache.ResilientRedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens there
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }
    client = Client()
    for _ in range(2):
        response = client.get(f"/blog/{article.slug}/")
        assert response.status_code == 200
        assert "Shock loss after a transplant" in response.text
        assert STATUS_HEADER not in response


# --- Never stale -----------------------------------------------------------------------------


def assert_fresh(client, path, text, *, present=True):
    response = client.get(path)
    assert response.get(STATUS_HEADER) != "hit", f"{path} came from the cache"
    assert (text in response.text) is present


def warm(client, *paths):
    for path in paths:
        client.get(path)
        assert client.get(path)[STATUS_HEADER] == "hit"


def test_saving_an_article_refreshes_every_page_that_shows_it(client, article):
    paths = ["/", "/blog/", f"/blog/{article.slug}/", f"/blog/category/{article.category.slug}/"]
    warm(client, *paths)
    article.title = "Shock loss, and why it passes"
    article.save()
    for path in paths:
        assert_fresh(client, path, "Shock loss, and why it passes")


def test_unpublishing_publishing_and_deleting_reach_the_pages_at_once(client, article):
    path = f"/blog/{article.slug}/"
    warm(client, path, "/blog/")
    articles_unpublish(queryset=type(article).objects.filter(pk=article.pk))
    assert client.get(path).status_code == 404
    assert_fresh(client, "/blog/", "Shock loss after a transplant", present=False)
    warm(client, "/blog/")
    articles_publish_now(queryset=type(article).objects.filter(pk=article.pk))
    assert_fresh(client, "/blog/", "Shock loss after a transplant")
    warm(client, path)
    type(article).objects.filter(pk=article.pk).delete()
    assert client.get(path).status_code == 404


def test_a_doctor_a_treatment_and_the_identity_are_fresh_on_every_page(client, article):
    treatment = TreatmentFactory(name="Beard transplant", price_from=1500, price_to=1900)
    paths = [f"/blog/{article.slug}/", f"/treatments/{treatment.slug}/", "/"]
    warm(client, *paths)
    article.author.name = "Elif Demir"
    article.author.save()
    assert_fresh(client, f"/blog/{article.slug}/", "Elif Demir")
    warm(client, *paths)
    treatment.price_from = 1400
    treatment.save()
    assert_fresh(client, f"/treatments/{treatment.slug}/", "1,400")
    warm(client, *paths)
    identity = Clinic.load()
    identity.name = "Clinica Nova"
    identity.save()
    for path in paths:
        assert_fresh(client, path, "Clinica Nova")


def test_a_translation_of_an_article_appears_in_the_language_switcher_at_once(client, article):
    path = f"/blog/{article.slug}/"
    warm(client, path)
    ArticleFactory(title="Şok dökülme", slug="sok-dokulme", language="tr", translation_of=article)
    assert_fresh(client, path, "/tr/blog/sok-dokulme/")


def test_moderating_reviews_reaches_the_reviews_page_at_once(client, clinic):
    review = ReviewFactory(text="The nurses explained every step.", published=False)
    warm(client, "/reviews/")
    reviews_publish(reviews=type(review).objects.all())
    assert_fresh(client, "/reviews/", "The nurses explained every step.")
    warm(client, "/reviews/")
    reviews_reject(reviews=type(review).objects.all())
    assert_fresh(client, "/reviews/", "The nurses explained every step.", present=False)


def test_a_scheduled_article_appears_at_its_time_with_no_write(client, clinic):
    now = timezone.now()
    ArticleFactory(title="Washing after surgery", published_at=now + timedelta(minutes=5))
    with time_machine.travel(now, tick=False):
        warm(client, "/blog/", "/")
        assert "Washing after surgery" not in client.get("/blog/").text
    with time_machine.travel(now + timedelta(minutes=5, seconds=1), tick=False):
        assert_fresh(client, "/blog/", "Washing after surgery")
        assert_fresh(client, "/", "Washing after surgery")


def test_a_page_built_while_a_change_was_saved_is_never_served(client, article, monkeypatch):
    from blog import views

    path = f"/blog/{article.slug}/"
    real = views.ArticleDetailView.get_context_data

    def saved_meanwhile(self, **kwargs):
        context = real(self, **kwargs)
        ArticleFactory(title="Written while the page was built")  # a new generation
        return context

    monkeypatch.setattr(views.ArticleDetailView, "get_context_data", saved_meanwhile)
    client.get(path)
    monkeypatch.setattr(views.ArticleDetailView, "get_context_data", real)
    assert client.get(path)[STATUS_HEADER] == "miss"


# --- The forms on a cached page ---------------------------------------------------------------


def form_fields(page_html: str, action: str) -> dict[str, str]:
    """The hidden fields of the form posting to ``action`` on the page."""
    start = page_html.index(f'action="{action}"')
    form = page_html[start : page_html.index("</form>", start)]
    fields = re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', form)
    return {name: html.unescape(value) for name, value in fields}


def callback_filled_in(page_html: str) -> dict[str, str]:
    """The call-back form of the page, as a patient fills it in."""
    return {
        **form_fields(page_html, "/callback/"),
        "name": "Ayşe Yılmaz",
        "phone": "+90 532 123 45 67",
        "consent": "on",
        "preferred_time": "asap",
    }


@pytest.fixture
def cached_article(article):
    """An article page as a visitor gets it from the cache, and the moment they got it."""
    path = f"/blog/{article.slug}/"
    Client().get(path)
    browser = Client(enforce_csrf_checks=True)
    page = browser.get(path)
    assert page[STATUS_HEADER] == "hit"
    return browser, page.text


def test_the_call_back_form_posts_from_a_cached_page(cached_article, settings):
    browser, page = cached_article
    data = callback_filled_in(page)
    with time_machine.travel(timezone.now() + timedelta(seconds=20)):
        response = browser.post("/callback/", data, headers={"Sec-Fetch-Site": "same-origin"})
    assert response.status_code == 302
    lead = Lead.objects.get()
    assert lead.status == Lead.Status.NEW
    assert lead.source_url == "http://testserver/blog/shock-loss/"


def test_the_newsletter_box_posts_from_a_cached_page(
    cached_article, django_capture_on_commit_callbacks
):
    browser, page = cached_article
    data = {
        **form_fields(page, "/newsletter/subscribe/"),
        "email": "ayse@example.com",
        "consent": "on",
    }
    with (
        time_machine.travel(timezone.now() + timedelta(seconds=20)),
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = browser.post(
            "/newsletter/subscribe/", data, headers={"Origin": "http://testserver"}
        )
    assert response.status_code == 302
    assert Subscriber.objects.get().email == "ayse@example.com"
    assert len(mail.outbox) == 1


def test_a_bot_posting_the_moment_it_got_a_cached_page_still_meets_the_time_trap(
    cached_article,
):
    browser, page = cached_article
    data = callback_filled_in(page)
    response = browser.post("/callback/", data, headers={"Sec-Fetch-Site": "same-origin"})
    assert response.status_code == 200
    assert "Please check and send your request" in response.text
    assert not Lead.objects.exists()


@pytest.mark.parametrize(
    "headers",
    [
        {"Sec-Fetch-Site": "cross-site"},
        {"Sec-Fetch-Site": "same-site"},
        {"Origin": "https://evil.example"},
        {"Origin": "null"},
        {"Origin": "https://testserver"},  # another scheme is another origin
        {},  # no browser's word at all, and no token
    ],
)
def test_a_post_from_another_site_or_from_nowhere_is_refused(cached_article, headers):
    browser, page = cached_article
    data = callback_filled_in(page)
    with time_machine.travel(timezone.now() + timedelta(seconds=20)):
        response = browser.post("/callback/", data, headers=headers)
    assert response.status_code == 403
    assert "Please send the form again" in response.text
    assert not Lead.objects.exists()
