"""
A call-back request (``Lead``): who asked, about which treatment, and what came of it.

One open lead per phone number: a repeat request is merged into the open lead (see
``leads.services.submission.lead_submit``), and a partial unique constraint makes sure two
concurrent requests can never both create one.
"""

import uuid
from datetime import datetime, timedelta
from pathlib import PurePosixPath

import phonenumbers
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import storages
from django.core.signals import setting_changed
from django.db import models
from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.dispatch import receiver
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import LazyObject, empty
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from phonenumber_field.modelfields import PhoneNumberField

from clinic_site.spam import SUSPICION_LABELS
from leads.attribution import strip_query


def phone_country(number) -> str:
    """
    The two-letter code of the country a phone number belongs to, or "" for a number that
    belongs to none: satellite and international freephone numbers (+870, +800, +881, +883,
    +979) are region "001" to libphonenumber, and an unknown region is "ZZ".
    """
    region = phonenumbers.region_code_for_number(number) if number else None
    if not region or len(region) != 2 or not region.isalpha() or region == "ZZ":
        return ""
    return region


class LeadQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status__in=Lead.OPEN_STATUSES)

    def closed(self):
        return self.exclude(status__in=Lead.OPEN_STATUSES)

    def not_anonymized(self):
        return self.filter(anonymized_at__isnull=True)

    def for_phone(self, phone):
        return self.filter(phone=phone)

    def notification_pending(self):
        """
        Open leads whose staff notification has not been sent (spam is never notified, and a
        held one only once a coordinator releases it).
        """
        return self.open().filter(notified_at__isnull=True, notification_held=False)

    def from_busy_network(self):
        """Requests sent past the per-address rate limit (``LEADS_RATE_LIMIT``)."""
        return self.filter(busy_network=True)

    def notification_held(self):
        """Requests from a busy network that nobody has been told about yet."""
        return self.filter(notification_held=True)

    # --- The call centre's queue (see leads/services/triage.py) ---------------------------

    def waiting(self):
        """New leads nobody has called yet (``WAITING``): the SLA clock is running for these."""
        return self.filter(WAITING)

    def owned_by(self, user):
        return self.filter(owner=user)

    def unassigned(self):
        return self.filter(owner__isnull=True)

    def with_attempt_count(self):
        """Each lead with ``attempt_count``, its number of logged calls, in the same query."""
        attempts = (
            CallAttempt.objects.filter(lead=OuterRef("pk"))
            .order_by()
            .values("lead")
            .annotate(count=Count("pk"))
            .values("count")
        )
        return self.annotate(
            attempt_count=Coalesce(Subquery(attempts, output_field=IntegerField()), 0)
        )

    def with_photo_count(self):
        """Each lead with ``photo_count``, its number of assessment photos, in the same query."""
        photos = (
            AssessmentPhoto.objects.filter(lead=OuterRef("pk"))
            .order_by()
            .values("lead")
            .annotate(count=Count("pk"))
            .values("count")
        )
        return self.annotate(photo_count=Coalesce(Subquery(photos, output_field=IntegerField()), 0))

    def with_assessment_progress(self):
        """
        Each lead with ``assessed`` (a doctor recorded the answer) and ``result_sent`` (the
        answer went to the patient), in the same query.
        """
        results = AssessmentResult.objects.filter(lead=OuterRef("pk"))
        return self.annotate(
            assessed=Exists(results), result_sent=Exists(results.filter(sent_at__isnull=False))
        )

    def awaiting_doctor(self):
        """Assessment requests no doctor has answered yet."""
        return self.assessments().filter(assessment_result__isnull=True)

    def assessments(self):
        """Free assessment requests (photos for a doctor), not plain call-back requests."""
        return self.filter(kind=Lead.Kind.ASSESSMENT)

    def with_language_rank(self, user):
        """
        Each lead with ``language_rank``: 0 when its language is one ``user`` speaks
        (``CoordinatorLanguage``), else 1. Read in the same query, as a subquery.
        """
        spoken = CoordinatorLanguage.objects.filter(user=user).values("language")
        return self.annotate(
            language_rank=Case(
                When(language__in=Subquery(spoken), then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )

    def in_queue_order(self, *, now=None):
        """
        What to call next first: requests waiting for their first call, then follow-ups that
        are due, then the rest; within each, the earliest follow-up, then the longest waiting.
        Each lead comes with ``queue_rank`` (that order's group) and ``attempt_count``.
        """
        now = now or timezone.now()
        return (
            self.with_attempt_count()
            .annotate(
                queue_rank=Case(
                    When(WAITING, then=Value(0)),
                    # Nobody can call a request whose personal data was removed.
                    When(next_follow_up_at__lte=now, anonymized_at__isnull=True, then=Value(1)),
                    default=Value(2),
                    output_field=IntegerField(),
                )
            )
            .order_by(*QUEUE_ORDERING)
        )

    def in_coordinator_order(self, user, *, now=None):
        """
        What ``user`` should call next first: their own requests with a follow-up due and those
        they claimed but have not called yet; then free requests waiting for a first call in the
        languages they speak (``CoordinatorLanguage``), then free ones in other languages, each
        longest waiting first; then the rest (colleagues' requests, later follow-ups) in queue
        order. Each lead comes with ``coordinator_rank`` and what ``in_queue_order`` and
        ``with_language_rank`` add (the queue's other orders use them).
        """
        now = now or timezone.now()
        spoken = CoordinatorLanguage.objects.filter(user=user).values("language")
        mine_to_call = Q(owner=user) & (
            Q(next_follow_up_at__lte=now, anonymized_at__isnull=True)
            | (WAITING & Q(next_follow_up_at__isnull=True))
        )
        free = WAITING & Q(owner__isnull=True)
        return (
            self.in_queue_order(now=now)
            .with_language_rank(user)
            .annotate(
                coordinator_rank=Case(
                    When(mine_to_call, then=Value(0)),
                    When(free & Q(language__in=Subquery(spoken)), then=Value(1)),
                    When(free, then=Value(2)),
                    default=Value(3),
                    output_field=IntegerField(),
                )
            )
            .order_by(*COORDINATOR_ORDERING)
        )

    def free_or_held_by(self, user):
        """Requests nobody has claimed, or that ``user`` holds: never a colleague's."""
        return self.filter(Q(owner__isnull=True) | Q(owner=user))

    def matching_phone(self, typed: str):
        """
        Leads whose phone number is what a coordinator typed, in any format: the whole number
        (``0532 123 45 67``, ``+90 532…``), or at least ``MIN_PHONE_DIGITS`` of its digits. None
        when the text holds no phone number.
        """
        numbers = Q()
        try:
            number = phonenumbers.parse(typed, settings.PHONENUMBER_DEFAULT_REGION)
        except phonenumbers.NumberParseException:
            number = None
        if number is not None and phonenumbers.is_possible_number(number):
            numbers |= Q(
                phone=phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
            )
        digits = "".join(char for char in typed if char.isdigit())
        if len(digits) >= MIN_PHONE_DIGITS:
            # A local number typed with its leading 0: look for the digits after it.
            numbers |= Q(phone__contains=digits.lstrip("0") or digits)
        return self.filter(numbers) if numbers else self.none()

    # --- Where requests come from ------------------------------------------------------------

    def from_source_page(self, page: str):
        """Leads sent from ``page`` (an address without query string), whatever its UTM tags."""
        return self.filter(Q(source_url=page) | Q(source_url__startswith=f"{page}?"))

    def busiest_source_pages(self, *, limit: int) -> list[tuple[str, int]]:
        """
        The pages these leads were sent from, as (address, requests), busiest first. UTM tags
        do not make another page. Only the 500 busiest addresses are read, so the list stays
        quick however many campaigns there were.
        """
        counts = {}
        rows = (
            self.exclude(source_url="")
            .values_list("source_url")
            .annotate(requests=Count("pk"))
            .order_by("-requests")[:500]
        )
        for url, requests in rows:
            page = strip_query(url)
            counts[page] = counts.get(page, 0) + requests
        return sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:limit]


# New requests nobody has called yet: their SLA clock is running. A request whose personal data
# was removed cannot be called, so it is not waiting for anyone.
WAITING = Q(status="new", first_contact_at__isnull=True, anonymized_at__isnull=True)
# The queue's order (``LeadQuerySet.in_queue_order``), also the admin list's default sort.
QUEUE_ORDERING = ("queue_rank", F("next_follow_up_at").asc(nulls_last=True), "created_at")
# A coordinator's own order (``LeadQuerySet.in_coordinator_order``), the queue's default.
COORDINATOR_ORDERING = ("coordinator_rank", *QUEUE_ORDERING)
# Typed digits shorter than this are not looked for inside phone numbers (too many hits).
MIN_PHONE_DIGITS = 4


class Lead(models.Model):
    class Status(models.TextChoices):
        NEW = "new", _("New")
        CONTACTED = "contacted", _("Contacted")
        BOOKED = "booked", _("Booked")
        WON = "won", _("Won")
        LOST = "lost", _("Lost")
        UNREACHABLE = "unreachable", _("Unreachable")
        SPAM = "spam", _("Spam")

    class Kind(models.TextChoices):
        CALLBACK = "callback", _("Call back")
        ASSESSMENT = "assessment", _("Free assessment")

    class AgeRange(models.TextChoices):
        UNDER_25 = "18-24", _("18–24")
        FROM_25 = "25-34", _("25–34")
        FROM_35 = "35-44", _("35–44")
        FROM_45 = "45-54", _("45–54")
        FROM_55 = "55+", _("55 or older")

    class HairLoss(models.TextChoices):
        """The drawn stages of the assessment form: Norwood for men, Ludwig for women."""

        NORWOOD_2 = "norwood-2", _("Norwood 2: a slightly receding hairline")
        NORWOOD_3 = "norwood-3", _("Norwood 3: deeper temples")
        NORWOOD_4 = "norwood-4", _("Norwood 4: temples and a thinning crown")
        NORWOOD_5 = "norwood-5", _("Norwood 5: a narrow band between front and crown")
        NORWOOD_6 = "norwood-6", _("Norwood 6: front and crown joined")
        NORWOOD_7 = "norwood-7", _("Norwood 7: hair only at the back and sides")
        LUDWIG_1 = "ludwig-1", _("Ludwig 1: a wider parting")
        LUDWIG_2 = "ludwig-2", _("Ludwig 2: thinning over the top")
        LUDWIG_3 = "ludwig-3", _("Ludwig 3: little hair left on top")
        UNSURE = "unsure", _("Not sure")

    class EarlierTransplants(models.TextChoices):
        NONE = "none", _("None")
        ONE = "one", _("One")
        MORE = "more", _("Two or more")

    OPEN_STATUSES = (Status.NEW, Status.CONTACTED, Status.BOOKED)
    CLOSED_STATUSES = (Status.WON, Status.LOST, Status.UNREACHABLE, Status.SPAM)

    class PreferredTime(models.TextChoices):
        ASAP = "asap", _("As soon as possible")
        MORNING = "morning", _("Morning")
        AFTERNOON = "afternoon", _("Afternoon")
        EVENING = "evening", _("Evening")

    kind = models.CharField(
        _("kind"),
        max_length=12,
        choices=Kind.choices,
        default=Kind.CALLBACK,
        db_index=True,
        help_text=_("A call back, or a free assessment with the patient's photos."),
    )

    # --- The patient ---------------------------------------------------------------------
    name = models.CharField(_("name"), max_length=120)
    phone = PhoneNumberField(_("phone"), db_index=True, help_text=_("Stored as +countrycode…"))
    country = models.CharField(
        _("country"),
        max_length=2,
        blank=True,
        help_text=_("Two-letter code of the country the phone number belongs to."),
    )
    preferred_time = models.CharField(
        _("preferred time"),
        max_length=10,
        choices=PreferredTime.choices,
        default=PreferredTime.ASAP,
    )
    interest = models.ForeignKey(
        "clinic.Treatment",
        verbose_name=_("treatment of interest"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="leads",
    )
    message = models.TextField(
        _("message"),
        blank=True,
        help_text=_("What the patient wrote; a repeat request's message comes first."),
    )
    whatsapp_ok = models.BooleanField(_("WhatsApp is fine"), default=False)
    language = models.CharField(
        _("language"), max_length=10, blank=True, help_text=_("The language of the page.")
    )
    email = models.EmailField(
        _("email"), blank=True, help_text=_("Optional; where the assessment can be sent.")
    )

    # --- What an assessment request tells ------------------------------------------------
    age_range = models.CharField(_("age range"), max_length=8, choices=AgeRange.choices, blank=True)
    hair_loss = models.CharField(
        _("hair loss"), max_length=12, choices=HairLoss.choices, blank=True
    )
    earlier_transplants = models.CharField(
        _("earlier transplants"), max_length=8, choices=EarlierTransplants.choices, blank=True
    )

    # --- Consent, as shown ---------------------------------------------------------------
    consent_text = models.TextField(_("consent text"), blank=True)
    consent_version = models.CharField(_("consent version"), max_length=20, blank=True)
    consented_at = models.DateTimeField(_("consented at"), null=True, blank=True)
    # The separate, explicit consent to process the photos as health data (GDPR art. 9, KVKK
    # art. 6): no photo is kept without it.
    health_consent_text = models.TextField(_("health-data consent text"), blank=True)
    health_consent_version = models.CharField(
        _("health-data consent version"), max_length=20, blank=True
    )
    health_consented_at = models.DateTimeField(
        _("health-data consent given at"), null=True, blank=True
    )

    # --- Attribution ---------------------------------------------------------------------
    source_url = models.URLField(
        _("source page"), max_length=500, blank=True, help_text=_("The page the form was on.")
    )
    referrer = models.URLField(
        _("referrer"),
        max_length=500,
        blank=True,
        help_text=_("The site that sent the patient to us, if it said so."),
    )
    utm_source = models.CharField(_("UTM source"), max_length=200, blank=True)
    utm_medium = models.CharField(_("UTM medium"), max_length=200, blank=True)
    utm_campaign = models.CharField(_("UTM campaign"), max_length=200, blank=True)
    utm_term = models.CharField(_("UTM term"), max_length=200, blank=True)
    utm_content = models.CharField(_("UTM content"), max_length=200, blank=True)
    ip_address = models.GenericIPAddressField(
        _("IP address (shortened)"),
        null=True,
        blank=True,
        help_text=_("The last part is cut off: enough to spot a flood, not to find a person."),
    )
    user_agent = models.CharField(_("browser"), max_length=500, blank=True)

    # --- Pipeline ------------------------------------------------------------------------
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.NEW, db_index=True
    )
    spam_reasons = models.JSONField(
        _("why it looked like spam"),
        default=list,
        blank=True,
        help_text=_("Set by the spam filter. A real patient? Set the status back to New."),
    )
    created_at = models.DateTimeField(_("received"), default=timezone.now, db_index=True)
    # Any save, by anyone or anything (a claim, a re-save by a script): not a sign of activity.
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    status_changed_at = models.DateTimeField(
        _("status changed"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("When the status was last changed by staff; empty if never."),
    )
    last_requested_at = models.DateTimeField(
        _("latest request"),
        default=timezone.now,
        help_text=_("When the patient last asked; later than received when they asked again."),
    )
    request_count = models.PositiveIntegerField(
        _("requests"), default=1, help_text=_("How many requests were merged into this one.")
    )
    is_returning = models.BooleanField(
        _("returning patient"),
        default=False,
        help_text=_("Ticked when this phone number had an earlier request, already closed."),
    )
    previous_lead = models.ForeignKey(
        "self",
        verbose_name=_("earlier request"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="later_leads",
    )
    busy_network = models.BooleanField(
        _("many requests from one network"),
        default=False,
        help_text=_(
            "Sent from an address that had just sent many requests: a hotel's Wi-Fi or a "
            "mobile network shared by many people, or a flood. Check it is a real patient."
        ),
    )

    # --- Staff notification --------------------------------------------------------------
    notified_at = models.DateTimeField(
        _("staff notified"),
        null=True,
        blank=True,
        help_text=_("Empty while the notification is pending; it is retried every minute."),
    )
    notification_claimed_at = models.DateTimeField(null=True, blank=True, editable=False)
    # The chat message goes out once per notification, whether or not the email does.
    webhook_posted_at = models.DateTimeField(null=True, blank=True, editable=False)
    notification_attempts = models.PositiveSmallIntegerField(default=0, editable=False)
    notification_held = models.BooleanField(
        _("notification held"),
        default=False,
        help_text=_(
            "Nobody has been told about this request: it came from a network that sent many. "
            "Release it (action “Release”) to notify the call centre."
        ),
    )

    # --- Triage: who has it and what happens next ---------------------------------------
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("coordinator"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="owned_leads",
        help_text=_("Who is working on this request. Claim it from the list to make it yours."),
    )
    claimed_at = models.DateTimeField(_("claimed"), null=True, blank=True, editable=False)
    first_contact_at = models.DateTimeField(
        _("first contact"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("The first logged call, or when it was marked contacted. Stops the SLA clock."),
    )
    next_follow_up_at = models.DateTimeField(
        _("next follow-up"),
        null=True,
        blank=True,
        help_text=_("When to call again. Due follow-ups come right after new requests."),
    )
    anonymized_at = models.DateTimeField(
        _("personal data removed"), null=True, blank=True, editable=False
    )

    objects = LeadQuerySet.as_manager()

    class Meta:
        verbose_name = _("call-back request")
        verbose_name_plural = _("call-back requests")
        ordering = ["-created_at"]
        constraints = [
            # The database's guarantee behind "repeats merge": two coordinators never call
            # the same patient about two copies of one request.
            models.UniqueConstraint(
                fields=["phone"],
                condition=models.Q(status__in=["new", "contacted", "booked"]),
                name="lead_one_open_lead_per_phone",
                violation_error_message=_("This phone number already has an open request."),
            ),
            models.CheckConstraint(
                condition=models.Q(request_count__gte=1), name="lead_request_count_positive"
            ),
            models.CheckConstraint(
                condition=models.Q(kind__in=["callback", "assessment"]), name="lead_kind_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(
                    status__in=["new", "contacted", "booked", "won", "lost", "unreachable", "spam"]
                ),
                name="lead_status_valid",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "-created_at"], name="lead_status_created_idx"),
        ]

    def __str__(self):
        return f"{self.name} ({self.phone})" if self.phone else self.name

    def get_admin_url(self):
        return reverse("admin:leads_lead_change", args=[self.pk])

    def get_admin_absolute_url(self):
        return f"{settings.SITE_URL}{self.get_admin_url()}"

    @property
    def is_open(self):
        return self.status in self.OPEN_STATUSES

    def is_held_by(self, user) -> bool:
        """Whether ``user`` is its coordinator."""
        return self.owner_id is not None and self.owner_id == user.pk

    def is_held_by_other(self, user) -> bool:
        """Whether a coordinator other than ``user`` is working on it."""
        return self.owner_id is not None and self.owner_id != user.pk

    @property
    def is_assessment(self):
        return self.kind == self.Kind.ASSESSMENT

    @property
    def phone_display(self):
        return self.phone.as_international if self.phone else ""

    @property
    def spam_reasons_display(self):
        return ", ".join(str(SUSPICION_LABELS.get(code, code)) for code in self.spam_reasons)


# --- Triage: what the call centre did about a lead ----------------------------------------


class CallAttempt(models.Model):
    """One call (or WhatsApp message) to the patient: a log entry, never edited afterwards."""

    class Outcome(models.TextChoices):
        REACHED = "reached", _("Reached")
        NO_ANSWER = "no_answer", _("No answer")
        BUSY = "busy", _("Busy")
        WRONG_NUMBER = "wrong_number", _("Wrong number")
        VOICEMAIL = "voicemail", _("Voicemail")

    # Every outcome but "reached" counts towards LEADS_MAX_ATTEMPTS.
    UNANSWERED = (Outcome.NO_ANSWER, Outcome.BUSY, Outcome.WRONG_NUMBER, Outcome.VOICEMAIL)

    lead = models.ForeignKey(
        Lead, verbose_name=_("request"), on_delete=models.CASCADE, related_name="call_attempts"
    )
    made_at = models.DateTimeField(
        _("when"), default=timezone.now, help_text=_("Change it if you log a call afterwards.")
    )
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="call_attempts",
    )
    outcome = models.CharField(_("outcome"), max_length=12, choices=Outcome.choices)
    note = models.CharField(
        _("note"), max_length=500, blank=True, help_text=_("What was said or agreed, briefly.")
    )

    class Meta:
        verbose_name = _("call attempt")
        verbose_name_plural = _("call attempts")
        ordering = ["-made_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(
                    outcome__in=["reached", "no_answer", "busy", "wrong_number", "voicemail"]
                ),
                name="call_attempt_outcome_valid",
            ),
        ]
        indexes = [models.Index(fields=["lead", "-made_at"], name="call_attempt_lead_made_idx")]

    def __str__(self):
        return f"{self.get_outcome_display()} · {timezone.localtime(self.made_at):%Y-%m-%d %H:%M}"

    def clean(self):
        super().clean()
        if self.made_at is not None and self.lead_id is not None:
            call_time_check(self.made_at, lead=self.lead)

    @property
    def is_unanswered(self):
        return self.outcome in self.UNANSWERED


