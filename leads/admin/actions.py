"""
What coordinators do to call-back requests from the admin: the queue's actions (claim, assign,
contacted, spam, export) and the pages of their own (one-click claim, unreachable, dashboard).
Each calls a service in ``leads.services.triage`` and records the change in the admin history.
"""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from clinic_site.exports import csv_response
from clinic_site.models import Clinic
from leads.admin.display import person
from leads.admin.forms import AssignForm
from leads.dashboard import dashboard_figures
from leads.services import triage
from leads.services.attribution import is_own_page, page_label, site_hosts


class TriageActionsMixin:
    """For ``LeadAdmin``: its actions and extra pages."""

    # --- Actions ----------------------------------------------------------------------------

    def _log(self, request, leads, message):
        for lead in leads:
            self.log_change(request, lead, message)

    @admin.action(description=_("Claim (assign to me)"), permissions=["change"])
    def claim(self, request, queryset):
        leads = list(queryset.select_related("owner"))
        held = [lead for lead in leads if lead.owner_id and lead.owner_id != request.user.pk]
        choice = request.POST.get("take_over")
        if held and choice not in {"yes", "no"}:
            return self._claim_confirmation(request, leads=leads, held=held, bulk=True)
        claimed = []
        for lead in leads:
            if lead in held and choice != "yes":
                continue
            previous = person(lead.owner)
            triage.lead_claim(lead=lead, user=request.user, take_over=lead in held)
            self.log_change(request, lead, self._claim_message(previous, lead in held))
            claimed.append(lead)
        self.message_user(
            request,
            ngettext(
                "%(count)d request is yours now.", "%(count)d requests are yours now.", len(claimed)
            )
            % {"count": len(claimed)},
            messages.SUCCESS,
        )
        return None

    @staticmethod
    def _claim_message(previous, took_over):
        if took_over:
            return _("Taken over from %(name)s.") % {"name": previous}
        return _("Claimed.")

    def _claim_confirmation(self, request, *, leads, held, bulk):
        context = {
            **self.admin_site.each_context(request),
            "title": _("Take over requests someone else has?"),
            "opts": self.opts,
            "leads": leads,
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
                "leads": leads,
                "form": form,
                "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            }
            request.current_app = self.admin_site.name
            return TemplateResponse(request, "admin/leads/lead/assign.html", context)
        owner = form.cleaned_data["owner"]
        triage.lead_assign(leads=leads, owner=owner)
        message = (
            _("Assigned to %(name)s.") % {"name": person(owner)} if owner else _("Unassigned.")
        )
        self._log(request, leads, message)
        self.message_user(request, f"{message} ({len(leads)})", messages.SUCCESS)
        return None

    @admin.action(description=_("Mark contacted"), permissions=["change"])
    def mark_contacted(self, request, queryset):
        outcome = triage.lead_mark_contacted(leads=queryset)
        self._report(request, outcome, _("Marked contacted."), _("Only new requests can be."))

    @admin.action(description=_("Mark spam"), permissions=["change"])
    def mark_spam(self, request, queryset):
        outcome = triage.lead_mark_spam(leads=queryset)
        self._report(request, outcome, _("Marked spam."), _("Already spam."))

    @admin.action(description=_("Not spam: back to new"), permissions=["change"])
    def mark_not_spam(self, request, queryset):
        outcome = triage.lead_mark_not_spam(leads=queryset)
        self._report(
            request,
            outcome,
            _("Back to new."),
            _("Not spam, or the phone already has another open request (work that one)."),
        )

    def _report(self, request, outcome, done, why_skipped):
        self._log(request, outcome.changed, done)
        if outcome.changed:
            self.message_user(request, f"{done} ({len(outcome.changed)})", messages.SUCCESS)
        if outcome.skipped:
            names = ", ".join(lead.name for lead in outcome.skipped[:10])
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
                person(lead.owner),
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

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("dashboard/", view(self.dashboard_view), name="leads_lead_dashboard"),
            path("<int:pk>/claim/", view(self.claim_view), name="leads_lead_claim"),
            path(
                "<int:pk>/unreachable/",
                view(self.unreachable_view),
                name="leads_lead_unreachable",
            ),
            *super().get_urls(),
        ]

    def _lead_to_change(self, request, pk):
        lead = get_object_or_404(self.get_queryset(request).select_related("owner"), pk=pk)
        if not self.has_change_permission(request, lead):
            raise PermissionDenied
        return lead

    def claim_view(self, request, pk):
        """The queue's one-click claim. A request someone else has is only taken after asking."""
        lead = self._lead_to_change(request, pk)
        held = lead.owner_id is not None and lead.owner_id != request.user.pk
        if request.method != "POST" or (held and request.POST.get("take_over") != "yes"):
            if not held and request.method != "POST":
                return redirect(lead.get_admin_url())
            return self._claim_confirmation(request, leads=[lead], held=[lead], bulk=False)
        previous = person(lead.owner)
        triage.lead_claim(lead=lead, user=request.user, take_over=held)
        self.log_change(request, lead, self._claim_message(previous, held))
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

    def dashboard_view(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied
        request.current_app = self.admin_site.name
        figures = dashboard_figures(now=timezone.now(), clinic=Clinic.load())
        hosts = site_hosts(request)
        for source in figures["top_sources"]:
            # Only this site's pages are linked; anything else is shown as text.
            source["is_own"] = is_own_page(source["url"], hosts=hosts)
            source["label"] = page_label(source["url"], own=source["is_own"])
        context = {
            **self.admin_site.each_context(request),
            "title": _("Call centre at a glance"),
            "opts": self.opts,
            **figures,
        }
        return TemplateResponse(request, "admin/leads/dashboard.html", context)
