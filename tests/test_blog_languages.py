"""
Articles in several languages: each is written in one language, may be a translation of an
original, has a slug unique in its language, and is found at (slug, language of the page).

Pages are requested "in a language" the way a visitor reaches them: the address the language's
URLs give (``/de/blog/…`` once the addresses carry the language) and the browser's language.
"""

import re
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from blog.models import Article
from tests.factories import ArticleFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("four_languages")]

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="full-text search runs on PostgreSQL"
)


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


# --- Per-language lists ------------------------------------------------------------------------


@pytest.fixture
def english_and_german(db):
    english = ArticleFactory(language="en", title="Hair transplant recovery")
    german = ArticleFactory(
        language="de",
        title="Erholung nach der Haartransplantation",
        slug="erholung",
        translation_of=english,
        category=english.category,
        author=english.author,
    )
    return english, german


@pytest.mark.parametrize(
    "name,kwargs",
    [("home", {}), ("blog:index", {}), ("blog:category", {"slug": None}), ("blog:doctor", {})],
)
def test_lists_show_only_the_articles_of_the_pages_language(
    client, english_and_german, name, kwargs
):
    english, german = english_and_german
    if name == "blog:category":
        kwargs = {"slug": english.category.slug}
    if name == "blog:doctor":
        kwargs = {"slug": english.author.slug}
    in_english = get_in(client, "en", name, **kwargs).text
    in_german = get_in(client, "de", name, **kwargs).text
    assert english.title in in_english and german.title not in in_english
    assert german.title in in_german and english.title not in in_german


def test_the_feed_of_a_language_lists_its_articles_only(client, english_and_german):
    english, german = english_and_german
    in_german = get_in(client, "de", "blog:feed").text
    assert german.title in in_german
    assert english.title not in in_german


