"""
The doctor's answer to a free assessment request, and how it reaches the patient.

A doctor records it (``assessment_result_record``); a coordinator sends it
(``assessment_result_send``), by email or on WhatsApp. Each sending is recorded
(``AssessmentSending``: when, by whom, how, and the text the patient got) and in the request's
admin history; the email itself goes out in the background
after the transaction commits (``leads.tasks.send_assessment_result``), in the patient's
language, as does the WhatsApp text the coordinator sends from their own phone.
"""

from datetime import timedelta
from email.utils import formataddr, parseaddr

from django.conf import settings
from django.contrib.admin.models import CHANGE, LogEntry
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from clinic_site.languages import site_language
from clinic_site.models import Clinic
from clinic_site.prices import number_display, price_display
from leads.models import AssessmentResult, AssessmentSending

Channel = AssessmentResult.Channel

# The admin history's line for each way of sending: no personal data in it, so anonymizing
# the request leaves it as it is.
SENT_MESSAGES = {
    Channel.EMAIL: _("Sent the assessment to the patient by email"),
    Channel.WHATSAPP: _("Sent the assessment to the patient on WhatsApp"),
}


class CannotSend(Exception):
    """The result cannot go out this way (no email address, no phone for WhatsApp)."""


def assessment_result_record(*, result: AssessmentResult, by) -> AssessmentResult:
    """The doctor's answer, saved as theirs: ``assessed_by`` the doctor, ``assessed_at`` now."""
    result.assessed_by = by
    result.assessed_at = timezone.now()
    result.full_clean()
    result.save()
    return result


def can_send(result: AssessmentResult, channel: str) -> bool:
    """Whether ``channel`` reaches this patient: an email address, or a phone for WhatsApp."""
    lead = result.lead
    if lead.anonymized_at:
        return False
    if channel == Channel.EMAIL:
        return bool(lead.email)
    if channel == Channel.WHATSAPP:
        return bool(lead.phone) and lead.whatsapp_ok
    return False


# Two presses of the button this close together are one sending: the patient gets one email.
DOUBLE_PRESS = timedelta(seconds=30)


def assessment_result_send(*, result: AssessmentResult, by, channel: str) -> AssessmentSending:
    """
    Record that ``by`` sent the result by ``channel``: a sending with the very text the patient
    gets (``assessment_result_text``, in their language), the latest sending on the result,
    and a line in the request's history. By email, the message is queued once the
    transaction commits; on WhatsApp the coordinator sends the prepared text from the chat it
    opens. A second press within ``DOUBLE_PRESS`` by the same channel returns the first.
    """
    if not can_send(result, channel):
        raise CannotSend(channel)
    with transaction.atomic():
        locked = AssessmentResult.objects.select_for_update().get(pk=result.pk)
        now = timezone.now()
        latest = locked.sendings.filter(channel=channel, sent_at__gte=now - DOUBLE_PRESS).first()
        if latest is not None:
            return latest
        sending = AssessmentSending.objects.create(
            result=locked,
            channel=channel,
            sent_at=now,
            sent_by=by,
            text=assessment_result_text(result),
        )
        result.sent_at, result.sent_by, result.sent_via = now, by, channel
        result.save(update_fields=["sent_at", "sent_by", "sent_via"])
        LogEntry.objects.log_actions(
            user_id=by.pk,
            queryset=[result.lead],
            action_flag=CHANGE,
            change_message=str(SENT_MESSAGES[channel]),
            single_object=True,
        )
        if channel == Channel.EMAIL:
            from leads.tasks import send_assessment_result

            transaction.on_commit(lambda: send_assessment_result.enqueue(result.pk))
    return sending


def sent_history(result: AssessmentResult) -> list[AssessmentSending]:
    """Every time the result was sent to the patient, the latest first, with who sent it."""
    return list(result.sendings.select_related("sent_by"))


def graft_range(result: AssessmentResult) -> str:
    """``2,500–3,000`` (``2.500–3.000`` in German), one number when both ends agree, or ""."""
    low, high = result.grafts_min, result.grafts_max
    if low and high and low != high:
        return f"{number_display(low)}–{number_display(high)}"
    if low or high:
        return number_display(low or high)
    return ""


def result_context(result: AssessmentResult, *, clinic: Clinic) -> dict:
    """What the patient is told, formatted in the active language (numbers, price)."""
    grafts = graft_range(result)
    price = ""
    if result.price_quoted is not None:
        price = price_display(int(result.price_quoted), result.currency)
    lead = result.lead
    return {
        "result": result,
        "lead": lead,
        "first_name": lead.name.split()[0] if lead.name.split() else "",
        "verdict": result.get_verdict_display(),
        "technique": result.technique.name if result.technique else "",
        "grafts": grafts,
        "price": price,
        "clinic": clinic,
        "site_url": settings.SITE_URL,
    }


def assessment_result_text(result: AssessmentResult, *, clinic: Clinic | None = None) -> str:
    """The result as plain text in the patient's language: the email's text, the WhatsApp one."""
    clinic = clinic or Clinic.load()
    with translation.override(site_language(result.lead.language)):
        text = render_to_string(
            "email/leads/assessment_result.txt", result_context(result, clinic=clinic)
        )
    return text.strip()


def assessment_result_email(*, result_id: int) -> bool:
    """
    Email the result to the patient, in their language. False when there is nobody to write
    to any more (no address, or the personal data was removed meanwhile).
    """
    result = AssessmentResult.objects.select_related("lead", "technique").get(pk=result_id)
    lead = result.lead
    if not lead.email or lead.anonymized_at:
        return False
    clinic = Clinic.load()
    with translation.override(site_language(lead.language)):
        context = result_context(result, clinic=clinic)
        subject = " ".join(
            render_to_string("email/leads/assessment_result_subject.txt", context).split()
        )
        text = render_to_string("email/leads/assessment_result.txt", context)
        html = render_to_string("email/leads/assessment_result.html", context)
    _name, address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    message = EmailMultiAlternatives(
        subject=subject,
        body=text,
        from_email=formataddr((clinic.name, address or settings.DEFAULT_FROM_EMAIL)),
        to=[lead.email],
        reply_to=[clinic.email] if clinic.email else None,
    )
    message.attach_alternative(html, "text/html")
    message.send(fail_silently=False)
    return True
