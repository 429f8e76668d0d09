"""
What the mail provider reports about the emails sent (delivered, bounced, complained…), one
immutable record per report; ``newsletter.services.mail_events`` decides the subscriber's state
from them.
"""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from newsletter.models.subscribers import Record, RecordQuerySet, Subscriber


class MailEvent(Record):
    """
    One report from the mail provider's tracking webhook (delivered, bounced, complained…),
    written once, never edited. It keeps what the subscriber's state is decided from, not the
    provider's whole payload: the recipient only as the address's keyed fingerprint, and the
    provider's explanation with any email address in it masked.
    """

    # django-anymail's normalized event types (anymail.signals.EventType).
    class Type(models.TextChoices):
        QUEUED = "queued", _("Queued")
        SENT = "sent", _("Sent")
        REJECTED = "rejected", _("Rejected")
        FAILED = "failed", _("Failed")
        BOUNCED = "bounced", _("Bounced")
        DEFERRED = "deferred", _("Deferred")
        DELIVERED = "delivered", _("Delivered")
        AUTORESPONDED = "autoresponded", _("Automatic reply")
        OPENED = "opened", _("Opened")
        CLICKED = "clicked", _("Clicked")
        COMPLAINED = "complained", _("Complained (marked as spam)")
        UNSUBSCRIBED = "unsubscribed", _("Unsubscribed")
        SUBSCRIBED = "subscribed", _("Subscribed")
        UNKNOWN = "unknown", _("Unknown")

    class Effect(models.TextChoices):
        NONE = "", _("None")
        SOFT_BOUNCE = "soft_bounce", _("Soft bounce counted")
        BOUNCED = "bounced", _("Subscriber marked bounced")
        COMPLAINED = "complained", _("Subscriber marked complained")
        UNSUBSCRIBED = "unsubscribed", _("Subscriber unsubscribed")
        RESET = "reset", _("Soft bounces reset")

    subscriber = models.ForeignKey(
        Subscriber,
        verbose_name=_("subscriber"),
        # The event stays when an unconfirmed sign-up is deleted (its fingerprint with it).
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="mail_events",
    )
    email_hash = models.CharField(
        _("address fingerprint"), max_length=64, blank=True, db_index=True, editable=False
    )
    provider = models.CharField(_("provider"), max_length=30)
    event_type = models.CharField(_("event"), max_length=20, choices=Type.choices)
    reject_reason = models.CharField(_("reason"), max_length=20, blank=True)
    message_id = models.CharField(
        _("message id"),
        max_length=255,
        blank=True,
        db_index=True,
        help_text=_("The provider's id of the email the event is about."),
    )
    event_id = models.CharField(
        _("provider's event id"),
        max_length=255,
        blank=True,
        help_text=_("A report the provider sends again is recorded once."),
    )
    description = models.CharField(_("description"), max_length=300, blank=True)
    mta_response = models.CharField(_("receiving server's answer"), max_length=300, blank=True)
    effect = models.CharField(
        _("effect on the subscriber"), max_length=20, choices=Effect.choices, blank=True
    )
    occurred_at = models.DateTimeField(_("time"))
    received_at = models.DateTimeField(_("received"), default=timezone.now, editable=False)

    objects = RecordQuerySet.as_manager()

    class Meta:
        verbose_name = _("mail event")
        verbose_name_plural = _("mail events")
        ordering = ["-occurred_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "event_id", "email_hash"],
                condition=~models.Q(event_id=""),
                name="newsletter_mailevent_provider_event_once",
            ),
        ]

    def __str__(self):
        when = timezone.localtime(self.occurred_at)
        return f"{self.get_event_type_display()} · {when:%Y-%m-%d %H:%M}"
