"""
The language switcher, the head's hreflang links and the data of the language suggestion, all
from the page's language versions (clinic_site/languages.py).
"""

from django import template
from django.conf import settings
from django.utils import translation
from django.utils.html import json_script
from django.utils.translation import gettext

from clinic_site.languages import og_locale, page_language_versions

register = template.Library()


@register.inclusion_tag("includes/language_switcher.html", takes_context=True)
def language_switcher(context):
    versions = page_language_versions(context)
    current = translation.get_language()
    languages = []
    for code, _name in settings.LANGUAGES:
        info = translation.get_language_info(code)
        languages.append(
            {
                "code": code,
                "name": info["name_local"],
                "bidi": info["bidi"],
                "url": versions.switch_path(code),
                "current": code == current,
            }
        )
    return {"languages": languages if len(languages) > 1 else []}


@register.inclusion_tag("includes/language_alternates.html", takes_context=True)
def language_alternates(context):
    """Absolute addresses of the versions that exist, and x-default."""
    request = context["request"]
    versions = page_language_versions(context)
    alternates = [
        (code, request.build_absolute_uri(versions.versions[code]))
        for code, _name in settings.LANGUAGES
        if code in versions.versions
    ]
    x_default = versions.x_default_path()
    return {
        "alternates": alternates,
        "x_default": request.build_absolute_uri(x_default) if x_default else "",
    }


@register.inclusion_tag("includes/og_locale.html", takes_context=True)
def og_locales(context):
    """The page's ``og:locale``, and an ``og:locale:alternate`` for each of its other versions."""
    current = translation.get_language()
    versions = page_language_versions(context).versions
    return {
        "locale": og_locale(current),
        "alternates": [
            og_locale(code)
            for code, _name in settings.LANGUAGES
            if code in versions and code != current
        ],
    }


@register.simple_tag(takes_context=True)
def language_suggestions(context):
    """
    For each of the site's languages, in that language: the suggestion to read this page in it,
    and where. static/js/language-suggestion.js shows the one for the language the visitor's
    browser prefers, if it is not the page's: decided in the browser, so the page is the same
    for every visitor (and can be cached as one).
    """
    versions = page_language_versions(context)
    suggestions = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            suggestions[code] = {
                "url": versions.switch_path(code),
                "dir": "rtl" if translation.get_language_bidi() else "ltr",
                # Translators: shown, in your language, to a visitor whose browser prefers it,
                # on a page in another language. Name your own language.
                "text": gettext("This page is also available in English."),
                # Translators: the link to this page in your language, after the sentence above.
                "link": gettext("Read it in English"),
                # Translators: the name of the small box that suggests your language.
                "label": gettext("Language suggestion"),
                # Translators: the button that hides the suggestion for good.
                "dismiss": gettext("Do not suggest again"),
            }
    return json_script(suggestions, "language-suggestions")
