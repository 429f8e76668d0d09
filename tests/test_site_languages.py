"""
Languages and addresses: the default language's pages keep their addresses, every other language
has the same pages under its code, and nothing is ever decided by the browser's language.
"""

import re
from pathlib import Path

import pytest
from django.core import mail
from django.core.exceptions import ImproperlyConfigured

from clinic_site.settings.languages import site_languages
from leads.models import Lead
from tests.factories import ArticleFactory, callback_form_data, newsletter_form_data
from tests.test_site_settings import run_django

pytestmark = pytest.mark.django_db

BASE_DIR = Path(__file__).resolve().parent.parent


def html_tag(response):
    return re.search(r"<html[^>]*>", response.text).group(0)


@pytest.fixture
def article(clinic):
    """An article with its translations, all at the same slug."""
    original = ArticleFactory(slug="fue-or-dhi")
    for language in ("tr", "de", "ar"):
        ArticleFactory(slug="fue-or-dhi", language=language, translation_of=original)
    return original


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/blog/",
        "/blog/fue-or-dhi/",
        "/callback/",
        "/privacy/",
        "/newsletter/subscribe/",
        "/search/?q=hair",
        "/blog/feed/",
    ],
)
def test_default_language_pages_keep_their_addresses(client, article, path):
    response = client.get(path)
    assert response.status_code == 200


@pytest.mark.parametrize("language", ["tr", "de", "ar"])
@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/blog/",
        "/blog/fue-or-dhi/",
        "/callback/",
        "/callback/thanks/",
        "/privacy/",
        "/newsletter/subscribe/",
        "/search/?q=hair",
        "/blog/feed/",
    ],
)
def test_every_other_language_has_the_same_pages_under_its_code(client, article, language, path):
    response = client.get(f"/{language}{path}")
    assert response.status_code == 200
    assert response.headers["Content-Language"] == language


def test_category_and_doctor_pages_exist_in_every_language(client, article):
    category, doctor = article.category.get_absolute_url(), article.author.get_absolute_url()
    for language in ("tr", "de", "ar"):
        assert client.get(f"/{language}{category}").status_code == 200
        assert client.get(f"/{language}{doctor}").status_code == 200


@pytest.mark.parametrize("path", ["/fr/", "/en/", "/xx/blog/"])
def test_a_language_the_site_does_not_have_is_not_found(client, clinic, path):
    # The default language has no prefix: /en/ is not a second address for the home page.
    assert client.get(path).status_code == 404


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/healthz", 200),
        ("/sitemap.xml", 200),
        ("/robots.txt", 200),
        ("/admin/", 302),
        ("/favicon.ico", 301),
        ("/static/css/site.css", 200),
    ],
)
def test_admin_health_check_sitemap_and_robots_have_no_language_prefix(
    client, clinic, path, status
):
    assert client.get(path).status_code == status
    assert client.get(f"/de{path}").status_code == 404


def test_html_lang_is_the_pages_language(client, clinic):
    assert html_tag(client.get("/")) == '<html lang="en" dir="ltr">'
    assert html_tag(client.get("/de/")) == '<html lang="de" dir="ltr">'
    assert html_tag(client.get("/tr/callback/")) == '<html lang="tr" dir="ltr">'


def test_arabic_pages_are_right_to_left_with_bootstraps_rtl_stylesheet(client, clinic):
    response = client.get("/ar/")
    assert html_tag(response) == '<html lang="ar" dir="rtl">'
    assert "bootstrap/css/bootstrap.rtl.min.css" in response.text
    assert "bootstrap/css/bootstrap.min.css" not in response.text
    assert "bootstrap.rtl.min.css" not in client.get("/").text


def test_the_rtl_stylesheet_is_served(client, clinic):
    response = client.get("/static/bootstrap/css/bootstrap.rtl.min.css")
    assert response.status_code == 200


@pytest.mark.parametrize("browser_language", ["de", "ar,en;q=0.5", "tr-TR,tr;q=0.9"])
def test_a_visitor_is_never_redirected_by_their_browsers_language(client, clinic, browser_language):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE=browser_language)
    assert response.status_code == 200
    assert html_tag(response) == '<html lang="en" dir="ltr">'
    assert "Request a call back" in response.text


def test_a_language_cookie_does_not_change_the_public_pages(client, clinic):
    client.cookies["django_language"] = "de"
    response = client.get("/blog/")
    assert response.status_code == 200
    assert 'lang="en"' in html_tag(response)
    response = client.get("/tr/blog/", HTTP_ACCEPT_LANGUAGE="de")
    assert 'lang="tr"' in html_tag(response)


