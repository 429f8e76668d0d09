import json

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.safestring import mark_safe

from clinic_site.prices import price_display

register = template.Library()


@register.filter
def price(amount, currency):
    """``{{ treatment.price_from|price:treatment.currency }}``: in the page's language's format."""
    if amount in (None, ""):
        return ""
    return price_display(amount, currency)


# The characters that could close the <script> element or open a comment inside it.
_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


@register.filter(is_safe=True)
def json_ld(data):
    """
    Structured data as a ``<script type="application/ld+json">`` element, escaped the way
    ``json_script`` escapes, so text from the database can never break out of the element.
    """
    if not data:
        return ""
    payload = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(_SCRIPT_ESCAPES)
    return mark_safe(f'<script type="application/ld+json">{payload}</script>')  # noqa: S308
