"""Where before-and-after pictures may be shown: CLINIC_RESULTS_HIDDEN_LANGUAGES."""

from django.conf import settings
from django.utils import translation

from clinic_site.languages import site_language


def results_shown(language: str | None = None) -> bool:
    """
    Whether pages in ``language`` (the page's own language when not given) may show the
    results gallery, any before/after picture, or a link to them.
    """
    language = site_language(language or translation.get_language())
    return language not in settings.CLINIC_RESULTS_HIDDEN_LANGUAGES
