"""The page frame, the clinic identity, health check, error pages, roles and demo content."""

from importlib import import_module
from io import StringIO

import pytest
from django.apps import apps as django_apps
from django.contrib.auth.models import Group, User
from django.core.management import call_command
from django.db import DatabaseError
from django.test import Client, RequestFactory
from django.urls import reverse

from clinic_site.models import Clinic, OpeningHours
from clinic_site.roles import ROLES
from clinic_site.views import server_error
from tests.factories import StaffFactory, SuperuserFactory

pytestmark = pytest.mark.django_db


def admin_form_data(clinic, **changes):
    """What the clinic's admin form posts, with the inline formsets as they stand."""
    data = {
        "name": clinic.name,
        "callback_promise_minutes": clinic.callback_promise_minutes,
        "street_address": clinic.street_address,
        "postal_code": clinic.postal_code,
        "region": clinic.region,
        "city": clinic.city,
        "country": clinic.country,
        "country_code": clinic.country_code,
        "phone": str(clinic.phone),
        "whatsapp": str(clinic.whatsapp),
        "email": clinic.email,
        "time_zone": clinic.time_zone,
        "price_from": clinic.price_from,
        "price_to": clinic.price_to,
        "currency": clinic.currency,
        "privacy_notice": clinic.privacy_notice,
    }
    hours = list(clinic.opening_hours.all())
    data.update(
        {
            "opening_hours-TOTAL_FORMS": len(hours),
            "opening_hours-INITIAL_FORMS": len(hours),
            "social_links-TOTAL_FORMS": 0,
            "social_links-INITIAL_FORMS": 0,
        }
    )
    for index, period in enumerate(hours):
        data.update(
            {
                f"opening_hours-{index}-id": period.pk,
                f"opening_hours-{index}-clinic": clinic.pk,
                f"opening_hours-{index}-weekday": period.weekday,
                f"opening_hours-{index}-opens": period.opens.strftime("%H:%M"),
                f"opening_hours-{index}-closes": period.closes.strftime("%H:%M"),
            }
        )
    data.update(changes)
    return data


def test_header_shows_the_identity_edited_in_admin(client, clinic):
    assert "Bosphorus Hair Clinic" in client.get("/").text  # the cache is warm now
    admin = Client()
    admin.force_login(SuperuserFactory())
    response = admin.post(
        reverse("admin:clinic_site_clinic_change", args=[clinic.pk]),
        admin_form_data(
            clinic,
            name="Galata Hair Centre",
            phone="+90 212 999 88 77",
            street_address="Kemeraltı Caddesi 7",
            price_from=2100,
            price_to=2900,
        ),
    )
    assert response.status_code == 302, response.context["adminform"].form.errors

    page = client.get("/").text
    assert "Galata Hair Centre" in page
    assert "Kemeraltı Caddesi 7" in page
    assert 'href="tel:+902129998877"' in page
    assert "€2,100 – €2,900" in page
    assert "Bosphorus Hair Clinic" not in page


def test_header_has_skip_link_address_prices_and_contact_links(client, clinic):
    page = client.get("/").text
    assert (
        '<a class="skip-link visually-hidden-focusable" href="#main">Skip to main content</a>'
        in page
    )
    assert '<main id="main" tabindex="-1"' in page
    assert "Meşrutiyet Caddesi 42" in page
    assert "€1,900 – €2,600" in page
    assert 'href="tel:+902123456789"' in page
    assert 'href="https://wa.me/905321234567"' in page


def test_footer_shows_opening_hours_and_closed_days(client, clinic):
    page = client.get("/privacy/").text
    assert "09:00–19:00" in page
    assert "10:00–16:00" in page
    assert "Closed" in page  # Sunday


def test_whatsapp_links_disappear_when_the_clinic_has_no_whatsapp(client, clinic):
    clinic.whatsapp = ""
    clinic.save()
    assert "wa.me" not in client.get("/").text


