"""The call-back form as a patient meets it: fields, phone formats, mistakes, odd input."""

import re

import pytest
from django.urls import reverse

from leads.consent import CONSENT_VERSION
from leads.models import Lead
from tests.factories import TreatmentFactory, callback_form_data

pytestmark = pytest.mark.django_db

CALLBACK = "/callback/"


def post(client, **overrides):
    return client.post(CALLBACK, callback_form_data(**overrides))


def field_block(html, name):
    """The markup crispy renders for one field: its wrapper, input, errors and help."""
    match = re.search(rf'<div id="div_id_{name}".*?(?=<div id="div_id_|</form>)', html, re.S)
    assert match, f"no field {name!r} on the page"
    return match.group(0)


def test_urls_keep_their_contract_names():
    assert reverse("leads:callback") == "/callback/"
    assert reverse("leads:thanks") == "/callback/thanks/"


def test_callback_page_shows_the_form_posting_to_itself(client):
    html = client.get(CALLBACK).content.decode()
    assert '<form  action="/callback/"' in html or 'action="/callback/"' in html
    for name in ("name", "phone", "consent"):
        assert f'name="{name}"' in html
    # Checked by the browser's Sec-Fetch-Site/Origin: nothing of one visitor in the page.
    assert 'name="csrfmiddlewaretoken"' not in html


def test_phone_field_is_made_for_a_phone_keyboard_and_autofill(client):
    html = client.get(CALLBACK).content.decode()
    phone = re.search(r"<input[^>]*name=\"phone\"[^>]*>", html).group(0)
    assert 'type="tel"' in phone
    assert 'autocomplete="tel"' in phone
    assert 'inputmode="tel"' in phone
    name = re.search(r"<input[^>]*name=\"name\"[^>]*>", html).group(0)
    assert 'autocomplete="name"' in name


def test_required_fields_are_marked_required_and_the_rest_optional(client):
    html = client.get(CALLBACK).content.decode()
    for name in ("name", "phone", "consent"):
        assert re.search(rf"<input[^>]*name=\"{name}\"[^>]*required", html), name
    for name in ("message", "preferred_time", "interest", "whatsapp_ok"):
        tag = re.search(rf"<(?:input|select|textarea)[^>]*name=\"{name}\"[^>]*>", html).group(0)
        assert "required" not in tag, name


def test_consent_box_is_never_pre_ticked_and_links_to_the_privacy_notice(client):
    html = client.get(CALLBACK).content.decode()
    consent = re.search(r"<input[^>]*name=\"consent\"[^>]*>", html).group(0)
    assert "checked" not in consent
    assert '<a href="/privacy/">privacy notice</a>' in field_block(html, "consent")
    assert client.get("/privacy/").status_code == 200


def test_honeypot_is_hidden_from_people_and_keyboards(client):
    html = client.get(CALLBACK).content.decode()
    block = field_block(html, "website")
    assert "form-trap" in block.split(">")[0]
    assert 'tabindex="-1"' in block


def test_treatments_of_interest_come_from_the_list_staff_edit(client):
    TreatmentFactory(name="Beard transplant", position=2)
    TreatmentFactory(name="FUE hair transplant", position=1)
    TreatmentFactory(name="Discontinued", active=False)
    html = client.get(CALLBACK).content.decode()
    options = re.findall(r"<option value=\"\d+\"[^>]*>([^<]+)</option>", html)
    assert options == ["FUE hair transplant", "Beard transplant"]


@pytest.mark.parametrize(
    "typed",
    [
        "+90 532 123 45 67",
        "0532 123 45 67",
        "0090 532 1234567",
        "5321234567",
        "+90 (532) 123-45-67",
        "+905321234567",
        "  0532.123.45.67  ",
    ],
)
def test_any_reasonable_way_of_writing_a_turkish_number_is_stored_as_e164(client, typed):
    response = post(client, phone=typed)
    assert response.status_code == 302
    assert Lead.objects.get().phone.as_e164 == "+905321234567"


