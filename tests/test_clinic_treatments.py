"""
The treatments a patient compares before flying abroad: the list with "from" prices, each
treatment's page ending in the call-back form with the treatment chosen, their structured data,
the header's price range, the navigation and the sitemap.
"""

import json
import re
import xml.etree.ElementTree as ET
from io import StringIO

import pytest
from django.test import Client
from django.urls import reverse

from clinic import demo as treatments_demo
from clinic.models import Treatment, TreatmentFAQ
from clinic_site.models import Clinic
from clinic_site.page_cache import pages_changed
from leads.models import Lead
from tests.factories import (
    ArticleFactory,
    DoctorFactory,
    ResultCaseFactory,
    ReviewFactory,
    StaffFactory,
    TreatmentFactory,
    callback_form_data,
)

pytestmark = pytest.mark.django_db

LANGUAGES = ["en", "tr", "de", "ar"]
PREFIXES = {"en": "", "tr": "/tr", "de": "/de", "ar": "/ar"}

FUE_TEXTS = {
    "en": ("FUE hair transplant", "Grafts moved one by one.", "6 to 8 hours"),
    "tr": ("FUE saç ekimi", "Greftler tek tek taşınır.", "6 ila 8 saat"),
    "de": ("FUE-Haartransplantation", "Grafts werden einzeln verpflanzt.", "6 bis 8 Stunden"),
    "ar": ("زراعة الشعر بتقنية FUE", "تُنقل البصيلات واحدة تلو الأخرى.", "من 6 إلى 8 ساعات"),
}


def structured_data(page):
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    return [json.loads(block) for block in blocks]


def graph_item(page, schema_type):
    for block in structured_data(page):
        for item in block.get("@graph", [block]):
            if item.get("@type") == schema_type:
                return item
    raise AssertionError(f"no {schema_type} in the page's structured data")


@pytest.fixture
def fue(settings):
    settings.LANGUAGE_CODE = "en"
    settings.LANGUAGES = [("en", "English"), ("tr", "Türkçe"), ("de", "Deutsch"), ("ar", "العربية")]
    texts = {}
    for code, (name, summary, duration) in FUE_TEXTS.items():
        texts.update(
            {f"name_{code}": name, f"summary_{code}": summary, f"duration_{code}": duration}
        )
        texts[f"body_{code}"] = f"## {name}?\n\n{summary}"
    treatment = TreatmentFactory(
        slug="fue-hair-transplant",
        price_from=1900,
        price_to=2600,
        anaesthesia="Local anaesthesia",
        includes_hotel=True,
        includes_transfer=True,
        **texts,
    )
    TreatmentFAQ.objects.create(
        treatment=treatment,
        question="Does it hurt?",
        answer="Only the anaesthetic injections.",
        question_de="Tut es weh?",
        answer_de="Nur die Betäubungsspritzen.",
        position=1,
    )
    TreatmentFAQ.objects.create(
        treatment=treatment,
        question="When can I fly home?",
        answer="The day after the wash.",
        position=2,
    )
    return treatment


# --- The list ------------------------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_list_shows_each_active_treatment_with_its_from_price_in_the_language(
    client, fue, language
):
    TreatmentFactory(name="Retired treatment", active=False)
    response = client.get(PREFIXES[language] + "/treatments/")
    assert response.status_code == 200
    page = response.text
    assert f'<html lang="{language}"' in page
    name, summary, _duration = FUE_TEXTS[language]
    assert name in page and summary in page
    assert f'href="{PREFIXES[language]}/treatments/fue-hair-transplant/"' in page
    assert "Retired treatment" not in page
    price = {"en": "€1,900", "tr": "€1.900", "de": "1.900\xa0€", "ar": "1,900"}[language]
    assert price in page


def test_list_is_an_item_list_of_procedures_for_search_engines(client, fue):
    page = client.get("/treatments/").text
    items = graph_item(page, "ItemList")["itemListElement"]
    assert [item["item"]["name"] for item in items] == ["FUE hair transplant"]
    assert items[0]["item"]["offers"]["lowPrice"] == 1900
    assert graph_item(page, "BreadcrumbList")["itemListElement"][-1]["name"] == "Treatments"


# --- A treatment's page --------------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_treatment_page_is_in_the_page_language(client, fue, language):
    response = client.get(PREFIXES[language] + "/treatments/fue-hair-transplant/")
    assert response.status_code == 200
    page = response.text
    assert f'<html lang="{language}"' in page
    name, summary, duration = FUE_TEXTS[language]
    assert f'<h1 id="treatment-title">{name}</h1>' in page
    assert summary in page and duration in page
    assert f'<link rel="canonical" href="http://testserver{PREFIXES[language]}' in page
    assert 'hreflang="de" href="http://testserver/de/treatments/fue-hair-transplant/"' in page
    assert f'<meta property="og:title" content="{name}">' in page
    if language == "ar":
        assert 'dir="rtl"' in page


