"""The queue's list filters: what a coordinator narrows the call-back requests by."""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib import admin
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from clinic_site.languages import language_name
from clinic_site.models import Clinic
from leads.models import Lead
from leads.sla import SlaClock, SlaState

# How many source pages the filter offers (the busiest ones).
SOURCE_CHOICES = 15


def acts_on_picked_rows(request) -> bool:
    """
    True for an admin action posted with rows ticked one by one: those rows are acted on
    whatever the list showed by default (a won request picked under "All" is still exported
    from a form that posts to the plain list address). "Select all N" acts on the list as
    filtered, so it keeps the defaults.
    """
    return (
        request.method == "POST"
        and bool(request.POST.getlist(ACTION_CHECKBOX_NAME))
        and request.POST.get("select_across") != "1"
    )


class StatusFilter(admin.SimpleListFilter):
    """
    Open requests by default: the queue is the work still to do, so requests whose personal
    data was removed (nobody can call them) are left out of it too. "All" shows every one.
    """

    title = _("status")
    parameter_name = "status"
    OPEN = "open"
    ALL = "all"

    def lookups(self, request, model_admin):
        return [
            (self.OPEN, _("Open (new, contacted, booked)")),
            *Lead.Status.choices,
            (self.ALL, _("All")),
        ]

    def queryset(self, request, queryset):
        if self.value() is None and acts_on_picked_rows(request):
            return queryset
        value = self.value() or self.OPEN
        if value == self.OPEN:
            return queryset.open().not_anonymized()
        if value == self.ALL:
            return queryset
        if value in Lead.Status.values:
            return queryset.filter(status=value)
        return queryset

    def choices(self, changelist):
        current = self.value() or self.OPEN
        for value, title in self.lookup_choices:
            yield {
                "selected": current == value,
                "query_string": changelist.get_query_string({self.parameter_name: value}),
                "display": title,
            }


class OwnerFilter(admin.SimpleListFilter):
    title = _("coordinator")
    parameter_name = "owner"

    def lookups(self, request, model_admin):
        return [
            ("mine", _("Mine")),
            ("unassigned", _("Unassigned")),
            ("others", _("Someone else's")),
        ]

    def queryset(self, request, queryset):
        if self.value() == "mine":
            return queryset.owned_by(request.user)
        if self.value() == "unassigned":
            return queryset.unassigned()
        if self.value() == "others":
            return queryset.filter(owner__isnull=False).exclude(owner=request.user)
        return queryset


class SlaFilter(admin.SimpleListFilter):
    """
    Requests still waiting for their first call, by how much of the SLA they have used. The
    clock counts opening hours only, so the cut-off times are worked out once per request and
    the database compares ``created_at`` with them.
    """

    title = _("SLA (waiting for a first call)")
    parameter_name = "sla"

    def lookups(self, request, model_admin):
        return [(state.value, state.label) for state in SlaState]

    def queryset(self, request, queryset):
        if self.value() not in {state.value for state in SlaState}:
            return queryset
        clock = SlaClock.for_clinic(Clinic.load(), now=timezone.now())
        breached_by, at_risk_by = clock.breached_if_received_by, clock.at_risk_if_received_by
        waiting = queryset.waiting()
        if self.value() == SlaState.BREACHED.value:
            return waiting.filter(created_at__lte=breached_by)
        if self.value() == SlaState.AT_RISK.value:
            return waiting.filter(created_at__gt=breached_by, created_at__lte=at_risk_by)
        return waiting.filter(created_at__gt=at_risk_by)


class SourceFilter(admin.SimpleListFilter):
    """The pages the requests came from, busiest first."""

    title = _("source page")
    parameter_name = "source"

    def lookups(self, request, model_admin):
        busiest = Lead.objects.busiest_source_pages(limit=SOURCE_CHOICES)
        return [(page, urlsplit(page).path or page) for page, _count in busiest]

    def queryset(self, request, queryset):
        page = self.value()
        if not page:
            return queryset
        return queryset.from_source_page(page)


class NetworkFilter(admin.SimpleListFilter):
    """Requests sent past the per-address rate limit: those still held, or all of them."""

    title = _("many requests from one network")
    parameter_name = "network"

    def lookups(self, request, model_admin):
        return [("held", _("Held: nobody notified yet")), ("busy", _("All of them"))]

    def queryset(self, request, queryset):
        if self.value() == "held":
            return queryset.notification_held()
        if self.value() == "busy":
            return queryset.from_busy_network()
        return queryset


class LanguageFilter(admin.SimpleListFilter):
    """The language of the page each request was sent from: the site's languages, no query."""

    title = _("language")
    parameter_name = "language"

    def lookups(self, request, model_admin):
        return [(code, language_name(code)) for code, _name in settings.LANGUAGES]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(language=self.value())
        return queryset


class QueueOrderFilter(admin.SimpleListFilter):
    """
    The coordinator's own order (the default): their requests with a follow-up due or claimed
    and not called yet, then free new requests in their languages, then free ones in other
    languages, longest waiting first, then the rest in queue order
    (``LeadQuerySet.in_coordinator_order``). Or requests in their languages first, each part in
    queue order; or the queue order alone. The ordering itself is ``LeadAdmin.get_ordering``'s:
    this only offers the choice.
    """

    title = _("order")
    parameter_name = "order"
    FOR_ME = "me"
    LANGUAGES_FIRST = "languages"
    QUEUE = "queue"

    def lookups(self, request, model_admin):
        return [
            (self.FOR_ME, _("What I should call next")),
            (self.LANGUAGES_FIRST, _("My languages first")),
            (self.QUEUE, _("Queue order only")),
        ]

    def queryset(self, request, queryset):
        return queryset

    def choices(self, changelist):
        current = self.chosen(changelist.model_admin, changelist.params)
        for value, title in self.lookup_choices:
            yield {
                "selected": current == value,
                "query_string": changelist.get_query_string({self.parameter_name: value}),
                "display": title,
            }

    @classmethod
    def chosen(cls, model_admin, params) -> str:
        value = params.get(cls.parameter_name)
        if isinstance(value, list):
            value = value[-1] if value else None
        return value if value in {cls.FOR_ME, cls.LANGUAGES_FIRST, cls.QUEUE} else cls.FOR_ME

    @classmethod
    def order(cls, request) -> str:
        return cls.chosen(None, request.GET)


class AssessmentProgressFilter(admin.SimpleListFilter):
    """Free assessments by where the doctor's answer stands: what a doctor looks at next."""

    title = _("doctor's assessment")
    parameter_name = "assessed"

    def lookups(self, request, model_admin):
        return [
            ("waiting", _("Waiting for a doctor")),
            ("recorded", _("Answered, not sent")),
            ("sent", _("Answer sent")),
        ]

    def queryset(self, request, queryset):
        if self.value() == "waiting":
            return queryset.awaiting_doctor()
        if self.value() == "recorded":
            return queryset.filter(
                assessment_result__isnull=False, assessment_result__sent_at__isnull=True
            )
        if self.value() == "sent":
            return queryset.filter(assessment_result__sent_at__isnull=False)
        return queryset
