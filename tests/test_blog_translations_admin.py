"""Editors translate articles: which translations are missing, and one click to start one."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.text import capfirst
from django.utils.translation import gettext, pgettext

from blog.models import Article
from clinic_site.languages import language_name
from tests.factories import ArticleFactory, StaffFactory, SuperuserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("four_languages")]

CHANGELIST = reverse("admin:blog_article_changelist")


def translate_url(article, language):
    return reverse("admin:blog_article_translate", args=[article.pk, language])


@pytest.fixture
def editor():
    client = Client()
    client.force_login(StaffFactory(role="Editors"))
    return client


@pytest.fixture
def original():
    return ArticleFactory(
        language="en",
        slug="fue-recovery",
        title="Recovery after FUE",
        summary="What the first two weeks bring.",
        body="## When can I wash my hair?\n\nOn the second day.",
    )


def test_the_list_shows_each_originals_translations_and_the_missing_languages(editor, original):
    german = ArticleFactory(language="de", translation_of=original, title="Erholung nach FUE")
    page = editor.get(CHANGELIST).text
    german_change = reverse("admin:blog_article_change", args=[german.pk])
    assert f'<a href="{german_change}" title="Erholung nach FUE">DE</a>' in page
    assert "missing: TR, AR" in page
    assert "translation of “Recovery after FUE”" in page


def test_the_list_filters_by_language(editor, original):
    ArticleFactory(language="de", translation_of=original, title="Erholung nach FUE")
    response = editor.get(CHANGELIST, {"language": "de"})
    assert [a.title for a in response.context["cl"].result_list] == ["Erholung nach FUE"]
    assert "Deutsch" in response.text


def test_one_click_starts_an_unpublished_translation_and_opens_it(editor, original):
    response = editor.post(translate_url(original, "de"))
    german = Article.objects.get(language="de")
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:blog_article_change", args=[german.pk])
    assert german.translation_of == original
    assert german.published_at is None
    assert (german.title, german.summary, german.body) == (
        original.title,
        original.summary,
        original.body,
    )
    assert german.slug == "fue-recovery"
    assert (german.author, german.category) == (original.author, original.category)


def test_the_translations_slug_is_made_unique_in_its_language(editor, original):
    ArticleFactory(language="de", slug="fue-recovery")
    editor.post(translate_url(original, "de"))
    assert Article.objects.get(translation_of=original).slug == "fue-recovery-2"


def test_translating_a_translation_translates_the_original(editor, original):
    german = ArticleFactory(language="de", translation_of=original)
    editor.post(translate_url(german, "tr"))
    assert Article.objects.get(language="tr").translation_of == original


def test_a_language_that_has_its_version_opens_it_instead(editor, original):
    german = ArticleFactory(language="de", translation_of=original)
    response = editor.post(translate_url(original, "de"), follow=True)
    assert Article.objects.filter(language="de").count() == 1
    assert response.redirect_chain[-1][0] == reverse("admin:blog_article_change", args=[german.pk])
    assert "already has its Deutsch version" in response.text


def test_a_click_is_a_post_a_link_followed_changes_nothing(editor, original):
    assert editor.get(translate_url(original, "de")).status_code == 405
    assert not Article.objects.filter(language="de").exists()


def test_the_change_page_offers_a_button_per_missing_language(editor, original):
    ArticleFactory(language="de", translation_of=original)
    page = editor.get(reverse("admin:blog_article_change", args=[original.pk])).text
    assert f'action="{translate_url(original, "tr")}"' in page
    assert f'action="{translate_url(original, "ar")}"' in page
    assert f'action="{translate_url(original, "de")}"' not in page
    assert "Translate into Türkçe" in page


def test_an_action_translates_the_selected_articles(editor, original):
    other = ArticleFactory(language="en")
    editor.post(
        CHANGELIST, {"action": "translate_into_tr", "_selected_action": [original.pk, other.pk]}
    )
    assert set(Article.objects.filter(language="tr").values_list("translation_of", flat=True)) == {
        original.pk,
        other.pk,
    }


@pytest.mark.parametrize("role", ["Call centre", "Marketing"])
def test_other_roles_cannot_translate(role, original):
    client = Client()
    client.force_login(StaffFactory(role=role))
    assert client.post(translate_url(original, "de")).status_code == 403
    assert not Article.objects.filter(language="de").exists()


def test_anonymous_visitors_are_sent_to_sign_in(client, original):
    response = client.post(translate_url(original, "de"))
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
    assert not Article.objects.filter(language="de").exists()


def test_superusers_can_translate(original):
    client = Client()
    client.force_login(SuperuserFactory())
    assert client.post(translate_url(original, "ar")).status_code == 302
    assert Article.objects.filter(language="ar").exists()


def test_the_translate_actions_read_in_the_editors_language(original):
    client = Client(HTTP_ACCEPT_LANGUAGE="de")
    client.force_login(StaffFactory(role="Editors"))
    page = client.get(CHANGELIST).text
    with translation.override("de"):
        german = gettext("Translate into %(language)s") % {"language": language_name("tr")}
    assert german != "Translate into " + language_name("tr")
    assert f'<option value="translate_into_tr">{german}</option>' in page


def test_a_doctors_title_and_an_articles_title_are_named_apart(original):
    """One English word, two things: "Prof. Dr." before a name, and the headline of an article."""
    client = Client(HTTP_ACCEPT_LANGUAGE="tr")
    client.force_login(SuperuserFactory())
    doctor_form = client.get(reverse("admin:blog_doctor_add")).text
    article_form = client.get(reverse("admin:blog_article_add")).text
    with translation.override("tr"):
        honorific = capfirst(pgettext("a doctor's", "title"))
        headline = capfirst(pgettext("an article's", "title"))
    assert honorific != headline
    assert f"{honorific} [tr]:</label>" in doctor_form  # one field per language
    assert f"{headline}:</label>" in article_form
