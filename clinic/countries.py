"""
Countries by their two-letter ISO code, named in the page's language (Unicode CLDR data through
Babel, as ``clinic_site.prices`` formats prices): a review from ``DE`` reads "Germany" on the
English page, "Almanya" on the Turkish one.
"""

from functools import cache

from babel import Locale, UnknownLocaleError
from django.utils.translation import get_language, to_locale

# The European Union, the eurozone, the United Nations, "Outlying Oceania", two pseudo-locales
# for testing, "Unknown Region".
NOT_COUNTRIES = frozenset({"EU", "EZ", "UN", "QO", "XA", "XB", "ZZ"})


@cache
def _territories(language: str) -> dict[str, str]:
    try:
        locale = Locale.parse(to_locale(language))
    except (UnknownLocaleError, ValueError):
        locale = Locale.parse("en")
    # Two letters: countries; CLDR also names regions by three digits ("150": Europe) and a
    # few groupings by two letters, which are no country of birth.
    return {
        code: name
        for code, name in locale.territories.items()
        if code.isalpha() and code not in NOT_COUNTRIES
    }


def country_name(code: str, *, language: str | None = None) -> str:
    """The country's name in ``language`` (the active one by default); "" for no code."""
    if not code:
        return ""
    return _territories(language or get_language() or "en").get(code.upper(), code.upper())


def country_choices(*, language: str | None = None) -> list[tuple[str, str]]:
    """Every country as (code, name), in alphabetical order of the names in ``language``."""
    names = _territories(language or get_language() or "en")
    return sorted(names.items(), key=lambda item: item[1].casefold())
