"""
/contact/: where the clinic is (a map picture served by the site itself, links to the map apps,
directions from both airports), when it is open, how to reach it, and the call-back form; a
``MedicalClinic`` for search engines. And the clinic identity these come from: edited in the
admin, cached whole.
"""

import json
import re
from decimal import Decimal
from io import StringIO

import pytest
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.test import Client, RequestFactory

from clinic_site import demo as clinic_demo
from clinic_site.models import Clinic
from tests import factories
from tests.factories import SuperuserFactory, TreatmentFactory

pytestmark = pytest.mark.django_db

LANGUAGES = ["", "/tr", "/de", "/ar"]


def structured_data(page):
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    return [json.loads(block) for block in blocks]


def graph_item(page, schema_type):
    for block in structured_data(page):
        for item in block.get("@graph", [block]):
            if item.get("@type") == schema_type:
                return item
    raise AssertionError(f"no {schema_type} in the page's structured data")


def main_of(page):
    return page[page.index('<main id="main"') : page.index("</main>")]


@pytest.fixture
def with_map(clinic):
    stored = Clinic.objects.get()
    stored.map_image = factories.test_image("map.png", size=(1200, 800))
    stored.save()
    return Clinic.load()


@pytest.mark.parametrize("prefix", LANGUAGES)
def test_contact_page_renders_in_every_language(client, four_languages, clinic, prefix):
    response = client.get(f"{prefix}/contact/")
    assert response.status_code == 200
    page = main_of(response.text)
    assert "Meşrutiyet Caddesi 42, 3rd floor" in page
    assert 'href="tel:+902123456789"' in page
    assert 'href="https://wa.me/905321234567"' in page
    assert 'href="mailto:hello@bosphorus-hair.example"' in page
    assert "41.032300" in page  # the map links


def test_contact_page_shows_address_hours_phone_whatsapp_and_email(client, clinic):
    page = main_of(client.get("/contact/").text)
    assert "<address" in page and "Beyoğlu" in page and "Türkiye" in page
    assert "Opening hours" in page
    assert "09:00–19:00" in page and "10:00–16:00" in page
    assert "Closed on public holidays." in page
    assert "Call us now" in page and "WhatsApp" in page
    assert "hello@bosphorus-hair.example" in page


def test_map_picture_is_served_from_our_own_origin(client, with_map):
    page = client.get("/contact/").text
    image = re.search(r'<img [^>]*class="contact-map[^>]*>', page.replace("\n", " ")).group()
    assert re.search(r'src="/media/clinic_site/[^"]*map[^"]*"', image)
    assert 'width="1200"' in image and 'height="800"' in image
    assert 'alt="Map of the area around Bosphorus Hair Clinic"' in image
    # Nothing on the page is loaded from another site: every src and stylesheet is ours.
    for address in re.findall(r'\ssrc="([^"]*)"', page):
        assert address.startswith("/"), address
    for tag in re.findall(r"<link [^>]*>", page):
        if 'rel="stylesheet"' in tag or 'rel="icon"' in tag:
            assert re.search(r'href="/', tag), tag
    assert "<iframe" not in page


def test_without_a_map_picture_nothing_is_broken(client, clinic):
    # A map that could not be drawn (or that staff removed): the page stands without it.
    Clinic.objects.filter(pk=clinic.pk).update(map_image="", map_image_renditions={})
    Clinic.clear_cache()
    page = main_of(client.get("/contact/").text)
    assert 'class="contact-map ' not in page
    assert "<img" not in page
    assert "Open in OpenStreetMap" in page


def test_open_in_links_carry_the_coordinates(client, clinic):
    page = main_of(client.get("/contact/").text)
    links = dict(re.findall(r'<a href="([^"]+)" rel="noopener">(Open in [^<]+)</a>', page))
    by_label = {label: href.replace("&amp;", "&") for href, label in links.items()}
    assert by_label["Open in Google Maps"] == (
        "https://www.google.com/maps/search/?api=1&query=41.032300%2C28.974200"
    )
    assert by_label["Open in Apple Maps"] == (
        "https://maps.apple.com/?ll=41.032300,28.974200&q=Bosphorus%20Hair%20Clinic"
    )
    assert by_label["Open in OpenStreetMap"] == (
        "https://www.openstreetmap.org/?mlat=41.032300&mlon=28.974200#map=17/41.032300/28.974200"
    )


