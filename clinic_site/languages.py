"""
The page's language, and the same page in the site's other languages.

A public page's language is its address's, never the visitor's browser's.

The public pages are under ``i18n_patterns`` (clinic_site/urls.py): ``/de/...`` is German and
an unprefixed page is in the default language, whatever ``Accept-Language`` or a cookie says,
so search engines and shared links see the page they asked for. The pages outside the patterns
are for staff (the admin): those follow the browser's language (or Django's language cookie),
so each coordinator works in their own. An address that is no page at all is answered in the
default language.

Django's ``LocaleMiddleware`` with ``prefix_default_language=False`` gives every unprefixed
address the default language, the admin included, and still marks the public pages
``Vary: Accept-Language``, which would make a shared cache keep one copy per browser language
of a page that is the same for everyone. This middleware changes both.

A page's language versions (``LanguageVersions``) feed the language switcher in the header and
the ``<link rel="alternate" hreflang>`` links in the head, so the two always agree. By default a
page's version in another language is the same view at that language's address
(``django.urls.translate_url``: ``/blog/`` is ``/de/blog/``). A view whose page exists in only
some languages (an article and its translations) says which, by putting its own
``LanguageVersions`` in the template context as ``language_versions`` (class-based views: add
``LanguageVersionsMixin`` and override ``get_language_versions()``). For a language without a
version, the switcher leads to the nearest page the view names (``nearest``: an article's is
that language's blog index), else to that language's home page; the head lists only the
versions that exist, and ``x-default`` (for search engines, a visitor in none of the site's
languages) is ``x_default`` if the view names one, else the default language's version.
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.urls import (
    LocalePrefixPattern,
    Resolver404,
    get_resolver,
    reverse,
    translate_url,
)
from django.utils import translation
from django.utils.cache import cc_delim_re


def browser_chooses_language(path: str, urlconf=None) -> bool:
    """Whether ``path`` is a page outside the language patterns (the admin, the health check)."""
    if translation.get_language_from_path(path):
        return False
    resolver = get_resolver(urlconf)
    # The unprefixed patterns are the default language's: match them with it active.
    with translation.override(settings.LANGUAGE_CODE):
        for pattern in resolver.url_patterns:
            if isinstance(pattern.pattern, LocalePrefixPattern):
                try:
                    pattern.resolve(path.removeprefix("/"))
                except Resolver404:
                    continue
                return False
        try:
            resolver.resolve(path)
        except Resolver404:
            return False
    return True


class AddressLocaleMiddleware(LocaleMiddleware):
    def process_request(self, request):
        urlconf = getattr(request, "urlconf", settings.ROOT_URLCONF)
        request.browser_chooses_language = browser_chooses_language(request.path_info, urlconf)
        if not request.browser_chooses_language:
            return super().process_request(request)
        translation.activate(translation.get_language_from_request(request))
        request.LANGUAGE_CODE = translation.get_language()

    def process_response(self, request, response):
        response = super().process_response(request, response)
        if getattr(request, "browser_chooses_language", True) or not response.has_header("Vary"):
            return response
        kept = [
            header
            for header in cc_delim_re.split(response["Vary"])
            if header.lower() != "accept-language"
        ]
        if kept:
            response["Vary"] = ", ".join(kept)
        else:
            del response["Vary"]
        return response


@dataclass(frozen=True)
class LanguageVersions:
    """One page in the site's languages: paths (no host, no query string), by language code."""

    versions: dict[str, str]
    nearest: dict[str, str] = field(default_factory=dict)
    x_default: str = ""

    def switch_path(self, language: str) -> str:
        """Where the switcher leads for ``language``: this page in it, else the nearest page."""
        if language in self.versions:
            return self.versions[language]
        if language in self.nearest:
            return self.nearest[language]
        with translation.override(language):
            return reverse("home")

    def x_default_path(self) -> str:
        return self.x_default or self.versions.get(settings.LANGUAGE_CODE, "")


# Open Graph names a language with a locale; these are the ones Facebook documents. English is
# British: the clinic's English-reading patients are mostly in Europe.
OG_LOCALES = {"en": "en_GB", "tr": "tr_TR", "de": "de_DE", "ar": "ar_AR"}


def og_locale(language: str) -> str:
    """The Open Graph locale of a language code: ``de`` is ``de_DE``, ``pt-br`` is ``pt_BR``."""
    if language in OG_LOCALES:
        return OG_LOCALES[language]
    locale = translation.to_locale(language)
    return locale if "_" in locale else f"{locale}_{locale.upper()}"


def bcp47(language: str) -> str:
    """A language code as BCP 47 writes it (schema.org's ``inLanguage``): ``pt-br`` is ``pt-BR``."""
    return translation.to_locale(language).replace("_", "-")


def default_language_versions(request) -> LanguageVersions:
    """The page's view at each language's address; none for an address that is no page."""
    path = request.path_info
    try:
        get_resolver(getattr(request, "urlconf", None)).resolve(path)
    except Resolver404:
        return LanguageVersions(versions={})
    if browser_chooses_language(path, getattr(request, "urlconf", None)):
        return LanguageVersions(versions={})  # the admin: one address for every language
    return LanguageVersions(
        versions={code: translate_url(path, code) for code, _name in settings.LANGUAGES}
    )


def page_language_versions(context) -> LanguageVersions:
    """The view's ``language_versions`` if it gave some, else the default ones."""
    versions = context.get("language_versions")
    if isinstance(versions, LanguageVersions):
        return versions
    request = context["request"]
    if not hasattr(request, "_language_versions"):
        request._language_versions = default_language_versions(request)
    return request._language_versions


class LanguageVersionsMixin:
    """For a class-based view whose page does not exist in every language."""

    def get_language_versions(self) -> LanguageVersions:
        return default_language_versions(self.request)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("language_versions", self.get_language_versions())
        return context


# --- A person's language (a patient's, a subscriber's, a coordinator's) ---------------------


def language_name(code: str) -> str:
    """A language as its speakers write it (``Deutsch``), or its code when Django knows none."""
    try:
        return translation.get_language_info(code)["name_local"]
    except KeyError:
        return code


def language_label(code: str) -> str:
    """``Deutsch (de)``: for staff, who may not read the name but can look up the code."""
    return f"{language_name(code)} ({code})" if code else "—"


def site_language(code: str) -> str:
    """
    The site's language to write to someone whose language is ``code``: theirs when the site
    has it (``de-at`` is written to in ``de``), else the default language.
    """
    try:
        return translation.get_supported_language_variant(code or "")
    except LookupError:
        return settings.LANGUAGE_CODE
