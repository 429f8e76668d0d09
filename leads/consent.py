"""
The words a patient agrees to when asking for a call back. Each lead records the text as shown
(in the patient's language, with the clinic's name) and this version.

Change the wording, change ``CONSENT_VERSION``.
"""

from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext

CONSENT_VERSION = "2026-11"


def consent_label(*, clinic_name: str) -> str:
    """The consent box's label: the wording, with a link to the privacy notice."""
    return format_html(
        gettext(
            "I agree that {clinic} may call me back about my request and keep my details "
            'as described in the <a href="{privacy_url}">privacy notice</a>.'
        ),
        clinic=clinic_name,
        privacy_url=reverse("privacy"),
    )


# The separate consent of the free assessment: its photos are health data (GDPR art. 9, KVKK
# art. 6). Change the wording, change ``HEALTH_CONSENT_VERSION``.
HEALTH_CONSENT_VERSION = "2026-12"


def health_consent_label(*, clinic_name: str) -> str:
    """The health-data consent box's label: explicit, separate from the call-back consent."""
    return format_html(
        gettext(
            "I explicitly agree that {clinic}'s doctors may use the photos and details I send "
            "about my hair, which are health data, to assess my treatment, and that they are "
            'kept as described in the <a href="{privacy_url}">privacy notice</a>. I can '
            "withdraw this consent at any time."
        ),
        clinic=clinic_name,
        privacy_url=reverse("privacy"),
    )
