"""
How the newsletter's bulk email leaves: its own sender address (a subdomain, so that the
large mailbox providers judge the newsletter apart from the confirmations) and, when one is
configured, its own connection (``NEWSLETTER_EMAIL_PROVIDER`` or ``NEWSLETTER_EMAIL_URL``,
see clinic_site/settings/mail.py). Transactional email keeps ``DEFAULT_FROM_EMAIL`` and the
default connection.

On Postmark, campaigns go on the server's broadcast message stream
(``NEWSLETTER_POSTMARK_STREAM``), which Postmark keeps apart from the transactional one.
"""

from email.utils import formataddr, parseaddr

from django.conf import settings
from django.core.mail import get_connection

from clinic_site.models import Clinic


def bulk_from_email() -> str:
    """
    The From of every campaign: ``NEWSLETTER_FROM_EMAIL`` under the clinic's name, as the
    transactional email shows ``DEFAULT_FROM_EMAIL`` (``newsletter.emails.sender``).
    """
    _name, address = parseaddr(settings.NEWSLETTER_FROM_EMAIL)
    return formataddr((Clinic.load().name, address or settings.NEWSLETTER_FROM_EMAIL))


def bulk_connection(**kwargs):
    """
    A connection for sending campaigns: the newsletter's own when one is configured, else the
    default one. Keyword arguments go to the backend (``fail_silently``).
    """
    connection = settings.NEWSLETTER_EMAIL_CONNECTION
    if not connection:
        return get_connection(**kwargs)
    return get_connection(connection["BACKEND"], **{**connection["OPTIONS"], **kwargs})


POSTMARK_BACKEND = "anymail.backends.postmark.EmailBackend"


def bulk_backend() -> str:
    """The backend campaigns leave through: the newsletter's own, else the default one."""
    return (settings.NEWSLETTER_EMAIL_CONNECTION or {}).get("BACKEND") or settings.EMAIL_BACKEND


def bulk_esp_extra() -> dict:
    """
    What a campaign's message asks of the provider beyond the message itself (anymail's
    ``esp_extra``): on Postmark, the broadcast stream; elsewhere, nothing.
    """
    if bulk_backend() == POSTMARK_BACKEND and settings.NEWSLETTER_POSTMARK_STREAM:
        return {"MessageStream": settings.NEWSLETTER_POSTMARK_STREAM}
    return {}
