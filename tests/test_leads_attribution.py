"""Attribution: the page, the campaign tags and the referrer that produced a lead."""

import pytest

from leads.attribution import VISIT_COOKIE
from leads.models import Lead
from tests.factories import callback_form_data

pytestmark = pytest.mark.django_db

CALLBACK = "/callback/"
UTM = (
    "utm_source=google&utm_medium=cpc&utm_campaign=fue-2026"
    "&utm_term=hair+transplant&utm_content=ad-b"
)


def test_the_page_the_form_was_on_is_recorded(client):
    client.post(CALLBACK, callback_form_data(source_url="http://testserver/blog/dhi-recovery/"))
    assert Lead.objects.get().source_url == "http://testserver/blog/dhi-recovery/"


def test_without_the_page_the_referrer_is_the_source(client):
    client.post(
        CALLBACK,
        callback_form_data(source_url=None),
        HTTP_REFERER="http://testserver/blog/fue-or-dhi/",
    )
    assert Lead.objects.get().source_url == "http://testserver/blog/fue-or-dhi/"


def test_utm_tags_on_the_forms_page_are_recorded(client):
    client.post(CALLBACK, callback_form_data(source_url=f"http://testserver/blog/a/?{UTM}"))
    lead = Lead.objects.get()
    assert (
        lead.utm_source,
        lead.utm_medium,
        lead.utm_campaign,
        lead.utm_term,
        lead.utm_content,
    ) == ("google", "cpc", "fue-2026", "hair transplant", "ad-b")


def test_utm_tags_of_the_landing_page_are_kept_for_the_visit(client):
    # The patient lands from an ad, reads on, and asks from another page.
    client.get(f"/?{UTM}", HTTP_REFERER="https://www.google.com/")
    client.get("/privacy/")
    client.post(CALLBACK, callback_form_data(source_url="http://testserver/blog/other/"))
    lead = Lead.objects.get()
    assert (lead.utm_source, lead.utm_campaign) == ("google", "fue-2026")
    assert lead.referrer == "https://www.google.com/"
    assert lead.source_url == "http://testserver/blog/other/"


def test_the_site_that_sent_the_patient_is_the_referrer(client):
    client.get("/", HTTP_REFERER="https://forum.example/thread/42")
    client.get("/privacy/", HTTP_REFERER="http://testserver/")
    client.post(CALLBACK, callback_form_data(), HTTP_REFERER="http://testserver/blog/fue-or-dhi/")
    assert Lead.objects.get().referrer == "https://forum.example/thread/42"


def test_a_new_campaign_click_replaces_the_earlier_one(client):
    client.get("/?utm_source=newsletter&utm_campaign=spring")
    client.get("/?utm_source=instagram")
    client.post(CALLBACK, callback_form_data())
    lead = Lead.objects.get()
    assert (lead.utm_source, lead.utm_campaign) == ("instagram", "")


def test_the_visit_is_remembered_in_a_session_cookie_only(client):
    response = client.get(f"/?{UTM}")
    cookie = response.cookies[VISIT_COOKIE]
    assert cookie["httponly"] and cookie["samesite"] == "Lax"
    assert cookie["max-age"] == "" and cookie["expires"] == ""  # gone when the browser closes


def test_a_visit_without_campaign_or_outside_referrer_sets_no_cookie(client):
    response = client.get("/", HTTP_REFERER="http://testserver/privacy/")
    assert VISIT_COOKIE not in response.cookies


def test_a_forged_visit_cookie_is_ignored(client):
    client.cookies[VISIT_COOKIE] = '{"utm_source":"forged"}'
    client.post(CALLBACK, callback_form_data())
    assert Lead.objects.get().utm_source == ""


def test_overlong_campaign_tags_are_cut_not_refused(client):
    client.get("/?utm_source=" + "g" * 5000)
    assert client.post(CALLBACK, callback_form_data()).status_code == 302
    assert Lead.objects.get().utm_source == "g" * 200


def test_a_page_of_another_site_is_never_kept_as_the_source(client):
    client.post(CALLBACK, callback_form_data(source_url="https://evil.example/clinic-login"))
    assert Lead.objects.get().source_url == ""


@pytest.mark.parametrize(
    "posted",
    [
        "//evil.example/blog/",
        "/\\evil.example/blog/",
        "http://testserver@evil.example/blog/",
        "http://evil.example/?http://testserver/",
        "javascript://testserver/%0Aalert(1)",
    ],
)
def test_addresses_made_to_look_like_ours_are_not_kept_as_the_source(client, posted):
    client.post(CALLBACK, callback_form_data(source_url=posted))
    assert Lead.objects.get().source_url == ""


def test_a_path_on_this_site_is_kept_as_an_absolute_address(client):
    client.post(CALLBACK, callback_form_data(source_url="/blog/fue-or-dhi/?utm_source=x"))
    assert Lead.objects.get().source_url == "http://testserver/blog/fue-or-dhi/?utm_source=x"


def test_a_page_at_the_sites_public_address_is_kept(client, settings):
    settings.SITE_URL = "https://clinic.example"
    client.post(CALLBACK, callback_form_data(source_url="https://clinic.example/blog/a/"))
    assert Lead.objects.get().source_url == "https://clinic.example/blog/a/"


def test_an_external_source_falls_back_to_the_referrer_only_if_it_is_ours(client):
    client.post(
        CALLBACK,
        callback_form_data(source_url="https://evil.example/"),
        HTTP_REFERER="http://testserver/blog/dhi/",
    )
    client.post(
        CALLBACK,
        callback_form_data(phone="+90 532 999 99 99", source_url=None),
        HTTP_REFERER="https://evil.example/phish",
    )
    assert sorted(Lead.objects.values_list("source_url", flat=True)) == [
        "",
        "http://testserver/blog/dhi/",
    ]
