"""
A plain registration: enough for the notification's link and to rescue a real patient from the
spam filter. The coordinators' triage admin is built on top of it.
"""

from django.contrib import admin

from clinic_site.admin import HTTPS_URL_FIELDS
from leads.models import Lead, Treatment


@admin.register(Lead)
class LeadAdmin(admin.ModelAdmin):
    formfield_overrides = HTTPS_URL_FIELDS
    list_display = ["name", "phone", "status", "preferred_time", "interest", "created_at"]
    list_filter = ["status", "preferred_time", "is_returning", "interest"]
    list_select_related = ["interest"]
    search_fields = ["name", "phone"]
    date_hierarchy = "created_at"
    raw_id_fields = ["previous_lead"]
    readonly_fields = [
        "created_at",
        "last_requested_at",
        "request_count",
        "notified_at",
        "spam_reasons",
        "consent_text",
        "consent_version",
        "consented_at",
    ]


@admin.register(Treatment)
class TreatmentAdmin(admin.ModelAdmin):
    list_display = ["name", "position", "is_active"]
    list_editable = ["position", "is_active"]
    search_fields = ["name"]
