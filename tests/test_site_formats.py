"""Dates and prices in each language's format: `15 Mart 2026`, `1.900 €` in German."""

import json
import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.template import Context, Template
from django.utils import translation

from clinic_site.prices import price_display
from tests.factories import ArticleFactory, DoctorFactory

pytestmark = pytest.mark.django_db

NBSP = "\xa0"


@pytest.mark.parametrize(
    ("path", "prices"),
    [
        ("/", "€1,900 – €2,600"),
        ("/de/", f"1.900{NBSP}€ – 2.600{NBSP}€"),
        ("/tr/", "€1.900 – €2.600"),
    ],
)
def test_the_price_range_is_in_the_pages_language(client, clinic, path, prices):
    html = client.get(path).text
    assert f"{prices}</a></p>" in html  # the header, linking to the treatments
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    clinic_data = next(
        item for item in map(json.loads, blocks) if item.get("@type") == "MedicalClinic"
    )
    assert clinic_data["priceRange"] == prices


def test_a_price_from_only_is_in_the_pages_language(client, clinic):
    clinic.price_to = None
    clinic.save()
    assert f"1.900{NBSP}€" in client.get("/de/").text


@pytest.mark.parametrize(
    ("language", "currency", "expected"),
    [
        ("en", "TRY", "₺95,000"),
        ("tr", "TRY", "₺95.000"),
        ("de", "TRY", f"95.000{NBSP}₺"),
        ("de", "CHF", f"95.000{NBSP}CHF"),
        ("en", "CHF", f"CHF{NBSP}95,000"),
        ("ar", "EUR", f"\u200f95,000{NBSP}€"),
        ("fr", "EUR", f"95\u202f000{NBSP}€"),  # a language the site may add: CLDR knows it
    ],
)
def test_prices_follow_each_languages_rules(language, currency, expected):
    assert price_display(95000, currency, language=language) == expected


def test_the_price_filter_formats_in_the_active_language():
    template = Template("{% load clinic_tags %}{{ amount|price:'EUR' }}")
    with translation.override("de"):
        assert template.render(Context({"amount": 2900})) == f"2.900{NBSP}€"
    assert template.render(Context({"amount": None})) == ""


@pytest.fixture
def article(clinic):
    """One article, published and reviewed on the same days in each language (one group)."""
    istanbul = ZoneInfo("Europe/Istanbul")
    dates = {
        "slug": "fue-or-dhi",
        "published_at": datetime(2026, 3, 15, 10, 0, tzinfo=istanbul),
        "reviewed_by": DoctorFactory(),
        "last_reviewed": date(2026, 3, 5),
    }
    original = ArticleFactory(**dates)
    for language in ("tr", "de", "ar"):
        ArticleFactory(language=language, translation_of=original, **dates)
    return original


@pytest.mark.parametrize(
    ("prefix", "published", "reviewed"),
    [
        ("", "March 15, 2026", "March 5, 2026"),
        ("/tr", "15 Mart 2026", "5 Mart 2026"),
        ("/de", "15. März 2026", "5. März 2026"),
        ("/ar", "15 مارس، 2026", "5 مارس، 2026"),
    ],
)
def test_article_dates_are_in_the_pages_language(client, article, prefix, published, reviewed):
    page = client.get(f"{prefix}/blog/fue-or-dhi/").text
    assert f'<time datetime="2026-03-15T10:00:00+03:00">{published}</time>' in page
    assert f'<time datetime="2026-03-05">{reviewed}</time>' in page
    cards = client.get(f"{prefix}/blog/").text
    assert f">{published}</time>" in cards
