"""
The home page leads a visitor from trust to action: the promise, the clinic's figures, the
treatments, the doctors, results (where the language allows them), reviews, the latest
articles and the call-back form, each section only when it has something to show.
"""

import re

import pytest
import time_machine
from django.urls import reverse
from django.utils import translation

from clinic_site.models import Clinic
from tests.factories import (
    ArticleFactory,
    DoctorFactory,
    ResultCaseFactory,
    ReviewFactory,
    TreatmentFactory,
)

pytestmark = pytest.mark.django_db

SECTION_HEADINGS = [
    "Treatments and prices",
    "Your doctors",
    "Results of our patients",
    "What our patients say",
    "Latest articles from our doctors",
    "Request a call back",
]


def home(client, language="en"):
    with translation.override(language):
        url = reverse("home")
    response = client.get(url, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    return response.text


def h2_headings(page):
    return [
        re.sub(r"<[^>]+>", "", text).strip()
        for text in re.findall(r"<h2[^>]*>(.*?)</h2>", page, re.S)
    ]


@pytest.fixture
def bare_clinic(clinic):
    """The demo identity with nothing entered for the home page: no promise, no figures."""
    blank = {"founded_year": None, "procedures_count": None}
    for field in ("promise", "promise_detail", "languages_spoken", "accreditations"):
        blank.update({f"{field}_{code}": "" for code in ("en", "tr", "de", "ar")})
    Clinic.objects.filter(pk=clinic.pk).update(**blank)
    Clinic.clear_cache()
    return Clinic.load()


@pytest.fixture
def filled(clinic):
    """Something in every section."""
    treatment = TreatmentFactory(name="FUE hair transplant", slug="fue-hair-transplant")
    treatment.doctors.add(DoctorFactory(name="Ayşe Demir"))
    ResultCaseFactory(treatment=treatment, story="Dense crown after a year.")
    ReviewFactory(treatment=treatment, first_name="Jonas", text="Calm team, clear answers.")
    ArticleFactory(title="Is FUE painful?")
    return treatment


# --- Order and presence ---------------------------------------------------------------------


def test_sections_lead_from_the_promise_to_the_call_back_form_in_order(client, filled):
    headings = [h for h in h2_headings(home(client)) if h in SECTION_HEADINGS]
    assert headings == SECTION_HEADINGS


def test_sections_show_what_was_entered(client, filled):
    page = home(client)
    assert "FUE hair transplant" in page
    assert 'href="/treatments/fue-hair-transplant/"' in page
    assert "Ayşe Demir" in page
    assert "Calm team, clear answers." in page
    assert "Is FUE painful?" in page


def test_each_section_links_to_its_own_page(client, filled):
    page = home(client)
    assert 'href="/treatments/"' in page
    assert 'href="/results/"' in page
    assert 'href="/reviews/"' in page


def test_empty_sections_are_not_shown(client, clinic):
    headings = h2_headings(home(client))
    for empty in SECTION_HEADINGS[:4]:
        assert empty not in headings
    assert "Request a call back" in headings


def test_inactive_treatments_and_doctors_unpublished_results_and_reviews_stay_off(client, clinic):
    TreatmentFactory(name="Retired treatment", active=False)
    DoctorFactory(name="Former Doctor", is_active=False)
    ResultCaseFactory(story="Not yet consented story.", published=False)
    ReviewFactory(text="Waiting for moderation.", published=False)
    page = home(client)
    assert "Retired treatment" not in page
    assert "Former Doctor" not in page
    assert "Not yet consented story." not in page
    assert "Waiting for moderation." not in page


# --- The hero -------------------------------------------------------------------------------


def test_hero_shows_the_promise_from_the_identity_in_the_pages_language(client, clinic):
    clinic.promise_en = "Natural hair, planned by doctors"
    clinic.promise_de = "Natürliches Haar, von Ärzten geplant"
    clinic.promise_detail_en = "Six doctors, one team, your plan in writing."
    clinic.save()
    assert re.search(r"<h1[^>]*>Natural hair, planned by doctors</h1>", home(client))
    assert "Six doctors, one team, your plan in writing." in home(client)
    assert re.search(r"<h1[^>]*>Natürliches Haar, von Ärzten geplant</h1>", home(client, "de"))


def test_hero_falls_back_to_a_translated_promise_when_none_is_entered(client, bare_clinic):
    assert re.search(
        r"<h1[^>]*>Hair restoration planned and performed by doctors</h1>", home(client)
    )
    assert "Hair restoration planned and performed by doctors" not in home(client, "tr")


def test_hero_offers_both_actions(client, clinic):
    page = home(client)
    assert 'href="#callback"' in page
    assert 'id="callback"' in page
    assert 'href="https://wa.me/905321234567"' in page


def test_hero_photo_is_shown_with_its_size_and_description_when_set(client, clinic):
    from tests.factories import test_image

    assert "hero-image" not in home(client)
    clinic.hero_image = test_image("hero.jpg", size=(1600, 900))
    clinic.hero_image_alt = "The clinic's bright consultation room."
    clinic.save()
    page = home(client)
    image = re.search(r'<img [^>]*class="hero-image[^>]*>', page).group(0)
    assert 'width="1600"' in image
    assert 'height="900"' in image
    assert 'alt="The clinic&#x27;s bright consultation room."' in image


# --- Trust figures: only what staff entered ---------------------------------------------------


def test_no_trust_figure_is_invented_when_none_is_entered(client, bare_clinic):
    page = home(client)
    assert "trust-figure" not in page
    assert "years caring for patients" not in page
    assert "procedures performed" not in page


@time_machine.travel("2026-06-01 12:00:00+00:00", tick=False)
def test_trust_figures_come_from_the_identity(client, clinic):
    clinic.founded_year = 2009
    clinic.procedures_count = 12500
    clinic.languages_spoken_en = "English, Turkish, German, Arabic"
    clinic.accreditations_en = "Ministry of Health licence 34-1234\nJCI accredited"
    clinic.save()
    text = re.sub(r"<[^>]+>", " ", home(client))
    text = re.sub(r"\s+", " ", text)
    assert "17 years caring for patients" in text
    assert "12,500 procedures performed" in text
    assert "4 languages spoken: English, Turkish, German, Arabic" in text
    assert "Ministry of Health licence 34-1234" in text
    assert "JCI accredited" in text


def test_languages_written_with_arabic_commas_are_counted_one_by_one(client, clinic):
    clinic.languages_spoken_ar = "العربية، الإنجليزية، التركية"
    clinic.save()
    page = home(client, "ar")
    assert re.search(r'fw-bold">3</span>[^<]*العربية، الإنجليزية، التركية', page)


def test_figures_are_written_as_the_pages_language_writes_numbers(client, clinic):
    clinic.procedures_count = 12500
    clinic.save()
    assert "12.500" in home(client, "de")
    assert "12,500" in home(client, "en")


def test_each_trust_figure_is_shown_only_when_set(client, bare_clinic):
    clinic = bare_clinic
    clinic.procedures_count = 800
    clinic.save()
    page = home(client)
    assert "procedures performed" in page
    assert "years caring for patients" not in page
    assert "languages spoken:" not in page
    assert "Licences and accreditations" not in page


# --- Results where the language allows them ----------------------------------------------------


def test_german_home_page_shows_no_result_and_links_to_none(client, filled):
    page = home(client, "de")
    assert "Dense crown after a year." not in page
    assert "The crown before the procedure" not in page  # no before/after picture either
    assert "/media/clinic/results/" not in page
    assert "/results/" not in page
    assert "Ergebnisse unserer Patienten" not in page
    # The other sections stay.
    assert "/de/reviews/" in page
    assert "/de/treatments/" in page


def test_results_show_where_the_language_allows_them(client, filled):
    assert "Results of our patients" in h2_headings(home(client, "en"))
    assert 'href="/tr/results/"' in home(client, "tr")


def test_results_are_hidden_in_every_language_the_setting_names(client, filled, settings):
    settings.CLINIC_RESULTS_HIDDEN_LANGUAGES = ["de", "ar"]
    assert "/results/" not in home(client, "ar")
    assert 'href="/results/"' in home(client, "en")


# --- Reviews --------------------------------------------------------------------------------


def test_reviews_in_the_pages_language_come_first(client, clinic):
    ReviewFactory(text="Sehr gutes Team.", language="de")
    for n in range(3):
        ReviewFactory(text=f"English review {n}.", language="en")
    assert "Sehr gutes Team." in home(client, "de")
    assert "Sehr gutes Team." not in home(client, "en")


# --- Every language, and the budget ------------------------------------------------------------


@pytest.mark.parametrize("language", ["en", "tr", "de", "ar"])
def test_home_page_renders_in_every_language(client, filled, language):
    page = home(client, language)
    assert f'lang="{language}"' in page
    assert "<h1" in page


def fill(count, language):
    """``count`` rows in every section, articles in the page's language."""
    for n in range(count):
        treatment = TreatmentFactory(name=f"Treatment {n}", slug=f"treatment-{n}")
        doctor = DoctorFactory()
        treatment.doctors.add(doctor)
        ResultCaseFactory(treatment=treatment)
        ReviewFactory(treatment=treatment)
        ArticleFactory(author=doctor, language=language)


# The identity (cached), the treatments, the doctors, the results, the reviews, the latest
# articles and the call-back form's treatment list.
HOME_QUERIES = 6


@pytest.mark.parametrize("rows", [1, 6])
@pytest.mark.parametrize("language", ["en", "de"])
def test_home_page_query_count_is_constant(
    client, clinic, django_assert_num_queries, rows, language
):
    fill(rows, language)
    Clinic.load()  # warm, as on every request but the first after a change
    with translation.override(language):
        url = reverse("home")
    # German pages skip the results query: they show none.
    with django_assert_num_queries(HOME_QUERIES if language == "en" else HOME_QUERIES - 1):
        response = client.get(url)
    assert response.status_code == 200
