"""
Newsletter subscribers and the consent we can prove for each of them.

A subscriber row is never deleted: an erasure request ("forget") empties its personal data and
keeps only a keyed fingerprint of the address, so that no import can bring the address back,
and the consent history (without personal data) stays as evidence of what happened. The one
exception is a sign-up never confirmed, deleted with its requests when it expires
(``newsletter.services.retention``): it records no consent.
"""

import hashlib
import hmac
import uuid
from datetime import timedelta

from django.conf import settings
from django.conf.locale import LANG_INFO
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from newsletter.addresses import normalize_email
from newsletter.names import mailable_name

# The address is hashed with this prefix, then the hash is keyed (HMAC-SHA256) with
# NEWSLETTER_FORGET_KEY: a key of its own, not SECRET_KEY, so that rotating the secret key never
# lets a forgotten address back in, and only this site can match a fingerprint to an address.
# Two steps rather than one so that fingerprints stored before the key existed (the plain
# prefixed hash) could be keyed by a migration without the address (0002).
EMAIL_HASH_PREFIX = "clinic-newsletter:"


def key_fingerprint(plain_hash: str) -> str:
    """The stored fingerprint of a plain (prefixed SHA-256) hash of an address."""
    key = settings.NEWSLETTER_FORGET_KEY.encode()
    return hmac.new(key, plain_hash.encode(), hashlib.sha256).hexdigest()


def email_hash(email: str) -> str:
    """The address's fingerprint, the same whatever its case: how we recognise it, even erased."""
    normalized = normalize_email(email).lower()
    return key_fingerprint(hashlib.sha256(f"{EMAIL_HASH_PREFIX}{normalized}".encode()).hexdigest())


def normalize_language(value: str) -> str:
    """
    A language code as we store it, or "" if it names no language we know of. Any language
    counts, not only the site's: a list imported today keeps its German and Turkish readers for
    the day those translations exist. ``de-DE`` and ``de_DE`` become ``de``; variants that are
    languages of their own (``pt-br``, ``zh-hans``) stay.
    """
    code = (value or "").strip().lower().replace("_", "-")
    for candidate in (code, code.split("-")[0]):
        info = LANG_INFO.get(candidate)
        if info is None:
            continue
        if "fallback" in info:  # zh-cn is written zh-hans
            return info["fallback"][0]
        return info["code"]
    return ""


class Tag(models.Model):
    """A segment of the list ("FUE interest", "Germany", "2025 patients")."""

    name = models.CharField(_("name"), max_length=50, unique=True)
    slug = models.SlugField(_("slug"), max_length=60, unique=True, allow_unicode=True)

    class Meta:
        verbose_name = _("tag")
        verbose_name_plural = _("tags")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = slugify(self.name, allow_unicode=True)[:60] or uuid.uuid4().hex[:12]
        super().save(*args, **kwargs)

    @classmethod
    def for_names(cls, names) -> list["Tag"]:
        """The tags with these names (matched without regard to case), made when missing."""
        tags = []
        for name in names:
            name = " ".join(str(name).split())[:50]
            if not name:
                continue
            tag = cls.objects.filter(name__iexact=name).first()
            if tag is None:
                tag = cls.objects.create(name=name)
            if tag not in tags:
                tags.append(tag)
        return tags


class SubscriberQuerySet(models.QuerySet):
    def subscribed(self):
        """The people who may be mailed: ``subscribed`` only, never any other status."""
        return self.filter(status=Subscriber.Status.SUBSCRIBED)

    def writing_in(self, language: str):
        """
        The subscribers whose emails are written in ``language`` (``message_language``): theirs,
        and for the site's default language also those whose own language the site lacks.
        """
        if language != settings.LANGUAGE_CODE:
            return self.filter(language=language)
        others = [code for code, _name in settings.LANGUAGES if code != language]
        return self.exclude(language__in=others)

    def with_email(self, email: str):
        """The subscriber with this address, whatever its case; erased addresses match too."""
        return self.filter(email_hash=email_hash(email))

    def confirmation_due(self, *, now=None):
        """
        Pending subscribers whose confirmation email has not gone out yet, asked for within
        ``NEWSLETTER_CONFIRM_MAX_AGE`` (after that, nobody is waiting for it any more).
        """
        now = now or timezone.now()
        return self.filter(
            status=Subscriber.Status.PENDING,
            confirmation_due_at__isnull=False,
            confirmation_due_at__gte=now - timedelta(seconds=settings.NEWSLETTER_CONFIRM_MAX_AGE),
        )


