"""
The team: /doctors/ lists the doctors who see patients today, each profile shows the
treatments they perform and ends with the call-back form, and search engines read each doctor
as a ``Physician`` of the clinic.
"""

import json
import re
from io import StringIO

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.test import Client

from blog import demo as blog_demo
from blog.models import Doctor
from clinic_site.models import Clinic
from tests import factories
from tests.factories import (
    ArticleFactory,
    DoctorFactory,
    SuperuserFactory,
    TreatmentFactory,
)

pytestmark = pytest.mark.django_db

LANGUAGES = ["", "/tr", "/de", "/ar"]


def structured_data(page):
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    return [json.loads(block) for block in blocks]


def typed(item, schema_type):
    types = item.get("@type")
    return schema_type in (types if isinstance(types, list) else [types])


def graph_item(page, schema_type):
    for block in structured_data(page):
        for item in block.get("@graph", [block]):
            if typed(item, schema_type):
                return item
    raise AssertionError(f"no {schema_type} in the page's structured data")


@pytest.fixture
def selin(clinic):
    return DoctorFactory(
        name="Selin Aksoy",
        slug="selin-aksoy",
        title="Prof. Dr.",
        specialty="Plastic, reconstructive and aesthetic surgery",
        practising_since=2008,
        languages_spoken="English, Turkish, German",
        memberships="ISHRS\nTurkish Society of Plastic Surgeons",
    )


@pytest.fixture
def former(clinic):
    return DoctorFactory(name="Kemal Former", slug="kemal-former", is_active=False)


# --- /doctors/ -------------------------------------------------------------------------------


@pytest.mark.parametrize("prefix", LANGUAGES)
@time_machine.travel("2026-06-01 12:00Z")
def test_team_page_lists_every_active_doctor_with_their_details(
    client, four_languages, selin, former, prefix
):
    response = client.get(f"{prefix}/doctors/")
    assert response.status_code == 200
    page = response.text
    assert "Prof. Dr. Selin Aksoy" in page
    assert f'href="{prefix}/doctors/selin-aksoy/"' in page
    assert "Plastic, reconstructive and aesthetic surgery" in page
    assert "English, Turkish, German" in page
    assert "ISHRS" in page and "Turkish Society of Plastic Surgeons" in page
    assert "18" in re.search(r"<dd>([^<]*18[^<]*)</dd>", page).group(1)  # since 2008
    assert "Kemal Former" not in page


def test_team_page_says_years_of_practice_in_words(client, selin):
    with time_machine.travel("2026-06-01 12:00Z"):
        assert "18 years of practice" in client.get("/doctors/").text
        assert "18 Jahre" in client.get("/de/doctors/").text


def test_a_doctor_without_a_photo_gets_initials_never_a_broken_image(client, selin):
    page = client.get("/doctors/").text
    card = page[page.index('class="doctor-card') :]
    assert 'class="portrait-placeholder' in card and ">SA</text>" in card
    assert "<img" not in card.split("</article>")[0]


def test_a_doctor_with_a_photo_shows_it_with_its_description(client, selin):
    selin.photo = factories.test_image("selin.jpg", size=(600, 600))
    selin.photo_alt = "Selin Aksoy in the consultation room"
    selin.save()
    page = client.get("/doctors/").text
    photo = re.search(r'<img [^>]*class="doctor-card-photo[^>]*>', page.replace("\n", " ")).group()
    assert 'src="/media/blog/doctors/' in photo
    assert 'alt="Selin Aksoy in the consultation room"' in photo
    # Shown 96 px wide: the browser picks the smallest version that fills it.
    assert 'sizes="96px"' in photo and 'srcset="/media/blog/doctors/' in photo


def test_team_page_ends_with_the_call_back_form(client, selin):
    page = client.get("/doctors/").text
    main = page[page.index('<main id="main"') : page.index("</main>")]
    assert main.rindex('id="callback"') > main.rindex("doctor-card")
    assert 'action="/callback/"' in main[main.rindex('id="callback"') :]


def test_team_page_names_each_doctor_a_physician_of_the_clinic(client, selin, former):
    page = client.get("/doctors/").text
    listing = graph_item(page, "CollectionPage")
    doctors = [entry["item"] for entry in listing["mainEntity"]["itemListElement"]]
    assert [doctor["name"] for doctor in doctors] == ["Selin Aksoy"]
    assert typed(doctors[0], "Physician")
    assert doctors[0]["memberOf"] == {"@id": "http://testserver/#clinic"}
    assert graph_item(page, "MedicalClinic")["@id"] == "http://testserver/#clinic"
    crumbs = graph_item(page, "BreadcrumbList")["itemListElement"]
    assert [crumb["item"] for crumb in crumbs] == [
        "http://testserver/",
        "http://testserver/doctors/",
    ]