def test_treatment_page_shows_facts_inclusions_and_questions(client, fue):
    page = client.get("/treatments/fue-hair-transplant/").text
    for text in (
        "Local anaesthesia",
        "What's included",
        "€1,900 – €2,600",
        "Hotel stay",
        "Airport and hotel transfers",
        '<summary class="fw-semibold">Does it hurt?</summary>',
        "When can I fly home?",
    ):
        assert text in page, text
    breadcrumbs = re.search(r'<ol class="breadcrumb">(.*?)</ol>', page, re.S).group(1)
    assert re.findall(r">([^<>]+)</(?:a|li)>", breadcrumbs) == [
        "Home",
        "Treatments",
        "FUE hair transplant",
    ]


def test_questions_are_in_the_page_language(client, fue):
    page = client.get("/de/treatments/fue-hair-transplant/").text
    assert "Tut es weh?" in page and "Nur die Betäubungsspritzen." in page


def test_an_inactive_treatment_has_no_page(client, fue, admin_client):
    fue.active = False
    fue.save()
    assert client.get("/treatments/fue-hair-transplant/").status_code == 404
    assert admin_client.get("/treatments/fue-hair-transplant/").status_code == 404
    assert client.get("/treatments/no-such-treatment/").status_code == 404


def test_treatment_page_shows_its_doctors_reviews_and_articles_in_the_language(client, fue):
    doctor = DoctorFactory(name="Selin Aksoy", is_active=True)
    DoctorFactory(name="Retired Surgeon", is_active=False)
    fue.doctors.set([doctor, *type(doctor).objects.filter(name="Retired Surgeon")])
    english = ArticleFactory(title="FUE or DHI: which one?", language="en")
    german = ArticleFactory(title="FUE oder DHI?", language="de")
    draft = ArticleFactory(title="A draft about FUE", published_at=None)
    fue.related_articles.set([english, german, draft])
    ReviewFactory(treatment=fue, text="The team was calm and kind.")
    ReviewFactory(treatment=fue, text="Not yet moderated.", published=False)
    ReviewFactory(text="About another treatment.")

    page = client.get("/treatments/fue-hair-transplant/").text
    assert "Selin Aksoy" in page and "Retired Surgeon" not in page
    assert "FUE or DHI: which one?" in page
    assert "FUE oder DHI?" not in page and "A draft about FUE" not in page
    assert "The team was calm and kind." in page
    assert "Not yet moderated." not in page and "About another treatment." not in page
    assert "FUE oder DHI?" in client.get("/de/treatments/fue-hair-transplant/").text


def test_results_of_the_treatment_are_shown_where_the_language_allows(client, fue):
    ResultCaseFactory(treatment=fue, before_image_alt="The crown before, thin.")
    page = client.get("/treatments/fue-hair-transplant/").text
    assert "Results of our patients" in page
    assert "12 months after" in page
    assert 'href="/results/"' in page


def test_german_pages_show_no_before_after_picture_and_no_link_to_results(client, fue):
    ResultCaseFactory(treatment=fue, before_image_alt="The crown before, thin.")
    for path in ("/de/treatments/fue-hair-transplant/", "/de/treatments/"):
        page = client.get(path).text
        assert "clinic/results/" not in page
        assert "The crown before, thin." not in page
        assert "/de/results/" not in page
        assert "/results/" not in page
        assert "Ergebnisse unserer Patienten" not in page


# --- The call-back form on the page --------------------------------------------------------


def chosen_interest(page):
    select = re.search(r'<select[^>]*name="interest".*?</select>', page, re.S).group(0)
    return re.findall(r'<option value="(\d+)"[^>]*selected[^>]*>', select)


def test_the_treatment_is_already_chosen_in_the_callback_form(client, fue):
    other = TreatmentFactory(name="DHI hair transplant")
    page = client.get("/treatments/fue-hair-transplant/").text
    assert chosen_interest(page) == [str(fue.pk)]
    assert chosen_interest(client.get(other.get_absolute_url()).text) == [str(other.pk)]
    assert chosen_interest(client.get("/").text) == []  # nothing chosen elsewhere


def test_a_request_sent_from_the_page_names_the_treatment(
    client, fue, django_capture_on_commit_callbacks
):
    page = client.get("/de/treatments/fue-hair-transplant/").text
    interest = chosen_interest(page)[0]
    source = re.search(r'name="source_url" value="([^"]*)"', page).group(1)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/callback/", callback_form_data(interest=interest, source_url=source)
        )
    assert response.status_code == 302
    lead = Lead.objects.get()
    assert lead.interest == fue
    assert lead.source_url.endswith("/de/treatments/fue-hair-transplant/")


