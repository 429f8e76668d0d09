"""The call-back form everywhere it helps, and the pages around it."""

import re
from datetime import time

import pytest
import time_machine
from django.core import mail
from django.template import Context, Template
from django.test import RequestFactory

from clinic_site.models import Clinic, OpeningHours
from leads.models import Lead
from tests.factories import callback_form_data

pytestmark = pytest.mark.django_db


def test_home_page_embeds_the_form_posting_to_callback_and_recording_the_page(client):
    html = client.get("/?utm_source=google").content.decode()
    section = html[html.index('<section id="callback"') :]
    assert 'action="/callback/"' in section
    assert 'name="source_url" value="http://testserver/?utm_source=google"' in section


def test_the_box_renders_anywhere_it_is_included_such_as_the_end_of_an_article(rf):
    """The blog includes this file at the end of every article."""
    request = RequestFactory().get("/blog/fue-or-dhi/")
    html = Template('{% include "leads/includes/callback_box.html" %}').render(
        Context({"request": request, "csrf_token": "token"})
    )
    assert 'action="/callback/"' in html
    assert 'value="http://testserver/blog/fue-or-dhi/"' in html
    # Nothing of one visitor in a box every visitor's page shares: posts are checked by origin.
    assert "csrfmiddlewaretoken" not in html
    assert 'id="id_name"' in html  # Django's default ids, unlike the newsletter box's


def test_an_error_in_an_embedded_form_brings_the_patient_to_callback_with_the_errors(client):
    response = client.post(
        "/callback/",
        callback_form_data(name="Zeynep", phone="12", source_url="http://testserver/"),
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert response.request["PATH_INFO"] == "/callback/"
    assert "<h1>Request a call back</h1>" in html
    assert "does not look like a phone number" in html
    assert 'value="Zeynep"' in html
    assert "<title>Error:" in html


def test_the_callback_page_records_itself_as_the_source(client):
    html = client.get("/callback/").content.decode()
    assert 'name="source_url" value="http://testserver/callback/"' in html


def test_callback_pages_are_never_cached(client):
    assert "no-cache" in client.get("/callback/")["Cache-Control"]
    assert "no-cache" in client.get("/callback/thanks/")["Cache-Control"]


def test_callback_page_shows_call_now_and_the_opening_hours(client):
    html = client.get("/callback/").content.decode()
    clinic = Clinic.load()
    assert f'href="{clinic.tel_href}"' in html
    assert "Opening hours" in html


@pytest.fixture
def clinic_open_weekdays():
    clinic = Clinic.load()
    clinic.whatsapp = "+905321234567"
    clinic.callback_promise_minutes = 15
    clinic.save()
    for day in range(5):
        OpeningHours.objects.create(clinic=clinic, weekday=day, opens=time(9), closes=time(19))
    return Clinic.load()


def test_thanks_page_promises_a_call_within_the_clinics_minutes_while_open(
    client, clinic_open_weekdays
):
    with time_machine.travel("2026-11-24 11:00:00+03:00"):  # a Tuesday morning in Istanbul
        html = client.post("/callback/", callback_form_data(), follow=True).content.decode()
    assert "will call you within 15 minutes" in html
    assert "Monday" in html and "09:00–19:00" in html
    assert f'href="{clinic_open_weekdays.tel_href}"' in html
    assert f'href="{clinic_open_weekdays.whatsapp_href}"' in html
    assert '<meta name="robots" content="noindex">' in html


def test_thanks_page_says_when_the_clinic_is_closed(client, clinic_open_weekdays):
    with time_machine.travel("2026-11-28 23:00:00+03:00"):  # Saturday night
        html = client.post("/callback/", callback_form_data(), follow=True).content.decode()
    assert "We are closed right now" in html
    assert "as soon as we open" in html


def test_the_whole_journey_ends_on_the_thanks_page(client):
    response = client.post("/callback/", callback_form_data(), follow=True)
    assert response.redirect_chain[0][0].startswith("/callback/thanks/?queued=")
    assert "<h1>Thank you: we will call you back</h1>" in response.content.decode()
    assert Lead.objects.count() == 1


def test_header_links_to_the_callback_page(client):
    html = client.get("/").content.decode()
    assert re.search(r'<a href="/callback/"[^>]*>Request a call back</a>', html)


@pytest.mark.parametrize("path", ["/callback/", "/de/callback/", "/ar/callback/"])
def test_callback_page_query_count_is_pinned(client, django_assert_max_num_queries, path):
    client.get(path)  # warm the clinic identity cache
    with django_assert_max_num_queries(2):  # session-free: the treatments list, at most one more
        assert client.get(path).status_code == 200


def test_a_submission_runs_a_small_fixed_number_of_queries(
    client, django_assert_max_num_queries, settings, django_capture_on_commit_callbacks
):
    settings.LEADS_NOTIFY_EMAILS = ["desk@clinic.example"]
    client.get("/callback/")
    # The staff notification that runs after the commit counts too.
    with django_assert_max_num_queries(12), django_capture_on_commit_callbacks(execute=True):
        client.post("/callback/", callback_form_data())
    assert len(mail.outbox) == 1


def test_every_patient_facing_text_is_translatable():
    """No hard-coded English in the templates outside translation tags."""
    from pathlib import Path

    from django.conf import settings

    for path in (Path(settings.BASE_DIR) / "templates" / "leads").rglob("*.html"):
        text = path.read_text()
        for block in ("blocktranslate", "comment"):
            text = re.sub(rf"{{% {block}.*?{{% end{block} %}}", " ", text, flags=re.S)
        stripped = re.sub(r"{%.*?%}|{{.*?}}|<[^>]+>", " ", text, flags=re.S)
        words = re.findall(r"[A-Za-z]{3,}", stripped)
        assert words == [], f"{path.name}: {words[:5]}"
