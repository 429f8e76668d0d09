"""
Campaigns in the admin: write (a draft), preview exactly as sent, send a test to oneself, then
send now or schedule, behind a confirmation that names the number of recipients; follow the
progress; draft the article digest. Marketing does all of it; editors may only read.
"""

from urllib.parse import urlsplit

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.decorators.clickjacking import xframe_options_sameorigin

from newsletter import emails
from newsletter.models import Campaign
from newsletter.services.campaigns import (
    CampaignNotEditable,
    campaign_cancel,
    campaign_counts_by_language,
    campaign_progress,
    campaign_recipient_count,
    campaign_schedule,
    campaign_send_test,
)
from newsletter.services.digest import digests_compose


# The preview is the email's own HTML: its inline styles allowed, nothing else (no script, no
# form, no request anywhere but this site's images), shown only inside the admin's own page.
def preview_csp() -> str:
    # The email's images are at the site's public address (SITE_URL), which may not be the
    # address the admin is opened at.
    site = "{0.scheme}://{0.netloc}".format(urlsplit(settings.SITE_URL))
    return (
        f"default-src 'none'; style-src 'unsafe-inline'; img-src 'self' {site} data:; "
        "frame-ancestors 'self'; base-uri 'none'; form-action 'none'; sandbox"
    )


class ScheduleForm(forms.Form):
    at = forms.DateTimeField(
        label=_("Send at"),
        required=False,
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text=_("Empty: now. The clinic's time zone."),
    )


def _sample(campaign, request):
    return emails.sample_subscriber(
        campaign,
        email=request.user.email or "preview@example.com",
        first_name=request.user.first_name,
    )


def campaign_preview_message(campaign, request):
    """The email a sample recipient would get: the preview, and the test sent to oneself."""
    return emails.campaign_message(campaign=campaign, subscriber=_sample(campaign, request))


