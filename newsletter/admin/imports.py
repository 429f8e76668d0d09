"""
Subscriber imports in the admin: uploading a CSV file is "add"; each import's page shows its
preview (nothing changes until marketing confirms), then its progress in the background.
"""

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _

from newsletter.csvfiles import CSVFileError
from newsletter.models import SubscriberImport
from newsletter.services.imports import (
    subscriber_import_cancel,
    subscriber_import_create,
    subscriber_import_start,
)

MAX_UPLOAD_BYTES = 10 * 1024 * 1024


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_(
            "One row per subscriber. Only an “email” column is required; “first_name”, "
            "“language”, “tags”, “consent_date” and “consent_source” are read when present."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )
    consent_source = forms.CharField(
        label=_("How these people gave their consent"),
        required=False,
        max_length=300,
        help_text=_(
            "e.g. “Sign-up sheet at the clinic reception, 2025”. Used for rows without a "
            "consent_source column. Left empty: the file's name and today's date."
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file is larger than 10 MB: split it in parts."))
        return upload


@admin.register(SubscriberImport)
class SubscriberImportAdmin(admin.ModelAdmin):
    """Uploading is "add"; each import's page shows its preview, then its progress."""

    list_display = [
        "filename",
        "status",
        "created_by",
        "created_at",
        "total_rows",
        "new_count",
        "updated_count",
        "unsubscribed_count",
        "forgotten_count",
        "undeliverable_count",
        "invalid_count",
    ]
    list_filter = ["status", "created_at"]
    list_select_related = ["created_by"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def add_view(self, request, form_url="", extra_context=None):
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = ImportUploadForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                subscriber_import = subscriber_import_create(
                    filename=upload.name,
                    data=upload.read(),
                    consent_source=form.cleaned_data["consent_source"],
                    created_by=request.user,
                )
            except CSVFileError as error:
                form.add_error("file", str(error))
            else:
                return redirect(subscriber_import.get_admin_url())
        return TemplateResponse(
            request,
            "admin/newsletter/subscriberimport/upload.html",
            {
                **self.admin_site.each_context(request),
                "title": _("Import subscribers from a CSV file"),
                "opts": self.model._meta,
                "form": form,
            },
        )

    def change_view(self, request, object_id, form_url="", extra_context=None):
        subscriber_import = get_object_or_404(SubscriberImport, pk=object_id)
        if not self.has_view_permission(request, subscriber_import):
            raise PermissionDenied
        if request.method == "POST":
            if not self.has_add_permission(request):
                raise PermissionDenied
            if "start" in request.POST:
                subscriber_import_start(subscriber_import=subscriber_import)
            elif "cancel" in request.POST:
                subscriber_import_cancel(subscriber_import=subscriber_import)
                self.message_user(request, _("Import cancelled; nothing was changed."))
            return redirect(subscriber_import.get_admin_url())
        return TemplateResponse(
            request,
            "admin/newsletter/subscriberimport/progress.html",
            {
                **self.admin_site.each_context(request),
                "title": str(subscriber_import),
                "opts": self.model._meta,
                "original": subscriber_import,
                "subscriber_import": subscriber_import,
                "can_start": self.has_add_permission(request)
                and subscriber_import.status == SubscriberImport.Status.PREVIEW,
            },
        )
