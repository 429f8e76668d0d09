"""
Doctor-written articles: the doctors who write and review them, categories, and the articles.

Every public list (blog index, category, doctor page, home, feed, sitemap, search) reads
through ``Article.objects.published()``, and the article page applies the same rule to its one
article (``Article.is_published``; staff may preview the others): an article is public once
``published_at`` has passed, so scheduled articles appear by themselves, with no cron.
"""

import functools

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Length
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modeltranslation.utils import build_localized_fieldname, get_translation_fields

from blog.languages import LanguageField, current_language, language_name
from blog.rendering import render_markdown
from blog.sitemaps.cache import SitemapInvalidatingModel, SitemapInvalidatingQuerySet
from blog.validators import (
    validate_article_slug,
    validate_not_in_future,
    validate_profile_links,
    validate_publishable_markdown,
)
from clinic_site.text import comma_list, text_lines

SUMMARY_MAX_LENGTH = 160


@functools.cache
def translated_columns(model, *fields: str, relation: str = "") -> tuple[str, ...]:
    """
    The columns of ``fields`` of ``model`` in every content language (``bio``, ``bio_en``…),
    for Django's own ``defer()``: named so, the translated fields' manager need not rewrite
    each name on every query (which costs more than leaving the columns out saves).
    """
    names = {field.attname for field in model._meta.concrete_fields}
    prefix = f"{relation}__" if relation else ""
    columns = (*fields, *get_translation_fields(*fields))
    return tuple(f"{prefix}{column}" for column in columns if column in names)


class DoctorQuerySet(SitemapInvalidatingQuerySet):
    def active(self):
        """The doctors who see patients at the clinic today: the team page lists them."""
        return self.filter(is_active=True)

    def for_cards(self):
        """Without the profile's own text (its biography, in every language): not on a card."""
        return models.QuerySet.defer(self, *translated_columns(Doctor, "bio", "bio_html"))


class Doctor(SitemapInvalidatingModel):
    name = models.CharField(_("name"), max_length=120, help_text=_("e.g. Ayşe Demir"))
    slug = models.SlugField(
        _("slug"), max_length=140, unique=True, help_text=_("The profile's address: /doctors/…/")
    )
    title = models.CharField(
        pgettext_lazy("a doctor's", "title"),
        max_length=40,
        blank=True,
        help_text=_("Shown before the name, e.g. Prof. Dr."),
    )
    specialty = models.CharField(
        _("specialty"), max_length=120, blank=True, help_text=_("e.g. Dermatology")
    )
    qualifications = models.TextField(
        _("qualifications"),
        blank=True,
        help_text=_("Degrees, board certifications and memberships, one per line."),
    )
    registration_number = models.CharField(
        _("registration number"),
        max_length=60,
        blank=True,
        help_text=_("The medical licence or chamber registration number patients can verify."),
    )
    bio = models.TextField(
        _("biography"),
        blank=True,
        validators=[validate_publishable_markdown],
        help_text=_("Markdown."),
    )
    bio_html = models.TextField(editable=False, default="")
    photo = models.ImageField(
        _("photo"),
        upload_to="blog/doctors/",
        blank=True,
        width_field="photo_width",
        height_field="photo_height",
    )
    photo_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    photo_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    photo_alt = models.CharField(
        _("photo description"),
        max_length=200,
        blank=True,
        help_text=_("Required with a photo: what it shows, for patients who cannot see it."),
    )
    photo_renditions = models.JSONField(default=dict, blank=True, editable=False)
    practising_since = models.PositiveSmallIntegerField(
        _("practising since"),
        null=True,
        blank=True,
        help_text=_("The year the doctor began practising; the team page shows the years."),
    )
    languages_spoken = models.CharField(
        _("languages spoken"),
        max_length=200,
        blank=True,
        help_text=_("Comma-separated, e.g. English, Turkish, German."),
    )
    memberships = models.TextField(
        _("memberships"),
        blank=True,
        help_text=_("Professional societies, one per line, e.g. ISHRS."),
    )
    profile_links = models.TextField(
        _("profile links"),
        blank=True,
        validators=[validate_profile_links],
        help_text=_(
            "Addresses of the doctor's profiles elsewhere (medical chamber, university, "
            "LinkedIn), one per line. Search engines use them to recognise the doctor."
        ),
    )
    is_active = models.BooleanField(
        _("active"),
        default=True,
        help_text=_(
            "Untick when the doctor no longer works at the clinic. The profile stays online "
            "for the articles that name them, marked as a former doctor."
        ),
    )

    objects = DoctorQuerySet.as_manager()

    class Meta:
        verbose_name = _("doctor")
        verbose_name_plural = _("doctors")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(photo="") | ~models.Q(photo_alt=""),
                name="blog_doctor_photo_has_alt_text",
            ),
        ]

    def __str__(self):
        return self.display_name

    def save(self, *args, **kwargs):
        # A biography per language (blog/translation.py), each rendered once, here.
        for language in settings.MODELTRANSLATION_LANGUAGES:
            bio = getattr(self, build_localized_fieldname("bio", language)) or ""
            html = render_markdown(bio).html if bio else None
            setattr(self, build_localized_fieldname("bio_html", language), html)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("blog:doctor", kwargs={"slug": self.slug})

    def clean(self):
        errors = {}
        if self.photo and not self.photo_alt.strip():
            errors["photo_alt"] = _("Describe the photo for patients who cannot see it.")
        if self.practising_since and not (
            1940 <= self.practising_since <= timezone.localdate().year
        ):
            errors["practising_since"] = _("Enter the year the doctor began practising.")
        if errors:
            raise ValidationError(errors)

    @property
    def display_name(self):
        return f"{self.title} {self.name}".strip()

    @property
    def qualification_list(self):
        return text_lines(self.qualifications)

    @property
    def membership_list(self):
        return text_lines(self.memberships)

    @property
    def language_list(self):
        return comma_list(self.languages_spoken)

    @property
    def years_of_practice(self):
        """Whole years since ``practising_since``; None when the year is not known."""
        if not self.practising_since:
            return None
        return max(timezone.localdate().year - self.practising_since, 0)

    @property
    def same_as(self):
        return text_lines(self.profile_links)


