"""The treatments of interest, named in each language (django-modeltranslation)."""

from modeltranslation.translator import TranslationOptions, register

from leads.models import Treatment


@register(Treatment)
class TreatmentTranslationOptions(TranslationOptions):
    fields = ("name",)