@pytest.mark.parametrize(
    ("typed", "e164", "country"),
    [
        ("+44 7400 123456", "+447400123456", "GB"),
        ("+49 151 23456789", "+4915123456789", "DE"),
        ("0049 151 23456789", "+4915123456789", "DE"),
        ("+971 50 123 4567", "+971501234567", "AE"),
        ("+7 912 345-67-89", "+79123456789", "RU"),
    ],
)
def test_foreign_numbers_with_their_code_are_stored_as_e164_with_their_country(
    client, typed, e164, country
):
    assert post(client, phone=typed).status_code == 302
    lead = Lead.objects.get()
    assert (lead.phone.as_e164, lead.country) == (e164, country)


@pytest.mark.parametrize(
    ("typed", "e164"),
    [
        ("+870 773 111 632", "+870773111632"),  # Inmarsat
        ("+800 1234 5678", "+80012345678"),  # international freephone
        ("+881 6 1234 5678", "+881612345678"),  # Iridium
        ("+883 5100 1000 1234", "+883510010001234"),  # international networks
        ("+979 123 456 789", "+979123456789"),  # international premium rate
    ],
)
def test_numbers_that_belong_to_no_country_are_saved_without_a_country(client, typed, e164):
    response = post(client, phone=typed)
    assert response.status_code == 302
    lead = Lead.objects.get()
    assert (lead.phone.as_e164, lead.country) == (e164, "")


def test_default_region_comes_from_the_setting(client, settings):
    settings.PHONENUMBER_DEFAULT_REGION = "DE"
    assert post(client, phone="0151 23456789").status_code == 302
    assert Lead.objects.get().phone.as_e164 == "+4915123456789"


@pytest.mark.parametrize("typed", ["123", "0532 123", "+90 000 000 00 00", "call me", "+999 1234"])
def test_a_number_that_cannot_be_real_is_refused_with_the_typed_name_kept(client, typed):
    response = post(client, name="Zeynep Kaya", phone=typed)
    assert response.status_code == 200
    html = response.content.decode()
    assert "does not look like a phone number we can call" in field_block(html, "phone")
    assert 'value="Zeynep Kaya"' in html
    assert Lead.objects.count() == 0


def test_consent_is_required(client):
    response = post(client, consent=None)
    assert "Please agree so that we may call you." in field_block(
        response.content.decode(), "consent"
    )
    assert Lead.objects.count() == 0


@pytest.mark.parametrize("missing", ["name", "phone"])
def test_name_and_phone_are_required(client, missing):
    response = post(client, **{missing: None})
    assert response.status_code == 200
    assert 'class="invalid-feedback"' in field_block(response.content.decode(), missing)
    assert Lead.objects.count() == 0


def test_an_error_is_tied_to_its_field_for_screen_readers_and_focused(client):
    html = post(client, phone="123").content.decode()
    phone = re.search(r"<input[^>]*name=\"phone\"[^>]*>", html).group(0)
    assert 'aria-invalid="true"' in phone
    assert "id_phone_error" in re.search(r'aria-describedby="([^"]+)"', phone).group(1)
    assert 'id="id_phone_error"' in html
    assert "autofocus" in phone
    assert 'role="alert"' in html and 'href="#id_phone"' in html


def test_everything_typed_is_kept_after_a_mistake(client):
    treatment = TreatmentFactory(name="FUE hair transplant")
    response = post(
        client,
        name="Zeynep",
        phone="123",
        message="Two questions about recovery",
        preferred_time="evening",
        interest=str(treatment.pk),
        whatsapp_ok="on",
    )
    html = response.content.decode()
    assert 'value="Zeynep"' in html
    assert 'value="123"' in html
    assert "Two questions about recovery</textarea>" in html
    assert re.search(r'<option value="evening" selected>', html)
    assert re.search(rf'<option value="{treatment.pk}" selected>', html)
    assert re.search(r"<input[^>]*name=\"whatsapp_ok\"[^>]*checked", html)
    assert re.search(r"<input[^>]*name=\"consent\"[^>]*checked", html)
    # The page the form was first on is still recorded when it is sent again from here.
    assert 'value="http://testserver/blog/fue-or-dhi/"' in html


