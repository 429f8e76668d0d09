"""What the header and footer need from the clinic pages: whether this page may link to results."""

from django import template

from clinic.results import results_shown as _results_shown

register = template.Library()


@register.simple_tag
def results_shown():
    """``{% results_shown as show_results %}``: False in a language that hides before/after."""
    return _results_shown()
