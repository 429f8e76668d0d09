"""
The language switcher in every public page's header and the hreflang links in its head: both
from the page's language versions (clinic_site/languages.py), so they always agree.
"""

import re

import pytest
from django.template import Context, Template
from django.test import RequestFactory
from django.utils import translation

from clinic_site.languages import LanguageVersions
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

PUBLIC_PAGES = [
    "/",
    "/blog/",
    "/blog/fue-or-dhi/",
    "/callback/",
    "/callback/thanks/",
    "/privacy/",
    "/newsletter/subscribe/",
    "/search/?q=hair",
]


@pytest.fixture
def article(clinic):
    """An article translated into every language, under the same slug in each."""
    original = ArticleFactory(slug="fue-or-dhi", language="en")
    for language in ("tr", "de", "ar"):
        ArticleFactory(slug="fue-or-dhi", language=language, translation_of=original)
    return original


def switcher(html):
    # Labelled in the page's language ("Language", "Dil", "Sprache", "اللغة").
    match = re.search(r'<nav class="language-switcher" aria-label="[^"]+">(.*?)</nav>', html, re.S)
    assert match, "no language switcher"
    return [
        dict(re.findall(r'(\w[\w-]*)="([^"]*)"', attributes), text=text)
        for attributes, text in re.findall(r"<a ([^>]*)>([^<]*)</a>", match.group(1))
    ]