def test_a_newsletter_confirmation_link_sent_from_a_german_page_opens(
    client, clinic, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/de/newsletter/subscribe/", newsletter_form_data())
    assert response.status_code == 302
    assert response["Location"].startswith("/de/newsletter/")
    [message] = mail.outbox
    link = re.search(r"https?://[^/\s]+(/\S*newsletter/confirm/[^/\s]+/)", message.body).group(1)
    page = client.get(link)
    assert page.status_code == 200
    assert 'method="post"' in page.text


def test_the_staff_notification_links_to_the_unprefixed_admin_from_any_language(
    client, clinic, settings, django_capture_on_commit_callbacks
):
    settings.LEADS_NOTIFY_EMAILS = ["desk@clinic.example"]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/ar/callback/", callback_form_data())
    assert response.status_code == 302
    assert response["Location"].startswith("/ar/callback/thanks/")
    lead = Lead.objects.get()
    [email] = mail.outbox
    assert f"http://127.0.0.1:8000/admin/leads/lead/{lead.pk}/change/" in email.body


# --- The set of languages, from the environment ---------------------------------------------


def catalogue(locale_dir, code):
    path = locale_dir / code / "LC_MESSAGES" / "django.po"
    path.parent.mkdir(parents=True)
    path.write_text('msgid ""\nmsgstr ""\n')


def test_the_default_set_is_english_turkish_german_arabic(settings):
    assert [code for code, _name in settings.LANGUAGES] == ["en", "tr", "de", "ar"]
    assert settings.LANGUAGE_CODE == "en"


def test_a_fifth_language_is_a_catalogue_and_a_setting(tmp_path):
    catalogue(tmp_path, "de")
    with pytest.raises(ImproperlyConfigured, match="DJANGO_LANGUAGES names 'fr'"):
        site_languages(["en", "fr"], "en", locale_dir=tmp_path)
    catalogue(tmp_path, "fr")
    languages, default = site_languages(["en", "fr", "de"], "fr", locale_dir=tmp_path)
    assert [(code, str(name)) for code, name in languages] == [
        ("en", "English"),
        ("fr", "French"),
        ("de", "German"),
    ]
    assert default == "fr"


def test_every_default_language_has_a_catalogue_in_the_repository():
    for code in ("tr", "de", "ar"):
        assert (BASE_DIR / "locale" / code / "LC_MESSAGES" / "django.po").is_file()


def test_the_site_refuses_to_start_with_a_language_without_a_catalogue():
    result = run_django("print('started')", DJANGO_DEBUG="1", DJANGO_LANGUAGES="en,de,fr")
    assert result.returncode != 0
    assert "started" not in result.stdout
    assert "DJANGO_LANGUAGES names 'fr', which has no catalogue" in result.stderr


def test_the_site_refuses_to_start_with_a_default_outside_its_languages():
    result = run_django(
        "print('started')", DJANGO_DEBUG="1", DJANGO_LANGUAGES="en,de", DJANGO_LANGUAGE_CODE="tr"
    )
    assert result.returncode != 0
    assert "DJANGO_LANGUAGE_CODE 'tr' must be one of DJANGO_LANGUAGES (en, de)" in result.stderr


def test_a_clinic_can_switch_a_language_off_and_choose_its_default():
    result = run_django(
        "from django.conf import settings as s; from django.urls import reverse, is_valid_path; "
        "from django.utils import translation; "
        "en = translation.override('en'); en.__enter__(); english = reverse('privacy'); "
        "en.__exit__(None, None, None); "
        "print([code for code, _ in s.LANGUAGES], s.LANGUAGE_CODE, reverse('privacy'), "
        "english, is_valid_path('/tr/privacy/'))",
        DJANGO_DEBUG="1",
        DJANGO_LANGUAGES="de,en",
        DJANGO_LANGUAGE_CODE="de",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "['de', 'en'] de /privacy/ /en/privacy/ False"


@pytest.mark.parametrize("path", ["/", "/blog/fue-or-dhi/", "/callback/", "/de/", "/ar/blog/"])
def test_public_pages_do_not_vary_by_browser_language(client, article, path):
    # A shared cache keeps one copy of the page, not one per browser language.
    response = client.get(path, HTTP_ACCEPT_LANGUAGE="de")
    assert "accept-language" not in response.headers.get("Vary", "").lower()


def test_the_admin_follows_the_browser_language(client, clinic):
    response = client.get("/admin/login/", HTTP_ACCEPT_LANGUAGE="de")
    assert 'lang="de"' in response.text
    assert "accept-language" in response.headers["Vary"].lower()


def test_an_address_that_is_no_page_is_answered_in_the_default_language(client, clinic):
    response = client.get("/no-such-page/", HTTP_ACCEPT_LANGUAGE="de")
    assert response.status_code == 404
    assert html_tag(response) == '<html lang="en" dir="ltr">'


def test_our_stylesheets_use_logical_properties_so_arabic_mirrors():
    physical = re.compile(
        r"(?<![\w-])(?:(?:margin|padding|border|scroll-margin|scroll-padding)-(?:left|right)"
        r"[\w-]*|left|right)\s*:"
        r"|(?<![\w-])(?:float|clear|text-align)\s*:\s*(?:left|right)\b"
    )
    for stylesheet in (BASE_DIR / "static").rglob("*.css"):
        if "bootstrap" in stylesheet.parts:
            continue  # Bootstrap's own: its .rtl build is the mirrored one
        css = re.sub(r"/\*.*?\*/", "", stylesheet.read_text(encoding="utf-8"), flags=re.S)
        assert physical.findall(css) == [], stylesheet


def test_a_language_prefix_without_its_slash_leads_to_that_languages_home(client, clinic):
    response = client.get("/de")
    assert response.status_code == 301
    assert response["Location"] == "/de/"
