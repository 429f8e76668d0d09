from django import forms
from django.contrib import admin, messages
from django.db.models import Count
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

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


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ["title", "author", "category", "state_display", "published_at", "open_link"]
    list_filter = [StateFilter, "category", "author", "reviewed_by"]
    list_select_related = ["author", "category"]
    search_fields = ["title", "summary", "body", "slug"]
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["author", "reviewed_by", "related"]
    readonly_fields = ["reading_time", "created_at", "content_modified_at", "updated_at"]
    actions = ["publish_now", "unpublish"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "summary", "body"]}),
        (_("People and review"), {"fields": ["author", "reviewed_by", "last_reviewed"]}),
        (_("Publication"), {"fields": ["category", "published_at", "related"]}),
        (_("Image"), {"fields": ["hero_image", "hero_image_alt"]}),
        (_("Search engines"), {"fields": ["seo_title"], "classes": ["collapse"]}),
        (
            _("Information"),
            {"fields": ["reading_time", "created_at", "content_modified_at", "updated_at"]},
        ),
    ]

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
class DoctorAdmin(admin.ModelAdmin):
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
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_article_count=Count("articles"))

    @admin.display(description=_("articles"), ordering="_article_count")
    def article_count(self, obj):
        return obj._article_count


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
