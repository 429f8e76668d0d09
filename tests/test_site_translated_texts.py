"""
Category names, doctors' titles and biographies, treatments of interest and the clinic's texts
have a version per language, edited side by side in the admin; an empty version falls back to
the default language's.
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from blog.models import Category
from tests.factories import (
    ArticleFactory,
    CategoryFactory,
    DoctorFactory,
    StaffFactory,
    SuperuserFactory,
    TreatmentFactory,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("four_languages")]


def get_in(client, language, name, **kwargs):
    with translation.override(language):
        url = reverse(name, kwargs=kwargs or None)
    return client.get(url, HTTP_ACCEPT_LANGUAGE=language)


def test_a_category_is_named_in_the_pages_language_else_in_the_default(client):
    category = CategoryFactory(name="Hair loss", slug="hair-loss", name_de="Haarausfall")
    ArticleFactory(category=category, language="de")
    ArticleFactory(category=category, language="tr")
    assert "<h1>Haarausfall</h1>" in get_in(client, "de", "blog:category", slug="hair-loss").text
    assert "<h1>Hair loss</h1>" in get_in(client, "tr", "blog:category", slug="hair-loss").text
    category.refresh_from_db()
    assert category.name_en == "Hair loss"


def test_a_doctors_title_and_biography_are_in_the_pages_language(client):
    doctor = DoctorFactory(
        slug="ayse-demir",
        title="Assoc. Prof. Dr.",
        title_de="Doz. Dr.",
        bio="## Training\n\nTrained in Istanbul.",
        bio_de="## Ausbildung\n\nAusgebildet in Istanbul.",
    )
    in_german = get_in(client, "de", "blog:doctor", slug=doctor.slug).text
    assert "Doz. Dr." in in_german
    assert "Ausgebildet in Istanbul." in in_german
    assert "Trained in Istanbul." not in in_german
    in_turkish = get_in(client, "tr", "blog:doctor", slug=doctor.slug).text
    assert "Trained in Istanbul." in in_turkish  # no Turkish biography yet: the English one


def test_the_treatments_of_interest_are_named_in_the_pages_language(client):
    TreatmentFactory(name="Hair transplant", name_de="Haartransplantation")
    assert "Haartransplantation" in get_in(client, "de", "leads:callback").text
    assert "Hair transplant" in get_in(client, "tr", "leads:callback").text


def test_the_clinics_privacy_notice_and_hours_note_are_in_the_pages_language(client, clinic):
    clinic.privacy_notice_en = "We keep your number for the call only."
    clinic.privacy_notice_de = "Wir speichern Ihre Nummer nur für den Rückruf."
    clinic.opening_hours_note_en = "Closed on public holidays."
    clinic.opening_hours_note_de = "An Feiertagen geschlossen."
    clinic.privacy_notice_ar = clinic.opening_hours_note_ar = ""  # none in Arabic yet
    clinic.save()
    in_german = get_in(client, "de", "privacy").text
    assert "Wir speichern Ihre Nummer nur für den Rückruf." in in_german
    assert "An Feiertagen geschlossen." in in_german
    in_arabic = get_in(client, "ar", "privacy").text
    assert "We keep your number for the call only." in in_arabic
    assert "Closed on public holidays." in in_arabic


@pytest.mark.parametrize(
    "model,fields",
    [
        ("blog/category", ["name", "description"]),
        ("blog/doctor", ["title", "specialty", "qualifications", "bio"]),
        ("clinic/treatment", ["name", "summary", "body"]),
    ],
)
def test_the_admin_edits_every_language_side_by_side(model, fields):
    client = Client()
    client.force_login(SuperuserFactory())
    page = client.get(f"/admin/{model}/add/").text
    for field in fields:
        for code in ("en", "tr", "de", "ar"):
            assert f'name="{field}_{code}"' in page


def test_the_clinic_identity_admin_has_its_texts_in_every_language(clinic):
    client = Client()
    client.force_login(SuperuserFactory())
    page = client.get(reverse("admin:clinic_site_clinic_change", args=[clinic.pk])).text
    for field in ("privacy_notice", "opening_hours_note"):
        for code in ("en", "tr", "de", "ar"):
            assert f'name="{field}_{code}"' in page


def test_an_editor_names_categories_in_two_languages_leaving_others_empty():
    client = Client()
    client.force_login(StaffFactory(role="Editors"))
    for slug, english, german in [("a", "Hair loss", "Haarausfall"), ("b", "Beards", "")]:
        response = client.post(
            "/admin/blog/category/add/",
            {"name_en": english, "name_de": german, "slug": slug, "description_en": ""},
        )
        assert response.status_code == 302, response.context["adminform"].form.errors
    with translation.override("de"):
        assert sorted(c.name for c in Category.objects.all()) == ["Beards", "Haarausfall"]


def test_the_translated_columns_do_not_depend_on_the_languages_switched_on():
    """A clinic that switches a language off needs no migration (and gets none)."""
    root = Path(__file__).resolve().parent.parent
    env = {
        **os.environ,
        "DJANGO_DEBUG": "1",
        "DJANGO_LANGUAGES": "en,de",
        "DATABASE_URL": "sqlite:///:memory:",
    }
    env.pop("DJANGO_SETTINGS_MODULE", None)
    result = subprocess.run(
        [sys.executable, "manage.py", "makemigrations", "--check", "--dry-run"],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_language_switched_on_without_its_content_columns_stops_the_site(settings):
    from django.core.checks import run_checks

    settings.LANGUAGES = [*settings.LANGUAGES, ("fr", "Français")]
    errors = [error for error in run_checks() if error.id == "clinic_site.E001"]
    assert errors and "fr" in errors[0].msg