def test_without_coordinates_there_are_no_map_links(client, clinic):
    Clinic.objects.update(latitude=None, longitude=None)
    Clinic.clear_cache()
    page = main_of(client.get("/contact/").text)
    assert "Open in" not in page
    assert "geo" not in graph_item(client.get("/contact/").text, "MedicalClinic")


def test_directions_from_both_airports_in_the_pages_language(client, four_languages, clinic):
    page = main_of(client.get("/contact/").text)
    assert "Directions from the airport" in page
    assert "Istanbul Airport (IST)" in page and "Sabiha Gökçen Airport (SAW)" in page
    assert page.count("<p>") >= 3  # blank lines make paragraphs
    german = main_of(client.get("/de/contact/").text)
    assert "Vom Flughafen Istanbul (IST)" in german


def test_contact_page_ends_with_the_call_back_form(client, clinic):
    page = main_of(client.get("/contact/").text)
    callback = page.rindex('id="callback"')
    assert callback > page.index("Directions from the airport")
    assert 'action="/callback/"' in page[callback:] and 'name="phone"' in page[callback:]


def test_contact_page_describes_the_medical_clinic(client, clinic):
    page = client.get("/contact/").text
    data = graph_item(page, "MedicalClinic")
    assert data["@id"] == "http://testserver/#clinic"
    assert data["geo"] == {
        "@type": "GeoCoordinates",
        "latitude": 41.0323,
        "longitude": 28.9742,
    }
    assert data["telephone"] == "+902123456789"
    assert data["address"]["streetAddress"] == "Meşrutiyet Caddesi 42, 3rd floor"
    assert data["address"]["addressCountry"] == "TR"
    assert data["priceRange"] == "€1,900 – €2,600"
    days = {spec["dayOfWeek"] for spec in data["openingHoursSpecification"]}
    assert days == {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"}
    saturday = next(s for s in data["openingHoursSpecification"] if s["dayOfWeek"] == "Saturday")
    assert (saturday["opens"], saturday["closes"]) == ("10:00", "16:00")
    assert graph_item(page, "ContactPage")["about"] == {"@id": "http://testserver/#clinic"}
    crumbs = graph_item(page, "BreadcrumbList")["itemListElement"]
    assert [c["item"] for c in crumbs] == ["http://testserver/", "http://testserver/contact/"]


def test_medical_clinic_names_the_map_picture(client, with_map):
    data = graph_item(client.get("/contact/").text, "MedicalClinic")
    assert data["image"].startswith("http://testserver/media/clinic_site/map")


def test_contact_page_has_breadcrumbs_canonical_and_hreflang(client, four_languages, clinic):
    page = client.get("/ar/contact/").text
    assert '<html lang="ar" dir="rtl">' in page
    assert '<link rel="canonical" href="http://testserver/ar/contact/">' in page
    for code, path in [("en", "/contact/"), ("tr", "/tr/contact/"), ("de", "/de/contact/")]:
        assert f'hreflang="{code}" href="http://testserver{path}"' in page
    assert 'aria-label="' in page and "breadcrumb-item" in page


# --- Query count ------------------------------------------------------------------------------

CONTACT_PAGE_QUERIES = 1  # the call-back form's treatments; the identity comes from the cache


@pytest.mark.parametrize("count", [1, 5])
@pytest.mark.parametrize("prefix", ["", "/de"])
def test_contact_page_query_count_is_constant(
    client, with_map, django_assert_num_queries, count, prefix
):
    TreatmentFactory.create_batch(count)
    Clinic.load()
    with django_assert_num_queries(CONTACT_PAGE_QUERIES):
        response = client.get(f"{prefix}/contact/")
    assert response.text.count('name="interest"') == 1


# --- The identity behind it ----------------------------------------------------------------


def test_cached_identity_holds_the_new_fields(clinic, django_assert_num_queries):
    stored = Clinic.objects.get()
    stored.founded_year = 2011
    stored.latitude = Decimal("41.5")
    stored.save()
    Clinic.load()
    with django_assert_num_queries(0):
        cached = Clinic.load()
        assert cached.founded_year == 2011
        assert cached.latitude == Decimal("41.5")
        assert cached.procedures_count == 4200
        assert cached.accreditation_list
        assert cached.directions


def test_staff_edit_the_identity_in_sensible_groups(clinic):
    client = Client()
    client.force_login(SuperuserFactory())
    page = client.get(f"/admin/clinic_site/clinic/{clinic.pk}/change/").text
    for heading in ["Home page", "Trust figures", "Location"]:
        assert f">{heading}</h2>" in page
    for field in [
        "promise_en",
        "promise_detail_ar",
        "hero_image",
        "hero_image_alt_en",
        "founded_year",
        "procedures_count",
        "languages_spoken_de",
        "accreditations_tr",
        "latitude",
        "longitude",
        "map_image",
        "directions_en",
    ]:
        assert f'name="{field}"' in page, field


def test_demo_identity_has_everything_the_pages_need_in_four_languages(db):
    clinic_demo.seed(stdout=StringIO())
    clinic_demo.seed(stdout=StringIO())  # idempotent
    clinic = Clinic.objects.get()
    assert clinic.founded_year and clinic.procedures_count
    assert (clinic.latitude, clinic.longitude) == (Decimal("41.032300"), Decimal("28.974200"))
    for field in ["promise", "promise_detail", "languages_spoken", "accreditations", "directions"]:
        for language in ["en", "tr", "de", "ar"]:
            assert getattr(clinic, f"{field}_{language}"), f"{field}_{language}"
    assert "SAW" in clinic.directions_ar and "IST" in clinic.directions_de
    assert clinic.language_list == ["English", "Turkish", "German", "Arabic"]


def test_arabic_language_list_is_split_at_arabic_commas(clinic):
    stored = Clinic.objects.get()
    stored.languages_spoken_ar = "الإنجليزية، التركية"
    stored.save()
    from django.utils import translation

    with translation.override("ar"):
        assert Clinic.objects.get().language_list == ["الإنجليزية", "التركية"]


def test_a_home_page_photo_needs_its_description(clinic):
    stored = Clinic.objects.get()
    stored.hero_image = factories.test_image("hero.jpg")
    stored.hero_image_alt = ""
    with pytest.raises(ValidationError) as error:
        stored.full_clean()
    assert "hero_image_alt" in error.value.message_dict
    stored.hero_image_alt = "The clinic's consultation room"
    stored.full_clean()


def test_every_page_that_names_the_clinic_gives_its_place_on_the_map(client, clinic):
    home = graph_item(client.get("/").text, "MedicalClinic")
    assert home["geo"]["latitude"] == 41.0323
    assert home["hasMap"].startswith("https://www.openstreetmap.org/?mlat=41.032300")


def test_identity_edited_in_the_admin_is_what_the_next_page_shows(client, clinic):
    stored = Clinic.objects.get()
    request = RequestFactory().get("/admin/")
    request.user = SuperuserFactory()
    form_class = admin.site.get_model_admin(Clinic).get_form(request, stored)
    data = {
        name: value
        for name, value in form_class(instance=stored).initial.items()
        if value is not None and name in form_class.base_fields
    }
    data |= {
        "latitude": "41.040000",
        "longitude": "28.980000",
        "directions_en": "Take the tram to Karaköy.",
    }
    form = form_class(data=data, instance=stored)
    assert form.is_valid(), form.errors
    form.save()
    page = client.get("/contact/").text
    assert "Take the tram to Karaköy." in page
    assert "mlat=41.040000&amp;mlon=28.980000" in page


def test_the_phone_number_reads_left_to_right_on_arabic_pages(client, clinic):
    page = client.get("/ar/contact/").text
    number = clinic.phone_display
    # In a right-to-left line "+90 212 345 67 89" would show as "89 67 345 212 90+".
    assert f'<span class="text-nowrap" dir="ltr">{number}</span>' in page
    assert f'dir="ltr">{number}</a>' in page  # the footer's
