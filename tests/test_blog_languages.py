"""
Articles in several languages: each is written in one language, may be a translation of an
original, has a slug unique in its language, and is found at (slug, language of the page).

Pages are requested "in a language" the way a visitor reaches them: the address the language's
URLs give (``/de/blog/…`` once the addresses carry the language) and the browser's language.
"""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import translation

from blog.models import Article
from tests.factories import ArticleFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("four_languages")]


def url_in(language, name, **kwargs):
    with translation.override(language):
        return reverse(name, kwargs=kwargs or None)


def get_in(client, language, name, **kwargs):
    return client.get(url_in(language, name, **kwargs), HTTP_ACCEPT_LANGUAGE=language)


# --- The model ---------------------------------------------------------------------------------


def test_an_article_is_written_in_the_sites_default_language_unless_told(settings):
    assert ArticleFactory().language == "en"
    settings.LANGUAGE_CODE = "de"
    assert ArticleFactory().language == "de"


def test_the_same_slug_may_be_used_once_per_language():
    ArticleFactory(slug="haartransplantation", language="en")
    ArticleFactory(slug="haartransplantation", language="de")
    with pytest.raises(IntegrityError), transaction.atomic():
        ArticleFactory(slug="haartransplantation", language="de")


def test_a_language_the_site_does_not_have_is_refused():
    article = ArticleFactory.build(language="xx")
    with pytest.raises(ValidationError) as error:
        article.full_clean(exclude=["author", "category"])
    assert "language" in error.value.message_dict


def test_a_translation_of_a_translation_belongs_to_the_original():
    original = ArticleFactory(language="en")
    german = ArticleFactory(language="de", translation_of=original)
    turkish = ArticleFactory(language="tr", translation_of=german)
    turkish.refresh_from_db()
    assert turkish.translation_of == original
    assert {a.language for a in german.translation_group()} == {"en", "de", "tr"}
    assert german.translation_group()[0] == original


def test_a_group_has_at_most_one_translation_per_language():
    original = ArticleFactory(language="en")
    ArticleFactory(language="de", translation_of=original)
    with pytest.raises(IntegrityError), transaction.atomic():
        ArticleFactory(language="de", translation_of=original)


def test_a_translation_in_the_originals_language_is_refused_with_a_message():
    original = ArticleFactory(language="en")
    second = ArticleFactory.build(
        language="en", translation_of=original, author=original.author, category=original.category
    )
    with pytest.raises(ValidationError) as error:
        second.full_clean()
    assert "already the English version" in error.value.message_dict["language"][0]


def test_an_article_cannot_translate_itself():
    article = ArticleFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Article.objects.filter(pk=article.pk).update(translation_of=article.pk)


# --- The article page --------------------------------------------------------------------------


def test_the_article_address_finds_the_article_of_the_pages_language(client):
    ArticleFactory(slug="fue", language="en", title="FUE explained")
    ArticleFactory(slug="fue", language="de", title="FUE erklärt")
    assert "FUE explained" in get_in(client, "en", "blog:article", slug="fue").text
    assert "FUE erklärt" in get_in(client, "de", "blog:article", slug="fue").text


def test_an_article_is_not_found_in_another_language(client):
    ArticleFactory(slug="nur-deutsch", language="de")
    assert get_in(client, "tr", "blog:article", slug="nur-deutsch").status_code == 404