@admin.register(Campaign)
class CampaignAdmin(admin.ModelAdmin):
    change_form_template = "admin/newsletter/campaign/change_form.html"
    change_list_template = "admin/newsletter/campaign/change_list.html"
    list_display = ["subject", "language", "kind", "status", "scheduled_at", "created_by"]
    list_filter = ["status", "language", "kind"]
    list_select_related = ["created_by"]
    search_fields = ["subject"]
    filter_horizontal = ["tags"]
    fields = ["subject", "preheader", "body", "language", "audience", "tags"]

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and not obj.is_editable:
            return self.fields
        return []

    def has_change_permission(self, request, obj=None):
        if obj is not None and not obj.is_editable:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.status not in {Campaign.Status.DRAFT, Campaign.Status.CANCELLED}:
            return False
        if obj is not None and obj.deliveries.exists():
            return False
        return super().has_delete_permission(request, obj)

    def can_send(self, request) -> bool:
        return super().has_change_permission(request)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    def get_urls(self):
        own = self.admin_site.admin_view
        return [
            path("digest/", own(self.digest_view), name="newsletter_campaign_digest"),
            path("<int:pk>/preview/", own(self.preview_view), name="newsletter_campaign_preview"),
            path("<int:pk>/send-test/", own(self.send_test_view), name="newsletter_campaign_test"),
            path("<int:pk>/send/", own(self.send_view), name="newsletter_campaign_send"),
            path("<int:pk>/cancel/", own(self.cancel_view), name="newsletter_campaign_cancel"),
            *super().get_urls(),
        ]

    def _campaign(self, request, pk, *, send=False):
        campaign = get_object_or_404(Campaign, pk=pk)
        if not self.has_view_permission(request, campaign):
            raise PermissionDenied
        if send and not self.can_send(request):
            raise PermissionDenied
        return campaign

    def change_view(self, request, object_id, form_url="", extra_context=None):
        # The panel (preview, counts) is built only for who may see the campaign: anyone else
        # gets the admin's own answer (403, or "not found") without any of it computed.
        campaign = self.get_object(request, object_id)
        extra = {}
        if campaign is not None and self.has_view_or_change_permission(request, campaign):
            message = campaign_preview_message(campaign, request)
            extra = {
                "campaign": campaign,
                "preview_text": message.body,
                "recipient_count": campaign_recipient_count(campaign=campaign),
                "progress": campaign_progress(campaign=campaign),
                "counts_by_language": campaign_counts_by_language(campaign=campaign),
                "can_send": self.can_send(request),
                "schedule_form": ScheduleForm(),
            }
        return super().change_view(
            request, object_id, form_url, extra_context={**extra, **(extra_context or {})}
        )

    @xframe_options_sameorigin
    def preview_view(self, request, pk):
        campaign = self._campaign(request, pk)
        response = HttpResponse(emails.message_html(campaign_preview_message(campaign, request)))
        response["Content-Security-Policy"] = preview_csp()
        response["Cache-Control"] = "no-store"
        return response

    def send_test_view(self, request, pk):
        campaign = self._campaign(request, pk, send=True)
        if request.method != "POST":
            return redirect(campaign.get_admin_url())
        if not request.user.email:
            self.message_user(
                request, _("Your account has no email address: add one first."), messages.ERROR
            )
        else:
            campaign_send_test(
                campaign=campaign, email=request.user.email, first_name=request.user.first_name
            )
            self.message_user(
                request, _("A test was sent to %(email)s.") % {"email": request.user.email}
            )
        return redirect(campaign.get_admin_url())

    def send_view(self, request, pk):
        """GET: the confirmation, naming the number of recipients; POST: send or schedule."""
        campaign = self._campaign(request, pk, send=True)
        if not campaign.is_editable:
            self.message_user(request, _("Only a draft can be sent."), messages.ERROR)
            return redirect(campaign.get_admin_url())
        form = ScheduleForm(request.POST if request.method == "POST" else request.GET)
        if not form.is_valid():
            self.message_user(
                request, _("That time could not be read: choose it again."), messages.ERROR
            )
            return redirect(campaign.get_admin_url())
        at = form.cleaned_data["at"]
        if at is not None and at <= timezone.now():
            at = None
        if request.method == "POST" and "confirm" in request.POST:
            try:
                campaign_schedule(campaign=campaign, at=at)
            except CampaignNotEditable:
                self.message_user(request, _("Only a draft can be sent."), messages.ERROR)
            else:
                self.message_user(
                    request,
                    _("Scheduled.") if at else _("Sending has started."),
                )
            return redirect(campaign.get_admin_url())
        return TemplateResponse(
            request,
            "admin/newsletter/campaign/send_confirmation.html",
            {
                **self.admin_site.each_context(request),
                "title": _("Send this campaign?"),
                "opts": self.model._meta,
                "original": campaign,
                "campaign": campaign,
                "at": at,
                "form": form,
                "recipient_count": campaign_recipient_count(campaign=campaign),
            },
        )

    def cancel_view(self, request, pk):
        campaign = self._campaign(request, pk, send=True)
        if request.method == "POST":
            try:
                campaign_cancel(campaign=campaign)
            except CampaignNotEditable:
                self.message_user(request, _("This campaign cannot be cancelled."), messages.ERROR)
            else:
                self.message_user(request, _("Cancelled: nothing more will be sent."))
        return redirect(campaign.get_admin_url())

    def digest_view(self, request):
        if not self.has_add_permission(request):
            raise PermissionDenied
        if request.method == "POST":
            drafts = digests_compose(created_by=request.user)
            if drafts:
                self.message_user(
                    request,
                    ngettext(
                        "%(count)d digest drafted: edit it, then send it.",
                        "%(count)d digests drafted, one per language: edit them, then send them.",
                        len(drafts),
                    )
                    % {"count": len(drafts)},
                )
            else:
                self.message_user(
                    request,
                    _("No article has been published since the last digest: nothing to draft."),
                    messages.WARNING,
                )
        return redirect("admin:newsletter_campaign_changelist")
