"""Logging helpers: personal data (emails, phone numbers) never reaches the logs."""

import logging
import re

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# Nine or more digits, possibly split by spaces, dots, dashes or brackets, optionally with +.
PHONE = re.compile(r"(?<![\w/])\+?\d(?:[\s().-]*\d){8,}")


def redact(text: str) -> str:
    return PHONE.sub("[phone]", EMAIL.sub("[email]", text))


class RedactPersonalDataFilter(logging.Filter):
    """Rewrites the formatted message so a careless ``logger.info(phone)`` leaks nothing."""

    def filter(self, record):
        message = record.getMessage()
        cleaned = redact(message)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        return True
