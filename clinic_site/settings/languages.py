"""
The languages the site is served in, from ``DJANGO_LANGUAGES`` and ``DJANGO_LANGUAGE_CODE``.

A language can be switched on when it has a catalogue: English, the language the code and the
templates are written in, or any ``locale/<code>/LC_MESSAGES/django.po`` in the repository. So a
fifth language is its catalogue and the variable. A code without a catalogue, or a default that
is not one of the languages, stops the start with the variable's name: the site never serves
pages it cannot translate.

Each language is named in English in ``LANGUAGES`` (Django's convention: the admin shows the
name translated into the reader's language); the language switcher shows each language in its
own name (``Türkçe``, ``Deutsch``, ``العربية``) from Django's locale table.
"""

from pathlib import Path

from django.conf.locale import LANG_INFO
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy, to_language

SOURCE_LANGUAGE = "en"


def languages_with_a_catalogue(locale_dir: Path) -> list[str]:
    """English, then every language with a catalogue in ``locale_dir``, by code."""
    catalogues = sorted(
        to_language(path.parent.parent.name) for path in locale_dir.glob("*/LC_MESSAGES/django.po")
    )
    return [SOURCE_LANGUAGE, *(code for code in catalogues if code != SOURCE_LANGUAGE)]


def site_languages(
    codes: list[str], default: str, *, locale_dir: Path
) -> tuple[list[tuple[str, str]], str]:
    """``LANGUAGES`` and ``LANGUAGE_CODE`` for the codes given, in their order, or an error."""
    available = languages_with_a_catalogue(locale_dir)
    chosen = list(dict.fromkeys(code.strip().lower() for code in codes))
    for code in chosen:
        if code not in available or code not in LANG_INFO:
            raise ImproperlyConfigured(
                f"DJANGO_LANGUAGES names {code!r}, which has no catalogue in locale/. "
                f"Languages with one: {', '.join(available)}."
            )
    default = default.strip().lower()
    if default not in chosen:
        raise ImproperlyConfigured(
            f"DJANGO_LANGUAGE_CODE {default!r} must be one of DJANGO_LANGUAGES "
            f"({', '.join(chosen)})."
        )
    return [(code, gettext_lazy(LANG_INFO[code]["name"])) for code in chosen], default
