from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.functional import lazy
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST
from modeltranslation.admin import TranslationAdmin

from blog import services
from blog.models import Article, ArticleState, Category, Doctor
from clinic_site.admin import HTTPS_URL_FIELDS

MARKDOWN_HELP = _(
    "Markdown. Start each section with a question as a heading: “## How long does recovery "
    "take?” (“###” for a sub-section); headings make the table of contents. "
    "**bold**, *italic*, “- ” for a bullet list, “1. ” for a numbered list, "
    "[link text](https://…), “> ” for a quotation. Images come from this site, with a "
    "description: ![What the picture shows](/media/…). Scripts, embedded frames and links "
    "other than http, https, mailto and tel are not published: saving such a text is refused."
)


class StateFilter(admin.SimpleListFilter):
    title = _("state")
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return ArticleState.choices

    def queryset(self, request, queryset):
        match self.value():
            case ArticleState.DRAFT:
                return queryset.drafts()
            case ArticleState.SCHEDULED:
                return queryset.scheduled()
            case ArticleState.PUBLISHED:
                return queryset.published()
        return queryset


class LanguageFilter(admin.SimpleListFilter):
    title = _("language")
    parameter_name = "language"

    def lookups(self, request, model_admin):
        return settings.LANGUAGES

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(language=self.value())
        return queryset


