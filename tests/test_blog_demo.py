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
        assert all(entry["title"].endswith("?") for entry in article.toc if entry["level"] == 2)
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
