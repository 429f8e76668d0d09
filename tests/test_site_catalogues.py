"""
The translation catalogues: complete for every language of the site (checked by
``manage.py check_translations``, which CI runs), compiled at install time, never committed.
"""

import shutil
import subprocess
import textwrap
from io import StringIO
from pathlib import Path

import polib
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from clinic_site.catalogues import catalogue_problems

BASE_DIR = Path(__file__).resolve().parent.parent

HEADER = {
    "de": "nplurals=2; plural=(n != 1);",
    "tr": "nplurals=2; plural=(n > 1);",
    "ar": (
        "nplurals=6; plural=n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 : "
        "n%100>=11 && n%100<=99 ? 4 : 5;"
    ),
}


def write_catalogue(locale_dir, language, entries, *, plural_forms=None, fuzzy_header=False):
    path = locale_dir / language / "LC_MESSAGES" / "django.po"
    path.parent.mkdir(parents=True, exist_ok=True)
    header = textwrap.dedent(
        f"""\
        {"#, fuzzy" if fuzzy_header else "#"}
        msgid ""
        msgstr ""
        "Language: {language}\\n"
        "Content-Type: text/plain; charset=UTF-8\\n"
        "Plural-Forms: {plural_forms or HEADER[language]}\\n"

        """
    )
    path.write_text(header + textwrap.dedent(entries), encoding="utf-8")
    return path


@pytest.fixture
def site(settings, tmp_path):
    settings.LOCALE_PATHS = [tmp_path]
    settings.LANGUAGES = [("en", "English"), ("de", "German"), ("ar", "Arabic")]
    return tmp_path


def check():
    out, err = StringIO(), StringIO()
    call_command("check_translations", stdout=out, stderr=err)
    return out.getvalue()


GERMAN = """\
    msgid "Request a call back"
    msgstr "Rückruf anfordern"

    msgid "%(count)s article"
    msgid_plural "%(count)s articles"
    msgstr[0] "%(count)s Artikel"
    msgstr[1] "%(count)s Artikel"
"""
ARABIC = """\
    msgid "Request a call back"
    msgstr "اطلب معاودة الاتصال"
"""


def test_complete_catalogues_pass(site):
    write_catalogue(site, "de", GERMAN)
    write_catalogue(site, "ar", ARABIC)
    assert "Catalogues complete: en, de, ar." in check()


def test_an_untranslated_entry_fails_the_check(site, capsys):
    write_catalogue(site, "de", GERMAN + '\nmsgid "Call us now"\nmsgstr ""\n')
    write_catalogue(site, "ar", ARABIC)
    with pytest.raises(CommandError, match="1 translation problem"):
        check()
    problems = catalogue_problems(locale_dir=site, languages=["de", "ar"])
    assert [(p.what, p.msgid) for p in problems] == [("untranslated", "Call us now")]


def test_a_plural_with_a_form_left_empty_is_untranslated(site):
    write_catalogue(site, "de", GERMAN.replace('msgstr[1] "%(count)s Artikel"', 'msgstr[1] ""'))
    problems = catalogue_problems(locale_dir=site, languages=["de"])
    assert [(p.what, p.msgid) for p in problems] == [("untranslated", "%(count)s article")]


def test_a_fuzzy_entry_fails_the_check(site):
    write_catalogue(site, "de", '#, fuzzy\nmsgid "Call us now"\nmsgstr "Rufen Sie an"\n')
    write_catalogue(site, "ar", ARABIC)
    with pytest.raises(CommandError):
        check()
    problems = catalogue_problems(locale_dir=site, languages=["de", "ar"])
    assert [(p.what, p.msgid) for p in problems] == [("fuzzy", "Call us now")]


def test_a_fuzzy_header_fails_the_check(site):
    # msgfmt leaves a fuzzy header out of the compiled file, plural forms and all.
    write_catalogue(site, "de", GERMAN, fuzzy_header=True)
    problems = catalogue_problems(locale_dir=site, languages=["de"])
    assert [p.what for p in problems] == ["the header is marked fuzzy"]


def test_arabic_needs_its_six_plural_forms(site):
    write_catalogue(site, "ar", ARABIC, plural_forms="nplurals=2; plural=(n != 1);")
    problems = catalogue_problems(locale_dir=site, languages=["ar"])
    assert len(problems) == 1
    assert "nplurals=6" in problems[0].what


def test_a_missing_catalogue_fails_the_check(site):
    write_catalogue(site, "de", GERMAN)
    problems = catalogue_problems(locale_dir=site, languages=["en", "de", "ar"])
    assert [p.what for p in problems] == ["no catalogue"]


def test_the_repositorys_catalogues_have_each_languages_plural_forms():
    for language, plural_forms in HEADER.items():
        path = BASE_DIR / "locale" / language / "LC_MESSAGES" / "django.po"
        catalogue = polib.pofile(str(path))
        assert catalogue.metadata["Plural-Forms"].replace(" ", "") == plural_forms.replace(" ", "")
        assert catalogue.metadata["Language"] == language
        assert not catalogue.metadata_is_fuzzy
        assert "#:" not in path.read_text(encoding="utf-8")  # no source locations


def test_the_repositorys_catalogues_hold_the_sites_strings():
    for language in HEADER:
        path = BASE_DIR / "locale" / language / "LC_MESSAGES" / "django.po"
        msgids = {entry.msgid for entry in polib.pofile(str(path))}
        assert {"Skip to main content", "Request a call back"} <= msgids


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git to list the committed files")
def test_compiled_catalogues_are_never_committed():
    listed = subprocess.run(
        ["git", "ls-files", "*.mo"], cwd=BASE_DIR, capture_output=True, text=True, check=True
    )
    assert listed.stdout == ""
    ignored = subprocess.run(
        ["git", "check-ignore", "-q", "locale/de/LC_MESSAGES/django.mo"], cwd=BASE_DIR
    )
    assert ignored.returncode == 0


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="msgfmt (gettext) compiles catalogues")
@pytest.mark.django_db
def test_a_compiled_catalogue_translates_the_pages(client, clinic, settings, tmp_path):
    catalogue = write_catalogue(
        tmp_path, "de", 'msgid "Skip to main content"\nmsgstr "Zum Hauptinhalt springen"\n'
    )
    subprocess.run(["msgfmt", "-o", str(catalogue.with_suffix(".mo")), str(catalogue)], check=True)
    settings.LOCALE_PATHS = [tmp_path]
    assert "Zum Hauptinhalt springen" in client.get("/de/").text
    assert "Skip to main content" in client.get("/").text