def alternates(html):
    return dict(re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">', html))


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_every_public_page_has_the_switcher_to_the_same_page_in_each_language(
    client, article, path
):
    page_path = path.split("?")[0]
    links = switcher(client.get(path).text)
    assert [(link["text"], link["href"]) for link in links] == [
        ("English", page_path),
        ("Türkçe", f"/tr{page_path}"),
        ("Deutsch", f"/de{page_path}"),
        ("العربيّة", f"/ar{page_path}"),
    ]


def test_each_switcher_link_names_its_language_and_marks_the_current_one(client, clinic):
    links = switcher(client.get("/de/blog/").text)
    assert [(link["lang"], link["hreflang"]) for link in links] == [
        ("en", "en"),
        ("tr", "tr"),
        ("de", "de"),
        ("ar", "ar"),
    ]
    assert [link.get("aria-current") for link in links] == [None, None, "true", None]
    assert links[3]["dir"] == "rtl"
    assert links[0]["href"] == "/blog/"


def test_the_switcher_leads_back_from_a_prefixed_page(client, article):
    links = switcher(client.get("/ar/blog/fue-or-dhi/").text)
    assert [link["href"] for link in links] == [
        "/blog/fue-or-dhi/",
        "/tr/blog/fue-or-dhi/",
        "/de/blog/fue-or-dhi/",
        "/ar/blog/fue-or-dhi/",
    ]


def test_every_version_links_its_language_versions_in_the_head(client, article):
    for path in ("/blog/fue-or-dhi/", "/de/blog/fue-or-dhi/"):
        assert alternates(client.get(path).text) == {
            "en": "http://testserver/blog/fue-or-dhi/",
            "tr": "http://testserver/tr/blog/fue-or-dhi/",
            "de": "http://testserver/de/blog/fue-or-dhi/",
            "ar": "http://testserver/ar/blog/fue-or-dhi/",
            "x-default": "http://testserver/blog/fue-or-dhi/",
        }


@pytest.mark.parametrize(
    "path",
    ["/", "/blog/", "/callback/", "/search/", "/blog/category/{category}/", "/doctors/{doctor}/"],
)
def test_every_public_page_links_each_language_version_in_the_head(client, article, path):
    path = path.format(category=article.category.slug, doctor=article.author.slug)
    for prefix in ("", "/ar"):
        assert alternates(client.get(prefix + path).text) == {
            "en": f"http://testserver{path}",
            "tr": f"http://testserver/tr{path}",
            "de": f"http://testserver/de{path}",
            "ar": f"http://testserver/ar{path}",
            "x-default": f"http://testserver{path}",
        }


def test_the_canonical_stays_the_page_itself(client, article):
    html = client.get("/de/blog/fue-or-dhi/").text
    assert '<link rel="canonical" href="http://testserver/de/blog/fue-or-dhi/">' in html


@pytest.mark.parametrize("path", ["/search/?q=hair", "/blog/?page=1&utm_source=x"])
def test_alternates_carry_no_query_string(client, article, path):
    links = alternates(client.get(path).text)
    assert links
    assert not any("?" in url for url in links.values())


def test_a_missing_page_has_no_alternates_and_the_switch_leads_home(client, clinic):
    response = client.get("/de/no-such-page/")
    assert response.status_code == 404
    assert alternates(response.text) == {}
    assert [link["href"] for link in switcher(response.text)] == ["/", "/tr/", "/de/", "/ar/"]


def render_with_versions(versions, *, path="/blog/some-article/", language="en"):
    request = RequestFactory().get(path)
    with translation.override(language):
        return Template(
            "{% load languages %}{% language_alternates %}{% language_switcher %}"
        ).render(Context({"request": request, "language_versions": versions}))


def test_a_view_can_name_its_own_versions_and_the_nearest_page_for_the_others():
    # An article written in English and translated into German only.
    html = render_with_versions(
        LanguageVersions(
            versions={"en": "/blog/some-article/", "de": "/de/blog/ein-artikel/"},
            nearest={"tr": "/tr/blog/"},
        )
    )
    assert alternates(html) == {
        "en": "http://testserver/blog/some-article/",
        "de": "http://testserver/de/blog/ein-artikel/",
        "x-default": "http://testserver/blog/some-article/",
    }
    assert [link["href"] for link in switcher(html)] == [
        "/blog/some-article/",
        "/tr/blog/",  # the nearest page the view named
        "/de/blog/ein-artikel/",
        "/ar/",  # none named: that language's home page
    ]


def test_x_default_is_the_views_choice_when_there_is_no_default_language_version():
    html = render_with_versions(
        LanguageVersions(
            versions={"de": "/de/blog/ein-artikel/", "tr": "/tr/blog/bir-makale/"},
            x_default="/de/blog/ein-artikel/",
        ),
        path="/de/blog/ein-artikel/",
        language="de",
    )
    assert alternates(html)["x-default"] == "http://testserver/de/blog/ein-artikel/"
    assert "en" not in alternates(html)


def test_a_single_language_site_has_no_switcher(client, clinic, settings):
    settings.LANGUAGES = [("en", "English")]
    html = client.get("/").text
    assert "language-switcher" not in html
    assert alternates(html) == {
        "en": "http://testserver/",
        "x-default": "http://testserver/",
    }


def suggestions(html):
    import json

    match = re.search(
        r'<script id="language-suggestions" type="application/json">(.*?)</script>', html, re.S
    )
    assert match, "no language suggestions"
    return json.loads(match.group(1))


def test_the_page_carries_the_suggestion_for_each_language_from_its_versions(client, article):
    data = suggestions(client.get("/de/blog/fue-or-dhi/").text)
    assert {code: item["url"] for code, item in data.items()} == {
        "en": "/blog/fue-or-dhi/",
        "tr": "/tr/blog/fue-or-dhi/",
        "de": "/de/blog/fue-or-dhi/",
        "ar": "/ar/blog/fue-or-dhi/",
    }
    assert data["ar"]["dir"] == "rtl"
    assert data["en"]["text"] == "This page is also available in English."
    assert data["en"]["dismiss"]


def test_each_suggestion_is_written_in_the_language_it_suggests(client, clinic, settings, tmp_path):
    import shutil
    import subprocess

    if shutil.which("msgfmt") is None:
        pytest.skip("msgfmt (gettext) compiles catalogues")
    catalogue = tmp_path / "de" / "LC_MESSAGES" / "django.po"
    catalogue.parent.mkdir(parents=True)
    catalogue.write_text(
        'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        'msgid "This page is also available in English."\n'
        'msgstr "Diese Seite gibt es auch auf Deutsch."\n\n'
        'msgid "Read it in English"\nmsgstr "Auf Deutsch lesen"\n',
        encoding="utf-8",
    )
    subprocess.run(["msgfmt", "-o", str(catalogue.with_suffix(".mo")), str(catalogue)], check=True)
    settings.LOCALE_PATHS = [tmp_path]
    data = suggestions(client.get("/").text)  # an English page
    assert data["de"]["text"] == "Diese Seite gibt es auch auf Deutsch."
    assert data["de"]["link"] == "Auf Deutsch lesen"
    assert data["en"]["text"] == "This page is also available in English."


def test_pages_carry_no_inline_script(client, article):
    # The content security policy allows scripts from the site's own files only.
    html = client.get("/blog/fue-or-dhi/").text
    for attributes in re.findall(r"<script([^>]*)>", html):
        assert "src=" in attributes or 'type="application/' in attributes
    assert "/static/js/language-suggestion.js" in html
