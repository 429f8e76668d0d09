"""Template helpers of the result and review cards: ``{% load results_reviews %}``."""

from django import template

from clinic.countries import country_name
from clinic.results import results_shown as _results_shown

register = template.Library()

MAX_RATING = 5


@register.simple_tag
def results_shown():
    """``{% results_shown as shown %}``: whether this page's language may show results."""
    return _results_shown()


@register.filter
def stars(rating) -> str:
    """``★★★★☆`` for 4: drawn stars, for the eye only (the card says the rating in words)."""
    try:
        filled = max(0, min(MAX_RATING, int(rating)))
    except (TypeError, ValueError):
        return ""
    return "★" * filled + "☆" * (MAX_RATING - filled)


@register.filter
def country(code) -> str:
    """The country of a two-letter code, named in the page's language."""
    return country_name(code or "")
