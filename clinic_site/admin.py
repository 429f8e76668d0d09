from django.contrib import admin
from django.db import models
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from clinic_site.models import Clinic, OpeningHours, SocialLink

admin.site.site_header = _("Clinic administration")
admin.site.site_title = _("Clinic administration")
admin.site.index_title = _("Work")


# Django 6 reads scheme-less addresses as https; say so now, so forms behave the same on 5.2
# and 6.x. Every admin with a URLField uses this.
HTTPS_URL_FIELDS = {models.URLField: {"assume_scheme": "https"}}


class OpeningHoursInline(admin.TabularInline):
    model = OpeningHours
    extra = 0


class SocialLinkInline(admin.TabularInline):
    model = SocialLink
    formfield_overrides = HTTPS_URL_FIELDS
    extra = 0


@admin.register(Clinic)
class ClinicAdmin(TranslationAdmin):
    """
    One record: the list goes straight to it, and it can be neither added twice nor deleted.
    Its texts have a field per language, side by side (clinic_site/translation.py).
    """

    inlines = [OpeningHoursInline, SocialLinkInline]
    fieldsets = [
        (None, {"fields": ["name", "callback_promise_minutes"]}),
        (
            _("Address"),
            {
                "fields": [
                    "street_address",
                    "postal_code",
                    "region",
                    "city",
                    "country",
                    "country_code",
                ]
            },
        ),
        (_("Contact"), {"fields": ["phone", "whatsapp", "email", "time_zone"]}),
        (_("Prices"), {"fields": ["price_from", "price_to", "currency"]}),
        (
            _("Home page"),
            {"fields": ["promise", "promise_detail", "hero_image", "hero_image_alt"]},
        ),
        (
            _("Trust figures"),
            {
                "fields": [
                    "founded_year",
                    "procedures_count",
                    "languages_spoken",
                    "accreditations",
                ],
                "description": _(
                    "Shown on the home page as they are: enter only what you can document."
                ),
            },
        ),
        (
            _("Location"),
            {
                "fields": ["latitude", "longitude", "map_image", "directions"],
                "description": _(
                    "The contact page links to the map apps from the coordinates and shows "
                    "the map picture; the site never loads a map from another site."
                ),
            },
        ),
        (_("Opening hours"), {"fields": ["opening_hours_note"]}),
        (_("Privacy notice"), {"fields": ["privacy_notice"]}),
    ]

    def has_add_permission(self, request):
        return super().has_add_permission(request) and not Clinic.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        clinic = Clinic.objects.first()
        if clinic is None:
            return redirect(reverse("admin:clinic_site_clinic_add"))
        return redirect(reverse("admin:clinic_site_clinic_change", args=[clinic.pk]))
