"""The patient's language: recorded from the page the request was sent from, used by staff."""

import csv
import io

import pytest
from django.conf import settings
from django.urls import reverse

from leads.models import Lead
from tests.factories import LeadFactory, callback_form_data

pytestmark = pytest.mark.django_db

QUEUE = reverse("admin:leads_lead_changelist")


def rows(response):
    return list(response.context["cl"].result_list)


def test_a_request_sent_from_a_german_page_is_recorded_as_german(client):
    response = client.post("/de/callback/", callback_form_data())
    assert response.status_code == 302
    assert Lead.objects.get().language == "de"


def test_a_request_sent_from_an_unprefixed_page_is_in_the_default_language(client):
    client.post("/callback/", callback_form_data())
    assert Lead.objects.get().language == settings.LANGUAGE_CODE


def test_the_form_on_a_german_page_posts_to_the_german_address(client):
    html = client.get("/de/").content.decode()
    assert 'action="/de/callback/"' in html


def test_a_repeat_request_takes_the_language_of_its_latest_page(client):
    client.post("/callback/", callback_form_data())
    client.post("/ar/callback/", callback_form_data())
    lead = Lead.objects.get()
    assert lead.request_count == 2
    assert lead.language == "ar"


def test_lead_factory_defaults_to_the_site_language():
    assert LeadFactory().language == settings.LANGUAGE_CODE


def test_queue_shows_each_request_language(signed_in):
    LeadFactory(language="de")
    page = signed_in.get(QUEUE).content.decode()
    assert "column-language_code" in page
    assert '<abbr title="Deutsch">de</abbr>' in page


def test_queue_filters_by_language(signed_in):
    german = LeadFactory(language="de")
    LeadFactory(language="en")
    page = signed_in.get(QUEUE).content.decode()
    assert 'href="?language=de"' in page
    assert rows(signed_in.get(QUEUE, {"language": "de"})) == [german]


def test_csv_export_has_the_language(signed_in):
    lead = LeadFactory(language="tr")
    response = signed_in.post(QUEUE, {"action": "export_csv", "_selected_action": [lead.pk]})
    body = b"".join(response.streaming_content) if response.streaming else response.content
    table = list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))
    assert table[0]["language"] == "tr"
