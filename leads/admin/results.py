"""
The doctor's answer to a free assessment (``AssessmentResult``), in the admin.

A doctor may read a request but not change it, so the answer has an admin of its own: "Record
the assessment" on the request's page opens its add form with the request chosen, and the
patient's photos and answers are shown above the fields, so the doctor sees what they assess.
The coordinator sends the answer from the request's page (``AssessmentResultSendMixin``):
only staff who may work requests (``leads.change_lead``) send, only staff who may record
results (``leads.add_assessmentresult``) record.
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from clinic_site.prices import price_display
from leads.admin.display import EMPTY, staff_name, written_at
from leads.models import AssessmentResult, Lead
from leads.services import assessment
from leads.whatsapp import whatsapp_result_url

Channel = AssessmentResult.Channel


def assessment_queue_url():
    """The queue, showing assessment requests only."""
    return f"{reverse('admin:leads_lead_changelist')}?{urlencode({'kind__exact': 'assessment'})}"


class AssessmentResultSendMixin:
    """For ``LeadAdmin``: the answer on the request's page, and sending it to the patient."""

    def assessment_result_context(self, request, lead):
        if lead is None or not lead.is_assessment:
            return {}
        result = (
            AssessmentResult.objects.select_related("technique", "assessed_by", "sent_by")
            .filter(lead=lead)
            .first()
        )
        may_send = self.has_change_permission(request, lead)
        context = {
            "assessment_result": result,
            "can_record_result": result is None
            and request.user.has_perm("leads.add_assessmentresult"),
            "can_change_result": result is not None
            and request.user.has_perm("leads.change_assessmentresult"),
            "record_result_url": f"{reverse('admin:leads_assessmentresult_add')}?"
            f"{urlencode({'lead': lead.pk})}",
        }
        if result is not None:
            result.lead = lead
            context.update(
                {
                    "result_sent_history": assessment.sent_history(result),
                    "can_send_email": may_send and assessment.can_send(result, Channel.EMAIL),
                    "can_send_whatsapp": may_send and assessment.can_send(result, Channel.WHATSAPP),
                    "result_grafts": assessment.graft_range(result),
                    "result_price": price_display(int(result.price_quoted), result.currency)
                    if result.price_quoted is not None
                    else "",
                }
            )
        return context

    def send_result_view(self, request, pk, channel):
        """Send the doctor's answer by ``channel``: a POST from the request's page only."""
        lead = get_object_or_404(self.get_queryset(request), pk=pk)
        if not self.has_change_permission(request, lead):
            raise PermissionDenied
        if channel not in Channel.values:
            raise Http404
        if request.method != "POST":
            return redirect(lead.get_admin_url())
        result = get_object_or_404(AssessmentResult.objects.select_related("lead"), lead=lead)
        try:
            assessment.assessment_result_send(result=result, by=request.user, channel=channel)
        except assessment.CannotSend:
            self.message_user(
                request,
                _(
                    "This patient cannot be reached that way (no email address, or WhatsApp "
                    "not allowed)."
                ),
                messages.ERROR,
            )
            return redirect(lead.get_admin_url())
        if channel == Channel.WHATSAPP:
            # Not a redirect: the page's policy (form-action 'self') stops a form's answer
            # from leaving the site. This page opens the chat itself.
            return TemplateResponse(
                request,
                "admin/leads/whatsapp_open.html",
                {
                    **self.admin_site.each_context(request),
                    "whatsapp_url": whatsapp_result_url(result=result),
                    "lead_url": lead.get_admin_url(),
                },
            )
        self.message_user(
            request,
            _("The assessment is on its way to %(email)s.") % {"email": lead.email},
            messages.SUCCESS,
        )
        return redirect(lead.get_admin_url())


class AssessmentResultForm(forms.ModelForm):
    """The doctor's fields; on a new answer, the request it answers (chosen from its page)."""

    class Meta:
        model = AssessmentResult
        fields = [
            "lead",
            "verdict",
            "technique",
            "grafts_min",
            "grafts_max",
            "price_quoted",
            "currency",
            "note_for_patient",
        ]
        widgets = {"lead": forms.HiddenInput}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "grafts_min" in self.fields:
            self.fields["grafts_min"].widget.attrs["step"] = 50
            self.fields["grafts_max"].widget.attrs["step"] = 50


