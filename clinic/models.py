"""
What a patient weighs before flying abroad for a treatment: the treatments with their prices
and questions, the results of earlier patients (published only with their consent), and the
reviews patients wrote (shown only once a staff member publishes them).

``Treatment`` is also the call-back form's "treatment of interest" (``leads.Lead.interest``).
"""

import functools

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modeltranslation.utils import build_localized_fieldname

from blog.languages import LanguageField
from blog.models import translated_columns
from blog.rendering import render_markdown
from blog.sitemaps.cache import SitemapInvalidatingModel, SitemapInvalidatingQuerySet
from blog.validators import validate_publishable_markdown
from clinic_site.models import Clinic

ORDERED_PRICE_RANGE = (
    models.Q(price_from__isnull=True)
    | models.Q(price_to__isnull=True)
    | models.Q(price_to__gte=models.F("price_from"))
)


class TreatmentQuerySet(SitemapInvalidatingQuerySet):
    """
    Every write also refreshes the header's price range, which is cached with the clinic's
    identity (``Clinic.load()``), and the sitemap, which lists the treatments.
    """

    def active(self):
        return self.filter(active=True)

    def for_cards(self):
        """Without the page's own text (in every language): a card shows its summary instead."""
        return models.QuerySet.defer(self, *translated_columns(Treatment, "body", "body_html"))

    def price_range(self, *, currency: str) -> tuple[int | None, int | None]:
        """The lowest "from" and highest "to" price of these treatments in ``currency``."""
        prices = self.filter(currency=currency, price_from__isnull=False).aggregate(
            low=models.Min("price_from"),
            high=models.Max(Coalesce("price_to", "price_from")),
        )
        return prices["low"], prices["high"]

    def update(self, **kwargs):
        changed = super().update(**kwargs)
        if changed:
            Clinic.clear_cache()
        return changed

    def delete(self):
        deleted = super().delete()
        if deleted[0]:
            Clinic.clear_cache()
        return deleted

    def bulk_create(self, objs, *args, **kwargs):
        created = super().bulk_create(objs, *args, **kwargs)
        if created:
            Clinic.clear_cache()
        return created


