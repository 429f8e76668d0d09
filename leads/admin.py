"""
The call centre's triage screen: the queue of call-back requests, one request with its calls
and notes, and the dashboard.

The queue shows open requests, the longest-waiting first, and runs the same few queries however
many there are: the coordinator, treatment and attempt count come with the rows, and the SLA
clock is computed in Python from the clinic's opening hours (read once, from the cache).
"""

import phonenumbers
from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.views.main import ChangeList
from django.db import IntegrityError
from django.db.models import Case, Count, F, IntegerField, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from clinic_site.admin import HTTPS_URL_FIELDS
from clinic_site.models import Clinic
from leads import triage
from leads.admin_actions import TriageActionsMixin, coordinators, person
from leads.filters import OwnerFilter, SlaFilter, SourceFilter, StatusFilter, page_of
from leads.models import CallAttempt, Lead, Note, Treatment
from leads.sla import SlaClock
from leads.sources import is_own_page, site_hosts

# Typed digits shorter than this are not searched for inside phone numbers (too many hits).
MIN_PHONE_DIGITS = 4


class CallAttemptInline(admin.TabularInline):
    """Calls are a log: new ones are added, logged ones are never changed or deleted."""

    model = CallAttempt
    fields = ["made_at", "outcome", "note", "made_by"]
    readonly_fields = ["made_by"]
    extra = 1
    can_delete = False
    classes = ["call-attempts"]

    def has_change_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("made_by")


class NoteInline(admin.StackedInline):
    model = Note
    fields = ["text", "author", "created_at"]
    readonly_fields = ["author", "created_at"]
    extra = 1
    can_delete = False

    def has_change_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("author")


class LeadChangeForm(forms.ModelForm):
    """
    Setting a spam or closed request back to an open status is how staff rescue a real patient,
    but a phone has one open request at most: if it has another, say so next to the status,
    with a link to that request, instead of letting the database refuse the save.
    """

    class Meta:
        model = Lead
        fields = ["status", "owner", "next_follow_up_at"]

    def clean_status(self):
        status = self.cleaned_data["status"]
        lead = self.instance
        if status not in Lead.OPEN_STATUSES or lead.pk is None or not lead.phone:
            return status
        other = Lead.objects.open().for_phone(lead.phone).exclude(pk=lead.pk).first()
        if other is not None:
            raise forms.ValidationError(
                format_html(
                    '{} <a href="{}">{}</a>',
                    _(
                        "This phone number already has an open request: work that one instead,"
                        " or close it first."
                    ),
                    other.get_admin_url(),
                    _("Open request from %(when)s (%(status)s)")
                    % {
                        "when": f"{timezone.localtime(other.created_at):%Y-%m-%d %H:%M}",
                        "status": other.get_status_display(),
                    },
                ),
                code="phone_has_open_request",
            )
        return status


class QueueChangeList(ChangeList):
    """Gives every row the same SLA clock, read once per page."""

    def get_results(self, request):
        super().get_results(request)
        clock = SlaClock.for_clinic(Clinic.load(), now=timezone.now())
        hosts = site_hosts(request)
        for lead in self.result_list:
            lead.sla_clock = clock
            lead.site_hosts = hosts
            lead.is_mine = lead.owner_id is not None and lead.owner_id == request.user.pk


