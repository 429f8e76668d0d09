"""
The call centre's triage screen: the queue of call-back requests, and one request with its
calls and notes. Its actions are in ``actions``, its cells in ``display``, its dashboard page in
``dashboard``, the top of one request's page in ``desk``, the queue's new requests in
``updates``.

The queue shows open requests in the coordinator's own order (what they should call next first)
and runs the same few queries however many there are: the coordinator, treatment and attempt
count come with the rows, and the SLA clock is computed in Python from the clinic's opening
hours (read once, from the cache).
"""

from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.options import get_ul_class
from django.contrib.admin.templatetags.admin_urls import add_preserved_filters
from django.contrib.admin.views.main import ChangeList
from django.contrib.admin.widgets import AdminRadioSelect
from django.db import IntegrityError
from django.shortcuts import redirect
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from clinic_site.admin import HTTPS_URL_FIELDS
from clinic_site.models import Clinic
from clinic_site.same_site import site_hosts
from leads.admin.actions import TriageActionsMixin
from leads.admin.dashboard import DashboardMixin
from leads.admin.desk import SAVE_NEXT, CallDeskMixin
from leads.admin.display import LeadDisplayMixin, staff_name, written_at
from leads.admin.filters import (
    AssessmentProgressFilter,
    LanguageFilter,
    NetworkFilter,
    OwnerFilter,
    QueueOrderFilter,
    SlaFilter,
    SourceFilter,
    StatusFilter,
)
from leads.admin.forms import LeadChangeForm
from leads.admin.results import AssessmentResultSendMixin
from leads.admin.updates import QueueUpdatesMixin
from leads.models import COORDINATOR_ORDERING, QUEUE_ORDERING, CallAttempt, Lead, Note
from leads.services import triage
from leads.services.retention import deleted_leads_history_scrub, lead_personal_values
from leads.sla import SlaClock


class OutcomeRadioSelect(AdminRadioSelect):
    """
    A call's outcomes, the first of which carries the page's keys: the page opens with it in
    focus (the arrow keys pick the outcome) and one key brings it back from anywhere (Alt+L, or
    Alt+Shift+L). Once, not on every option: a repeated accesskey or autofocus is ambiguous.
    The change page turns ``autofocus`` off when it shows errors, so focus is not pulled away
    from them.
    """

    autofocus = True

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        if index == 0 and subindex is None:
            option["attrs"]["accesskey"] = "l"
            if self.autofocus:
                option["attrs"]["autofocus"] = True
        return option


class CallAttemptInline(admin.TabularInline):
    """Calls are a log: new ones are added, logged ones are never changed or deleted."""

    model = CallAttempt
    fields = ["made_at", "outcome", "note", "who"]
    readonly_fields = ["who"]
    # One click per outcome; the new call's form is drawn at the top of the page (desk.py).
    radio_fields = {"outcome": admin.HORIZONTAL}
    extra = 1
    can_delete = False
    classes = ["call-attempts"]

    def has_change_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("made_by")

    def formfield_for_choice_field(self, db_field, request, **kwargs):
        if db_field.name == "outcome":
            kwargs.setdefault(
                "widget", OutcomeRadioSelect(attrs={"class": get_ul_class(admin.HORIZONTAL)})
            )
        return super().formfield_for_choice_field(db_field, request, **kwargs)

    # The name as text: a link would open the user admin, which coordinators may not see.
    @admin.display(description=_("who"))
    def who(self, attempt):
        return staff_name(attempt.made_by) or "—"


class NoteInline(admin.StackedInline):
    model = Note
    fields = ["text", "written_by", "written"]
    readonly_fields = ["written_by", "written"]
    extra = 1
    can_delete = False

    def has_change_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("author")

    @admin.display(description=_("author"))
    def written_by(self, note):
        return staff_name(note.author) or "—"

    # A blank note still to be written has no time yet: it gets one when saved.
    @admin.display(description=_("written"))
    def written(self, note):
        return written_at(note.created_at if note.pk else None)


class QueueChangeList(ChangeList):
    """Gives every row the same SLA clock, read once per page."""

    def get_results(self, request):
        super().get_results(request)
        clock = SlaClock.for_clinic(Clinic.load(), now=timezone.now())
        hosts = site_hosts(request)
        preserved_filters = self.model_admin.get_preserved_filters(request)
        # A doctor reads the queue but works none of it: no Claim button for them.
        can_claim = self.model_admin.has_change_permission(request)
        for lead in self.result_list:
            lead.can_claim = can_claim
            lead.sla_clock = clock
            lead.site_hosts = hosts
            lead.is_mine = lead.is_held_by(request.user)
            # The name is the row's link: it keeps the list's filters, as Django's own does.
            lead.change_url = add_preserved_filters(
                {"preserved_filters": preserved_filters, "opts": self.opts},
                lead.get_admin_url(),
            )


