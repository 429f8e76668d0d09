"""
The blog's texts with a version per language (django-modeltranslation; see the settings'
"Translated content"). Articles are not here: an article is written in one language and its
translations are articles of their own (``Article.language``, ``Article.translation_of``).
"""

from modeltranslation.translator import TranslationOptions, register

from blog.models import Category, Doctor


@register(Category)
class CategoryTranslationOptions(TranslationOptions):
    fields = ("name", "description")


@register(Doctor)
class DoctorTranslationOptions(TranslationOptions):
    # bio_html is the biography rendered on save, one per language (Doctor.save).
    fields = (
        "title",
        "specialty",
        "qualifications",
        "bio",
        "bio_html",
        "languages_spoken",
        "memberships",
    )
