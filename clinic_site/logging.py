"""Logging helpers: personal data (emails, phone numbers) never reaches the logs."""

import logging
import re

from django.views.debug import SafeExceptionReporterFilter

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# Nine or more digits, possibly split by spaces, dots, dashes or brackets, optionally with +.
PHONE = re.compile(r"(?<![\w/])\+?\d(?:[\s().-]*\d){8,}")
# Dates and times are not phone numbers: they are kept as they are.
DATETIME = re.compile(
    r"\d{4}-\d{2}-\d{2}(?:[ T]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?"
)


def redact(text: str) -> str:
    text = EMAIL.sub("[email]", text)
    pieces = []
    position = 0
    for match in DATETIME.finditer(text):
        pieces.append(PHONE.sub("[phone]", text[position : match.start()]))
        pieces.append(match.group())
        position = match.end()
    pieces.append(PHONE.sub("[phone]", text[position:]))
    return "".join(pieces)


class RedactPersonalDataFilter(logging.Filter):
    """
    Rewrites the formatted message and the traceback, so a careless ``logger.info(phone)`` or
    a database error quoting a row (``Key (phone)=(+90…)``) leaks nothing.
    """

    def filter(self, record):
        message = record.getMessage()
        cleaned = redact(message)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        return True


class PersonalDataExceptionReporterFilter(SafeExceptionReporterFilter):
    """
    Error reports (the 500 emails sent to ``DJANGO_ADMINS``) never show what a patient typed:
    every submitted form value is hidden, not only passwords.
    """

    def get_post_parameters(self, request):
        if request is None:
            return {}
        return dict.fromkeys(request.POST, self.cleansed_substitute)
