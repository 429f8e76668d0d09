"""
The mail provider's reports (delivered, bounced, complained…): a record, read-only for
everyone, superusers included, like the consent history.
"""

from django.contrib import admin

from newsletter.models import MailEvent


@admin.register(MailEvent)
class MailEventAdmin(admin.ModelAdmin):
    list_display = ["occurred_at", "event_type", "effect", "subscriber", "provider", "message_id"]
    list_filter = ["event_type", "effect", "provider", "occurred_at"]
    # The provider's id of one email, as its dashboard shows it.
    search_fields = ["=message_id"]
    list_select_related = ["subscriber"]
    date_hierarchy = "occurred_at"
    list_per_page = 100
    fields = [
        "occurred_at",
        "received_at",
        "event_type",
        "reject_reason",
        "effect",
        "subscriber",
        "email_hash",
        "provider",
        "message_id",
        "event_id",
        "description",
        "mta_response",
    ]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
