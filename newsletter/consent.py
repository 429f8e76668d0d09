"""
The words a person agrees to when subscribing. Each consent event records the text as shown
(in the visitor's language, with the clinic's name) and this version.

Change the wording, change ``CONSENT_VERSION``: a test holds the two together.
"""

from django.utils.translation import gettext

CONSENT_VERSION = "2026-11-newsletter-v1"


def consent_text(*, clinic_name: str) -> str:
    return gettext(
        "I would like to receive the %(clinic)s newsletter by email: articles from our doctors "
        "and news from the clinic. I can unsubscribe at any time with the link in every email."
    ) % {"clinic": clinic_name}
