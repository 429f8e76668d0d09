"""The patient's language: recorded from the page the request was sent from, used by staff."""

import csv
import io
import shutil
import subprocess
import textwrap
from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format

from leads.models import CoordinatorLanguage, Lead
from leads.whatsapp import whatsapp_url
from tests.factories import LeadFactory, SuperuserFactory, callback_form_data
from tests.test_leads_triage_queue import QUEUE_QUERIES

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
    assert '<abbr class="language" title="Deutsch">de</abbr>' in page


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


GREETING = "Hello %(name)s, this is %(clinic)s. You asked us to call you back: is now a good time?"


def compiled_catalogue(directory, language, msgid, msgstr):
    """A one-entry catalogue for ``language`` under ``directory``, compiled with msgfmt."""
    path = directory / language / "LC_MESSAGES" / "django.po"
    path.parent.mkdir(parents=True)
    path.write_text(
        textwrap.dedent(
            f"""\
            msgid ""
            msgstr ""
            "Language: {language}\\n"
            "Content-Type: text/plain; charset=UTF-8\\n"

            msgid "{msgid}"
            msgstr "{msgstr}"
            """
        ),
        encoding="utf-8",
    )
    subprocess.run(["msgfmt", "-o", str(path.with_suffix(".mo")), str(path)], check=True)


def greeting_of(lead):
    [text] = parse_qs(urlsplit(whatsapp_url(lead=lead, clinic_name="Clinic")).query)["text"]
    return text


@pytest.mark.parametrize("language", ["de", "ar", "tr", "en"])
def test_the_whatsapp_greeting_is_in_the_patients_language(language):
    lead = LeadFactory(name="Anna Schmidt", whatsapp_ok=True, language=language)
    with translation.override(language):
        expected = translation.gettext(GREETING) % {"name": "Anna", "clinic": "Clinic"}
    assert greeting_of(lead) == expected
    # The coordinator's own language is left as it was.
    assert translation.get_language() == settings.LANGUAGE_CODE


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="msgfmt (gettext) compiles catalogues")
def test_the_whatsapp_greeting_comes_from_the_patients_catalogue(settings, tmp_path):
    compiled_catalogue(tmp_path, "de", GREETING, "Hallo %(name)s, hier ist %(clinic)s.")
    settings.LOCALE_PATHS = [tmp_path]
    german = LeadFactory(name="Anna Schmidt", whatsapp_ok=True, language="de")
    english = LeadFactory(name="Anna Smith", whatsapp_ok=True, language="en")
    assert greeting_of(german) == "Hallo Anna, hier ist Clinic."
    assert greeting_of(english).startswith("Hello Anna, this is Clinic.")


def test_a_language_the_site_does_not_have_is_greeted_in_the_default_language():
    lead = LeadFactory(name="Jan de Vries", whatsapp_ok=True, language="nl")
    assert greeting_of(lead).startswith("Hello Jan, this is Clinic.")


def test_the_staff_notification_names_the_patients_language_in_the_site_language(
    client, settings, django_capture_on_commit_callbacks
):
    settings.LEADS_NOTIFY_EMAILS = ["desk@clinic.example"]
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/de/callback/", callback_form_data())
    [email] = mail.outbox
    assert "Language: Deutsch (de)" in email.body
    assert "Best time to call" in email.body  # the clinic's language, not the patient's


# --- The languages each coordinator speaks ----------------------------------------------------


def speaks(user, *languages):
    for language in languages:
        CoordinatorLanguage.objects.create(user=user, language=language)


def test_a_coordinator_sees_requests_in_their_languages_first_in_queue_order(
    signed_in, coordinator
):
    speaks(coordinator, "de", "ar")
    now = timezone.now()
    english_oldest = LeadFactory(language="en", created_at=now - timedelta(minutes=50))
    german_old = LeadFactory(language="de", created_at=now - timedelta(minutes=40))
    arabic_newer = LeadFactory(language="ar", created_at=now - timedelta(minutes=30))
    turkish_newest = LeadFactory(language="tr", created_at=now - timedelta(minutes=20))
    assert rows(signed_in.get(QUEUE)) == [german_old, arabic_newer, english_oldest, turkish_newest]
    assert rows(signed_in.get(QUEUE, {"order": "queue"})) == [
        english_oldest,
        german_old,
        arabic_newer,
        turkish_newest,
    ]


def test_a_coordinator_without_languages_sees_the_queue_order(signed_in, colleague):
    speaks(colleague, "de")  # a colleague's languages change nothing for this coordinator
    now = timezone.now()
    english = LeadFactory(language="en", created_at=now - timedelta(minutes=50))
    german = LeadFactory(language="de", created_at=now - timedelta(minutes=40))
    page = signed_in.get(QUEUE)
    assert rows(page) == [english, german]
    assert "My languages first" in page.content.decode()


def test_the_language_order_keeps_the_queue_query_count(
    signed_in, coordinator, django_assert_max_num_queries
):
    speaks(coordinator, "de")
    LeadFactory.create_batch(3, language="de")
    LeadFactory.create_batch(3, language="en")
    signed_in.get(QUEUE)
    with django_assert_max_num_queries(QUEUE_QUERIES):
        assert len(rows(signed_in.get(QUEUE))) == 6


def test_a_coordinator_records_the_languages_they_speak(signed_in, coordinator, colleague):
    speaks(colleague, "tr")
    url = reverse("admin:leads_coordinatorlanguage_add")
    response = signed_in.post(url, {"language": "de"})
    assert response.status_code == 302
    assert list(coordinator.spoken_languages.values_list("language", flat=True)) == ["de"]
    again = signed_in.post(url, {"language": "de"})
    assert again.status_code == 200 and coordinator.spoken_languages.count() == 1
    listed = signed_in.get(reverse("admin:leads_coordinatorlanguage_changelist"))
    assert [row.user for row in listed.context["cl"].result_list] == [coordinator]


def test_a_superuser_sees_and_sets_every_coordinators_languages(client, coordinator, colleague):
    speaks(colleague, "tr")
    client.force_login(SuperuserFactory())
    url = reverse("admin:leads_coordinatorlanguage_add")
    assert client.post(url, {"user": coordinator.pk, "language": "ar"}).status_code == 302
    listed = client.get(reverse("admin:leads_coordinatorlanguage_changelist"))
    assert {(row.user, row.language) for row in listed.context["cl"].result_list} == {
        (coordinator, "ar"),
        (colleague, "tr"),
    }


def test_the_queue_dates_a_request_in_the_coordinators_language(signed_in):
    received = timezone.make_aware(timezone.datetime(2026, 3, 5, 14, 30))
    LeadFactory(created_at=received)
    page = signed_in.get(QUEUE, HTTP_ACCEPT_LANGUAGE="de").content.decode()
    with translation.override("de"):
        german = date_format(timezone.localtime(received), "j M H:i")
    assert german.startswith("5 Mär")
    assert german in page
    assert "05 Mar" not in page