class Category(SitemapInvalidatingModel):
    name = models.CharField(_("name"), max_length=80, unique=True)
    slug = models.SlugField(
        _("slug"), max_length=100, unique=True, help_text=_("The address: /blog/category/…/")
    )
    description = models.TextField(
        _("description"),
        blank=True,
        help_text=_("One or two sentences shown on the category page and to search engines."),
    )

    class Meta:
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("blog:category", kwargs={"slug": self.slug})


# What patients read: a change to one of these after publication is an update worth telling
# them about. Saving the review date, the category or the publication time is not.
ARTICLE_CONTENT_FIELDS = ("title", "summary", "body", "hero_image", "hero_image_alt")


class ArticleState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SCHEDULED = "scheduled", _("Scheduled")
    PUBLISHED = "published", _("Published")


class ArticleQuerySet(SitemapInvalidatingQuerySet):
    def published(self):
        return self.filter(published_at__lte=timezone.now())

    def drafts(self):
        return self.filter(published_at__isnull=True)

    def scheduled(self):
        return self.filter(published_at__gt=timezone.now())

    def in_language(self, language=None):
        """Articles written in ``language``, by default the language of the page being served."""
        return self.filter(language=language or current_language())

    def originals(self):
        return self.filter(translation_of__isnull=True)

    def for_cards(self):
        """
        What a list of article cards shows, in the same query, without the long texts: the
        article's own, and its author's biography in every language.
        """
        biography = translated_columns(Doctor, "bio", "bio_html", relation="author")
        return self.select_related("author", "category").defer(
            "body", "body_html", "body_text", "toc", *biography
        )


