from django.contrib import admin
from modeltranslation.admin import TranslationAdmin

from leads.models import Treatment


@admin.register(Treatment)
class TreatmentAdmin(TranslationAdmin):
    list_display = ["name", "position", "is_active"]
    list_editable = ["position", "is_active"]
    search_fields = ["name"]
