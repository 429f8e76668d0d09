"""
What marketing sends: a campaign (or the article digest, a campaign drafted from the latest
articles), and one delivery per campaign and subscriber.

The delivery rows are the guarantee that nobody gets a campaign twice: they are created once,
when sending starts, from the subscribers who are ``subscribed`` at that moment, and the
database refuses a second row for the same person (``newsletter.services.sending``).
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from blog.languages import LanguageField
from blog.rendering import render_markdown


class CampaignQuerySet(models.QuerySet):
    def due(self, *, now=None):
        """Campaigns to send now: scheduled for a time that has come, or halfway sent."""
        now = now or timezone.now()
        return self.filter(
            status__in=[Campaign.Status.SCHEDULED, Campaign.Status.SENDING],
            scheduled_at__lte=now,
        )

    def digests(self):
        return self.filter(kind=Campaign.Kind.DIGEST)


class Campaign(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SCHEDULED = "scheduled", _("Scheduled")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        CANCELLED = "cancelled", _("Cancelled")

    class Kind(models.TextChoices):
        CAMPAIGN = "campaign", _("Campaign")
        DIGEST = "digest", _("Article digest")

    class Audience(models.TextChoices):
        ALL = "all", _("Every subscriber in the campaign's language")
        TAGS = "tags", _("Subscribers in the campaign's language with one of the chosen tags")

    subject = models.CharField(
        _("subject"), max_length=150, help_text=_("The subject line, as the inbox shows it.")
    )
    preheader = models.CharField(
        _("preheader"),
        max_length=200,
        blank=True,
        help_text=_("The short line most mail programs show after the subject. Optional."),
    )
    body = models.TextField(
        _("body"),
        help_text=_(
            "Markdown, as for articles. Images only from this site (an address starting with "
            "/media/). The greeting with the subscriber's first name, the unsubscribe link and "
            "the clinic's address are added to every email."
        ),
    )
    body_html = models.TextField(editable=False, default="")
    language = LanguageField(
        _("language"),
        help_text=_(
            "Written in this language, sent to the subscribers who read this language "
            "(and, for the site's main language, to those whose language the site lacks)."
        ),
    )
    audience = models.CharField(
        _("audience"), max_length=10, choices=Audience.choices, default=Audience.ALL
    )
    tags = models.ManyToManyField(
        "newsletter.Tag",
        verbose_name=_("tags"),
        blank=True,
        related_name="campaigns",
        help_text=_("For the audience “with one of the chosen tags”."),
    )
    kind = models.CharField(
        _("kind"), max_length=10, choices=Kind.choices, default=Kind.CAMPAIGN, editable=False
    )
    # For a digest: the articles published up to this time are in it; the next digest starts
    # after the last one sent.
    digest_until = models.DateTimeField(_("articles up to"), null=True, blank=True, editable=False)
    # For the monthly digest made by itself: its month (the 1st), one per language, so that two
    # runs of the periodic job at once (the clock and cron) never make, or send, it twice.
    digest_month = models.DateField(_("monthly digest of"), null=True, blank=True, editable=False)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT, editable=False
    )
    scheduled_at = models.DateTimeField(_("send at"), null=True, blank=True, editable=False)
    started_at = models.DateTimeField(_("sending started"), null=True, blank=True, editable=False)
    finished_at = models.DateTimeField(_("sending finished"), null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    objects = CampaignQuerySet.as_manager()

    class Meta:
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=["draft", "cancelled"])
                | models.Q(scheduled_at__isnull=False),
                name="newsletter_campaign_scheduled_has_time",
            ),
            models.UniqueConstraint(
                fields=["language", "digest_month"],
                name="newsletter_campaign_one_monthly_digest_per_language",
            ),
            models.CheckConstraint(
                condition=~models.Q(kind="digest") | models.Q(digest_until__isnull=False),
                name="newsletter_campaign_digest_has_period",
            ),
        ]
        indexes = [models.Index(fields=["status", "scheduled_at"])]

    def __str__(self):
        return self.subject

    def save(self, *args, **kwargs):
        self.body_html = render_markdown(self.body).html
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "body" in update_fields:
            kwargs["update_fields"] = {*update_fields, "body_html"}
        super().save(*args, **kwargs)

    def get_admin_url(self):
        return reverse("admin:newsletter_campaign_change", args=[self.pk])

    @property
    def is_editable(self) -> bool:
        return self.status == self.Status.DRAFT

    @property
    def in_progress(self) -> bool:
        return self.status in {self.Status.SCHEDULED, self.Status.SENDING}


class Delivery(models.Model):
    """
    One campaign to one subscriber. ``pending`` until a sender claims it (``sending``, with the
    sender's claim token and time), then ``sent`` with the provider's message id, or ``failed``.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting")
        SENDING = "sending", _("Being sent")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")
        SKIPPED = "skipped", _("Not sent: no longer subscribed")

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campaign"), on_delete=models.CASCADE, related_name="deliveries"
    )
    subscriber = models.ForeignKey(
        "newsletter.Subscriber",
        verbose_name=_("subscriber"),
        on_delete=models.PROTECT,
        related_name="deliveries",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    claim_token = models.UUIDField(null=True, blank=True, editable=False)
    claimed_at = models.DateTimeField(null=True, blank=True, editable=False)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    message_id = models.CharField(
        _("message id"),
        max_length=255,
        blank=True,
        db_index=True,
        help_text=_("The mail provider's id of the message, to match its delivery reports."),
    )
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    error = models.CharField(_("error"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "subscriber"], name="newsletter_delivery_once_per_subscriber"
            ),
            models.CheckConstraint(
                condition=~models.Q(status="sending") | models.Q(claim_token__isnull=False),
                name="newsletter_delivery_sending_is_claimed",
            ),
        ]
        indexes = [models.Index(fields=["campaign", "status"])]

    def __str__(self):
        return f"{self.campaign} → {self.subscriber}"
