"""The demo content `seed_demo` adds to the blog."""

from io import StringIO

import pytest
from django.core.management import call_command
from PIL import Image

from blog.models import Article, ArticleState, Category, Doctor

pytestmark = pytest.mark.django_db


def test_seed_demo_adds_articles_in_categories_by_doctors_with_a_scheduled_and_a_draft():
    call_command("seed_demo", stdout=StringIO())
    articles = list(Article.objects.all())
    assert len(articles) >= 6
    assert Category.objects.filter(articles__isnull=False).distinct().count() >= 3
    assert Doctor.objects.filter(articles__isnull=False).distinct().count() >= 2
    states = [article.state for article in articles]
    assert ArticleState.SCHEDULED in states
    assert ArticleState.DRAFT in states


def test_demo_articles_have_question_style_sections_and_reviews():
    call_command("seed_demo", stdout=StringIO())
    for article in Article.objects.all():
        assert len(article.toc) >= 2
        # Arabic asks with its own question mark.
        assert all(
            entry["title"].endswith(("?", "؟")) for entry in article.toc if entry["level"] == 2
        )
    assert Article.objects.filter(reviewed_by__isnull=False).exists()


def test_demo_hero_images_are_generated_with_their_dimensions(settings):
    call_command("seed_demo", stdout=StringIO())
    for article in Article.objects.all():
        assert article.hero_image_alt
        with Image.open(settings.MEDIA_ROOT / article.hero_image.name) as image:
            assert image.size == (article.hero_image_width, article.hero_image_height)


def test_seed_demo_twice_changes_nothing_in_the_blog(settings):
    call_command("seed_demo", stdout=StringIO())
    snapshot = list(Article.objects.order_by("pk").values())
    related = list(Article.related.through.objects.values_list("from_article", "to_article"))
    files = sorted(path.name for path in settings.MEDIA_ROOT.rglob("*.jpg"))
    call_command("seed_demo", stdout=StringIO())
    assert list(Article.objects.order_by("pk").values()) == snapshot
    assert (
        list(Article.related.through.objects.values_list("from_article", "to_article")) == related
    )
    assert sorted(path.name for path in settings.MEDIA_ROOT.rglob("*.jpg")) == files
    assert Doctor.objects.count() == 3


# --- Languages -----------------------------------------------------------------------------


@pytest.mark.usefixtures("four_languages")
def test_three_demo_articles_exist_in_english_turkish_and_german_and_one_in_arabic():
    call_command("seed_demo", stdout=StringIO())
    groups = {}
    for article in Article.objects.published().filter(translation_of__isnull=False):
        groups.setdefault(article.translation_of.slug, set()).add(article.language)
    assert len([g for g in groups.values() if {"tr", "de"} <= g]) == 3
    assert len([g for g in groups.values() if "ar" in g]) == 1
    arabic = Article.objects.get(language="ar")
    assert arabic.title == "ماذا يحدث في الأسبوعين الأولين بعد زراعة الشعر؟"
    assert arabic.is_reviewed and arabic.is_published


@pytest.mark.usefixtures("four_languages")
def test_demo_categories_doctors_treatments_and_clinic_speak_every_language():
    from django.utils import translation

    from clinic.models import Treatment
    from clinic_site.models import Clinic

    call_command("seed_demo", stdout=StringIO())
    with translation.override("de"):
        assert Category.objects.get(slug="hair-loss").name == "Haarausfall"
        assert "Haarchirurgie" in Doctor.objects.get(slug="selin-aksoy").bio_html
        assert Treatment.objects.filter(name="Barttransplantation").exists()
        assert "Feiertagen" in Clinic.load().opening_hours_note
    with translation.override("tr"):
        assert Category.objects.get(slug="hair-loss").name == "Saç dökülmesi"
    with translation.override("en"):
        assert Category.objects.get(slug="hair-loss").name == "Hair loss"


@pytest.mark.usefixtures("four_languages")
def test_the_german_blog_and_home_list_the_german_demo_articles(client):
    call_command("seed_demo", stdout=StringIO())
    page = client.get("/de/blog/").text
    assert "FUE oder DHI: Worin unterscheiden sich die Methoden?" in page
    assert "FUE or DHI" not in page


@pytest.mark.usefixtures("four_languages")
def test_seed_demo_twice_changes_no_translation():
    call_command("seed_demo", stdout=StringIO())
    snapshot = list(Article.objects.order_by("pk").values())
    doctors = list(Doctor.objects.order_by("pk").values())
    call_command("seed_demo", stdout=StringIO())
    assert list(Article.objects.order_by("pk").values()) == snapshot
    assert list(Doctor.objects.order_by("pk").values()) == doctors
