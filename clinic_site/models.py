"""The clinic's own identity: one record that feeds the header, footer, contact links and SEO."""

import zoneinfo
from datetime import datetime
from urllib.parse import quote

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from phonenumber_field.modelfields import PhoneNumberField

from clinic_site import page_parts, prices
from clinic_site.maps import clinic_map_prepare
from clinic_site.text import comma_list, text_lines


def _time_zone_choices():
    return [(name, name) for name in sorted(zoneinfo.available_timezones())]


class Weekday(models.IntegerChoices):
    # Python's date.weekday() numbering, so `OpeningHours.weekday == dt.weekday()` just works.
    MONDAY = 0, _("Monday")
    TUESDAY = 1, _("Tuesday")
    WEDNESDAY = 2, _("Wednesday")
    THURSDAY = 3, _("Thursday")
    FRIDAY = 4, _("Friday")
    SATURDAY = 5, _("Saturday")
    SUNDAY = 6, _("Sunday")


class Clinic(models.Model):
    """
    The single identity record (primary key 1). Read it with ``Clinic.load()``: it is cached,
    so a warm request pays no database query, and every save clears the cache.
    """

    CACHE_KEY = "clinic_site:clinic:v1"
    SINGLETON_PK = 1

    name = models.CharField(_("clinic name"), max_length=120)
    street_address = models.CharField(
        _("street address"), max_length=200, help_text=_("Street, number, floor.")
    )
    postal_code = models.CharField(_("postal code"), max_length=20, blank=True)
    city = models.CharField(_("city"), max_length=100)
    region = models.CharField(_("district or region"), max_length=100, blank=True)
    country = models.CharField(_("country"), max_length=100)
    country_code = models.CharField(
        _("country code"),
        max_length=2,
        help_text=_("Two-letter ISO code, e.g. TR. Used by search engines."),
    )
    phone = PhoneNumberField(
        _("main phone"), help_text=_("Shown in the header and used for click-to-call links.")
    )
    whatsapp = PhoneNumberField(
        _("WhatsApp number"), blank=True, help_text=_("Leave empty to hide the WhatsApp links.")
    )
    email = models.EmailField(_("email"))
    price_from = models.PositiveIntegerField(_("price from"), null=True, blank=True)
    price_to = models.PositiveIntegerField(_("price to"), null=True, blank=True)
    currency = models.CharField(
        _("currency"), max_length=3, default="EUR", help_text=_("ISO code, e.g. EUR.")
    )
    time_zone = models.CharField(
        _("time zone"),
        max_length=64,
        choices=_time_zone_choices,
        default="Europe/Istanbul",
        help_text=_("Opening hours are read in this time zone."),
    )
    callback_promise_minutes = models.PositiveSmallIntegerField(
        _("call-back promise (minutes)"),
        default=15,
        validators=[MinValueValidator(1), MaxValueValidator(24 * 60)],
        help_text=_(
            'Shown to patients as "we call you back within N minutes during opening hours".'
        ),
    )
    privacy_notice = models.TextField(
        _("privacy notice"),
        blank=True,
        help_text=_(
            "The text of the privacy notice page, linked from every consent box. "
            "Blank lines separate paragraphs. Leave empty to show the standard notice."
        ),
    )
    opening_hours_note = models.CharField(
        _("note on opening hours"),
        max_length=200,
        blank=True,
        help_text=_(
            "Shown under the opening hours, e.g. “Closed on public holidays; WhatsApp "
            "answered around the clock.”"
        ),
    )
    # --- What the home, contact and team pages need ---------------------------------------
    promise = models.CharField(
        _("promise"),
        max_length=160,
        blank=True,
        help_text=_("The home page's main heading, e.g. “Natural hair, planned by doctors”."),
    )
    promise_detail = models.CharField(
        _("promise, in a sentence"),
        max_length=300,
        blank=True,
        help_text=_("One sentence under the heading."),
    )
    hero_image = models.ImageField(
        _("home page photo"),
        upload_to="clinic_site/",
        blank=True,
        width_field="hero_image_width",
        height_field="hero_image_height",
    )
    hero_image_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    hero_image_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    hero_image_alt = models.CharField(
        _("home page photo description"),
        max_length=200,
        blank=True,
        help_text=_("Required with a photo: what it shows, for patients who cannot see it."),
    )
    hero_image_renditions = models.JSONField(default=dict, blank=True, editable=False)
    founded_year = models.PositiveSmallIntegerField(
        _("founded in"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1900), MaxValueValidator(2100)],
        help_text=_("The year the clinic opened; the home page shows the years since."),
    )
    procedures_count = models.PositiveIntegerField(
        _("procedures performed"),
        null=True,
        blank=True,
        help_text=_("A figure you can document. Leave empty to show none."),
    )
    languages_spoken = models.CharField(
        _("languages spoken at the clinic"),
        max_length=200,
        blank=True,
        help_text=_("Comma-separated, e.g. English, Turkish, German, Arabic."),
    )
    accreditations = models.TextField(
        _("accreditations"),
        blank=True,
        help_text=_("Licences and accreditations you can document, one per line."),
    )
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    map_image = models.ImageField(
        _("map"),
        upload_to="clinic_site/",
        blank=True,
        width_field="map_image_width",
        height_field="map_image_height",
        help_text=_(
            "A picture of the map around the clinic. Leave empty to have one drawn from the "
            "coordinates."
        ),
    )
    map_image_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    map_image_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    map_image_renditions = models.JSONField(default=dict, blank=True, editable=False)
    directions = models.TextField(
        _("directions from the airport"),
        blank=True,
        help_text=_("Plain text; blank lines separate paragraphs."),
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("clinic identity")
        verbose_name_plural = _("clinic identity")
        constraints = [
            models.CheckConstraint(condition=models.Q(pk=1), name="clinic_is_a_single_record"),
            models.CheckConstraint(
                condition=models.Q(price_from__isnull=True)
                | models.Q(price_to__isnull=True)
                | models.Q(price_to__gte=models.F("price_from")),
                name="clinic_price_range_is_ordered",
            ),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.pk = self.SINGLETON_PK
        # A map drawn from the coordinates when staff uploaded none (clinic_site/maps.py).
        clinic_map_prepare(self)
        super().save(*args, **kwargs)
        self.clear_cache()

    def delete(self, *args, **kwargs):
        result = super().delete(*args, **kwargs)
        self.clear_cache()
        return result

    def clean(self):
        if self.hero_image and not (self.hero_image_alt or "").strip():
            raise ValidationError(
                {"hero_image_alt": _("Describe the photo for patients who cannot see it.")}
            )

    # --- Reading ---------------------------------------------------------------------------

    @classmethod
    def load(cls):
        """
        The identity, from the cache when warm. Its row is made by a migration; should it be
        missing, an unsaved placeholder stands in until someone enters the identity (a read
        never writes). An anonymous page reads it once per page generation in each process
        (``clinic_site.page_parts``): every save of the identity or its parts starts a new one.
        """
        return page_parts.kept("clinic", cls._load_shared)

    @classmethod
    def _load_shared(cls):
        clinic = cache.get(cls.CACHE_KEY)
        if clinic is None:
            clinic = (
                cls.objects.prefetch_related("opening_hours", "social_links")
                .filter(pk=cls.SINGLETON_PK)
                .first()
            )
            if clinic is None:
                # Not cached: the row may come back by any road (a migration, a restore).
                return cls.placeholder()
            clinic.treatment_prices = clinic.read_treatment_prices()
            cache.set(cls.CACHE_KEY, clinic, timeout=None)
        return clinic

    @classmethod
    def cached(cls):
        """The identity if the cache holds it, without ever touching the database."""
        try:
            return cache.get(cls.CACHE_KEY)
        except Exception:  # noqa: BLE001 - an error page must render even with the cache down
            return None

    @classmethod
    def placeholder(cls):
        """An unsaved identity with no opening hours or links: enough to render every page."""
        clinic = cls(
            pk=cls.SINGLETON_PK,
            name="Clinic",
            street_address="-",
            city="-",
            country="-",
            country_code="TR",
            phone="+902120000000",
            email="clinic@example.com",
        )
        # As Clinic.load() prefetches them for the stored row: reading them costs no query.
        clinic._prefetched_objects_cache = {
            "opening_hours": OpeningHours.objects.none(),
            "social_links": SocialLink.objects.none(),
        }
        return clinic

    @classmethod
    def clear_cache(cls):
        cache.delete(cls.CACHE_KEY)
        # Also after commit, so a request that read the old row mid-transaction cannot
        # put it back in the cache for good.
        transaction.on_commit(lambda: cache.delete(cls.CACHE_KEY))

    # --- Presentation ----------------------------------------------------------------------

    @property
    def tzinfo(self):
        return zoneinfo.ZoneInfo(self.time_zone)

    @property
    def address_lines(self):
        locality = " ".join(part for part in (self.postal_code, self.region or self.city) if part)
        lines = [self.street_address, locality]
        if self.region and self.city not in locality:
            lines.append(self.city)
        lines.append(self.country)
        return [line for line in lines if line and line != "-"]

    @property
    def address_display(self):
        return ", ".join(self.address_lines)

    def read_treatment_prices(self) -> tuple[int | None, int | None]:
        """
        The active treatments' price range in the clinic's currency, read once and cached with
        the identity (a treatment's save clears it); none needed when the identity has its own.
        """
        if self.price_from is not None:
            return None, None
        from clinic.models import Treatment  # the clinic pages build on the identity

        return Treatment.objects.active().price_range(currency=self.currency)

    @property
    def price_range(self) -> tuple[int | None, int | None]:
        """The header's price range: the identity's when set, else the active treatments'."""
        if self.price_from is not None:
            return self.price_from, self.price_to
        return getattr(self, "treatment_prices", (None, None))

    @property
    def price_range_display(self):
        """The price range in the active language's format (clinic_site/prices.py)."""
        return prices.price_range_display(*self.price_range, self.currency)

    @property
    def phone_display(self):
        return self.phone.as_international if self.phone else ""

    @property
    def tel_href(self):
        return f"tel:{self.phone.as_e164}" if self.phone else ""

    @property
    def whatsapp_href(self):
        if not self.whatsapp:
            return ""
        return f"https://wa.me/{self.whatsapp.as_e164.lstrip('+')}"

    # --- Where the clinic is (the contact page) ----------------------------------------------

    @property
    def has_coordinates(self):
        return self.latitude is not None and self.longitude is not None

    @property
    def map_links(self):
        """
        The clinic's place in the usual map apps, from the coordinates: plain links, so the
        page itself loads nothing from those sites. Empty without coordinates.
        """
        if not self.has_coordinates:
            return {}
        lat, lon = f"{self.latitude:f}", f"{self.longitude:f}"
        name = quote(self.name)
        return {
            "google": f"https://www.google.com/maps/search/?api=1&query={lat}%2C{lon}",
            "apple": f"https://maps.apple.com/?ll={lat},{lon}&q={name}",
            "openstreetmap": (
                f"https://www.openstreetmap.org/?mlat={lat}&mlon={lon}#map=17/{lat}/{lon}"
            ),
        }

    @property
    def accreditation_list(self):
        return text_lines(self.accreditations)

    @property
    def language_list(self):
        return comma_list(self.languages_spoken)

    @property
    def weekly_hours(self):
        """Every weekday with its opening periods (an empty list when closed)."""
        periods = {day: [] for day in Weekday.values}
        for hours in self.opening_hours.all():
            periods[hours.weekday].append(hours)
        return [(Weekday(day).label, periods[day]) for day in Weekday.values]

    def is_open_at(self, moment: datetime | None = None) -> bool:
        local = timezone.localtime(moment or timezone.now(), self.tzinfo)
        return any(
            hours.weekday == local.weekday() and hours.opens <= local.time() < hours.closes
            for hours in self.opening_hours.all()
        )

    def as_schema(self, *, url=""):
        """The clinic as a schema.org ``MedicalClinic`` dict, for JSON-LD."""
        schema = {
            "@type": "MedicalClinic",
            "name": self.name,
            "telephone": self.phone.as_e164 if self.phone else "",
            "email": self.email,
            "address": {
                "@type": "PostalAddress",
                "streetAddress": self.street_address,
                "addressLocality": self.city,
                "postalCode": self.postal_code,
                "addressRegion": self.region,
                "addressCountry": self.country_code,
            },
            "openingHoursSpecification": [
                {
                    "@type": "OpeningHoursSpecification",
                    "dayOfWeek": Weekday(hours.weekday).name.capitalize(),
                    "opens": hours.opens.strftime("%H:%M"),
                    "closes": hours.closes.strftime("%H:%M"),
                }
                for hours in self.opening_hours.all()
            ],
            "sameAs": [link.url for link in self.social_links.all()],
        }
        if url:
            schema["url"] = url
        if self.has_coordinates:
            schema["geo"] = {
                "@type": "GeoCoordinates",
                "latitude": float(self.latitude),
                "longitude": float(self.longitude),
            }
            schema["hasMap"] = self.map_links["openstreetmap"]
        if self.price_range_display:
            schema["priceRange"] = self.price_range_display
        schema["address"] = {k: v for k, v in schema["address"].items() if v}
        return {key: value for key, value in schema.items() if value}


class ClinicPart(models.Model):
    """Rows that belong to the identity: saving or deleting one clears the cached identity."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        Clinic.clear_cache()

    def delete(self, *args, **kwargs):
        result = super().delete(*args, **kwargs)
        Clinic.clear_cache()
        return result


class OpeningHours(ClinicPart):
    clinic = models.ForeignKey(Clinic, on_delete=models.CASCADE, related_name="opening_hours")
    weekday = models.PositiveSmallIntegerField(_("day"), choices=Weekday.choices)
    opens = models.TimeField(_("opens"))
    closes = models.TimeField(_("closes"))

    class Meta:
        verbose_name = _("opening hours")
        verbose_name_plural = _("opening hours")
        ordering = ["weekday", "opens"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closes__gt=models.F("opens")),
                name="opening_hours_close_after_opening",
            ),
        ]

    def __str__(self):
        return f"{self.get_weekday_display()} {self.opens:%H:%M}–{self.closes:%H:%M}"


class SocialLink(ClinicPart):
    clinic = models.ForeignKey(Clinic, on_delete=models.CASCADE, related_name="social_links")
    label = models.CharField(_("label"), max_length=50, help_text=_("e.g. Instagram"))
    url = models.URLField(_("address"))
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("social link")
        verbose_name_plural = _("social links")
        ordering = ["position", "label"]

    def __str__(self):
        return self.label