def test_team_page_has_canonical_and_hreflang_links(client, four_languages, selin):
    page = client.get("/de/doctors/").text
    assert '<link rel="canonical" href="http://testserver/de/doctors/">' in page
    for code, path in [("en", "/doctors/"), ("tr", "/tr/doctors/"), ("ar", "/ar/doctors/")]:
        assert f'hreflang="{code}" href="http://testserver{path}"' in page


def test_team_page_with_no_doctor_yet_still_offers_the_call_back(client, clinic):
    page = client.get("/doctors/").text
    assert "Our team's profiles will be here soon." in page
    assert 'id="callback"' in page


# --- The profile ----------------------------------------------------------------------------


def test_profile_shows_the_active_treatments_the_doctor_performs(client, selin):
    performed = TreatmentFactory(name="FUE hair transplant")
    withdrawn = TreatmentFactory(name="Old method", active=False)
    someone_elses = TreatmentFactory(name="Beard transplant")
    performed.doctors.add(selin)
    withdrawn.doctors.add(selin)
    someone_elses.doctors.add(DoctorFactory())
    page = client.get("/doctors/selin-aksoy/").text
    assert "Treatments by Prof. Dr. Selin Aksoy" in page
    assert f'href="{performed.get_absolute_url()}"' in page
    assert "Old method" not in page
    assert "Beard transplant" not in page.split('id="callback"')[0]


def test_profile_shows_years_languages_and_memberships(client, selin):
    with time_machine.travel("2026-06-01 12:00Z"):
        page = client.get("/doctors/selin-aksoy/").text
    assert "18 years of practice (since 2008)" in page
    assert "English, Turkish, German" in page
    assert "<li>ISHRS</li>" in page


def test_profile_keeps_the_articles_written_and_reviewed(client, selin):
    written = ArticleFactory(author=selin, title="How is a hairline planned?")
    reviewed = ArticleFactory(reviewed_by=selin, title="What does FUE cost?")
    page = client.get("/doctors/selin-aksoy/").text
    assert written.title in page and reviewed.title in page


def test_profile_ends_with_the_call_back_form(client, selin):
    ArticleFactory(author=selin)
    TreatmentFactory().doctors.add(selin)
    page = client.get("/doctors/selin-aksoy/").text
    main = page[page.index('<main id="main"') : page.index("</main>")]
    callback = main.rindex('id="callback"')
    assert callback > main.rindex("written-title")
    assert callback > main.rindex("treatments-title")
    assert 'action="/callback/"' in main[callback:]
    assert 'name="phone"' in main[callback:]


def test_profile_without_a_photo_shows_initials(client, selin):
    page = client.get("/doctors/selin-aksoy/").text
    portrait = re.search(r'<svg[^>]*class="portrait-placeholder[^"]*"[^>]*>.*?</svg>', page, re.S)
    assert portrait, "no initials portrait"
    assert 'role="img"' in portrait[0] and "Selin Aksoy" in portrait[0]
    assert ">SA<" in portrait[0]


def test_profile_breadcrumbs_lead_through_the_team_page(client, selin):
    page = client.get("/doctors/selin-aksoy/").text
    crumbs = graph_item(page, "BreadcrumbList")["itemListElement"]
    assert [crumb["item"] for crumb in crumbs] == [
        "http://testserver/",
        "http://testserver/doctors/",
        "http://testserver/doctors/selin-aksoy/",
    ]
    assert '<a href="/doctors/">Our doctors</a>' in page


def test_profile_describes_a_physician_member_of_the_clinic(client, selin):
    page = client.get("/doctors/selin-aksoy/").text
    doctor = graph_item(page, "ProfilePage")["mainEntity"]
    assert typed(doctor, "Physician") and typed(doctor, "Person")
    assert doctor["name"] == "Selin Aksoy"
    assert doctor["honorificPrefix"] == "Prof. Dr."
    assert doctor["knowsLanguage"] == ["English", "Turkish", "German"]
    assert doctor["medicalSpecialty"] == "https://schema.org/PlasticSurgery"
    clinic = doctor["memberOf"]
    assert clinic["@type"] == "MedicalClinic"
    assert clinic["@id"] == "http://testserver/#clinic"
    assert clinic["name"] == "Bosphorus Hair Clinic"
    assert clinic["telephone"] == "+902123456789"