# A call is dated between the request's arrival and now; the coordinator's computer or phone
# may run this much ahead of or behind the server's clock.
CALL_TIME_SKEW = timedelta(minutes=5)


def call_time_check(made_at: datetime, *, lead: Lead, now: datetime | None = None) -> None:
    """
    Refuse a call dated before the request arrived or in the future, next to the call's time.
    A call "in 9999" would stop the SLA clock for ever and keep the request from retention; a
    call "in 2000" would fake how fast the patient was called.
    """
    now = now or timezone.now()

    def shown(moment):
        return f"{timezone.localtime(moment):%Y-%m-%d %H:%M}"

    if made_at > now + CALL_TIME_SKEW:
        error = ValidationError(
            _("A call cannot be dated in the future: it is now %(now)s."),
            code="call_in_the_future",
            params={"now": shown(now)},
        )
    elif made_at < lead.created_at - CALL_TIME_SKEW:
        error = ValidationError(
            _("A call cannot be dated before the request arrived (%(arrived)s)."),
            code="call_before_the_request",
            params={"arrived": shown(lead.created_at)},
        )
    else:
        return
    raise ValidationError({"made_at": error})


class Note(models.Model):
    """A coordinator's note on a lead: what the patient wants, what to say next time."""

    lead = models.ForeignKey(
        Lead, verbose_name=_("request"), on_delete=models.CASCADE, related_name="notes"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="lead_notes",
    )
    created_at = models.DateTimeField(_("written"), default=timezone.now)
    text = models.TextField(_("note"))

    class Meta:
        verbose_name = _("note")
        verbose_name_plural = _("notes")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return self.text[:60]