def test_reading_the_identity_on_a_warm_request_costs_no_query(
    client, clinic, django_assert_num_queries
):
    client.get("/privacy/")
    with django_assert_num_queries(0):
        assert Clinic.load().name == "Bosphorus Hair Clinic"
        response = client.get("/privacy/")
    assert "Bosphorus Hair Clinic" in response.text


def test_saving_opening_hours_clears_the_cached_identity(client, clinic):
    client.get("/")
    OpeningHours.objects.create(clinic=clinic, weekday=6, opens="11:00", closes="13:00")
    assert "11:00–13:00" in client.get("/").text


def test_the_identity_is_a_single_record_that_cannot_be_deleted_in_admin(clinic):
    admin = Client()
    admin.force_login(SuperuserFactory())
    changelist = admin.get(reverse("admin:clinic_site_clinic_changelist"))
    assert changelist.status_code == 302
    assert changelist["Location"] == reverse("admin:clinic_site_clinic_change", args=[clinic.pk])
    assert admin.get(reverse("admin:clinic_site_clinic_add")).status_code == 403
    assert (
        admin.get(reverse("admin:clinic_site_clinic_delete", args=[clinic.pk])).status_code == 403
    )


def test_home_page_has_the_promise_and_calls_to_action(client, clinic):
    page = client.get("/").text
    assert "calls you back within 15 minutes during opening hours" in page
    assert "Call us now" in page


def test_home_page_describes_the_clinic_for_search_engines(client, clinic):
    import json
    import re

    page = client.get("/").text
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    data = [json.loads(block) for block in blocks]
    clinic_data = next(item for item in data if item.get("@type") == "MedicalClinic")
    assert clinic_data["name"] == "Bosphorus Hair Clinic"
    assert clinic_data["telephone"] == "+902123456789"
    assert clinic_data["address"]["addressCountry"] == "TR"
    assert clinic_data["priceRange"] == "€1,900 – €2,600"


def test_structured_data_cannot_break_out_of_its_script_element(client, clinic):
    clinic.name = "</script><script>alert(1)</script>"
    clinic.save()
    page = client.get("/").text
    assert "<script>alert(1)" not in page
    assert "\\u003C/script\\u003E" in page


def test_privacy_notice_shows_the_clinics_own_text(client, clinic):
    clinic.privacy_notice = "We keep your number for 30 days.\n\nAsk us to delete it at any time."
    clinic.save()
    page = client.get(reverse("privacy")).text
    assert "<p>We keep your number for 30 days.</p>" in page


def test_healthz_answers_200_when_the_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_healthz_answers_503_when_the_database_does_not(client, monkeypatch):
    class BrokenConnection:
        def cursor(self):
            raise DatabaseError("connection refused")

    monkeypatch.setattr("clinic_site.views.connection", BrokenConnection())
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "unavailable"


def test_unknown_page_gets_a_friendly_404_in_the_sites_frame(client, clinic):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "We could not find that page" in response.text
    assert "Bosphorus Hair Clinic" in response.text
    assert "Skip to main content" in response.text


@pytest.mark.urls("tests.urls_errors")
def test_forbidden_page_is_friendly(client, clinic):
    response = client.get("/test-forbidden/")
    assert response.status_code == 403
    assert "You cannot open this page" in response.text


@pytest.mark.urls("tests.urls_errors")
def test_server_error_page_is_friendly(clinic):
    client = Client(raise_request_exception=False)
    client.get("/")  # warms the identity cache
    response = client.get("/test-broken/")
    assert response.status_code == 500
    assert "Something went wrong on our side" in response.text
    assert 'href="tel:+902123456789"' in response.text


def test_csrf_failure_page_explains_what_to_do(clinic):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/privacy/", {})
    assert response.status_code == 403
    assert "Please send the form again" in response.text
    assert "Bosphorus Hair Clinic" in response.text