class Subscriber(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Pending confirmation")
        SUBSCRIBED = "subscribed", _("Subscribed")
        UNSUBSCRIBED = "unsubscribed", _("Unsubscribed")
        FORGOTTEN = "forgotten", _("Forgotten (data erased)")
        # Set by the mail provider's reports (newsletter.services.mail_events): the address
        # gets nothing more, and neither an import nor the admin brings it back.
        BOUNCED = "bounced", _("Bounced (address unreachable)")
        COMPLAINED = "complained", _("Complained (marked as spam)")

    # Who gets nothing and has nothing to unsubscribe from.
    STOPPED = frozenset({Status.UNSUBSCRIBED, Status.FORGOTTEN, Status.BOUNCED, Status.COMPLAINED})

    class Source(models.TextChoices):
        WEBSITE = "website", _("Website form")
        IMPORT = "import", _("CSV import")

    key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    email = models.EmailField(
        _("email"),
        blank=True,
        help_text=_("Empty only once the subscriber has been forgotten."),
    )
    email_hash = models.CharField(
        _("address fingerprint"),
        max_length=64,
        unique=True,
        editable=False,
        help_text=_("Kept after an erasure so that no import can add the address again."),
    )
    first_name = models.CharField(_("first name"), max_length=100, blank=True)
    language = models.CharField(
        _("language"),
        max_length=10,
        default=settings.LANGUAGE_CODE,
        help_text=_("The language of every email we send this subscriber, e.g. en, de, tr."),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PENDING
    )
    source = models.CharField(
        _("source"), max_length=20, choices=Source.choices, default=Source.WEBSITE
    )
    source_url = models.CharField(
        _("source page"),
        max_length=500,
        blank=True,
        help_text=_("The page the subscriber signed up on."),
    )
    tags = models.ManyToManyField(
        Tag, verbose_name=_("tags"), blank=True, related_name="subscribers"
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True, editable=False)
    unsubscribed_at = models.DateTimeField(_("unsubscribed"), null=True, blank=True, editable=False)
    forgotten_at = models.DateTimeField(_("forgotten"), null=True, blank=True, editable=False)
    # The confirmation email still to send, for the background task or, should it fail or the
    # worker be down, the cron command (newsletter.services.confirmations).
    confirmation_due_at = models.DateTimeField(
        _("confirmation email due since"), null=True, blank=True, editable=False
    )
    confirmation_request = models.ForeignKey(
        "ConsentEvent",
        verbose_name=_("request to confirm"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    confirmation_claimed_at = models.DateTimeField(null=True, blank=True, editable=False)
    soft_bounces = models.PositiveSmallIntegerField(
        _("soft bounces in a row"),
        default=0,
        editable=False,
        help_text=_(
            "Temporary delivery failures since the last delivered email; at the limit the "
            "address counts as bounced."
        ),
    )

    objects = SubscriberQuerySet.as_manager()

    class Meta:
        verbose_name = _("subscriber")
        verbose_name_plural = _("subscribers")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                condition=~models.Q(email=""),
                name="newsletter_subscriber_email_unique_ignoring_case",
            ),
            models.CheckConstraint(
                condition=models.Q(status="forgotten", email="")
                | (~models.Q(status="forgotten") & ~models.Q(email="")),
                name="newsletter_subscriber_email_empty_only_when_forgotten",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="subscribed") | models.Q(confirmed_at__isnull=False),
                name="newsletter_subscriber_subscribed_has_confirmation_time",
            ),
        ]
        indexes = [models.Index(fields=["status", "-created_at"])]

    def __str__(self):
        return self.email or _("forgotten subscriber #%(pk)s") % {"pk": self.pk}

    def save(self, *args, **kwargs):
        if self.email:
            self.email = normalize_email(self.email)
            self.email_hash = email_hash(self.email)
        super().save(*args, **kwargs)

    @property
    def greeting_name(self) -> str:
        """The first name an email may repeat: only a plain name (``newsletter.names``)."""
        return mailable_name(self.first_name)

    @property
    def is_subscribed(self):
        return self.status == self.Status.SUBSCRIBED

    @property
    def message_language(self) -> str:
        """
        The language we write to them in: theirs when the site has it (``settings.LANGUAGES``),
        else the site's, so that an email never claims a language its text is not in.
        """
        try:
            return translation.get_supported_language_variant(self.language or "")
        except LookupError:
            return settings.LANGUAGE_CODE


class RecordQuerySet(models.QuerySet):
    """Rows of a record (``Record``): never edited or deleted in bulk either."""

    def update(self, **kwargs):
        raise PermissionError(f"{self.model.__name__} rows are a record: they are never edited.")

    def delete(self):
        raise PermissionError(f"{self.model.__name__} rows are a record: they are never deleted.")