class Treatment(SitemapInvalidatingModel):
    """A treatment the clinic offers: its page, its price, and a choice in the call-back form."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    slug = models.SlugField(
        _("slug"), max_length=120, unique=True, help_text=_("The page's address: /treatments/…/")
    )
    summary = models.CharField(
        _("summary"),
        max_length=300,
        blank=True,
        help_text=_("One or two sentences, shown in lists and to search engines."),
    )
    body = models.TextField(
        _("page text"),
        blank=True,
        validators=[validate_publishable_markdown],
        help_text=_(
            "Markdown: what it is, who it suits, how it is done, recovery week by week, risks."
        ),
    )
    body_html = models.TextField(editable=False, default="")
    duration = models.CharField(
        _("duration"), max_length=80, blank=True, help_text=_("e.g. 6 to 8 hours")
    )
    anaesthesia = models.CharField(
        _("anaesthesia"), max_length=80, blank=True, help_text=_("e.g. local anaesthesia")
    )
    recovery_time = models.CharField(
        _("recovery time"), max_length=80, blank=True, help_text=_("e.g. back to work in 7 days")
    )
    price_from = models.PositiveIntegerField(_("price from"), null=True, blank=True)
    price_to = models.PositiveIntegerField(_("price to"), null=True, blank=True)
    currency = models.CharField(
        _("currency"), max_length=3, default="EUR", help_text=_("ISO code, e.g. EUR.")
    )
    includes_hotel = models.BooleanField(_("hotel included"), default=False)
    includes_transfer = models.BooleanField(_("airport transfers included"), default=False)
    includes_medication = models.BooleanField(_("medication included"), default=False)
    includes_follow_up = models.BooleanField(_("follow-up included"), default=False)
    includes_note = models.CharField(
        _("also included"),
        max_length=200,
        blank=True,
        help_text=_("Anything else the price includes, e.g. a PRP session."),
    )
    doctors = models.ManyToManyField(
        "blog.Doctor",
        verbose_name=_("doctors who perform it"),
        blank=True,
        related_name="treatments",
    )
    related_articles = models.ManyToManyField(
        "blog.Article", verbose_name=_("related articles"), blank=True, related_name="treatments"
    )
    hero_image = models.ImageField(
        _("image"),
        upload_to="clinic/treatments/",
        blank=True,
        width_field="hero_image_width",
        height_field="hero_image_height",
    )
    hero_image_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    hero_image_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    hero_image_alt = models.CharField(
        _("image description"),
        max_length=200,
        blank=True,
        help_text=_("Required with an image: what it shows, for patients who cannot see it."),
    )
    hero_image_renditions = models.JSONField(default=dict, blank=True, editable=False)
    active = models.BooleanField(
        _("active"),
        default=True,
        help_text=_(
            "Untick to take it off the site and out of the call-back form; requests that "
            "named it keep it."
        ),
    )
    position = models.PositiveSmallIntegerField(
        _("position"), default=0, help_text=_("Lower numbers come first.")
    )

    objects = TreatmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("treatment")
        verbose_name_plural = _("treatments")
        ordering = ["position", "name"]
        constraints = [
            models.CheckConstraint(
                condition=ORDERED_PRICE_RANGE,
                name="clinic_treatment_price_range_is_ordered",
            ),
            models.CheckConstraint(
                condition=models.Q(hero_image="") | ~models.Q(hero_image_alt=""),
                name="clinic_treatment_image_has_alt_text",
            ),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        # A page text per language (clinic/translation.py), each rendered once, here.
        for language in settings.MODELTRANSLATION_LANGUAGES:
            body = getattr(self, build_localized_fieldname("body", language)) or ""
            html = render_markdown(body).html if body else None
            setattr(self, build_localized_fieldname("body_html", language), html)
        super().save(*args, **kwargs)
        Clinic.clear_cache()  # the header's price range

    def delete(self, *args, **kwargs):
        deleted = super().delete(*args, **kwargs)
        Clinic.clear_cache()
        return deleted

    def get_absolute_url(self):
        return reverse("clinic:treatment", kwargs={"slug": self.slug})

    def clean(self):
        errors = {}
        if self.hero_image and not self.hero_image_alt.strip():
            errors["hero_image_alt"] = _("Describe the image for patients who cannot see it.")
        if self.price_from is not None and self.price_to is not None:
            if self.price_to < self.price_from:
                errors["price_to"] = _("The highest price cannot be below the lowest.")
        if errors:
            raise ValidationError(errors)

    @property
    def included(self):
        """What the price includes, in words, in the page's language."""
        items = [
            (self.includes_hotel, _("Hotel stay")),
            (self.includes_transfer, _("Airport and hotel transfers")),
            (self.includes_medication, _("Medication and aftercare products")),
            (self.includes_follow_up, _("Follow-up with your doctor")),
        ]
        included = [label for chosen, label in items if chosen]
        if self.includes_note:
            included.append(self.includes_note)
        return included