# --- Structured data -----------------------------------------------------------------------


def test_treatment_page_describes_the_procedure_its_price_and_questions(client, fue):
    doctor = DoctorFactory(name="Selin Aksoy", is_active=True)
    fue.doctors.add(doctor)
    page = client.get("/treatments/fue-hair-transplant/").text
    procedure = graph_item(page, "MedicalProcedure")
    assert procedure["name"] == "FUE hair transplant"
    assert procedure["url"] == "http://testserver/treatments/fue-hair-transplant/"
    assert procedure["offers"] == {
        "@type": "AggregateOffer",
        "lowPrice": 1900,
        "highPrice": 2600,
        "priceCurrency": "EUR",
    }
    assert [person["name"] for person in procedure["performer"]] == ["Selin Aksoy"]
    faq = graph_item(page, "FAQPage")
    assert [q["name"] for q in faq["mainEntity"]] == ["Does it hurt?", "When can I fly home?"]
    assert faq["mainEntity"][0]["acceptedAnswer"]["text"] == "Only the anaesthetic injections."
    crumbs = graph_item(page, "BreadcrumbList")["itemListElement"]
    assert [crumb["item"] for crumb in crumbs] == [
        "http://testserver/",
        "http://testserver/treatments/",
        "http://testserver/treatments/fue-hair-transplant/",
    ]
    assert "AggregateRating" not in page


def test_structured_data_is_in_the_page_language(client, fue):
    page = client.get("/de/treatments/fue-hair-transplant/").text
    assert graph_item(page, "MedicalProcedure")["name"] == "FUE-Haartransplantation"
    assert graph_item(page, "MedicalWebPage")["inLanguage"] == "de"


# --- Header and navigation -----------------------------------------------------------------


def test_header_price_range_comes_from_the_treatments_and_links_to_them(client, clinic):
    clinic.price_from = clinic.price_to = None
    clinic.save()
    TreatmentFactory(name="PRP", price_from=300, price_to=500)
    TreatmentFactory(name="FUE", price_from=1900, price_to=2600)
    TreatmentFactory(name="Retired", price_from=100, price_to=9000, active=False)
    TreatmentFactory(name="In lira", price_from=10, price_to=20, currency="TRY")
    page = client.get("/").text
    assert '<a class="site-prices" href="/treatments/">Treatment prices: €300 – €2,600</a>' in page
    assert 'href="/de/treatments/">Behandlungspreise:' in client.get("/de/").text


def test_header_price_range_follows_a_changed_treatment(client, clinic):
    clinic.price_from = clinic.price_to = None
    clinic.save()
    treatment = TreatmentFactory(price_from=1500, price_to=2000)
    assert "€1,500 – €2,000" in client.get("/").text
    treatment.price_to = 3000
    treatment.save()
    assert "€1,500 – €3,000" in client.get("/").text
    Treatment.objects.filter(pk=treatment.pk).update(price_from=1200)
    assert "€1,200 – €3,000" in client.get("/").text
    Treatment.objects.all().delete()
    assert "Treatment prices" not in client.get("/").text


def test_the_identity_price_range_wins_when_set(client, clinic):
    TreatmentFactory(price_from=300, price_to=500)
    assert 'href="/treatments/">Treatment prices: €1,900 – €2,600</a>' in client.get("/").text


def test_header_price_range_costs_no_query_on_a_warm_cache(
    client, clinic, django_assert_num_queries
):
    clinic.price_from = clinic.price_to = None
    clinic.save()
    TreatmentFactory(price_from=300, price_to=500)
    client.get("/privacy/")
    with django_assert_num_queries(0):
        response = client.get("/privacy/")
    assert "€300 – €500" in response.text


def nav_links(page):
    nav = re.search(r'<nav class="site-nav".*?</nav>', page, re.S).group(0)
    return re.findall(r'<a href="([^"]+)"', nav)


def test_navigation_leads_to_the_clinic_pages(client, fue):
    links = nav_links(client.get("/").text)
    for path in ("/treatments/", "/results/", "/reviews/", "/contact/", "/blog/", "/callback/"):
        assert path in links
    assert 'aria-current="page">Treatments</a>' in client.get(fue.get_absolute_url()).text


def test_german_navigation_has_no_results_link(client, fue):
    page = client.get("/de/").text
    links = nav_links(page)
    assert "/de/treatments/" in links and "/de/reviews/" in links
    assert "/de/results/" not in page


# --- Sitemap -------------------------------------------------------------------------------

