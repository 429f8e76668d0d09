"""
The subscriber list: filters, search, tags for segments, CSV export, unsubscribe and forget
(an erasure request), with each subscriber's read-only consent history.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ActionForm
from django.db.models import Count
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from clinic_site.exports import csv_response
from newsletter.models import ConsentEvent, Subscriber
from newsletter.services.subscription import subscriber_forget, subscriber_unsubscribe
from newsletter.services.tags import subscribers_tag, subscribers_untag

EXPORT_HEADER = ["email", "first_name", "language", "tags", "consent_date"]


class ConsentEventInline(admin.TabularInline):
    """The consent history: evidence, so read-only for everyone, superusers included."""

    model = ConsentEvent
    extra = 0
    can_delete = False
    fields = [
        "created_at",
        "kind",
        "source",
        "consent_text",
        "consent_version",
        "consented_at",
        "ip_address",
        "user_agent",
    ]
    readonly_fields = fields
    ordering = ["created_at", "pk"]

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class TagActionForm(ActionForm):
    tag = forms.CharField(
        label=_("Tag"),
        required=False,
        max_length=50,
        help_text=_("For the add / remove tag actions."),
    )


@admin.register(Subscriber)
class SubscriberAdmin(admin.ModelAdmin):
    change_list_template = "admin/newsletter/subscriber/change_list.html"
    list_display = [
        "email_display",
        "first_name",
        "status",
        "language",
        "tag_list",
        "source",
        "created_at",
        "confirmed_at",
    ]
    list_filter = ["status", "language", "tags", "source", "created_at", "confirmed_at"]
    search_fields = ["email", "first_name", "tags__name"]
    date_hierarchy = "created_at"
    list_per_page = 100
    action_form = TagActionForm
    actions = ["export_csv", "add_tag", "remove_tag", "unsubscribe_selected", "forget_selected"]
    inlines = [ConsentEventInline]
    filter_horizontal = ["tags"]
    fieldsets = [
        (None, {"fields": ["email", "status", "first_name", "language", "tags"]}),
        (_("Where from"), {"fields": ["source", "source_url"]}),
        (_("Delivery"), {"fields": ["soft_bounces"]}),
        (
            _("Dates"),
            {"fields": ["created_at", "confirmed_at", "unsubscribed_at", "forgotten_at"]},
        ),
    ]
    readonly_fields = [
        "email",
        "status",
        "source",
        "source_url",
        "created_at",
        "confirmed_at",
        "unsubscribed_at",
        "forgotten_at",
        "soft_bounces",
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("tags")

    def has_add_permission(self, request):
        # People subscribe themselves (double opt-in) or come in through an import that
        # records how their consent was obtained.
        return False

    def has_delete_permission(self, request, obj=None):
        # Deleting would lose the consent history; an erasure request is "forget".
        return False

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.status == Subscriber.Status.FORGOTTEN:
            return False
        return super().has_change_permission(request, obj)

    @admin.display(description=_("email"), ordering="email")
    def email_display(self, subscriber):
        return subscriber.email or _("(forgotten)")

    @admin.display(description=_("tags"))
    def tag_list(self, subscriber):
        return ", ".join(tag.name for tag in subscriber.tags.all())

    # --- Actions ---------------------------------------------------------------------------

    @admin.action(
        description=_("Export subscribed as CSV (Mailchimp, Brevo)"), permissions=["view"]
    )
    def export_csv(self, request, queryset):
        """Only people who may be mailed; marketing is told who was left out, and why."""
        subscribed = queryset.subscribed().order_by("email")
        left_out = dict(
            Subscriber.objects.filter(pk__in=queryset.values("pk"))
            .exclude(status=Subscriber.Status.SUBSCRIBED)
            .order_by()
            .values_list("status")
            .annotate(count=Count("pk"))
        )
        if left_out:
            message = self._export_left_out_message(left_out)
            if not subscribed.exists():
                # No file at all: an empty download would look like a broken export.
                self.message_user(
                    request, _("Nothing to export. %(why)s") % {"why": message}, messages.WARNING
                )
                return None
            self.message_user(request, message, messages.WARNING)
        rows = (
            [
                subscriber.email,
                subscriber.first_name,
                subscriber.language,
                ", ".join(tag.name for tag in subscriber.tags.all()),
                timezone.localtime(subscriber.confirmed_at).date().isoformat(),
            ]
            for subscriber in subscribed.prefetch_related("tags")
        )
        return csv_response(filename="newsletter-subscribers", header=EXPORT_HEADER, rows=rows)

    @staticmethod
    def _export_left_out_message(left_out: dict) -> str:
        """``left_out`` counts the selected subscribers by status, the subscribed excluded."""
        Status = Subscriber.Status
        reasons = []
        for status in Status.values:  # in the order of the lifecycle
            if not (count := left_out.get(status)):
                continue
            if status == Status.PENDING:
                reason = ngettext(
                    "%(count)d has not confirmed yet", "%(count)d have not confirmed yet", count
                )
            elif status == Status.UNSUBSCRIBED:
                reason = ngettext("%(count)d unsubscribed", "%(count)d unsubscribed", count)
            elif status == Status.FORGOTTEN:
                reason = ngettext(
                    "%(count)d asked to be forgotten", "%(count)d asked to be forgotten", count
                )
            elif status == Status.BOUNCED:
                reason = ngettext("%(count)d address bounced", "%(count)d addresses bounced", count)
            elif status == Status.COMPLAINED:
                reason = ngettext(
                    "%(count)d marked the newsletter as spam",
                    "%(count)d marked the newsletter as spam",
                    count,
                )
            else:
                reason = "%(count)d " + str(Status(status).label).lower()
            reasons.append(reason % {"count": count})
        total = sum(left_out.values())
        return ngettext(
            "%(count)d selected subscriber was left out because only subscribed people may "
            "be mailed: %(reasons)s.",
            "%(count)d selected subscribers were left out because only subscribed people may "
            "be mailed: %(reasons)s.",
            total,
        ) % {"count": total, "reasons": ", ".join(reasons)}

    def _tag_name(self, request):
        name = " ".join(request.POST.get("tag", "").split())
        if not name:
            self.message_user(request, _("Type the tag's name first."), messages.ERROR)
        return name

    @admin.action(description=_("Add tag to selected subscribers"), permissions=["change"])
    def add_tag(self, request, queryset):
        if name := self._tag_name(request):
            count = subscribers_tag(subscribers=queryset, tag_name=name)
            self.message_user(
                request,
                ngettext(
                    "Tag “%(tag)s” added to %(count)d subscriber.",
                    "Tag “%(tag)s” added to %(count)d subscribers.",
                    count,
                )
                % {"tag": name, "count": count},
            )

    @admin.action(description=_("Remove tag from selected subscribers"), permissions=["change"])
    def remove_tag(self, request, queryset):
        if name := self._tag_name(request):
            count = subscribers_untag(subscribers=queryset, tag_name=name)
            self.message_user(
                request,
                ngettext(
                    "Tag “%(tag)s” removed from %(count)d subscriber.",
                    "Tag “%(tag)s” removed from %(count)d subscribers.",
                    count,
                )
                % {"tag": name, "count": count},
            )

    @admin.action(description=_("Unsubscribe selected (at their request)"), permissions=["change"])
    def unsubscribe_selected(self, request, queryset):
        source = f"admin ({request.user.get_username()})"
        count = 0
        for subscriber in queryset.exclude(status__in=Subscriber.STOPPED):
            subscriber_unsubscribe(subscriber=subscriber, source=source)
            count += 1
        self.message_user(
            request,
            ngettext("%(count)d subscriber unsubscribed.", "%(count)d unsubscribed.", count)
            % {"count": count},
        )

    @admin.action(
        description=_("Forget selected (erasure request: removes their personal data)"),
        permissions=["change"],
    )
    def forget_selected(self, request, queryset):
        targets = queryset.exclude(status=Subscriber.Status.FORGOTTEN)
        if request.POST.get("confirm_forget") != "yes":
            return TemplateResponse(
                request,
                "admin/newsletter/subscriber/forget_confirmation.html",
                {
                    **self.admin_site.each_context(request),
                    "title": _("Forget these subscribers?"),
                    "opts": self.model._meta,
                    "queryset": queryset,
                    "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
                    "action": "forget_selected",
                    "subscribers": targets,
                },
            )
        source = f"erasure request (admin: {request.user.get_username()})"
        count = 0
        for subscriber in targets:
            subscriber_forget(subscriber=subscriber, source=source)
            count += 1
        self.message_user(
            request,
            ngettext(
                "%(count)d subscriber forgotten: their personal data is erased.",
                "%(count)d subscribers forgotten: their personal data is erased.",
                count,
            )
            % {"count": count},
        )
