"""Logging helpers: personal data (emails, phone numbers) never reaches the logs."""

import logging
import re

from django.views.debug import ExceptionReporter, SafeExceptionReporterFilter

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


# Set on an exception that was logged in one plain line where it happened (clinic_site.mail).
LOGGED_PLAINLY = "logged_plainly"


class NoRepeatedTracebackFilter(logging.Filter):
    """
    A failure already logged in one plain line where it happened (a mail server's refusal) is
    not logged again with its traceback by whoever catches it later (the task runner logs every
    failed task with one): the later line stays, without the traceback.
    """

    def filter(self, record):
        if record.exc_info and getattr(record.exc_info[1], LOGGED_PLAINLY, False):
            record.exc_info = None
            record.exc_text = None
        return True


class WithoutTracebackFilter(logging.Filter):
    """
    One line per event, no traceback: for events anyone can cause at will (a made-up ``Host``
    header), whose traceback is always the same and would only bury the log.
    """

    def filter(self, record):
        record.exc_info = None
        record.exc_text = None
        return True


class PersonalDataExceptionReporterFilter(SafeExceptionReporterFilter):
    """
    Error reports (the 500 emails sent to ``DJANGO_ADMINS``) never show what a patient typed or
    carried: every submitted form value, every query-string value, every cookie, and the
    request headers that repeat them (the query string, the cookies, the full address, the
    referring page, which may be our own search with its query) are hidden, as are the
    client's addresses. The keys stay, so a report still says what was there.
    """

    HIDDEN_META = frozenset(
        {
            "QUERY_STRING",
            "HTTP_COOKIE",
            "REQUEST_URI",
            "RAW_URI",
            "HTTP_REFERER",
            "HTTP_AUTHORIZATION",
            "REMOTE_ADDR",
            "HTTP_X_FORWARDED_FOR",
            "HTTP_X_REAL_IP",
            "HTTP_FORWARDED",
        }
    )

    def get_post_parameters(self, request):
        if request is None:
            return {}
        return dict.fromkeys(request.POST, self.cleansed_substitute)

    def get_query_parameters(self, request):
        return dict.fromkeys(request.GET, self.cleansed_substitute)

    def get_safe_cookies(self, request):
        return dict.fromkeys(getattr(request, "COOKIES", {}), self.cleansed_substitute)

    def get_safe_request_meta(self, request):
        return {
            key: self.cleansed_substitute if key in self.HIDDEN_META else value
            for key, value in super().get_safe_request_meta(request).items()
        }


class PersonalDataExceptionReporter(ExceptionReporter):
    """
    The report Django mails, with what its filter cannot reach hidden too: the query values
    and the address's query string (Django lists them unfiltered), uploaded file names, and
    phone numbers and email addresses in the error message and local variables (a database
    error quotes the row it refused).
    """

    def get_traceback_data(self):
        data = super().get_traceback_data()
        if self.request is not None:
            hidden = self.filter.cleansed_substitute
            data["request_GET_items"] = self.filter.get_query_parameters(self.request).items()
            data["request_FILES_items"] = dict.fromkeys(self.request.FILES, hidden).items()
            query = f"?{hidden}" if self.request.META.get("QUERY_STRING") else ""
            data["request_insecure_uri"] = (
                f"{self.request.scheme}://{self.request._get_raw_host()}{self.request.path}{query}"
            )
        if "exception_value" in data:
            data["exception_value"] = redact(data["exception_value"])
        for frame in data.get("frames", []):
            if frame.get("vars"):
                frame["vars"] = [(name, redact(value)) for name, value in frame["vars"]]
            if frame.get("exc_cause") is not None:
                frame["exc_cause"] = redact(str(frame["exc_cause"]))
        return data