def site_language_choices():
    return settings.LANGUAGES


class CoordinatorLanguage(models.Model):
    """A language a member of staff speaks: their queue shows requests in it first."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("coordinator"),
        on_delete=models.CASCADE,
        related_name="spoken_languages",
    )
    # The site's languages, read when the form is shown: no migration when the set changes.
    language = models.CharField(_("language"), max_length=10, choices=site_language_choices)

    class Meta:
        verbose_name = _("language I speak")
        verbose_name_plural = _("languages I speak")
        ordering = ["user__username", "language"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "language"],
                name="coordinator_language_once",
                violation_error_message=_("This language is already in the list."),
            )
        ]

    def __str__(self):
        return f"{self.user}: {self.language}"


# --- The free assessment: the patient's photos and the doctor's answer ---------------------


class PrivateStorage(LazyObject):
    """
    ``STORAGES["private"]``, looked up when first used rather than when the model is defined,
    and again after the setting changes (as Django does for the default storage).
    """

    def _setup(self):
        self._wrapped = storages["private"]


_private_storage = PrivateStorage()


@receiver(setting_changed)
def _private_storage_changed(*, setting, **kwargs):
    if setting == "STORAGES":
        _private_storage._wrapped = empty


def private_storage():
    """The storage of the assessment photos: never public (``STORAGES["private"]``)."""
    return _private_storage


# Every assessment photo's files are under this folder of the private storage.
PHOTO_FOLDER = "assessments"


def photo_upload_to(photo, filename):
    """A name that says nothing about the patient: the photo's own random key."""
    path = PurePosixPath(filename)
    kind = "-thumbnail" if path.stem == "thumbnail" else ""
    return f"{PHOTO_FOLDER}/{photo.created_at:%Y/%m}/{photo.key.hex}{kind}{path.suffix.lower()}"


