"""A WhatsApp chat with the patient, opened from the queue with a first message already typed."""

from urllib.parse import urlencode

from django.utils import translation
from django.utils.translation import gettext

from clinic_site.languages import site_language
from leads.models import Lead


def whatsapp_greeting(*, lead: Lead, clinic_name: str) -> str:
    """A short first message, in the language of the page the patient wrote from."""
    first_name = lead.name.split()[0] if lead.name.split() else ""
    with translation.override(site_language(lead.language)):
        greeting = gettext(
            "Hello %(name)s, this is %(clinic)s. You asked us to call you back: is now a good time?"
        ) % {"name": first_name, "clinic": clinic_name}
    return greeting.replace("  ", " ")


def whatsapp_url(*, lead: Lead, clinic_name: str) -> str:
    """
    A wa.me link that opens a chat with the patient, the greeting already typed; nothing when
    the patient did not tick "You may contact me on WhatsApp": their choice, not ours.
    """
    if not lead.whatsapp_ok:
        return ""
    number = lead.phone.as_e164.lstrip("+") if lead.phone else ""
    if not number:
        return ""
    text = whatsapp_greeting(lead=lead, clinic_name=clinic_name)
    return f"https://wa.me/{number}?{urlencode({'text': text})}"


def whatsapp_result_url(*, result) -> str:
    """
    A wa.me link that opens a chat with the patient with the doctor's answer already typed, in
    the patient's language (the same text as the email's); nothing without a phone number.
    """
    from leads.services.assessment import assessment_result_text

    lead = result.lead
    number = lead.phone.as_e164.lstrip("+") if lead.phone else ""
    if not number:
        return ""
    return f"https://wa.me/{number}?{urlencode({'text': assessment_result_text(result)})}"
