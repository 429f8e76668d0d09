"""The clinic identity's texts in each language (django-modeltranslation)."""

from modeltranslation.translator import TranslationOptions, register

from clinic_site.models import Clinic


@register(Clinic)
class ClinicTranslationOptions(TranslationOptions):
    fields = (
        "privacy_notice",
        "opening_hours_note",
        "promise",
        "promise_detail",
        "hero_image_alt",
        "languages_spoken",
        "accreditations",
        "directions",
    )
