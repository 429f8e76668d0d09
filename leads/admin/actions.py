"""
What coordinators do to call-back requests from the admin: the queue's actions (claim, assign,
contacted, spam, release, export) and the pages of their own (one-click claim, unreachable).
Each calls a service in ``leads.services.triage`` and records the change in the admin history.
"""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from clinic_site.exports import csv_response
from leads.admin.display import staff_name
from leads.admin.forms import AssignForm
from leads.services import triage


class TriageActionsMixin:
    """For ``LeadAdmin``: its actions and extra pages."""

    # --- Actions ----------------------------------------------------------------------------

    def _log(self, request, leads, message):
        for lead in leads:
            self.log_change(request, lead, message)

    @admin.action(description=_("Claim (assign to me)"), permissions=["change"])
    def claim(self, request, queryset):
        confirmation, claimed = self._claim(
            request, list(queryset.select_related("owner")), bulk=True
        )
        if confirmation is not None:
            return confirmation
        self.message_user(
            request,
            ngettext(
                "%(count)d request is yours now.", "%(count)d requests are yours now.", len(claimed)
            )
            % {"count": len(claimed)},
            messages.SUCCESS,
        )
        return None

    def _claim(self, request, leads, *, bulk):
        """
        Claim ``leads`` for the coordinator, from the queue's action and its one-click button
        alike. Free requests and their own are claimed at once; one someone else holds only
        after asking: the confirmation page posts back ``take_over`` ("yes" takes them over,
        "no" leaves them). Returns the confirmation page while that answer is missing (and
        nothing claimed), else None and the leads claimed.
        """
        held = [lead for lead in leads if lead.is_held_by_other(request.user)]
        choice = request.POST.get("take_over")
        if held and choice not in {"yes", "no"}:
            return self._claim_confirmation(request, leads=leads, held=held, bulk=bulk), []
        claimed, taken_meanwhile = [], []
        for lead in leads:
            took_over = lead in held
            if took_over and choice != "yes":
                continue
            previous = staff_name(lead.owner)
            try:
                triage.lead_claim(lead=lead, user=request.user, take_over=took_over)
            except triage.LeadHeldByOther:
                # A colleague claimed it between this page's look and the claim: it stays theirs.
                taken_meanwhile.append(lead)
                continue
            if took_over:
                message = _("Taken over from %(name)s.") % {"name": previous}
            else:
                message = _("Claimed.")
            self.log_change(request, lead, message)
            claimed.append(lead)
        for lead in taken_meanwhile:
            self.message_user(
                request,
                _("%(lead)s was claimed by %(name)s a moment ago: it stays theirs.")
                % {"lead": lead.name, "name": staff_name(lead.owner)},
                messages.WARNING,
            )
        return None, claimed

    def _claim_confirmation(self, request, *, leads, held, bulk):
        context = {
            **self.admin_site.each_context(request),
            "title": _("Take over requests someone else has?"),
            "opts": self.opts,
            "queryset": leads,
            "action": "claim",
            "held": held,
            "free": [lead for lead in leads if lead not in held],
            "bulk": bulk,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, "admin/leads/lead/claim_confirmation.html", context)

    @admin.action(description=_("Assign to…"), permissions=["change"])
    def assign_to(self, request, queryset):
        leads = list(queryset.select_related("owner"))
        form = AssignForm(request.POST if "apply" in request.POST else None)
        if not form.is_valid():
            context = {
                **self.admin_site.each_context(request),
                "title": _("Assign call-back requests"),
                "opts": self.opts,
                "queryset": leads,
                "action": "assign_to",
                "form": form,
                "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            }
            request.current_app = self.admin_site.name
            return TemplateResponse(request, "admin/leads/lead/assign.html", context)
        owner = form.cleaned_data["owner"]
        triage.lead_assign(leads=leads, owner=owner)
        message = (
            _("Assigned to %(name)s.") % {"name": staff_name(owner)} if owner else _("Unassigned.")
        )
        self._log(request, leads, message)
        self.message_user(request, f"{message} ({len(leads)})", messages.SUCCESS)
        return None

    @admin.action(description=_("Mark contacted"), permissions=["change"])
    def mark_contacted(self, request, queryset):
        result = triage.lead_mark_contacted(leads=queryset)
        self._report(request, result, _("Marked contacted."), _("Only new requests can be."))

    @admin.action(description=_("Mark spam"), permissions=["change"])
    def mark_spam(self, request, queryset):
        result = triage.lead_mark_spam(leads=queryset)
        self._report(request, result, _("Marked spam."), _("Already spam."))

    @admin.action(description=_("Not spam: back to new"), permissions=["change"])
    def mark_not_spam(self, request, queryset):
        result = triage.lead_mark_not_spam(leads=queryset)
        self._report(
            request,
            result,
            _("Back to new."),
            _("Not spam, or the phone already has another open request (work that one)."),
        )

    @admin.action(description=_("Release: notify the call centre"), permissions=["change"])
    def release(self, request, queryset):
        result = triage.lead_release(leads=queryset)
        self._report(
            request,
            result,
            _("Released: the call centre is told."),
            _("Not held: the call centre already knows about them."),
        )

    def _report(self, request, result, done, why_skipped):
        self._log(request, result.changed, done)
        if result.changed:
            self.message_user(request, f"{done} ({len(result.changed)})", messages.SUCCESS)
        if result.skipped:
            names = ", ".join(lead.name for lead in result.skipped[:10])
            self.message_user(
                request,
                _("Left as they were: %(names)s. %(why)s") % {"names": names, "why": why_skipped},
                messages.WARNING,
            )

    @admin.action(description=_("Export selected to CSV (Excel)"), permissions=["change"])
    def export_csv(self, request, queryset):
        header = [
            "id", "received", "status", "name", "phone", "country", "language", "interest",
            "preferred time", "message", "WhatsApp is fine", "coordinator", "call attempts",
            "first contact", "next follow-up", "requests", "returning patient", "source page",
            "referrer", "utm_source", "utm_medium", "utm_campaign", "utm_term", "utm_content",
        ]  # fmt: skip
        leads = queryset.select_related("interest", "owner").order_by("created_at")

        def when(moment):
            return f"{timezone.localtime(moment):%Y-%m-%d %H:%M}" if moment else ""

        rows = (
            [
                lead.pk,
                when(lead.created_at),
                lead.get_status_display(),
                lead.name,
                "" if lead.anonymized_at else str(lead.phone),
                lead.country,
                lead.language,
                lead.interest or "",
                lead.get_preferred_time_display(),
                lead.message,
                "yes" if lead.whatsapp_ok else "no",
                staff_name(lead.owner),
                lead.attempt_count,
                when(lead.first_contact_at),
                when(lead.next_follow_up_at),
                lead.request_count,
                "yes" if lead.is_returning else "no",
                lead.source_url,
                lead.referrer,
                lead.utm_source,
                lead.utm_medium,
                lead.utm_campaign,
                lead.utm_term,
                lead.utm_content,
            ]  # fmt: skip
            for lead in leads
        )
        return csv_response(filename="call-back-requests", header=header, rows=rows)

    # --- Pages of their own -----------------------------------------------------------------

    def _lead_to_change(self, request, pk):
        lead = get_object_or_404(self.get_queryset(request).select_related("owner"), pk=pk)
        if not self.has_change_permission(request, lead):
            raise PermissionDenied
        return lead

    def claim_view(self, request, pk):
        """The queue's one-click claim. A request someone else has is only taken after asking."""
        lead = self._lead_to_change(request, pk)
        if request.method != "POST" and not lead.is_held_by_other(request.user):
            return redirect(lead.get_admin_url())
        confirmation, claimed = self._claim(request, [lead], bulk=False)
        if confirmation is not None:
            return confirmation
        if claimed:
            self.message_user(
                request, _("%(lead)s is yours now.") % {"lead": lead.name}, messages.SUCCESS
            )
        return redirect(lead.get_admin_url())

    def unreachable_view(self, request, pk):
        lead = self._lead_to_change(request, pk)
        if request.method != "POST":
            return redirect(lead.get_admin_url())
        triage.lead_mark_unreachable(lead=lead)
        self.log_change(request, lead, _("Marked unreachable."))
        self.message_user(
            request, _("%(lead)s is marked unreachable.") % {"lead": lead.name}, messages.SUCCESS
        )
        return redirect("admin:leads_lead_changelist")