@admin.register(AssessmentResult)
class AssessmentResultAdmin(admin.ModelAdmin):
    form = AssessmentResultForm
    list_display = ["request", "verdict", "doctor", "assessed_at", "sent"]
    list_filter = ["verdict", "sent_via"]
    list_select_related = ["lead", "assessed_by"]
    date_hierarchy = "assessed_at"
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "lead",
                    "verdict",
                    "technique",
                    ("grafts_min", "grafts_max"),
                    ("price_quoted", "currency"),
                    "note_for_patient",
                ]
            },
        ),
        (_("Recorded and sent"), {"fields": ["doctor", "assessed_at", "sent"]}),
    ]

    # --- The list ---------------------------------------------------------------------------

    @admin.display(description=_("request"), ordering="lead__name")
    def request(self, result):
        return result.lead.name

    @admin.display(description=_("doctor"))
    def doctor(self, result):
        return staff_name(result.assessed_by) or EMPTY

    @admin.display(description=_("sent to the patient"), ordering="sent_at")
    def sent(self, result):
        if not result.sent_at:
            return _("not yet")
        return f"{written_at(result.sent_at)} · {result.get_sent_via_display()}"

    # --- One answer -------------------------------------------------------------------------

    def get_fieldsets(self, request, obj=None):
        if obj is None:
            # The doctor records; who and when are theirs and now.
            return [(None, {"fields": self.fieldsets[0][1]["fields"]})]
        return [
            (None, {"fields": self.fieldsets[0][1]["fields"][1:]}),
            self.fieldsets[1],
        ]

    def get_readonly_fields(self, request, obj=None):
        return ["doctor", "assessed_at", "sent"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "lead":
            # Only an assessment request that has no answer yet (the queue's own order needs
            # the queue's annotations, so the admin's default would not do).
            kwargs["queryset"] = Lead.objects.assessments().filter(assessment_result__isnull=True)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def _lead_assessed(self, request, object_id=None):
        """The request the answer is for: from the add form's address, or the answer's."""
        if object_id is not None:
            result = self.get_object(request, object_id)
            return result.lead if result is not None else None
        pk = request.POST.get("lead") or request.GET.get("lead")
        if not pk or not (str(pk).isascii() and str(pk).isdigit()):
            return None
        return Lead.objects.assessments().filter(pk=pk).first()

    def _form_top_context(self, lead):
        return {
            "assessed_lead": lead,
            "assessed_photos": list(lead.photos.all()) if lead is not None else [],
        }

    def add_view(self, request, form_url="", extra_context=None):
        if not self.has_add_permission(request):
            raise PermissionDenied
        lead = self._lead_assessed(request)
        if lead is None:
            self.message_user(
                request,
                _("Open the assessment request in the queue, then “Record the assessment”."),
                messages.INFO,
            )
            return redirect(assessment_queue_url())
        if AssessmentResult.objects.filter(lead=lead).exists():
            result = AssessmentResult.objects.get(lead=lead)
            return redirect(reverse("admin:leads_assessmentresult_change", args=[result.pk]))
        extra_context = {**(extra_context or {}), **self._form_top_context(lead)}
        return super().add_view(request, form_url, extra_context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        lead = self._lead_assessed(request, object_id)
        extra_context = {**(extra_context or {}), **self._form_top_context(lead)}
        return super().change_view(request, object_id, form_url, extra_context)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("lead", "assessed_by", "sent_by")

    def save_model(self, request, obj, form, change):
        assessment.assessment_result_record(result=obj, by=request.user)

    def _back_to_the_request(self, request, obj):
        # The doctor came from the request's page: back there, where the answer now shows.
        if self.admin_site._registry[Lead].has_view_permission(request, obj.lead):
            return redirect(obj.lead.get_admin_url())
        return None

    def response_add(self, request, obj, post_url_continue=None):
        response = super().response_add(request, obj, post_url_continue)
        if "_continue" in request.POST or "_addanother" in request.POST:
            return response
        return self._back_to_the_request(request, obj) or response

    def response_change(self, request, obj):
        response = super().response_change(request, obj)
        if "_continue" in request.POST:
            return response
        return self._back_to_the_request(request, obj) or response