SITEMAP_NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def sitemap_addresses(client):
    root = ET.fromstring(client.get("/sitemap.xml").content)
    return {url.find("s:loc", SITEMAP_NS).text for url in root.findall("s:url", SITEMAP_NS)}


def test_sitemap_lists_the_clinic_pages_and_each_active_treatment(client, fue):
    TreatmentFactory(slug="retired", active=False)
    listed = sitemap_addresses(client)
    for prefix in ("", "/tr", "/de", "/ar"):
        for path in ("/treatments/", "/treatments/fue-hair-transplant/", "/reviews/", "/contact/"):
            assert f"http://testserver{prefix}{path}" in listed
    assert not any("/treatments/retired/" in url for url in listed)
    assert "http://testserver/results/" in listed
    assert "http://testserver/ar/results/" in listed
    assert "http://testserver/de/results/" not in listed
    assert "/de/results/" not in client.get("/sitemap.xml").text


def test_a_new_treatment_is_in_the_cached_sitemap_at_once(
    client, fue, django_capture_on_commit_callbacks
):
    assert "/treatments/prp/" not in client.get("/sitemap.xml").text
    with django_capture_on_commit_callbacks(execute=True):
        TreatmentFactory(name="PRP", slug="prp")
    assert "http://testserver/treatments/prp/" in sitemap_addresses(client)


# --- Queries -------------------------------------------------------------------------------

LIST_QUERIES = 2  # the treatments, the call-back form's treatment choices
DETAIL_QUERIES = 7  # the treatment, its questions, doctors, results, reviews, articles, choices


def lots_of(count):
    """``count`` treatments, each with ``count`` questions, doctors, results, reviews, articles."""
    treatments = []
    for index in range(count):
        treatment = TreatmentFactory(name=f"Treatment {index}", slug=f"treatment-{index}")
        for position in range(count):
            TreatmentFAQ.objects.create(
                treatment=treatment, question=f"Q{position}?", answer="A.", position=position
            )
            ResultCaseFactory(treatment=treatment)
            ReviewFactory(treatment=treatment)
        treatment.doctors.set(DoctorFactory.create_batch(count, is_active=True))
        treatment.related_articles.set(ArticleFactory.create_batch(count))
        treatments.append(treatment)
    Clinic.load()
    return treatments


@pytest.mark.parametrize("count", [1, 5])
@pytest.mark.parametrize("prefix", ["", "/de"])
def test_treatment_pages_run_a_fixed_number_of_queries(
    client, clinic, django_assert_num_queries, count, prefix
):
    treatments = lots_of(count)
    client.get(prefix + "/treatments/")  # warm the identity and the price range
    pages_changed()  # but the page is built again: its own queries are counted
    with django_assert_num_queries(LIST_QUERIES):
        response = client.get(prefix + "/treatments/")
    assert response.text.count('class="treatment-card') == count
    shown = 1 if prefix == "" else 0  # no results query where results are hidden
    with django_assert_num_queries(DETAIL_QUERIES - 1 + shown):
        response = client.get(f"{prefix}/treatments/{treatments[-1].slug}/")
    assert response.status_code == 200
    assert response.text.count("<details") == count


# --- Admin ---------------------------------------------------------------------------------


def test_an_editor_changes_a_treatment_and_the_header_follows(client, fue, clinic):
    clinic.price_from = clinic.price_to = None
    clinic.save()
    assert "€1,900 – €2,600" in client.get("/").text
    editor = Client()
    editor.force_login(StaffFactory(role="Editors"))
    assert editor.get("/admin/clinic/treatment/").status_code == 200
    page = editor.get(f"/admin/clinic/treatment/{fue.pk}/change/")
    assert page.status_code == 200 and "Does it hurt?" in page.text
    Treatment.objects.filter(pk=fue.pk).update(active=False)  # a bulk change, no save()
    assert "Treatment prices" not in client.get("/").text


# --- Demo content --------------------------------------------------------------------------


def test_demo_has_five_treatments_with_prices_and_questions_in_every_language(client):
    from blog import demo as blog_demo

    blog_demo.seed(stdout=StringIO())
    treatments_demo.seed(stdout=StringIO())
    treatments_demo.seed(stdout=StringIO())  # idempotent
    treatments = Treatment.objects.active()
    assert treatments.count() >= 5
    for treatment in treatments:
        assert treatment.price_from and treatment.faqs.count() >= 3
        assert treatment.doctors.exists()
        for code in LANGUAGES:
            assert getattr(treatment, f"summary_{code}"), (treatment, code)
            assert getattr(treatment, f"body_html_{code}"), (treatment, code)
            for faq in treatment.faqs.all():
                assert getattr(faq, f"question_{code}") and getattr(faq, f"answer_{code}")
    assert client.get(reverse("clinic:treatment", args=["fue-hair-transplant"])).status_code == 200
