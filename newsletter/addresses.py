"""
Email addresses as we store them and as the mail server receives them: the same address.

An address is stored in one form (NFC, the domain in lower case) and mailed through Django's
``sanitize_address``, which writes an international domain in its ASCII form (IDNA). That
encoding also drops some characters (zero-width spaces and joiners, soft hyphens) and fails on
others (noncharacters, a label longer than 63 characters): such an address would be stored as
typed and mailed to another one, or never mailed at all. So an address is accepted only when
what is mailed reads back as exactly what is stored.
"""

import unicodedata

from django.core.exceptions import ValidationError
from django.core.mail.message import sanitize_address
from django.utils.translation import gettext_lazy as _

UNMAILABLE_MESSAGE = _(
    "This address cannot receive email. Please check it for typing errors or hidden characters."
)
# RFC 5321: the longest address a mail server must accept.
MAX_LENGTH = 254


def normalize_email(email: str) -> str:
    """The address as we store it: trimmed, composed (NFC), the domain in lower case."""
    email = unicodedata.normalize("NFC", (email or "").strip())
    local, sep, domain = email.rpartition("@")
    return f"{local}{sep}{domain.lower()}" if sep else email


def mailed_form(email: str) -> str:
    """The address as the mail server receives it. Raises ``ValueError`` if it cannot be sent."""
    try:
        return sanitize_address(email, "utf-8")
    except (ValueError, UnicodeError) as error:
        raise ValueError(str(error)) from None


def validate_mailable_email(email: str) -> None:
    """Refuse an address (normalized) that would be mailed as another one, or not at all."""
    local, sep, domain = email.rpartition("@")
    try:
        if not sep or not local.isascii():
            raise ValueError("not one ASCII local part and a domain")
        mailed = mailed_form(email)
        mailed_local, _sep, mailed_domain = mailed.rpartition("@")
        read_back = f"{mailed_local}@{mailed_domain.encode('ascii').decode('idna')}"
    except (ValueError, UnicodeError):
        raise ValidationError(UNMAILABLE_MESSAGE, code="unmailable") from None
    if read_back != email or len(mailed) > MAX_LENGTH:
        raise ValidationError(UNMAILABLE_MESSAGE, code="unmailable")
