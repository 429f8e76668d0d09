"""
The language switcher and the head's hreflang links, both from the page's language versions
(clinic_site/languages.py).
"""

from django import template
from django.conf import settings
from django.utils import translation

from clinic_site.languages import page_language_versions

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
