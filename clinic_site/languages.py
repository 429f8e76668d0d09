"""
The page's language: a public page's is its address's, never the visitor's browser's.

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
"""

from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.urls import LocalePrefixPattern, Resolver404, get_resolver
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
