"""
How the newsletter's bulk email leaves: its own sender address (a subdomain, so that the
large mailbox providers judge the newsletter apart from the confirmations) and, when one is
configured, its own connection (``NEWSLETTER_EMAIL_PROVIDER`` or ``NEWSLETTER_EMAIL_URL``,
see clinic_site/settings/mail.py). Transactional email keeps ``DEFAULT_FROM_EMAIL`` and the
default connection.
"""

from django.conf import settings
from django.core.mail import get_connection


def bulk_from_email() -> str:
    """The From address of every campaign: ``NEWSLETTER_FROM_EMAIL``."""
    return settings.NEWSLETTER_FROM_EMAIL


def bulk_connection(**kwargs):
    """
    A connection for sending campaigns: the newsletter's own when one is configured, else the
    default one. Keyword arguments go to the backend (``fail_silently``).
    """
    connection = settings.NEWSLETTER_EMAIL_CONNECTION
    if not connection:
        return get_connection(**kwargs)
    return get_connection(connection["BACKEND"], **{**connection["OPTIONS"], **kwargs})
