"""
Prices as each language writes them: ``€1,900`` in English, ``1.900 €`` in German, ``€1.900`` in
Turkish. Where the currency goes and how digits are grouped come from the Unicode CLDR data in
Babel, for any language the site may add; the symbols are the clinic's (``₺`` for the lira in
every language, where CLDR's English writes ``TRY``). Prices are whole amounts: no decimals.
"""

import re

from babel import Locale, UnknownLocaleError
from babel.numbers import format_decimal
from django.utils.translation import get_language, gettext, to_locale

CURRENCY_SYMBOLS = {"EUR": "€", "USD": "$", "GBP": "£", "TRY": "₺", "CHF": "CHF"}
_NUMBER = re.compile(r"[#0,.]+")
_NBSP = "\xa0"


def _locale(language: str | None) -> Locale:
    try:
        return Locale.parse(to_locale(language or get_language() or "en"))
    except (UnknownLocaleError, ValueError):
        return Locale.parse("en")


def number_display(amount: int, *, language: str | None = None) -> str:
    """A whole number grouped as the active language groups digits: 12,500 or 12.500."""
    return format_decimal(amount, format="#,##0", locale=_locale(language))


def price_display(amount: int, currency: str, *, language: str | None = None) -> str:
    """``amount`` of ``currency`` (ISO code) in the active language's format, or ``language``'s."""
    locale = _locale(language)
    pattern = locale.currency_formats["standard"].pattern.split(";")[0]
    number = format_decimal(amount, format="#,##0", locale=locale)
    code = currency.upper()
    symbol = CURRENCY_SYMBOLS.get(code, code)
    before, after = _NUMBER.split(pattern, maxsplit=1)
    # A symbol in letters is kept apart from the digits (CLDR's currency spacing).
    if before.endswith("¤") and symbol[-1].isalpha():
        before += _NBSP
    if after.startswith("¤") and symbol[0].isalpha():
        after = _NBSP + after
    return before.replace("¤", symbol) + number + after.replace("¤", symbol)


def price_range_display(low: int | None, high: int | None, currency: str) -> str:
    """``€1,900 – €2,600``, ``from €1,900``, or "" without prices, in the active language."""
    if low and high:
        return f"{price_display(low, currency)} – {price_display(high, currency)}"
    if low:
        return gettext("from %(price)s") % {"price": price_display(low, currency)}
    return ""