def translate_into_action(code, name):
    """The list action "Translate into <language>" for one of the site's languages."""

    def action(modeladmin, request, queryset):
        modeladmin.translate_selected(request, queryset, code)

    action.__name__ = f"translate_into_{code}"
    # Lazy: the list is built once, and read in each staff member's language.
    description = lazy(lambda: gettext("Translate into %(language)s") % {"language": name}, str)()
    return admin.action(description=description, permissions=["add"])(action)


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = [
        "title",
        "language",
        "translations_display",
        "author",
        "category",
        "state_display",
        "published_at",
        "open_link",
    ]
    list_filter = [StateFilter, LanguageFilter, "category", "author", "reviewed_by"]
    list_select_related = ["author", "category"]
    search_fields = ["title", "summary", "body", "slug"]
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["author", "reviewed_by", "related", "translation_of"]
    readonly_fields = ["reading_time", "created_at", "content_modified_at", "updated_at"]
    actions = ["publish_now", "unpublish"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "summary", "body"]}),
        (_("Language"), {"fields": ["language", "translation_of"]}),
        (_("People and review"), {"fields": ["author", "reviewed_by", "last_reviewed"]}),
        (_("Publication"), {"fields": ["category", "published_at", "related"]}),
        (_("Image"), {"fields": ["hero_image", "hero_image_alt"]}),
        (_("Search engines"), {"fields": ["seo_title"], "classes": ["collapse"]}),
        (
            _("Information"),
            {"fields": ["reading_time", "created_at", "content_modified_at", "updated_at"]},
        ),
    ]

    change_form_template = "admin/blog/article/change_form.html"

    def get_queryset(self, request):
        # The list's translations column: every row's group in one more query.
        return (
            super()
            .get_queryset(request)
            .select_related("translation_of")
            .prefetch_related(
                Prefetch(
                    "translations",
                    queryset=Article.objects.only("pk", "title", "language", "translation_of"),
                )
            )
        )

    def get_urls(self):
        translate = self.admin_site.admin_view(require_POST(self.translate_view))
        return [
            path(
                "<path:object_id>/translate/<str:language>/",
                translate,
                name="blog_article_translate",
            ),
            *super().get_urls(),
        ]

    def get_actions(self, request):
        actions = super().get_actions(request)
        if self.has_add_permission(request):
            for code, name in settings.LANGUAGES:
                action = translate_into_action(code, name)
                actions[action.__name__] = (action, action.__name__, action.short_description)
        return actions

    def translate_view(self, request, object_id, language):
        if not (self.has_add_permission(request) and self.has_view_permission(request)):
            raise PermissionDenied
        if language not in dict(settings.LANGUAGES):
            raise Http404
        article = get_object_or_404(Article, pk=object_id)
        version, created = services.article_translation_start(article=article, language=language)
        name = dict(settings.LANGUAGES)[language]
        if created:
            self.message_user(
                request,
                gettext(
                    "The %(language)s version is a draft copy of the original: translate the "
                    "title, summary, slug and body, then publish it."
                )
                % {"language": name},
                messages.SUCCESS,
            )
        else:
            self.message_user(
                request,
                gettext("This article already has its %(language)s version.") % {"language": name},
                messages.INFO,
            )
        return redirect("admin:blog_article_change", version.pk)

    def translate_selected(self, request, queryset, language):
        created = 0
        for article in queryset.select_related("translation_of"):
            _version, new = services.article_translation_start(article=article, language=language)
            created += new
        name = dict(settings.LANGUAGES)[language]
        self.message_user(
            request,
            ngettext(
                "%(count)d %(language)s translation started, as a draft.",
                "%(count)d %(language)s translations started, as drafts.",
                created,
            )
            % {"count": created, "language": name},
            messages.SUCCESS,
        )

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = extra_context or {}
        article = self.get_object(request, object_id)
        if article is not None and self.has_add_permission(request):
            existing = {version.language for version in article.translation_group()}
            extra_context["missing_translations"] = [
                {
                    "name": name,
                    "url": reverse("admin:blog_article_translate", args=[article.pk, code]),
                }
                for code, name in settings.LANGUAGES
                if code not in existing
            ]
        return super().change_view(request, object_id, form_url, extra_context)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        if "body" in form.base_fields:
            form.base_fields["body"].help_text = MARKDOWN_HELP
        # Editors see the whole title and the whole summary while they write them.
        for name, widget in (
            ("title", forms.TextInput(attrs={"class": "vLargeTextField"})),
            ("summary", forms.Textarea(attrs={"class": "vLargeTextField", "rows": 3})),
        ):
            if name in form.base_fields:
                attrs = {**form.base_fields[name].widget.attrs, **widget.attrs}
                widget.attrs = attrs
                form.base_fields[name].widget = widget
        return form

    @admin.display(description=_("translations"))
    def translations_display(self, obj):
        if obj.translation_of_id:
            return format_html("{} “{}”", gettext("translation of"), obj.translation_of.title)
        versions = {obj.language: obj} | {t.language: t for t in obj.translations.all()}
        existing = format_html_join(
            " ",
            '<a href="{}" title="{}">{}</a>',
            (
                (
                    reverse("admin:blog_article_change", args=[version.pk]),
                    version.title,
                    code.upper(),
                )
                for code, version in versions.items()
                if code != obj.language
            ),
        )
        missing = [code.upper() for code, _name in settings.LANGUAGES if code not in versions]
        if not missing:
            return existing
        return format_html("{} {} {}", existing, gettext("missing:"), ", ".join(missing))

    @admin.display(description=_("state"))
    def state_display(self, obj):
        return obj.state.label

    @admin.display(description=_("page"))
    def open_link(self, obj):
        label = _("View") if obj.is_published else _("Preview")
        return format_html('<a href="{}">{}</a>', obj.get_absolute_url(), label)

    @admin.action(description=_("Publish now"), permissions=["change"])
    def publish_now(self, request, queryset):
        count = services.articles_publish_now(queryset=queryset)
        self.message_user(
            request,
            ngettext("%d article published.", "%d articles published.", count) % count,
            messages.SUCCESS,
        )

    @admin.action(description=_("Unpublish (back to draft)"), permissions=["change"])
    def unpublish(self, request, queryset):
        count = services.articles_unpublish(queryset=queryset)
        self.message_user(
            request,
            ngettext("%d article unpublished.", "%d articles unpublished.", count) % count,
            messages.SUCCESS,
        )


@admin.register(Doctor)
class DoctorAdmin(TranslationAdmin):
    list_display = ["display_name", "specialty", "is_active", "article_count"]
    list_filter = ["is_active", "specialty"]
    search_fields = ["name", "title", "specialty", "registration_number"]
    prepopulated_fields = {"slug": ["name"]}
    formfield_overrides = HTTPS_URL_FIELDS
    fieldsets = [
        (None, {"fields": ["title", "name", "slug", "specialty", "is_active"]}),
        (
            _("Credentials"),
            {"fields": ["qualifications", "registration_number", "profile_links"]},
        ),
        (_("Profile"), {"fields": ["bio", "photo", "photo_alt"]}),
        (
            _("On the team page"),
            {"fields": ["practising_since", "languages_spoken", "memberships"]},
        ),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_article_count=Count("articles"))

    @admin.display(description=_("articles"), ordering="_article_count")
    def article_count(self, obj):
        return obj._article_count


@admin.register(Category)
class CategoryAdmin(TranslationAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