class Article(SitemapInvalidatingModel):
    title = models.CharField(pgettext_lazy("an article's", "title"), max_length=200)
    slug = models.SlugField(
        _("slug"),
        max_length=200,
        validators=[validate_article_slug],
        help_text=_(
            "The article's address: /blog/…/, unique in its language (a German article has a "
            "German slug). Changing it breaks links to the article."
        ),
    )
    language = LanguageField(
        _("language"),
        db_index=True,
        help_text=_(
            "The language the article is written in: it is listed on that language's pages."
        ),
    )
    translation_of = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="translations",
        verbose_name=_("translation of"),
        help_text=_(
            "Empty for an original. For a translation: the original article, so patients can "
            "switch between the versions. At most one translation per language."
        ),
    )
    seo_title = models.CharField(
        _("title for search engines"),
        max_length=70,
        blank=True,
        help_text=_(
            "Optional. Shown in the browser tab and in search results instead of the title."
        ),
    )
    summary = models.CharField(
        _("summary"),
        max_length=SUMMARY_MAX_LENGTH,
        help_text=_(
            "One or two sentences, at most 160 characters: shown on article cards and in "
            "search results."
        ),
    )
    body = models.TextField(_("body"), validators=[validate_publishable_markdown])
    body_html = models.TextField(editable=False, default="")
    body_text = models.TextField(editable=False, default="")
    toc = models.JSONField(_("table of contents"), editable=False, default=list)
    reading_time = models.PositiveSmallIntegerField(
        _("reading time (minutes)"), editable=False, default=0
    )
    hero_image = models.ImageField(
        _("hero image"),
        upload_to="blog/heroes/%Y/",
        blank=True,
        width_field="hero_image_width",
        height_field="hero_image_height",
        help_text=_(
            "Wide picture, ideally 1200 × 630 pixels: shown above the article and when shared."
        ),
    )
    hero_image_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    hero_image_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    hero_image_alt = models.CharField(
        _("hero image description"),
        max_length=200,
        blank=True,
        help_text=_("Required with an image: what it shows, for patients who cannot see it."),
    )
    hero_image_renditions = models.JSONField(default=dict, blank=True, editable=False)
    author = models.ForeignKey(
        Doctor,
        on_delete=models.PROTECT,
        related_name="articles",
        verbose_name=_("author"),
    )
    reviewed_by = models.ForeignKey(
        Doctor,
        on_delete=models.PROTECT,
        related_name="reviewed_articles",
        null=True,
        blank=True,
        verbose_name=_("medically reviewed by"),
        help_text=_("The doctor who checked the article's medical content."),
    )
    last_reviewed = models.DateField(
        _("last reviewed"),
        null=True,
        blank=True,
        validators=[validate_not_in_future],
        help_text=_("The day of the last medical review. Required with a reviewer."),
    )
    category = models.ForeignKey(
        Category,
        on_delete=models.PROTECT,
        related_name="articles",
        verbose_name=_("category"),
    )
    related = models.ManyToManyField(
        "self",
        symmetrical=False,
        blank=True,
        related_name="+",
        verbose_name=_("related articles"),
        help_text=_("Hand-picked. Leave empty to show the latest articles in the same category."),
    )
    published_at = models.DateTimeField(
        _("publication time"),
        null=True,
        blank=True,
        db_index=True,
        help_text=_(
            "Empty: a draft nobody outside the team sees. In the future: scheduled, the article "
            "appears by itself at that time."
        ),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    content_modified_at = models.DateTimeField(
        _("content last changed"),
        null=True,
        blank=True,
        editable=False,
        help_text=_(
            "When the title, summary, body or image last changed (empty: never since the "
            "article was written). A change after publication shows as “Updated” on the page."
        ),
    )

    objects = ArticleQuerySet.as_manager()

    class Meta:
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        ordering = ["-published_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["slug", "language"], name="blog_article_slug_unique_per_language"
            ),
            # With the check in clean() for the original's own language: one article per
            # language in a translation group.
            models.UniqueConstraint(
                fields=["translation_of", "language"],
                name="blog_article_one_translation_per_language",
            ),
            models.CheckConstraint(
                condition=~models.Q(translation_of=models.F("pk")),
                name="blog_article_not_a_translation_of_itself",
            ),
            models.CheckConstraint(
                condition=models.Q(hero_image="") | ~models.Q(hero_image_alt=""),
                name="blog_article_hero_image_has_alt_text",
            ),
            models.CheckConstraint(
                condition=models.Q(reviewed_by__isnull=True, last_reviewed__isnull=True)
                | models.Q(reviewed_by__isnull=False, last_reviewed__isnull=False),
                name="blog_article_review_has_reviewer_and_date",
            ),
            models.CheckConstraint(
                condition=models.lookups.LessThanOrEqual(Length("summary"), SUMMARY_MAX_LENGTH),
                name="blog_article_summary_fits_a_meta_description",
            ),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self._normalize_translation_of()
        rendered = render_markdown(self.body)
        self.body_html = rendered.html
        self.body_text = rendered.text
        self.toc = rendered.toc
        self.reading_time = rendered.reading_time
        update_fields = kwargs.get("update_fields")
        content_changed = self._content_changed(update_fields)
        if content_changed:
            self.content_modified_at = timezone.now()
        if update_fields is not None:
            update_fields = set(update_fields)
            if "body" in update_fields:
                update_fields |= {"body_html", "body_text", "toc", "reading_time"}
            if content_changed:
                update_fields.add("content_modified_at")
            kwargs["update_fields"] = update_fields
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        # The article's address in its own language, whatever the language of the page.
        with translation.override(self.language):
            return reverse("blog:article", kwargs={"slug": self.slug})

    def clean(self):
        errors = {}
        self._normalize_translation_of()
        if self.translation_of_id:
            errors.update(self._translation_errors())
        if self.hero_image and not self.hero_image_alt.strip():
            errors["hero_image_alt"] = _("Describe the image for patients who cannot see it.")
        if self.reviewed_by_id and not self.last_reviewed:
            errors["last_reviewed"] = _("Give the date of the medical review.")
        if self.last_reviewed and not self.reviewed_by_id:
            errors["reviewed_by"] = _("Name the doctor who reviewed the article.")
        if errors:
            raise ValidationError(errors)

    def _normalize_translation_of(self):
        """A translation of a translation is a translation of the original: one group, flat."""
        original = self.translation_of
        if original is not None and original.translation_of_id:
            self.translation_of_id = original.translation_of_id

    def _translation_errors(self):
        original = self.translation_of
        if self.pk and original.pk == self.pk:
            return {"translation_of": _("An article cannot be a translation of itself.")}
        if self.pk and type(self)._base_manager.filter(translation_of=self.pk).exists():
            return {
                "translation_of": _("This article has translations of its own: it is an original.")
            }
        taken = (
            type(self)
            ._base_manager.filter(
                models.Q(pk=original.pk) | models.Q(translation_of=original.pk),
                language=self.language,
            )
            .exclude(pk=self.pk)
            .first()
        )
        if taken is not None:
            return {
                "language": _("“%(title)s” is already the %(language)s version of this article.")
                % {"title": taken.title, "language": language_name(self.language)}
            }
        return {}

    def _content_changed(self, update_fields=None):
        """
        Whether this save changes what patients read, compared with the stored row (one query,
        on saves only). A new article is as first written: that is no change.
        """
        if self._state.adding or self.pk is None:
            return False
        fields = [
            name
            for name in ARTICLE_CONTENT_FIELDS
            if update_fields is None or name in update_fields
        ]
        if not fields:
            return False
        stored = type(self)._base_manager.filter(pk=self.pk).values(*fields).first()
        if stored is None:
            return False
        return any(self._content_value(name) != stored[name] for name in fields)

    def _content_value(self, name):
        value = getattr(self, name)
        if name == "hero_image":
            return value.name or ""  # as .values() returns a file field: its stored name
        return value

    # --- State -----------------------------------------------------------------------------

    @property
    def state(self):
        if self.published_at is None:
            return ArticleState.DRAFT
        if self.published_at > timezone.now():
            return ArticleState.SCHEDULED
        return ArticleState.PUBLISHED

    @property
    def is_published(self):
        return self.state == ArticleState.PUBLISHED

    # --- Translations ----------------------------------------------------------------------

    @property
    def original(self):
        return self.translation_of if self.translation_of_id else self

    def translation_group(self):
        """The original and its translations, the original first (one query)."""
        original_id = self.translation_of_id or self.pk
        return list(
            type(self)
            .objects.filter(models.Q(pk=original_id) | models.Q(translation_of=original_id))
            .order_by(models.F("translation_of").asc(nulls_first=True), "language")
        )

    # --- Presentation ----------------------------------------------------------------------

    @property
    def page_title(self):
        return self.seo_title or self.title

    @property
    def was_updated(self):
        """
        The content changed on a later day than the article was published: worth telling the
        reader. ``updated_at`` is no guide: it changes on every save, publishing included.
        """
        if not self.published_at or not self.content_modified_at:
            return False
        return timezone.localdate(self.content_modified_at) > timezone.localdate(self.published_at)

    @property
    def is_reviewed(self):
        return bool(self.reviewed_by_id and self.last_reviewed)

    @property
    def modified_at(self):
        """
        When patients last saw the article change: its publication, or a later change to its
        content (structured data, Open Graph, feed and sitemap use it).
        """
        moments = [moment for moment in (self.published_at, self.content_modified_at) if moment]
        return max(moments) if moments else self.created_at
