"""
The clinic pages in the admin: editors keep the treatments (with their questions and answers),
the results (published only with the patient's recorded consent) and the reviews (a
moderation queue, newest first).
"""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.admin import TranslationAdmin, TranslationStackedInline

from clinic.models import ResultCase, Review, Treatment, TreatmentFAQ


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


@admin.register(Review)
class ReviewAdmin(admin.ModelAdmin):
    list_display = [
        "display_name",
        "rating",
        "treatment",
        "language",
        "source",
        "created_at",
        "published",
    ]
    list_filter = ["published", "rating", "source", "language", "treatment"]
    list_select_related = ["treatment"]
    search_fields = ["first_name", "text"]
    ordering = ["-created_at"]
    readonly_fields = ["created_at", "published_at"]
