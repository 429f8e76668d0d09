"""
The clinic pages in the admin: editors keep the treatments (with their questions and answers),
the results (published only with the patient's recorded consent) and the reviews (a
moderation queue, newest first).
"""

from django.contrib import admin, messages
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.admin import TranslationAdmin, TranslationStackedInline

from clinic.models import ResultCase, Review, Treatment, TreatmentFAQ
from clinic.services import reviews_publish, reviews_reject


class TreatmentFAQInline(TranslationStackedInline):
    model = TreatmentFAQ
    extra = 0
    fields = ["question", "answer", "position"]


@admin.register(Treatment)
class TreatmentAdmin(TranslationAdmin):
    list_display = ["name", "price_from", "price_to", "currency", "position", "active"]
    list_editable = ["position", "active"]
    list_filter = ["active"]
    search_fields = ["name", "summary"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["doctors", "related_articles"]
    inlines = [TreatmentFAQInline]
    fieldsets = [
        (None, {"fields": ["name", "slug", "summary", "active", "position"]}),
        (_("Page"), {"fields": ["body", "hero_image", "hero_image_alt"]}),
        (_("At a glance"), {"fields": ["duration", "anaesthesia", "recovery_time"]}),
        (
            _("Price"),
            {
                "fields": [
                    ("price_from", "price_to", "currency"),
                    ("includes_hotel", "includes_transfer"),
                    ("includes_medication", "includes_follow_up"),
                    "includes_note",
                ]
            },
        ),
        (_("Links"), {"fields": ["doctors", "related_articles"]}),
    ]


@admin.register(ResultCase)
class ResultCaseAdmin(TranslationAdmin):
    list_display = ["__str__", "treatment", "consent_date", "consent_scope", "published"]
    list_filter = ["published", "treatment", "consent_scope"]
    list_select_related = ["treatment"]
    readonly_fields = ["consent_recorded_by", "consent_withdrawn_at", "photos_deleted_at"]
    actions = ["withdraw_consent"]
    fieldsets = [
        (None, {"fields": ["treatment", "months_after", "grafts", "story", "position"]}),
        (
            _("Photos"),
            {"fields": ["before_image", "before_image_alt", "after_image", "after_image_alt"]},
        ),
        (
            _("The patient's consent"),
            {
                "fields": [
                    "consent_date",
                    "consent_scope",
                    "consent_recorded_by",
                    "consent_withdrawn_at",
                    "photos_deleted_at",
                ]
            },
        ),
        (None, {"fields": ["published"]}),
    ]

    def save_model(self, request, obj, form, change):
        if {"consent_date", "consent_scope"} & set(form.changed_data):
            obj.consent_recorded_by = request.user
        super().save_model(request, obj, form, change)

    @admin.action(description=_("The patient withdrew consent: unpublish and delete the photos"))
    def withdraw_consent(self, request, queryset):
        cases = list(queryset.filter(consent_withdrawn_at__isnull=True))
        for case in cases:
            case.withdraw_consent()
        self.message_user(
            request,
            ngettext(
                "%(count)d result unpublished; its photos are deleted within a day.",
                "%(count)d results unpublished; their photos are deleted within a day.",
                len(cases),
            )
            % {"count": len(cases)},
            messages.SUCCESS,
        )


class ModerationFilter(admin.SimpleListFilter):
    title = _("moderation")
    parameter_name = "moderation"

    def lookups(self, request, model_admin):
        return [
            ("awaiting", _("Awaiting moderation")),
            ("published", _("Published")),
            ("rejected", _("Rejected")),
        ]

    def queryset(self, request, queryset):
        if self.value() == "awaiting":
            return queryset.awaiting_moderation()
        if self.value() == "published":
            return queryset.published()
        if self.value() == "rejected":
            return queryset.filter(rejected_at__isnull=False)
        return queryset


@admin.register(Review)
class ReviewAdmin(admin.ModelAdmin):
    """The moderation queue: newest first; nothing is on the site before someone publishes it."""

    list_display = [
        "display_name",
        "rating",
        "excerpt",
        "treatment",
        "language",
        "source",
        "created_at",
        "consent_to_publish",
        "published",
        "rejected_at",
    ]
    list_filter = [ModerationFilter, "rating", "source", "language", "treatment"]
    list_select_related = ["treatment"]
    search_fields = ["first_name", "text"]
    ordering = ["-created_at"]
    readonly_fields = ["created_at", "published_at", "rejected_at"]
    actions = ["publish", "reject"]

    @admin.display(description=_("review"))
    def excerpt(self, review):
        return Truncator(review.text).chars(80)

    def save_model(self, request, obj, form, change):
        # The email address is for questions while the review waits; decided, it goes.
        if obj.published:
            obj.rejected_at = None
            obj.email = ""
        super().save_model(request, obj, form, change)

    @admin.action(description=_("Publish the selected reviews"), permissions=["change"])
    def publish(self, request, queryset):
        published, refused = reviews_publish(reviews=queryset)
        if published:
            self.message_user(
                request,
                ngettext("%(count)d review published.", "%(count)d reviews published.", published)
                % {"count": published},
                messages.SUCCESS,
            )
        if refused:
            self.message_user(
                request,
                ngettext(
                    "%(count)d review could not be published: its author did not agree to "
                    "publication.",
                    "%(count)d reviews could not be published: their authors did not agree to "
                    "publication.",
                    refused,
                )
                % {"count": refused},
                messages.ERROR,
            )

    @admin.action(description=_("Reject the selected reviews"), permissions=["change"])
    def reject(self, request, queryset):
        rejected = reviews_reject(reviews=queryset)
        self.message_user(
            request,
            ngettext(
                "%(count)d review rejected; it is not on the site.",
                "%(count)d reviews rejected; they are not on the site.",
                rejected,
            )
            % {"count": rejected},
            messages.SUCCESS,
        )