def test_search_finds_only_articles_of_the_pages_language(client, english_and_german):
    response = client.get(
        url_in("de", "blog:search"), {"q": "Haartransplantation"}, HTTP_ACCEPT_LANGUAGE="de"
    )
    assert [a.title for a in response.context["articles"]] == [
        "Erholung nach der Haartransplantation"
    ]
    response = client.get(
        url_in("en", "blog:search"), {"q": "Haartransplantation"}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert list(response.context["articles"]) == []


def test_related_articles_are_in_the_articles_language(client, english_and_german):
    english, german = english_and_german
    ArticleFactory(language="en", category=english.category, title="More in English")
    response = get_in(client, "de", "blog:article", slug=german.slug)
    assert "More in English" not in [a.title for a in response.context["related_articles"]]


def test_a_language_without_articles_says_so_and_offers_the_others(client, english_and_german):
    for name in ("blog:index", "home"):
        page = get_in(client, "tr", name).text
        with translation.override("tr"):
            assert gettext("No articles in this language yet.") in page
        assert f'href="{url_in("en", "blog:index")}" hreflang="en"' in page
        assert f'href="{url_in("de", "blog:index")}" hreflang="de"' in page
        # No Arabic articles either.
        assert f'href="{url_in("ar", "blog:index")}" hreflang="ar"' not in page


@postgresql_only
def test_postgresql_search_stems_german_words_in_german(client):
    ArticleFactory(language="de", title="Die Haartransplantation", body="Text.", slug="ht")
    response = client.get(
        url_in("de", "blog:search"), {"q": "Haartransplantationen"}, HTTP_ACCEPT_LANGUAGE="de"
    )
    assert [a.title for a in response.context["articles"]] == ["Die Haartransplantation"]


@postgresql_only
def test_postgresql_search_stems_turkish_words_in_turkish(client):
    ArticleFactory(language="tr", title="Saç ekimi sonrası bakım", body="Text.", slug="bakim")
    response = client.get(url_in("tr", "blog:search"), {"q": "saçlar"}, HTTP_ACCEPT_LANGUAGE="tr")
    assert [a.title for a in response.context["articles"]] == ["Saç ekimi sonrası bakım"]


@postgresql_only
def test_postgresql_search_vector_follows_a_change_of_language():
    article = ArticleFactory(language="en", title="Haartransplantation", body="Text.")
    Article.objects.filter(pk=article.pk).update(language="de")
    with connection.cursor() as cursor:
        cursor.execute("SELECT search_vector::text FROM blog_article WHERE id = %s", [article.pk])
        assert "'haartransplantation'" in cursor.fetchone()[0]  # the German stem


# --- The article's language versions: switcher and hreflang --------------------------------


def alternates(html):
    return dict(re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">', html))


def switch_links(html):
    nav = re.search(r'<nav class="language-switcher"[^>]*>(.*?)</nav>', html, re.S).group(1)
    return dict(re.findall(r'<a [^>]*href="([^"]+)"[^>]*hreflang="([^"]+)"', nav)[::1])


@pytest.fixture
def translated_once(clinic):
    english = ArticleFactory(language="en", slug="fue-or-dhi")
    german = ArticleFactory(language="de", slug="fue-oder-dhi", translation_of=english)
    ArticleFactory(language="tr", slug="fue-mi-dhi-mi", translation_of=english, published_at=None)
    return english, german


def test_an_article_links_its_published_translations_only(client, translated_once):
    for path in ("/blog/fue-or-dhi/", "/de/blog/fue-oder-dhi/"):
        assert alternates(client.get(path).text) == {
            "en": "http://testserver/blog/fue-or-dhi/",
            "de": "http://testserver/de/blog/fue-oder-dhi/",
            "x-default": "http://testserver/blog/fue-or-dhi/",
        }


def test_the_switch_leads_to_the_translation_else_to_that_languages_blog(client, translated_once):
    html = client.get("/de/blog/fue-oder-dhi/").text
    hrefs = {language: href for href, language in switch_links(html).items()}
    assert hrefs == {
        "en": "/blog/fue-or-dhi/",
        "de": "/de/blog/fue-oder-dhi/",
        "tr": "/tr/blog/",  # the Turkish translation is still a draft
        "ar": "/ar/blog/",
    }


def test_x_default_of_a_group_without_an_english_version_is_the_original(client, clinic):
    german = ArticleFactory(language="de", slug="haarausfall")
    ArticleFactory(language="tr", slug="sac-dokulmesi", translation_of=german)
    links = alternates(client.get("/tr/blog/sac-dokulmesi/").text)
    assert links["x-default"] == "http://testserver/de/blog/haarausfall/"
    assert set(links) == {"de", "tr", "x-default"}


def test_an_untranslated_article_has_its_own_hreflang_and_x_default_only(client, clinic):
    ArticleFactory(language="de", slug="haarausfall")
    html = client.get("/de/blog/haarausfall/").text
    assert alternates(html) == {
        "de": "http://testserver/de/blog/haarausfall/",
        "x-default": "http://testserver/de/blog/haarausfall/",
    }
    hrefs = {language: href for href, language in switch_links(html).items()}
    assert hrefs == {
        "en": "/blog/",
        "tr": "/tr/blog/",
        "de": "/de/blog/haarausfall/",
        "ar": "/ar/blog/",
    }


def test_a_scheduled_translation_is_not_a_version(client, clinic):
    english = ArticleFactory(language="en", slug="fue-or-dhi")
    ArticleFactory(
        language="de",
        slug="fue-oder-dhi",
        translation_of=english,
        published_at=timezone.now() + timedelta(days=1),
    )
    assert alternates(client.get("/blog/fue-or-dhi/").text) == {
        "en": "http://testserver/blog/fue-or-dhi/",
        "x-default": "http://testserver/blog/fue-or-dhi/",
    }


def test_x_default_is_the_english_translation_when_the_original_is_in_another_language(
    client, clinic
):
    german = ArticleFactory(language="de", slug="haarausfall")
    ArticleFactory(language="en", slug="hair-loss", translation_of=german)
    links = alternates(client.get("/de/blog/haarausfall/").text)
    assert links["x-default"] == "http://testserver/blog/hair-loss/"
