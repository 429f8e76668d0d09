"""The clinic pages' texts with a version per language (django-modeltranslation)."""

from modeltranslation.translator import TranslationOptions, register

from clinic.models import ResultCase, Treatment, TreatmentFAQ


@register(Treatment)
class TreatmentTranslationOptions(TranslationOptions):
    # body_html is the page text rendered on save, one per language (Treatment.save).
    fields = (
        "name",
        "summary",
        "body",
        "body_html",
        "duration",
        "anaesthesia",
        "recovery_time",
        "includes_note",
        "hero_image_alt",
    )


@register(TreatmentFAQ)
class TreatmentFAQTranslationOptions(TranslationOptions):
    fields = ("question", "answer")


@register(ResultCase)
class ResultCaseTranslationOptions(TranslationOptions):
    fields = ("story", "before_image_alt", "after_image_alt")