@admin.register(Lead)
class LeadAdmin(
    TriageActionsMixin,
    AssessmentResultSendMixin,
    DashboardMixin,
    QueueUpdatesMixin,
    CallDeskMixin,
    LeadDisplayMixin,
    admin.ModelAdmin,
):
    form = LeadChangeForm
    formfield_overrides = HTTPS_URL_FIELDS
    # Few, wrapping columns: everything a coordinator acts on fits a 1280 px screen.
    # Claim has a column of its own, so it never wraps under a long name; the source page is
    # on the request's page (and a filter), not worth a column a coordinator scrolls past.
    list_display = ["waiting", "patient", "claim_column", "wants", "progress"]
    # The patient cell links the name itself: it also holds the phone links and Claim.
    list_display_links = None
    list_filter = [
        QueueOrderFilter,
        StatusFilter,
        "kind",
        AssessmentProgressFilter,
        OwnerFilter,
        SlaFilter,
        "interest",
        "country",
        LanguageFilter,
        SourceFilter,
        NetworkFilter,
        "created_at",
    ]
    list_select_related = ["interest", "owner"]
    list_per_page = 50
    search_fields = ["name"]
    search_help_text = _("Name, or a phone number in any format (0532 123 45 67, +90532…).")
    date_hierarchy = "created_at"
    actions = [
        "claim",
        "assign_to",
        "mark_contacted",
        "mark_spam",
        "mark_not_spam",
        "release",
        "export_csv",
    ]
    inlines = [CallAttemptInline, NoteInline]
    fieldsets = [
        # Drawn in the desk at the top of the page, beside the log of a call (desk.py).
        (_("Work on it"), {"fields": ["follow_up_in", "next_follow_up_at", "status", "owner"]}),
        (
            _("The patient"),
            {
                "classes": ["collapse"],
                "fields": [
                    "name",
                    "phone_links",
                    "country",
                    "language",
                    "preferred_time",
                    "interest",
                    "message",
                    "whatsapp_ok",
                ],
            },
        ),
        (
            _("Requests"),
            {
                "classes": ["collapse"],
                "fields": [
                    "sla",
                    "first_contact_at",
                    "created_at",
                    "last_requested_at",
                    "request_count",
                    "is_returning",
                    "network",
                    "earlier_requests",
                    "spam_reasons_display",
                    "notified_at",
                ],
            },
        ),
        (
            _("Where it came from"),
            {
                "classes": ["collapse"],
                "fields": [
                    "source_page_link",
                    "referrer_text",
                    "utm_source",
                    "utm_medium",
                    "utm_campaign",
                    "utm_term",
                    "utm_content",
                ],
            },
        ),
        (
            _("Consent and browser"),
            {
                "classes": ["collapse"],
                "fields": [
                    "consent_text",
                    "consent_version",
                    "consented_at",
                    "ip_address",
                    "user_agent",
                    "anonymized_at",
                ],
            },
        ),
    ]
    # Shown for an assessment request only, after "The patient" (see get_fieldsets).
    assessment_fieldset = (
        _("Free assessment"),
        {
            "fields": [
                "assessment_details",
                "email",
                "health_consent",
                "health_consent_version",
                "health_consented_at",
            ]
        },
    )
    # Everything the patient sent is a record: only the work on it is edited.
    editable_fields = ("status", "owner", "next_follow_up_at", "follow_up_in")

    class Media:
        css = {"all": ["leads/admin.css"]}

    # --- Queue ------------------------------------------------------------------------------

    def get_queryset(self, request):
        # ModelAdmin.get_queryset would order before the queue's rank exists to order by.
        leads = (
            self.model._default_manager.in_coordinator_order(request.user)
            .with_photo_count()
            .with_assessment_progress()
        )
        user = request.user
        if user.has_perm("leads.view_lead") and not user.has_perm("leads.change_lead"):
            # Staff who read requests without working them are the doctors: call-back
            # requests are none of their business, assessments are.
            leads = leads.assessments()
        return leads

    # --- Deleting (superusers only): the history must not keep the patient's name ------------

    def delete_model(self, request, obj):
        deleted = [(obj.pk, lead_personal_values(obj))]
        super().delete_model(request, obj)
        deleted_leads_history_scrub(deleted)

    def delete_queryset(self, request, queryset):
        deleted = [(lead.pk, lead_personal_values(lead)) for lead in queryset]
        super().delete_queryset(request, queryset)
        deleted_leads_history_scrub(deleted)

    def get_ordering(self, request):
        order = QueueOrderFilter.order(request)
        if order == QueueOrderFilter.FOR_ME:
            return list(COORDINATOR_ORDERING)
        if order == QueueOrderFilter.LANGUAGES_FIRST:
            return ["language_rank", *QUEUE_ORDERING]
        return list(QUEUE_ORDERING)

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("dashboard/", view(self.dashboard_view), name="leads_lead_dashboard"),
            path("updates/", view(self.updates_view), name="leads_lead_updates"),
            path("<int:pk>/claim/", view(self.claim_view), name="leads_lead_claim"),
            path(
                "<int:pk>/send-result/<str:channel>/",
                view(self.send_result_view),
                name="leads_lead_send_result",
            ),
            path(
                "<int:pk>/unreachable/",
                view(self.unreachable_view),
                name="leads_lead_unreachable",
            ),
            *super().get_urls(),
        ]

    def get_changelist(self, request, **kwargs):
        return QueueChangeList

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            "title": _("Call-back queue"),
            **self.queue_updates_context(request),
            **(extra_context or {}),
        }
        return super().changelist_view(request, extra_context)

    def get_search_results(self, request, queryset, search_term):
        # ``queryset`` arrives with the list's filters applied: phone matches are looked for
        # in it too, so a search never brings back what the status or owner filter left out.
        filtered = queryset
        queryset, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        if search_term.strip():
            queryset |= filtered.matching_phone(search_term.strip())
        return queryset, may_have_duplicates

    # --- One request ------------------------------------------------------------------------

    def get_object(self, request, object_id, from_field=None):
        lead = super().get_object(request, object_id, from_field)
        if lead is not None:
            lead.site_hosts = site_hosts(request)
        return lead

    def get_fieldsets(self, request, obj=None):
        fieldsets = list(super().get_fieldsets(request, obj))
        if obj is not None and obj.is_assessment:
            fieldsets.insert(2, self.assessment_fieldset)
        return fieldsets

    def get_readonly_fields(self, request, obj=None):
        shown = [
            name
            for _title, options in [*self.fieldsets, self.assessment_fieldset]
            for name in options["fields"]
        ]
        return [name for name in shown if name not in self.editable_fields]

    def has_add_permission(self, request):
        # Requests come from patients through the form, never typed in by hand.
        return False

    def save_model(self, request, obj, form, change):
        # The form changed ``obj`` in memory (only the fields a coordinator may edit); the
        # triage service applies them to the stored request, with the rules that come with them
        # (first contact, claim time).
        triage.lead_update(
            lead=Lead.objects.get(pk=obj.pk),
            status=obj.status,
            owner=obj.owner,
            next_follow_up_at=obj.next_follow_up_at,
        )
        obj.refresh_from_db()

    def save_formset(self, request, form, formset, change):
        instances = formset.save(commit=False)
        for instance in instances:
            if isinstance(instance, CallAttempt) and instance.pk is None:
                triage.call_attempt_log(
                    lead=form.instance,
                    by=request.user,
                    outcome=instance.outcome,
                    note=instance.note,
                    made_at=instance.made_at,
                    attempt=instance,
                )
            elif isinstance(instance, Note) and instance.pk is None:
                triage.note_add(
                    lead=form.instance, by=request.user, text=instance.text, note=instance
                )
            else:
                instance.save()
        formset.save_m2m()

    def response_change(self, request, obj):
        obj.refresh_from_db()
        if self._offers_unreachable(obj):
            messages.warning(request, self._unreachable_message())
        if SAVE_NEXT in request.POST:
            return self.response_save_next(request, obj)
        return super().response_change(request, obj)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except IntegrityError:
            # The form checked the phone has no other open request, but the patient asked
            # again in the moment between that check and the save. Nothing was saved.
            if request.method != "POST" or object_id is None:
                raise
            self.message_user(
                request,
                _(
                    "Not saved: this phone number has just received another open request. "
                    "Work that one instead, or close it first."
                ),
                messages.ERROR,
            )
            return redirect(request.get_full_path())

    def change_view(self, request, object_id, form_url="", extra_context=None):
        lead = self.get_object(request, object_id)
        extra_context = {
            **(extra_context or {}),
            "unreachable_message": self._unreachable_message(),
            "can_claim": lead is not None
            and lead.is_open
            and not lead.is_held_by(request.user)
            and self.has_change_permission(request, lead),
            **self.assessment_result_context(request, lead),
        }
        return super().change_view(request, object_id, form_url, extra_context)

    @staticmethod
    def _offers_unreachable(lead):
        return triage.is_offered_as_unreachable(lead, lead.call_attempts.all())

    @staticmethod
    def _unreachable_message():
        return ngettext(
            "%(count)d call in a row went unanswered: mark it unreachable?",
            "%(count)d calls in a row went unanswered: mark it unreachable?",
            settings.LEADS_MAX_ATTEMPTS,
        ) % {"count": settings.LEADS_MAX_ATTEMPTS}