def test_former_doctor_is_no_member_of_the_clinic_and_performs_nothing(client, former):
    TreatmentFactory(name="FUE hair transplant").doctors.add(former)
    page = client.get("/doctors/kemal-former/").text
    doctor = graph_item(page, "ProfilePage")["mainEntity"]
    assert "memberOf" not in doctor
    assert "FUE hair transplant" not in page.split('id="callback"')[0]
    assert "No longer sees patients" in page


@pytest.mark.parametrize("prefix", LANGUAGES)
def test_profile_renders_in_every_language(client, four_languages, selin, prefix):
    TreatmentFactory().doctors.add(selin)
    response = client.get(f"{prefix}/doctors/selin-aksoy/")
    assert response.status_code == 200
    assert 'id="callback"' in response.text


# --- Query counts ---------------------------------------------------------------------------

# With a warm clinic identity cache, as on every request but the first after a change.
TEAM_PAGE_QUERIES = 2  # the doctors; the call-back form's treatments
PROFILE_QUERIES = 6  # doctor; articles written (count, page); reviewed; treatments; the form's


@pytest.mark.parametrize("count", [1, 5])
@pytest.mark.parametrize("prefix", ["", "/de"])
def test_team_page_query_count_is_constant(
    client, clinic, django_assert_num_queries, count, prefix
):
    for doctor in DoctorFactory.create_batch(count, memberships="A\nB", languages_spoken="en"):
        TreatmentFactory().doctors.add(doctor)
    Clinic.load()
    with django_assert_num_queries(TEAM_PAGE_QUERIES):
        response = client.get(f"{prefix}/doctors/")
    assert len(response.context["doctors"]) == count


@pytest.mark.parametrize("count", [1, 5])
@pytest.mark.parametrize("prefix", ["", "/de"])
def test_profile_query_count_is_constant(client, clinic, django_assert_num_queries, count, prefix):
    doctor = DoctorFactory(slug="busy")
    language = prefix.strip("/") or "en"
    for _ in range(count):
        TreatmentFactory().doctors.add(doctor)
        ArticleFactory(author=doctor, language=language)
        ArticleFactory(reviewed_by=doctor, language=language)
    Clinic.load()
    with django_assert_num_queries(PROFILE_QUERIES):
        response = client.get(f"{prefix}/doctors/busy/")
    assert len(response.context["treatments"]) == count
    assert len(response.context["reviewed_articles"]) == count


# --- Admin and demo ---------------------------------------------------------------------------


def test_editors_enter_the_team_page_facts_in_the_doctor_admin(selin):
    client = Client()
    client.force_login(SuperuserFactory())
    page = client.get(f"/admin/blog/doctor/{selin.pk}/change/").text
    for field in [
        "practising_since",
        "languages_spoken_en",
        "languages_spoken_ar",
        "memberships_de",
    ]:
        assert f'name="{field}"' in page


def test_demo_doctors_have_their_team_facts_in_every_language(db):
    blog_demo.seed(stdout=StringIO())
    blog_demo.seed(stdout=StringIO())  # idempotent
    assert Doctor.objects.count() == 3
    for doctor in Doctor.objects.all():
        assert doctor.practising_since
        for language in ["en", "tr", "de", "ar"]:
            assert getattr(doctor, f"languages_spoken_{language}")
            assert getattr(doctor, f"memberships_{language}")


def test_demo_fills_the_team_facts_of_doctors_seeded_before(db):
    blog_demo.seed(stdout=StringIO())
    Doctor.objects.update(practising_since=None, languages_spoken_en="", memberships_en="")
    blog_demo.seed(stdout=StringIO())
    selin = Doctor.objects.get(slug="selin-aksoy")
    assert selin.practising_since == 2008
    assert selin.languages_spoken_en == "English, Turkish, German"


@pytest.mark.parametrize("year", [1900, 2999])
def test_a_doctor_cannot_have_practised_since_an_impossible_year(selin, year):
    selin.practising_since = year
    with pytest.raises(ValidationError) as error:
        selin.full_clean()
    assert "practising_since" in error.value.message_dict


def test_languages_are_shown_as_written_in_the_pages_language(client, four_languages, selin):
    selin.languages_spoken_ar = "الإنجليزية، التركية، الألمانية"
    selin.save()
    assert "الإنجليزية، التركية، الألمانية" in client.get("/ar/doctors/").text