def test_success_redirects_to_the_thanks_page(client):
    response = post(client)
    assert response.status_code == 302
    assert response["Location"].startswith("/callback/thanks/?queued=")


def test_everything_the_patient_gave_is_saved(client):
    treatment = TreatmentFactory(name="FUE hair transplant")
    post(
        client,
        preferred_time="evening",
        interest=str(treatment.pk),
        message="Is it painful?",
        whatsapp_ok="on",
    )
    lead = Lead.objects.get()
    assert lead.name == "Ayşe Yılmaz"
    assert lead.status == Lead.Status.NEW
    assert lead.preferred_time == Lead.PreferredTime.EVENING
    assert lead.interest == treatment
    assert lead.message == "Is it painful?"
    assert lead.whatsapp_ok is True
    assert lead.language == "en"
    assert lead.request_count == 1


def test_consent_is_recorded_with_the_exact_text_shown_its_version_and_time(client):
    from clinic_site.models import Clinic

    post(client)
    lead = Lead.objects.get()
    assert lead.consent_text == (
        f"I agree that {Clinic.load().name} may call me back about my request and keep my "
        "details as described in the privacy notice."
    )
    assert lead.consent_version == CONSENT_VERSION
    assert lead.consented_at == lead.created_at


def test_the_client_ip_is_stored_with_its_last_part_cut_off(client):
    client.post(
        CALLBACK,
        callback_form_data(),
        REMOTE_ADDR="203.0.113.195",
        HTTP_USER_AGENT="Mozilla/5.0 (Linux; Android 14)",
    )
    lead = Lead.objects.get()
    assert lead.ip_address == "203.0.113.0"
    assert lead.user_agent == "Mozilla/5.0 (Linux; Android 14)"


@pytest.mark.parametrize(
    "name", ["Ayşe Yılmaz", "Müller-Lüdenscheidt", "محمد العلي", "Иван Петров", "李小龙", "Zoë 🌷"]
)
def test_unicode_names_are_kept(client, name):
    assert post(client, name=name).status_code == 302
    assert Lead.objects.get().name == name


@pytest.mark.parametrize(
    "overrides",
    [
        {"name": "x" * 10_000},
        {"phone": "9" * 10_000},
        {"message": "m" * 1001},
        {"name": "   "},
        {"name": "!!!???"},
        {"name": "\x00\x01"},
        {"phone": "\x00"},
        {"preferred_time": "midnight"},
        {"interest": "not-a-number"},
        {"interest": "99999"},
        {"consent": "maybe", "name": ""},
        {"name": "", "phone": "", "consent": ""},
    ],
)
def test_overlong_empty_and_odd_input_is_refused_with_a_message_never_an_error(client, overrides):
    response = post(client, **overrides)
    assert response.status_code == 200
    assert 'class="invalid-feedback"' in response.content.decode()
    assert Lead.objects.count() == 0


@pytest.mark.parametrize(
    "overrides",
    [
        {"source_url": "javascript:alert(1)"},
        {"source_url": "https://example.com/" + "a" * 5000},
        {"website": ""},
        {"message": "Line one\r\nLine two\x07"},
        {"name": "Ay\u202eşe"},
        {"name": "Ayşe\x00"},
        {"utm_source": "ignored"},
    ],
)
def test_odd_hidden_values_are_cleaned_never_an_error(client, overrides):
    response = post(client, **overrides)
    assert response.status_code == 302
    lead = Lead.objects.get()
    assert len(lead.source_url) <= 500
    assert not lead.source_url.startswith("javascript")
    assert "\x07" not in lead.message and "\u202e" not in lead.name and "\x00" not in lead.name


def test_an_empty_post_shows_the_form_with_messages(client):
    response = client.post(CALLBACK, {})
    assert response.status_code == 200
    assert response.content.decode().count('class="invalid-feedback"') == 3


def test_a_message_of_1000_characters_is_accepted(client):
    assert post(client, message="m" * 1000).status_code == 302


def test_other_methods_are_refused(client):
    assert client.put(CALLBACK).status_code == 405
    assert client.delete(CALLBACK).status_code == 405