class Record(models.Model):
    """A row written once, never edited or deleted: what happened, as it happened."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise PermissionError(f"{type(self).__name__} rows are a record: never edited.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError(f"{type(self).__name__} rows are a record: never deleted.")


class ConsentEventQuerySet(RecordQuerySet):
    def update(self, **kwargs):
        # Only the erasure of personal data may touch a recorded event.
        if set(kwargs) <= {"ip_address", "user_agent"}:
            return models.QuerySet.update(self, **kwargs)
        return super().update(**kwargs)  # refused, as any other edit of a record

    def erase_unconfirmed(self):
        """
        The one deletion allowed: the events of a sign-up that was never confirmed, when it
        expires (newsletter.services.retention). They record no consent, only a request.
        """
        if self.exclude(
            kind__in=[ConsentEvent.Kind.SUBSCRIBE_REQUESTED, ConsentEvent.Kind.FORGOTTEN]
        ).exists():
            raise PermissionError("Only the record of an unconfirmed sign-up may be erased.")
        return models.QuerySet.delete(self)


class ConsentEvent(Record):
    """One thing that happened to a subscriber's consent. Written once, never edited."""

    class Kind(models.TextChoices):
        SUBSCRIBE_REQUESTED = "subscribe_requested", _("Subscription requested")
        CONFIRMED = "confirmed", _("Confirmed")
        UNSUBSCRIBED = "unsubscribed", _("Unsubscribed")
        IMPORTED = "imported", _("Imported")
        FORGOTTEN = "forgotten", _("Forgotten")
        BOUNCED = "bounced", _("Bounced: mail could not be delivered")
        COMPLAINED = "complained", _("Complained: marked as spam")

    subscriber = models.ForeignKey(
        Subscriber,
        verbose_name=_("subscriber"),
        on_delete=models.PROTECT,
        related_name="consent_events",
    )
    kind = models.CharField(_("what happened"), max_length=30, choices=Kind.choices)
    consent_text = models.TextField(
        _("consent text"), blank=True, help_text=_("The exact words the person agreed to.")
    )
    consent_version = models.CharField(_("consent text version"), max_length=40, blank=True)
    source = models.CharField(
        _("how"),
        max_length=300,
        blank=True,
        help_text=_(
            "Where it happened: the page, the email link, the admin, or how an imported "
            "consent was obtained."
        ),
    )
    consented_at = models.DateTimeField(
        _("consent given"),
        null=True,
        blank=True,
        help_text=_("For imported consent: when it was originally given, if known."),
    )
    ip_address = models.GenericIPAddressField(
        _("IP address (truncated)"), null=True, blank=True, unpack_ipv4=True
    )
    user_agent = models.CharField(_("browser"), max_length=300, blank=True)
    # The campaign whose unsubscribe link was used, so that its page can count who left.
    campaign = models.ForeignKey(
        "newsletter.Campaign",
        verbose_name=_("campaign"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="consent_events",
    )
    created_at = models.DateTimeField(_("time"), default=timezone.now, editable=False)

    objects = ConsentEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("consent event")
        verbose_name_plural = _("consent history")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.get_kind_display()} · {timezone.localtime(self.created_at):%Y-%m-%d %H:%M}"


class SubscriberImport(models.Model):
    """
    One CSV import: its preview, then its progress while a background task works through it.
    The file's content is kept only until the import has run (or is cancelled).
    """

    class Status(models.TextChoices):
        PREVIEW = "preview", _("Waiting for confirmation")
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")
        CANCELLED = "cancelled", _("Cancelled")

    filename = models.CharField(_("file"), max_length=255)
    content = models.TextField(_("content"), blank=True, editable=False)
    consent_source = models.CharField(
        _("how consent was obtained"),
        max_length=300,
        help_text=_("Recorded with every imported consent whose row does not say."),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PREVIEW
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("uploaded"), default=timezone.now, editable=False)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    total_rows = models.PositiveIntegerField(_("rows"), default=0)
    processed_rows = models.PositiveIntegerField(_("rows processed"), default=0)
    new_count = models.PositiveIntegerField(_("new"), default=0)
    updated_count = models.PositiveIntegerField(_("updated"), default=0)
    unsubscribed_count = models.PositiveIntegerField(_("skipped: unsubscribed"), default=0)
    forgotten_count = models.PositiveIntegerField(_("skipped: forgotten"), default=0)
    undeliverable_count = models.PositiveIntegerField(
        _("skipped: bounced or complained"), default=0
    )
    duplicate_count = models.PositiveIntegerField(_("skipped: repeated in the file"), default=0)
    invalid_count = models.PositiveIntegerField(_("invalid"), default=0)
    problems = models.JSONField(
        _("problems"), default=list, blank=True, help_text=_("Line numbers and reasons.")
    )
    error = models.TextField(_("error"), blank=True)

    class Meta:
        verbose_name = _("subscriber import")
        verbose_name_plural = _("subscriber imports")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(processed_rows__lte=models.F("total_rows")),
                name="newsletter_import_progress_within_total",
            ),
        ]

    def __str__(self):
        return f"{self.filename} ({timezone.localtime(self.created_at):%Y-%m-%d %H:%M})"

    def get_admin_url(self):
        """The import's page in the admin: its preview, then its progress."""
        return reverse("admin:newsletter_subscriberimport_change", args=[self.pk])

    @property
    def percent_done(self) -> int:
        if not self.total_rows:
            return 100 if self.status == self.Status.DONE else 0
        return int(100 * self.processed_rows / self.total_rows)

    @property
    def in_progress(self) -> bool:
        return self.status in {self.Status.QUEUED, self.Status.RUNNING}
