"""
The language of a piece of content: a code from ``settings.LANGUAGES``.

The choices are read from the settings when a form is built, never frozen into a migration: a
clinic that switches a language on or off (``DJANGO_LANGUAGES``) needs no migration, and
content already written in a language that was switched off stays valid in the database.
"""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from clinic_site.languages import site_language

LANGUAGE_MAX_LENGTH = 10


def site_languages():
    """The site's languages: ``[(code, name), …]``, the default first as in the settings."""
    return list(settings.LANGUAGES)


def default_language():
    """The site's default language (``LANGUAGE_CODE``): the default of every language field."""
    return settings.LANGUAGE_CODE


def current_language():
    """
    The language of the page being served, as a code of ``LANGUAGES``: what the per-language
    lists filter on. Falls back to the site's default outside a request.
    """
    return site_language(translation.get_language())


def language_name(code):
    """The language's name as the settings give it (translated), else the code."""
    return dict(settings.LANGUAGES).get(code, code)


def validate_language(value):
    if value not in dict(settings.LANGUAGES):
        raise ValidationError(
            _("“%(code)s” is not one of the site's languages."),
            params={"code": value},
            code="unknown_language",
        )


class LanguageField(models.CharField):
    """
    A language code, offered in forms as a choice among the site's languages of the moment.
    Migrations see a plain ``CharField`` with a validator.
    """

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", LANGUAGE_MAX_LENGTH)
        kwargs.setdefault("default", default_language)
        kwargs.setdefault("validators", [validate_language])
        super().__init__(*args, **kwargs)

    def formfield(self, **kwargs):
        # A choice, not the text input the admin gives every CharField; no max_length either.
        kwargs.pop("widget", None)
        return models.Field.formfield(
            self, **{"form_class": forms.ChoiceField, "choices": site_languages, **kwargs}
        )