@admin.register(Lead)
class LeadAdmin(TriageActionsMixin, admin.ModelAdmin):
    form = LeadChangeForm
    formfield_overrides = HTTPS_URL_FIELDS
    list_display = [
        "waiting",
        "name",
        "phone_links",
        "country",
        "interest",
        "preferred_time",
        "status",
        "coordinator",
        "attempts",
        "source_page",
        "claim_button",
    ]
    list_display_links = ["name"]
    list_filter = [
        StatusFilter,
        OwnerFilter,
        SlaFilter,
        "interest",
        "country",
        SourceFilter,
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
        "export_csv",
    ]
    inlines = [CallAttemptInline, NoteInline]
    fieldsets = [
        (
            _("Work on it"),
            {"fields": ["status", "owner", "next_follow_up_at", "sla", "first_contact_at"]},
        ),
        (
            _("The patient"),
            {
                "fields": [
                    "name",
                    "phone_links",
                    "country",
                    "language",
                    "preferred_time",
                    "interest",
                    "message",
                    "whatsapp_ok",
                ]
            },
        ),
        (
            _("Requests"),
            {
                "fields": [
                    "created_at",
                    "last_requested_at",
                    "request_count",
                    "is_returning",
                    "earlier_requests",
                    "spam_reasons_display",
                    "notified_at",
                ]
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
    # Everything the patient sent is a record: only the work on it is edited.
    editable_fields = ("status", "owner", "next_follow_up_at")

    class Media:
        css = {"all": ["leads/admin.css"]}

    # --- Queue ------------------------------------------------------------------------------

    def get_queryset(self, request):
        attempts = (
            CallAttempt.objects.filter(lead=OuterRef("pk"))
            .order_by()
            .values("lead")
            .annotate(count=Count("pk"))
            .values("count")
        )
        now = timezone.now()
        # Annotated before ordering (ModelAdmin.get_queryset orders first): the queue sorts
        # by its rank.
        queryset = self.model._default_manager.get_queryset().annotate(
            attempt_count=Coalesce(Subquery(attempts, output_field=IntegerField()), 0),
            # Waiting for a first call, then follow-ups that are due, then the rest.
            queue_rank=Case(
                # Nobody can call a request whose personal data was removed.
                When(anonymized_at__isnull=False, then=Value(2)),
                When(status=Lead.Status.NEW, first_contact_at__isnull=True, then=Value(0)),
                When(next_follow_up_at__lte=now, then=Value(1)),
                default=Value(2),
                output_field=IntegerField(),
            ),
        )
        return queryset.order_by(*self.get_ordering(request))

    def get_ordering(self, request):
        return ["queue_rank", F("next_follow_up_at").asc(nulls_last=True), "created_at"]

    def get_changelist(self, request, **kwargs):
        return QueueChangeList

    def get_search_results(self, request, queryset, search_term):
        # ``queryset`` arrives with the list's filters applied: phone matches are looked for
        # in it too, so a search never brings back what the status or owner filter left out.
        filtered = queryset
        queryset, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        term = search_term.strip()
        if not term:
            return queryset, may_have_duplicates
        phones = Q()
        try:
            number = phonenumbers.parse(term, settings.PHONENUMBER_DEFAULT_REGION)
            if phonenumbers.is_possible_number(number):
                phones |= Q(
                    phone=phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
                )
        except phonenumbers.NumberParseException:
            pass
        digits = "".join(char for char in term if char.isdigit())
        if len(digits) >= MIN_PHONE_DIGITS:
            # A local number typed with its leading 0: look for the digits after it.
            phones |= Q(phone__contains=digits.lstrip("0") or digits)
        if any(field.name == "email" for field in Lead._meta.get_fields()):
            phones |= Q(email__iexact=term)
        if phones:
            queryset |= filtered.filter(phones)
        return queryset, may_have_duplicates

    @admin.display(description=_("waiting"), ordering="created_at")
    def waiting(self, lead):
        clock = getattr(lead, "sla_clock", None) or SlaClock.for_clinic(
            Clinic.load(), now=timezone.now()
        )
        received = timezone.localtime(lead.created_at, clock.tz)
        if lead.first_contact_at is not None:
            waited = clock.waited(lead.created_at, lead.first_contact_at)
            state = clock.state(lead.created_at, lead.first_contact_at)
            return format_html(
                '<span class="sla sla--done sla--{}" title="{}">{}</span>',
                state.value,
                _("Received %(when)s; first call after %(minutes)s min of opening hours")
                % {"when": f"{received:%d %b %H:%M}", "minutes": int(waited.total_seconds() // 60)},
                _("called after %(minutes)s min") % {"minutes": int(waited.total_seconds() // 60)},
            )
        if not lead.is_open or lead.anonymized_at:
            return format_html('<span class="sla sla--closed">{}</span>', "—")
        waited = clock.waited(lead.created_at)
        state = clock.state(lead.created_at)
        return format_html(
            '<span class="sla sla--{}" title="{} · {}">{} min</span>',
            state.value,
            state.label,
            _("received %(when)s") % {"when": f"{received:%d %b %H:%M}"},
            int(waited.total_seconds() // 60),
        )

    @admin.display(description=_("phone"))
    def phone_links(self, lead):
        if lead.anonymized_at or not lead.phone or not lead.phone.is_valid():
            return _("removed") if lead.anonymized_at else str(lead.phone or "")
        clinic = Clinic.load()
        return format_html(
            '<a class="call-link" href="tel:{}">{}</a> '
            '<a class="whatsapp-link{}" href="{}" target="_blank" rel="noopener noreferrer" '
            'title="{}">WhatsApp</a>',
            lead.phone.as_e164,
            lead.phone.as_international,
            " whatsapp-link--ok" if lead.whatsapp_ok else "",
            triage.whatsapp_url(lead=lead, clinic_name=clinic.name),
            _("The patient said WhatsApp is fine") if lead.whatsapp_ok else _("Open a chat"),
        )

    @admin.display(description=_("coordinator"), ordering="owner__username")
    def coordinator(self, lead):
        return person(lead.owner) or "—"

    @admin.display(description=_("attempts"), ordering="attempt_count")
    def attempts(self, lead):
        return getattr(lead, "attempt_count", 0)

    @admin.display(description=_("source page"))
    def source_page(self, lead):
        if not lead.source_url:
            return "—"
        page = page_of(lead.source_url)
        if not self._is_own_page(lead, page):
            # Not one of ours (sent before only our pages were kept): shown, never linked.
            return format_html('<span class="source-external">{}</span>', page[:60])
        return format_html(
            '<a href="{}" target="_blank" rel="noopener noreferrer">{}</a>',
            page,
            page.split("//", 1)[-1].split("/", 1)[-1][:40] or "/",
        )

    @admin.display(description=_("source page"))
    def source_page_link(self, lead):
        if not lead.source_url:
            return "—"
        if not self._is_own_page(lead, lead.source_url):
            return lead.source_url
        return format_html(
            '<a href="{}" target="_blank" rel="noopener noreferrer">{}</a>',
            lead.source_url,
            lead.source_url,
        )

    @admin.display(description=_("referrer"))
    def referrer_text(self, lead):
        # Another site, as the patient's browser (or a bot) named it: text, not a link.
        return lead.referrer or "—"

    @staticmethod
    def _is_own_page(lead, url):
        return is_own_page(url, hosts=getattr(lead, "site_hosts", None) or site_hosts())

    @admin.display(description="")
    def claim_button(self, lead):
        # A button of the list's own form, sent to the claim view: no form inside a form.
        if not lead.is_open:
            return ""
        if getattr(lead, "is_mine", False):
            return format_html('<span class="claimed-by-me">{}</span>', _("Yours"))
        return format_html(
            '<button type="submit" class="button claim-button" formaction="{}" '
            'formmethod="post" name="claim" value="{}">{}</button>',
            reverse("admin:leads_lead_claim", args=[lead.pk]),
            lead.pk,
            _("Claim"),
        )

    # --- One request ------------------------------------------------------------------------

    def get_object(self, request, object_id, from_field=None):
        lead = super().get_object(request, object_id, from_field)
        if lead is not None:
            lead.site_hosts = site_hosts(request)
        return lead

    def get_readonly_fields(self, request, obj=None):
        shown = [name for _title, options in self.fieldsets for name in options["fields"]]
        return [name for name in shown if name not in self.editable_fields]

    def has_add_permission(self, request):
        # Requests come from patients through the form, never typed in by hand.
        return False

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "owner":
            kwargs["queryset"] = coordinators()
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "owner":
            field.label_from_instance = person
        return field

    @admin.display(description=_("SLA"))
    def sla(self, lead):
        return self.waiting(lead)

    @admin.display(description=_("earlier and later requests from this phone"))
    def earlier_requests(self, lead):
        if lead.anonymized_at or not lead.phone:
            return "—"
        others = Lead.objects.for_phone(lead.phone).exclude(pk=lead.pk).order_by("-created_at")
        if not others:
            return "—"
        return format_html_join(
            mark_safe("<br>"),
            '<a href="{}">{} · {}</a>',
            (
                (
                    other.get_admin_url(),
                    f"{timezone.localtime(other.created_at):%Y-%m-%d}",
                    other.get_status_display(),
                )
                for other in others[:20]
            ),
        )

    @admin.display(description=_("why it looked like spam"))
    def spam_reasons_display(self, lead):
        return lead.spam_reasons_display or "—"

    def save_model(self, request, obj, form, change):
        if change and "status" in form.changed_data:
            triage.lead_record_status_change(
                lead=obj, previous_status=form.initial.get("status", obj.status)
            )
        if change and "owner" in form.changed_data:
            obj.claimed_at = timezone.now() if obj.owner_id else None
        super().save_model(request, obj, form, change)

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
            "offer_unreachable": lead is not None
            and self.has_change_permission(request, lead)
            and self._offers_unreachable(lead),
            "unreachable_message": self._unreachable_message(),
            "can_claim": lead is not None
            and lead.is_open
            and lead.owner_id != request.user.pk
            and self.has_change_permission(request, lead),
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


@admin.register(Treatment)
class TreatmentAdmin(admin.ModelAdmin):
    list_display = ["name", "position", "is_active"]
    list_editable = ["position", "is_active"]
    search_fields = ["name"]