class AssessmentPhotoQuerySet(models.QuerySet):
    def unsent(self):
        """Kept from a request the patient has not sent yet: no lead."""
        return self.filter(lead__isnull=True)


class AssessmentPhoto(models.Model):
    """
    One photo a patient sent for the free assessment, decoded and encoded again (no EXIF, no
    GPS, turned upright), with a small copy for the lead's page. Both files are in the private
    storage and read only through ``assessment-photo``, which checks the reader's
    permission every time. A photo with no lead was kept from a request not sent yet.
    """

    class Angle(models.TextChoices):
        FRONT = "front", _("Front")
        TOP = "top", _("Top")
        CROWN = "crown", _("Crown")
        BACK = "back", _("Back (donor area)")
        LEFT = "left", _("Left side")
        RIGHT = "right", _("Right side")

    key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    lead = models.ForeignKey(
        Lead,
        verbose_name=_("request"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="photos",
    )
    angle = models.CharField(_("angle"), max_length=8, choices=Angle.choices, blank=True)
    image = models.FileField(
        pgettext_lazy("assessment", "photo"), storage=private_storage, upload_to=photo_upload_to
    )
    thumbnail = models.FileField(
        _("thumbnail"), storage=private_storage, upload_to=photo_upload_to, blank=True
    )
    width = models.PositiveIntegerField(_("width"), default=0)
    height = models.PositiveIntegerField(_("height"), default=0)
    created_at = models.DateTimeField(_("received"), default=timezone.now, db_index=True)

    objects = AssessmentPhotoQuerySet.as_manager()

    class Meta:
        verbose_name = _("assessment photo")
        verbose_name_plural = _("assessment photos")
        ordering = ["created_at", "pk"]
        permissions = [("view_patient_photos", _("Can see the photos patients send"))]

    def __str__(self):
        return self.get_angle_display() or gettext("Photo")

    def get_absolute_url(self):
        return reverse("assessment-photo", kwargs={"key": self.key, "size": "full"})

    def get_thumbnail_url(self):
        return reverse("assessment-photo", kwargs={"key": self.key, "size": "thumb"})

    @property
    def file_names(self) -> list[str]:
        """Every file of this photo in the private storage."""
        return [field.name for field in (self.image, self.thumbnail) if field]


class AssessmentResult(models.Model):
    """
    The doctor's answer to an assessment request, and when and how it reached the patient.
    Recorded by a doctor; sent by the coordinator from the lead's page.
    """

    class Verdict(models.TextChoices):
        SUITABLE = "suitable", _("Suitable for a transplant")
        NOT_SUITABLE = "not_suitable", _("Not suitable for a transplant")
        SEE_DOCTOR = "see_doctor", _("A doctor needs to see the patient first")

    class Channel(models.TextChoices):
        EMAIL = "email", _("Email")
        WHATSAPP = "whatsapp", _("WhatsApp")

    lead = models.OneToOneField(
        Lead,
        verbose_name=_("request"),
        on_delete=models.CASCADE,
        related_name="assessment_result",
    )
    verdict = models.CharField(_("result"), max_length=12, choices=Verdict.choices)
    technique = models.ForeignKey(
        "clinic.Treatment",
        verbose_name=_("technique"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    grafts_min = models.PositiveIntegerField(_("grafts from"), null=True, blank=True)
    grafts_max = models.PositiveIntegerField(_("grafts to"), null=True, blank=True)
    price_quoted = models.DecimalField(
        _("price quoted"), max_digits=9, decimal_places=2, null=True, blank=True
    )
    currency = models.CharField(_("currency"), max_length=3, default="EUR")
    note_for_patient = models.TextField(
        _("note for the patient"),
        blank=True,
        help_text=_("Sent to the patient with the result, in the words you write here."),
    )
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("doctor"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    assessed_at = models.DateTimeField(_("assessed"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent to the patient"), null=True, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sent by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    sent_via = models.CharField(
        _("sent by way of"), max_length=10, choices=Channel.choices, blank=True
    )

    class Meta:
        verbose_name = _("assessment result")
        verbose_name_plural = _("assessment results")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(grafts_min__isnull=True)
                | models.Q(grafts_max__isnull=True)
                | models.Q(grafts_min__lte=models.F("grafts_max")),
                name="assessment_result_graft_range",
                violation_error_message=_("The graft range must go from fewer to more."),
            ),
            models.CheckConstraint(
                condition=models.Q(verdict__in=["suitable", "not_suitable", "see_doctor"]),
                name="assessment_result_verdict_valid",
            ),
        ]

    def __str__(self):
        return self.get_verdict_display()

    def clean(self):
        """
        What the patient reads must add up: a graft range from fewer to more, no negative
        price, and a suitable patient is told which technique and how many grafts.
        """
        super().clean()
        errors = {}
        if (
            self.grafts_min is not None
            and self.grafts_max is not None
            and self.grafts_min > self.grafts_max
        ):
            errors["grafts_max"] = _("The graft range must go from fewer to more.")
        if self.price_quoted is not None and self.price_quoted < 0:
            errors["price_quoted"] = _("A price cannot be below zero.")
        if self.verdict == self.Verdict.SUITABLE:
            required = _("Needed when the patient is suitable.")
            if self.technique_id is None:
                errors.setdefault("technique", required)
            for field in ("grafts_min", "grafts_max"):
                if getattr(self, field) is None:
                    errors.setdefault(field, required)
        if errors:
            raise ValidationError(errors)


class AssessmentSending(models.Model):
    """
    One time the doctor's answer went to the patient: how, when, by whom, and the very text
    they received in their language. Written once, never edited: the answer may be changed
    afterwards, what the patient was told stays on record.
    """

    result = models.ForeignKey(
        AssessmentResult,
        verbose_name=_("assessment result"),
        on_delete=models.CASCADE,
        related_name="sendings",
    )
    channel = models.CharField(
        _("sent by way of"), max_length=10, choices=AssessmentResult.Channel.choices
    )
    sent_at = models.DateTimeField(_("sent to the patient"), default=timezone.now)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sent by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    text = models.TextField(_("text sent"), blank=True)

    class Meta:
        verbose_name = _("assessment sent")
        verbose_name_plural = _("assessments sent")
        ordering = ["-sent_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(channel__in=["email", "whatsapp"]),
                name="assessment_sending_channel_valid",
            ),
        ]

    def __str__(self):
        return f"{self.get_channel_display()} · {timezone.localtime(self.sent_at):%Y-%m-%d %H:%M}"
