"""
Telling the call centre about a lead: an email, and a chat message when a webhook is set.

Sent by the background task right after the lead is saved, and by ``send_lead_notifications``
(cron, every minute) for anything still pending. Each sender first *claims* the lead with one
conditional UPDATE, so a worker and the command running at the same moment never both send.
A claim left by a sender that died expires after ``CLAIM_TIMEOUT``.

The chat message and the email are independent: a mail outage, or nobody to email, does not
silence the chat. The chat message is best effort and posted once per notification; the email
is retried until it goes out.
"""

import json
import logging
from datetime import timedelta
from urllib import request as urllib_request

from django.conf import settings
from django.core.mail import EmailMessage
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import ngettext

from clinic_site.languages import language_label
from clinic_site.models import Clinic
from clinic_site.roles import CALL_CENTRE, staff_in
from leads.models import Lead

logger = logging.getLogger(__name__)

CLAIM_TIMEOUT = timedelta(minutes=5)
WEBHOOK_TIMEOUT_SECONDS = 5


def configured_emails(value) -> list[str]:
    """``LEADS_NOTIFY_EMAILS`` as a list, or as one comma-separated string."""
    items = value.split(",") if isinstance(value, str) else (value or [])
    return [str(item).strip() for item in items if str(item).strip()]


def notification_recipients() -> list[str]:
    """``LEADS_NOTIFY_EMAILS``, else the coordinators (``staff_in``), else the clinic's email."""
    configured = configured_emails(settings.LEADS_NOTIFY_EMAILS)
    if configured:
        return configured
    staff = (
        staff_in(CALL_CENTRE)
        .exclude(email="")
        .order_by("email")
        .values_list("email", flat=True)
        .distinct()
    )
    if staff:
        return list(staff)
    clinic_email = Clinic.load().email
    return [clinic_email] if clinic_email else []


def lead_notify(*, lead_id: int) -> bool:
    """
    Send the staff notification for one lead if it is still pending. True when it was sent
    by this call; False when there was nothing to do, someone else is sending it, or sending
    failed (the lead then stays pending for the next run).
    """
    claimed_at = timezone.now()
    claimed = (
        Lead.objects.notification_pending()
        .filter(pk=lead_id)
        .filter(
            Q(notification_claimed_at__isnull=True)
            | Q(notification_claimed_at__lt=claimed_at - CLAIM_TIMEOUT)
        )
        .update(
            notification_claimed_at=claimed_at,
            notification_attempts=F("notification_attempts") + 1,
        )
    )
    if not claimed:
        return False
    mine = Lead.objects.filter(pk=lead_id, notification_claimed_at=claimed_at)

    lead = Lead.objects.select_related("interest").with_photo_count().get(pk=lead_id)
    # Marked first: a sender that dies while posting never makes the chat hear it twice, and
    # a repeat merged meanwhile (the claim is then gone) gets a message of its own.
    if (
        settings.LEADS_WEBHOOK_URL
        and lead.webhook_posted_at is None
        and mine.update(webhook_posted_at=timezone.now())
    ):
        _post_webhook(lead)

    recipients = notification_recipients()
    if not recipients:
        logger.warning(
            "call-back request %s: nobody to notify by email; set LEADS_NOTIFY_EMAILS, add "
            "staff to the Call centre group or give the clinic an email. It stays pending.",
            lead_id,
        )
        mine.update(notification_claimed_at=None)
        return False

    try:
        _send_email(lead, recipients)
    except Exception as error:  # noqa: BLE001 - any mail failure leaves the lead pending
        logger.warning(
            "call-back request %s: notification email failed (%s); it stays pending",
            lead_id,
            type(error).__name__,
        )
        mine.update(notification_claimed_at=None)
        return False

    mine.update(notified_at=timezone.now(), notification_claimed_at=None)
    logger.info("call-back request %s: staff notified", lead_id)
    return True


def notify_pending() -> tuple[int, int]:
    """Send every pending notification; (sent, still pending)."""
    sent = 0
    for lead_id in (
        Lead.objects.notification_pending().order_by("created_at").values_list("pk", flat=True)
    ):
        sent += lead_notify(lead_id=lead_id)
    return sent, Lead.objects.notification_pending().count()


def _context(lead: Lead) -> dict:
    return {
        "lead": lead,
        # "Free assessment, 4 photos": what the doctor will have to look at.
        "kind": kind_summary(lead),
        "admin_url": lead.get_admin_absolute_url(),
        # Staff read the notification in the site's language; the patient's is named for them.
        "language": language_label(lead.language),
        "clinic": Clinic.load(),
    }


def kind_summary(lead: Lead) -> str:
    """ "Free assessment, 4 photos" for an assessment; nothing for a call back."""
    if not lead.is_assessment:
        return ""
    count = getattr(lead, "photo_count", None)
    if count is None:  # a lead not read with ``with_photo_count``
        count = lead.photos.count()
    return ngettext(
        "Free assessment, %(count)d photo", "Free assessment, %(count)d photos", count
    ) % {"count": count}


def _send_email(lead: Lead, recipients: list[str]) -> None:
    with translation.override(settings.LANGUAGE_CODE):
        context = _context(lead)
        subject = render_to_string("email/leads/notification_subject.txt", context)
        subject = " ".join(subject.split())  # one line, whatever the template's spacing
        body = render_to_string("email/leads/notification.txt", context)
    EmailMessage(subject=subject, body=body, to=recipients).send(fail_silently=False)


def chat_escape(text: str) -> str:
    """
    Plain text for a Slack message: ``&``, ``<`` and ``>`` escaped, as Slack asks, so a name
    typed as ``<!channel>`` or ``<https://evil.example|your clinic>`` cannot ping everyone or
    disguise a link. Teams shows the escaped characters as typed.
    """
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _post_webhook(lead: Lead) -> None:
    """
    A ``{"text": ...}`` JSON post, which Slack and Teams incoming webhooks both show as a
    message. Best effort: a failure is logged, not retried (the email carries the lead).
    """
    url = settings.LEADS_WEBHOOK_URL
    if not url:
        return
    if not url.startswith(("https://", "http://")):
        logger.warning("LEADS_WEBHOOK_URL must start with https:// or http://; not posting")
        return
    with translation.override(settings.LANGUAGE_CODE):
        text = render_to_string("email/leads/notification_chat.txt", _context(lead)).strip()
    # Everything in it is plain text: what the patient typed (name, source page) above all.
    text = chat_escape(text)
    payload = json.dumps({"text": text}).encode()
    webhook_request = urllib_request.Request(
        url, data=payload, headers={"Content-Type": "application/json"}, method="POST"
    )
    try:
        with urllib_request.urlopen(webhook_request, timeout=WEBHOOK_TIMEOUT_SECONDS) as response:
            response.read()
    except Exception as error:  # noqa: BLE001 - the chat is best effort; the email carries on
        logger.warning(
            "call-back request %s: webhook post failed (%s)", lead.pk, type(error).__name__
        )
