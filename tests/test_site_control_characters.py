"""
NUL and other control characters in what a request carries into the database (campaign tags,
referrer, source page, browser, names, messages, an imported list): stripped, never a 500
(PostgreSQL refuses a NUL in text), and a poisoned visit cookie never keeps a browser from
sending the form again.
"""

import json

import pytest
from axes.models import AccessAttempt
from django.core import signing
from django.http import HttpResponse

from clinic_site.text import StoredHeadersMiddleware
from leads.attribution import VISIT_COOKIE, VISIT_COOKIE_SALT
from leads.models import Lead
from newsletter.models import ConsentEvent, Subscriber
from newsletter.services.imports import subscriber_import_create, subscriber_import_run
from tests.factories import callback_form_data, newsletter_form_data

pytestmark = pytest.mark.django_db

CALLBACK = "/callback/"
SUBSCRIBE = "/newsletter/subscribe/"
# NUL, the other C0 controls, DEL, a C1 control and a non-character.
CONTROLS = "\x00\x01\x07\x1b\x7f\x85\ufffe"


def test_a_nul_in_a_campaign_tag_of_the_forms_page_is_stripped(client):
    source = "http://testserver/blog/a/?utm_source=goo%00gle&utm_campaign=spring%01%7F"
    response = client.post(CALLBACK, callback_form_data(source_url=source))
    assert response.status_code == 302
    lead = Lead.objects.get()
    assert (lead.utm_source, lead.utm_campaign) == ("google", "spring")
    assert "\x00" not in lead.source_url


def test_a_nul_in_a_campaign_tag_of_the_landing_page_is_stripped(client):
    client.get("/?utm_source=goo%00gle&utm_medium=c%1Bpc")
    response = client.post(CALLBACK, callback_form_data())
    assert response.status_code == 302
    lead = Lead.objects.get()
    assert (lead.utm_source, lead.utm_medium) == ("google", "cpc")


def test_a_visit_cookie_remembered_with_a_nul_does_not_block_the_browser(client):
    # A cookie set before control characters were stripped: signed by us, so it is trusted.
    visit = {"utm_source": "goo\x00gle", "referrer": "https://forum.example/\x00thread"}
    client.cookies[VISIT_COOKIE] = signing.get_cookie_signer(
        salt=VISIT_COOKIE + VISIT_COOKIE_SALT
    ).sign(json.dumps(visit))
    for number in ("+90 532 111 11 11", "+90 532 222 22 22"):
        assert client.post(CALLBACK, callback_form_data(phone=number)).status_code == 302
    assert set(Lead.objects.values_list("utm_source", "referrer")) == {
        ("google", "https://forum.example/thread")
    }


def test_a_nul_in_the_referrer_is_stripped(client):
    client.get("/", HTTP_REFERER="https://forum.example/\x00thread/42")
    response = client.post(CALLBACK, callback_form_data(source_url=None), HTTP_REFERER="x\x00")
    assert response.status_code == 302
    assert Lead.objects.get().referrer == "https://forum.example/thread/42"


def test_a_nul_in_the_user_agent_is_stripped(client):
    response = client.post(
        CALLBACK, callback_form_data(), HTTP_USER_AGENT=f"Mozilla/5.0{CONTROLS} (Phone)"
    )
    assert response.status_code == 302
    assert Lead.objects.get().user_agent == "Mozilla/5.0 (Phone)"


def test_control_characters_in_the_name_and_message_are_stripped_line_breaks_kept(client):
    response = client.post(
        CALLBACK,
        callback_form_data(
            name=f"Ay{CONTROLS}şe Yılmaz",
            message=f"Hello,{CONTROLS}\r\nI would like\tto know\x00 the price.",
        ),
    )
    assert response.status_code == 302
    lead = Lead.objects.get()
    assert lead.name == "Ayşe Yılmaz"
    assert lead.message == "Hello,\nI would like\tto know the price."


def test_a_source_page_with_a_nul_is_saved_clean(client):
    response = client.post(
        CALLBACK, callback_form_data(source_url="http://testserver/blog/\x00fue-or-dhi/")
    )
    assert response.status_code == 302
    assert Lead.objects.get().source_url == "http://testserver/blog/fue-or-dhi/"


def test_a_nul_in_a_newsletter_first_name_and_browser_is_stripped(client):
    response = client.post(
        SUBSCRIBE,
        newsletter_form_data(first_name=f"Ay{CONTROLS}şe"),
        HTTP_USER_AGENT="Mozilla/5.0\x00 (Phone)",
    )
    assert response.status_code == 302
    subscriber = Subscriber.objects.get()
    assert subscriber.first_name == "Ayşe"
    assert ConsentEvent.objects.get(subscriber=subscriber).user_agent == "Mozilla/5.0 (Phone)"


def test_a_nul_in_a_newsletter_address_is_refused_with_a_message(client):
    response = client.post(SUBSCRIBE, newsletter_form_data(email="ay\x00se@example.com"))
    assert response.status_code == 200
    assert "Please enter a valid email address" in response.text
    assert Subscriber.objects.count() == 0


def test_a_nul_in_the_browser_of_a_failed_admin_login_is_stripped(client):
    response = client.post(
        "/admin/login/?next=/admin/",
        {"username": "ayse", "password": "wrong"},
        HTTP_USER_AGENT="Mozilla/5.0\x00 (Phone)",
    )
    assert response.status_code == 200
    assert AccessAttempt.objects.get().user_agent == "Mozilla/5.0 (Phone)"


def test_a_nul_in_the_accept_header_of_a_failed_admin_login_is_stripped(client):
    # django-axes records the Accept header of every failed login: a NUL was a 500 on
    # PostgreSQL, and no lockout count.
    response = client.post(
        "/admin/login/?next=/admin/",
        {"username": "ayse", "password": "wrong"},
        HTTP_ACCEPT=f"text/html{CONTROLS}",
    )
    assert response.status_code == 200
    assert AccessAttempt.objects.get().http_accept == "text/html"


def test_every_request_header_reaches_the_site_without_control_characters(rf):
    request = rf.get("/", HTTP_ACCEPT_LANGUAGE=f"tr{CONTROLS}", HTTP_X_ANYTHING=f"a\tb{CONTROLS}")
    seen = {}

    def view(request):
        seen.update(request.META)
        return HttpResponse()

    StoredHeadersMiddleware(view)(request)
    assert (seen["HTTP_ACCEPT_LANGUAGE"], seen["HTTP_X_ANYTHING"]) == ("tr", "a b")


def test_control_characters_in_an_imported_list_are_stripped():
    job = subscriber_import_create(
        filename="list.csv",
        data="email,first_name\r\nayse@example.com,Ay\x00şe\x1b\r\n".encode(),
        consent_source="Reception\x00 sheet",
    )
    subscriber_import_run(subscriber_import=job)
    subscriber = Subscriber.objects.get()
    assert subscriber.first_name == "Ayşe"
    assert subscriber.consent_events.get().source == "Reception sheet"