@pytest.mark.django_db(transaction=False)
def test_roles_exist_after_migrate():
    assert set(Group.objects.values_list("name", flat=True)) >= set(ROLES)


def test_migrate_keeps_roles_idempotent():
    call_command("migrate", verbosity=0)
    call_command("migrate", verbosity=0)
    for role in ROLES:
        assert Group.objects.filter(name=role).count() == 1


def test_staff_in_no_group_see_nothing_in_admin():
    client = Client()
    client.force_login(StaffFactory())
    response = client.get(reverse("admin:index"))
    assert response.status_code == 200
    assert response.context["app_list"] == []
    assert client.get(reverse("admin:auth_user_changelist")).status_code == 403


def test_seed_demo_is_idempotent():
    call_command("seed_demo", stdout=StringIO())
    snapshot = Clinic.objects.values().get()
    hours = list(OpeningHours.objects.values())
    call_command("seed_demo", stdout=StringIO())
    assert Clinic.objects.values().get() == snapshot
    assert list(OpeningHours.objects.values()) == hours


def test_seed_demo_creates_no_accounts_without_debug(settings):
    settings.DEBUG = False
    call_command("seed_demo", stdout=StringIO())
    assert not User.objects.exists()


def test_seed_demo_creates_a_staff_account_per_role_with_printed_passwords_in_debug(settings):
    settings.DEBUG = True
    first = StringIO()
    call_command("seed_demo", stdout=first)
    users = {user.username: user for user in User.objects.all()}
    assert users["admin"].is_superuser
    for username, role in [
        ("editor", "Editors"),
        ("callcentre", "Call centre"),
        ("marketing", "Marketing"),
        ("doctor", "Doctors"),
    ]:
        assert list(users[username].groups.values_list("name", flat=True)) == [role]
    passwords = {
        line.split("'")[1]: line.rsplit(" ", 1)[1]
        for line in first.getvalue().splitlines()
        if "password:" in line
    }
    assert Client().login(username="editor", password=passwords["editor"])

    User.objects.all().delete()
    second = StringIO()
    call_command("seed_demo", stdout=second)
    assert passwords["editor"] not in second.getvalue()  # generated, never hard-coded


def test_server_error_page_renders_without_a_database():
    """No django_db mark: any query here would fail the test."""
    response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    assert b"Something went wrong on our side" in response.content


def test_the_standard_privacy_notice_names_everything_the_site_keeps(client, clinic):
    page = client.get(reverse("privacy")).text
    for kept in ("phone number", "message", "IP address", "browser", "campaign", "clinic_visit"):
        assert kept in page
    assert 'aria-current="page">Privacy notice</li>' in page


def test_the_price_range_is_labelled_for_everyone(client, clinic):
    assert "Treatment prices: €1,900 – €2,600" in client.get("/").text


def test_reading_the_identity_never_writes_a_row(client, django_assert_num_queries):
    Clinic.objects.all().delete()
    with django_assert_num_queries(1):  # the one look for the row; opening hours come with it
        clinic = Clinic.load()
    assert clinic.name == "Clinic" and clinic.weekly_hours
    assert client.get(reverse("home")).status_code == 200
    assert not Clinic.objects.exists()


def test_the_identity_row_comes_from_a_migration():
    migration = import_module("clinic_site.migrations.0002_clinic_identity_row")
    Clinic.objects.all().delete()
    migration.create_identity(django_apps, schema_editor=None)
    migration.create_identity(django_apps, schema_editor=None)
    assert Clinic.objects.get().street_address == Clinic.placeholder().street_address


def test_without_an_identity_row_the_admin_offers_to_add_one(client):
    Clinic.objects.all().delete()
    client.force_login(SuperuserFactory())
    response = client.get(reverse("admin:clinic_site_clinic_changelist"))
    assert response["Location"] == reverse("admin:clinic_site_clinic_add")