class TreatmentFAQ(models.Model):
    treatment = models.ForeignKey(
        Treatment, verbose_name=_("treatment"), on_delete=models.CASCADE, related_name="faqs"
    )
    question = models.CharField(_("question"), max_length=250)
    answer = models.TextField(
        _("answer"), help_text=_("Plain text; blank lines separate paragraphs.")
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("question and answer")
        verbose_name_plural = _("questions and answers")
        ordering = ["position", "pk"]

    def __str__(self):
        return self.question


class ConsentScope(models.TextChoices):
    WEBSITE = "website", _("Website")
    WEBSITE_AND_SOCIAL = "website_social", _("Website and social media")
    SOCIAL = "social", _("Social media only")


@functools.cache
def _treatment_unused() -> tuple[str, ...]:
    """The related treatment's columns a card does not show (see ``with_treatment_name``)."""
    shown = {"id", "slug", "name", *(f"name_{code}" for code, _name in settings.LANGUAGES)}
    return tuple(
        f"treatment__{field.attname}"
        for field in Treatment._meta.concrete_fields
        if field.attname not in shown
    )


class WithTreatmentNameQuerySet(models.QuerySet):
    def with_treatment_name(self):
        """
        Each row's treatment in the same query, with only what a card shows of it: its name
        (in every language, for the fallback) and its address. The other columns (the page's
        text in every language) would cost more to read than the rest of the card.
        """
        # Column names already (name_en…): Django's own defer, without the translated fields'
        # rewriting of each name, which would cost more than the columns it leaves out.
        return models.QuerySet.defer(self.select_related("treatment"), *_treatment_unused())


class ResultCaseQuerySet(WithTreatmentNameQuerySet):
    def published(self):
        return self.filter(published=True, consent_withdrawn_at__isnull=True)


# A result may be public only with the patient's written consent to show it on the website,
# recorded and not withdrawn. The database holds the rule, so no code path can break it.
PUBLISHABLE_WITH_CONSENT = models.Q(published=False) | models.Q(
    consent_date__isnull=False,
    consent_scope__in=[ConsentScope.WEBSITE, ConsentScope.WEBSITE_AND_SOCIAL],
    consent_withdrawn_at__isnull=True,
)


class ResultCase(models.Model):
    """One patient's result, before and after, shown only with their written consent."""

    treatment = models.ForeignKey(
        Treatment, verbose_name=_("treatment"), on_delete=models.PROTECT, related_name="results"
    )
    months_after = models.PositiveSmallIntegerField(
        _("months after the procedure"), validators=[MaxValueValidator(120)]
    )
    grafts = models.PositiveIntegerField(_("grafts"), null=True, blank=True)
    story = models.TextField(
        _("story"),
        max_length=600,
        blank=True,
        help_text=_("A few sentences, shown with the photos."),
    )
    before_image = models.ImageField(
        _("before"),
        upload_to="clinic/results/",
        blank=True,
        width_field="before_image_width",
        height_field="before_image_height",
    )
    before_image_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    before_image_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    before_image_alt = models.CharField(_("description of the before photo"), max_length=200)
    before_image_renditions = models.JSONField(default=dict, blank=True, editable=False)
    after_image = models.ImageField(
        _("after"),
        upload_to="clinic/results/",
        blank=True,
        width_field="after_image_width",
        height_field="after_image_height",
    )
    after_image_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    after_image_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    after_image_alt = models.CharField(_("description of the after photo"), max_length=200)
    after_image_renditions = models.JSONField(default=dict, blank=True, editable=False)
    consent_date = models.DateField(
        _("consent signed on"),
        null=True,
        blank=True,
        help_text=_("The date on the patient's signed consent form."),
    )
    consent_scope = models.CharField(
        _("consent covers"), max_length=20, choices=ConsentScope.choices, blank=True
    )
    consent_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("consent recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    consent_withdrawn_at = models.DateTimeField(
        _("consent withdrawn"), null=True, blank=True, editable=False
    )
    photos_deleted_at = models.DateTimeField(
        _("photos deleted"), null=True, blank=True, editable=False
    )
    published = models.BooleanField(
        _("published"),
        default=False,
        help_text=_("Only with the patient's written consent to show it on the website."),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = ResultCaseQuerySet.as_manager()

    class Meta:
        verbose_name = _("result")
        verbose_name_plural = _("results")
        ordering = ["position", "-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=PUBLISHABLE_WITH_CONSENT,
                name="clinic_resultcase_published_only_with_consent",
            ),
            models.CheckConstraint(
                condition=models.Q(published=False)
                | (~models.Q(before_image="") & ~models.Q(after_image="")),
                name="clinic_resultcase_published_with_both_photos",
            ),
        ]

    def __str__(self):
        return _("%(treatment)s, %(months)s months after") % {
            "treatment": self.treatment,
            "months": self.months_after,
        }

    @property
    def has_website_consent(self):
        return (
            self.consent_date is not None
            and self.consent_scope in (ConsentScope.WEBSITE, ConsentScope.WEBSITE_AND_SOCIAL)
            and self.consent_withdrawn_at is None
        )

    def clean(self):
        errors = {}
        if self.published and not self.has_website_consent:
            errors["published"] = _(
                "Record the patient's written consent to show this on the website first "
                "(the date and what it covers)."
            )
        if self.published and not (self.before_image and self.after_image):
            errors["published"] = _("A result needs both photos to be published.")
        if errors:
            raise ValidationError(errors)

    def withdraw_consent(self):
        """
        The patient took their consent back: off the site at once; the photos go with the
        next daily clean-up (``purge_expired``), within a day.
        """
        self.consent_withdrawn_at = timezone.now()
        self.published = False
        self.save(update_fields=["consent_withdrawn_at", "published"])


class ReviewSource(models.TextChoices):
    SITE = "site", _("This website")
    GOOGLE = "google", _("Google")
    TRUSTPILOT = "trustpilot", _("Trustpilot")


class ReviewQuerySet(WithTreatmentNameQuerySet):
    def published(self):
        return self.filter(published=True)

    def awaiting_moderation(self):
        return self.filter(published=False, rejected_at__isnull=True)


class Review(models.Model):
    """A patient's words about the clinic: shown only once a staff member publishes them."""

    first_name = models.CharField(_("first name"), max_length=60)
    last_initial = models.CharField(_("initial of the last name"), max_length=1, blank=True)
    email = models.EmailField(
        _("email"),
        blank=True,
        help_text=_("For questions about the review only; never shown. Erased after moderation."),
    )
    country = models.CharField(
        _("country"), max_length=2, blank=True, help_text=_("Two-letter ISO code, e.g. DE.")
    )
    treatment = models.ForeignKey(
        Treatment,
        verbose_name=_("treatment"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reviews",
    )
    rating = models.PositiveSmallIntegerField(
        _("rating"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    text = models.TextField(_("review"), max_length=3000)
    language = LanguageField(_("language"))
    procedure_date = models.DateField(_("date of the procedure"), null=True, blank=True)
    source = models.CharField(
        _("source"), max_length=20, choices=ReviewSource.choices, default=ReviewSource.SITE
    )
    source_url = models.URLField(
        _("link to the original"),
        blank=True,
        help_text=_("Required for a review from Google or Trustpilot."),
    )
    consent_to_publish = models.BooleanField(_("consent to publish"), default=False)
    published = models.BooleanField(_("published"), default=False)
    published_at = models.DateTimeField(_("published"), null=True, blank=True, editable=False)
    rejected_at = models.DateTimeField(_("rejected"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("received"), default=timezone.now, editable=False)

    objects = ReviewQuerySet.as_manager()

    class Meta:
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(rating__gte=1, rating__lte=5), name="clinic_review_rating_1_to_5"
            ),
            models.CheckConstraint(
                condition=models.Q(published=False) | models.Q(consent_to_publish=True),
                name="clinic_review_published_only_with_consent",
            ),
        ]
        indexes = [models.Index(fields=["published", "-created_at"])]

    def __str__(self):
        return _("%(name)s, %(rating)s/5") % {"name": self.display_name, "rating": self.rating}

    def save(self, *args, **kwargs):
        if self.published and self.published_at is None:
            self.published_at = timezone.now()
        super().save(*args, **kwargs)

    @property
    def display_name(self):
        if self.last_initial:
            return f"{self.first_name} {self.last_initial.upper()}."
        return self.first_name

    def clean(self):
        errors = {}
        if self.published and not self.consent_to_publish:
            errors["published"] = _("The patient has not agreed to publication.")
        if self.source != ReviewSource.SITE and not self.source_url:
            errors["source_url"] = _("Link to the original review.")
        if errors:
            raise ValidationError(errors)
