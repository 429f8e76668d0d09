"""
What every anonymous page of a language shows alike (clinic_site/page_parts.py): kept by the
process for the page generation, and still exactly what a page built from scratch shows: each
page's own address in its forms, a write on the next page, staff never served a kept part.
"""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from clinic_site.models import Clinic
from tests.factories import ArticleFactory, StaffFactory, TreatmentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _page_cache_off(settings):
    """Every request builds its page: what is under test is what a page is built from."""
    settings.PAGE_CACHE_ENABLED = False


@pytest.fixture
def article(clinic):
    return ArticleFactory(title="Shock loss after a transplant", slug="shock-loss")


def hidden_value(html: str, form_class: str, name: str) -> str:
    form = re.search(rf'<form[^>]*class="{form_class}".*?</form>', html, re.S).group(0)
    return re.search(rf'name="{name}" value="([^"]*)"', form).group(1)


def test_the_forms_record_the_page_each_was_sent_from(client, article):
    client.get("/blog/")  # the footer and the call-back form are kept from here on
    for path in ["/blog/", f"/blog/{article.slug}/", f"/blog/{article.slug}/?utm_source=mail"]:
        html = client.get(path).content.decode()
        assert hidden_value(html, "subscribe-form", "source_url") == path.split("?")[0]
        if path != "/blog/":
            source = hidden_value(html, "callback-form", "source_url")
            assert source == f"http://testserver{path}".replace("&", "&amp;")
        assert "on-delivery" not in html


def test_an_edited_clinic_identity_is_on_the_next_page(client, clinic, article):
    assert clinic.name in client.get(f"/blog/{article.slug}/").content.decode()

    clinic.name = "Anatolia Hair Clinic"
    clinic.save()

    html = client.get(f"/blog/{article.slug}/").content.decode()
    header = re.search(r'<header class="site-header">.*?</header>', html, re.S).group(0)
    footer = re.search(r"<footer.*?</footer>", html, re.S).group(0)
    assert "Anatolia Hair Clinic" in header
    assert "Anatolia Hair Clinic" in footer


def test_a_new_treatment_is_in_the_next_call_back_form(client, article):
    client.get(f"/blog/{article.slug}/")

    TreatmentFactory(name="Beard transplant")

    html = client.get(f"/blog/{article.slug}/").content.decode()
    interest = re.search(r'<select name="interest".*?</select>', html, re.S).group(0)
    assert "Beard transplant" in interest


def test_a_renamed_article_has_its_new_title_on_every_card(client, article):
    client.get("/blog/")

    article.title = "Shedding after a transplant: what is normal"
    article.save()

    assert "Shedding after a transplant" in client.get("/blog/").content.decode()


def test_the_current_page_is_marked_in_the_navigation_of_each_page(client, article):
    client.get("/blog/")
    html = client.get("/doctors/").content.decode()
    nav = re.search(r'<nav class="site-nav".*?</nav>', html, re.S).group(0)
    assert re.findall(r'<a href="([^"]+)" aria-current="page"', nav) == ["/doctors/"]


def test_kept_parts_spare_the_queries_of_the_next_page_of_the_language(client, article):
    client.get("/blog/")
    with CaptureQueriesContext(connection) as first:
        client.get(f"/blog/{article.slug}/")
    with CaptureQueriesContext(connection) as second:
        client.get(f"/blog/{article.slug}/")
    # The call-back form's treatments were read for the first article page, not the second.
    assert len(second) == len(first) - 1


def test_staff_are_never_served_a_kept_part(client, clinic, article):
    client.get("/blog/")
    client.force_login(StaffFactory())
    Clinic.objects.filter(pk=clinic.pk).update(name="Renamed without a signal")
    Clinic.clear_cache()

    assert "Renamed without a signal" in client.get("/blog/").content.decode()
