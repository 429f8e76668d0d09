"""
Public blog pages. Each one runs a fixed, small number of queries however many articles,
doctors and categories exist (pinned in tests/test_blog_queries.py).
"""

from datetime import timedelta

from django.conf import settings
from django.contrib.sitemaps.views import sitemap
from django.core.cache import cache
from django.core.paginator import Paginator
from django.db.models import Exists, Min, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_safe
from django.views.generic import DetailView, ListView, TemplateView

from blog import schema
from blog.languages import current_language
from blog.models import Article, Category, Doctor
from blog.search import excerpt_for, normalize_query, search_articles
from blog.sitemaps.cache import SITEMAP_CACHE_SECONDS, sitemap_cache_key
from blog.sitemaps.sections import SITEMAPS
from clinic_site.languages import LanguageVersions, LanguageVersionsMixin
from clinic_site.models import Clinic

PAGE_SIZE = 12
RELATED_COUNT = 3


def blog_breadcrumbs(*more):
    return [(_("Home"), reverse("home")), (_("Blog"), reverse("blog:index")), *more]


def categories_in_use():
    """Categories with at least one published article in the page's language, for the links."""
    published = Article.objects.published().in_language().filter(category=OuterRef("pk"))
    return Category.objects.filter(Exists(published))


def other_languages_with_articles():
    """
    For a language with no articles yet: the site's other languages that have some, each with
    its blog index's address (one query, run only when the list is empty).
    """
    current = current_language()
    having = set(
        Article.objects.published()
        .exclude(language=current)
        .values_list("language", flat=True)
        .distinct()
        .order_by()
    )
    languages = []
    for code, _name in settings.LANGUAGES:
        if code in having:
            with translation.override(code):
                url = reverse("blog:index")
            name = translation.get_language_info(code)["name_local"]
            languages.append({"code": code, "name": name, "url": url})
    return languages


class ArticleListMixin:
    """
    What the blog index, a category page and a doctor's page share: cards, 12 a page.

    Every page of a list names the list's first address as canonical (the context processor's
    ``canonical_url``: absolute, without query string), ``?page=2`` included.
    """

    paginate_by = PAGE_SIZE

    def get_queryset(self):
        return Article.objects.published().in_language().for_cards()


class ArticleListView(ArticleListMixin, ListView):
    template_name = "blog/article_list.html"
    context_object_name = "articles"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        breadcrumbs = blog_breadcrumbs()
        context.update(
            categories=categories_in_use(),
            other_languages=[] if context["articles"] else other_languages_with_articles(),
            breadcrumbs=breadcrumbs,
            json_ld=schema.listing_schema(
                request=self.request, breadcrumbs=breadcrumbs, name=_("Blog")
            ),
        )
        return context


class CategoryView(ArticleListMixin, ListView):
    template_name = "blog/category.html"
    context_object_name = "articles"

    def get_queryset(self):
        self.category = get_object_or_404(Category, slug=self.kwargs["slug"])
        return super().get_queryset().filter(category=self.category)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        breadcrumbs = blog_breadcrumbs((self.category.name, self.category.get_absolute_url()))
        context.update(
            category=self.category,
            categories=categories_in_use(),
            breadcrumbs=breadcrumbs,
            json_ld=schema.listing_schema(
                request=self.request,
                breadcrumbs=breadcrumbs,
                name=self.category.name,
                description=self.category.description,
            ),
        )
        return context


def team_breadcrumbs(*more):
    return [(_("Home"), reverse("home")), (_("Our doctors"), reverse("blog:doctors")), *more]


class DoctorListView(ListView):
    """The team: every active doctor, with what a patient weighs before choosing a clinic."""

    template_name = "blog/doctor_list.html"
    context_object_name = "doctors"

    def get_queryset(self):
        return Doctor.objects.active().for_cards()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        breadcrumbs = team_breadcrumbs()
        context.update(
            breadcrumbs=breadcrumbs,
            json_ld=schema.team_schema(
                context["doctors"],
                request=self.request,
                clinic=Clinic.load(),
                breadcrumbs=breadcrumbs,
            ),
        )
        return context


class DoctorView(ArticleListMixin, ListView):
    """
    The doctor's profile: the treatments they perform, the articles they wrote (paginated)
    and those they reviewed, and the call-back form.
    """

    template_name = "blog/doctor.html"
    context_object_name = "articles"

    def get_queryset(self):
        self.doctor = get_object_or_404(Doctor, slug=self.kwargs["slug"])
        return super().get_queryset().filter(author=self.doctor)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        breadcrumbs = team_breadcrumbs((self.doctor.display_name, self.doctor.get_absolute_url()))
        reviewed = []
        if context["page_obj"].number == 1:
            reviewed = (
                Article.objects.published()
                .in_language()
                .for_cards()
                .filter(reviewed_by=self.doctor)
                .exclude(author=self.doctor)[:PAGE_SIZE]
            )
        context.update(
            doctor=self.doctor,
            treatments=self.doctor.treatments.active() if self.doctor.is_active else [],
            reviewed_articles=reviewed,
            breadcrumbs=breadcrumbs,
            json_ld=schema.profile_schema(
                self.doctor, request=self.request, clinic=Clinic.load(), breadcrumbs=breadcrumbs
            ),
        )
        return context


def related_articles(article, limit=RELATED_COUNT):
    """
    The editor's picks if there are any, else the latest in the same category, in the
    article's language either way: one query.
    """
    picked = Article.related.through.objects.filter(
        from_article_id=article.pk, to_article_id=OuterRef("pk")
    )
    candidates = list(
        Article.objects.published()
        .in_language(article.language)
        .for_cards()
        .exclude(pk=article.pk)
        .annotate(is_picked=Exists(picked))
        .filter(Q(is_picked=True) | Q(category_id=article.category_id))
        .order_by("-is_picked", "-published_at", "-pk")[:limit]
    )
    if candidates and candidates[0].is_picked:
        return [candidate for candidate in candidates if candidate.is_picked]
    return candidates


class ArticleDetailView(LanguageVersionsMixin, DetailView):
    """
    A published article for everyone. A draft or scheduled article only for staff who may
    change articles, at the same address, with a preview banner and never cached.

    The article is found by its slug in the page's language. Its translation group (the
    original and its translations) comes in the same query and gives the page's language
    versions: the switcher and the hreflang links lead to the published translations, and for
    a language without one, to that language's blog index.
    """

    template_name = "blog/article_detail.html"
    context_object_name = "article"

    def get_object(self, queryset=None):
        slug, language = self.kwargs["slug"], current_language()
        # Unique in its language: no order to compile, here or in the group.
        group_id = (
            Article.objects.filter(slug=slug, language=language)
            .annotate(group_id=Coalesce("translation_of", "pk"))
            .values("group_id")
            .order_by()[:1]
        )
        self.translation_group = list(
            Article.objects.select_related("author", "reviewed_by", "category")
            .filter(Q(pk=Subquery(group_id)) | Q(translation_of=Subquery(group_id)))
            .order_by()
        )
        article = next(
            (a for a in self.translation_group if a.slug == slug and a.language == language),
            None,
        )
        if article is None:
            raise Http404
        # The user (and so the session) is read only for unpublished articles.
        if not article.is_published and not self.request.user.has_perm("blog.change_article"):
            raise Http404
        return article

    def get_language_versions(self):
        article = self.object
        site_languages = dict(settings.LANGUAGES)
        shown = [
            version
            for version in self.translation_group
            if version.language in site_languages
            and (version.is_published or version.pk == article.pk)
        ]
        versions = {version.language: version.get_absolute_url() for version in shown}
        nearest = {}
        for code in site_languages:
            if code not in versions:
                with translation.override(code):
                    nearest[code] = reverse("blog:index")
        original = next((v for v in shown if not v.translation_of_id), article)
        x_default = versions.get(settings.LANGUAGE_CODE) or original.get_absolute_url()
        return LanguageVersions(versions=versions, nearest=nearest, x_default=x_default)

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        if not self.object.is_published:
            add_never_cache_headers(response)
            patch_cache_control(response, private=True)
        return response

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        article = self.object
        breadcrumbs = blog_breadcrumbs((article.title, article.get_absolute_url()))
        context.update(
            preview=not article.is_published,
            hero_image_url=(
                self.request.build_absolute_uri(article.hero_image.url)
                if article.hero_image
                else ""
            ),
            breadcrumbs=breadcrumbs,
            related_articles=related_articles(article),
            json_ld=schema.article_schema(
                article, request=self.request, clinic=Clinic.load(), breadcrumbs=breadcrumbs
            ),
        )
        return context


class SearchView(TemplateView):
    template_name = "blog/search.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = normalize_query(self.request.GET.get("q", ""))
        page_obj = None
        if query:
            language = current_language()
            results = search_articles(
                Article.objects.published()
                .in_language(language)
                .select_related("author", "category")
                .defer("body", "body_html", "toc"),
                query,
                language=language,
            )
            page_obj = Paginator(results, PAGE_SIZE).get_page(self.request.GET.get("page"))
            for article in page_obj.object_list:
                article.excerpt = excerpt_for(article, query)
        context.update(
            query=query,
            search_query_string=urlencode({"q": query}),
            page_obj=page_obj,
            articles=page_obj.object_list if page_obj else [],
            breadcrumbs=[(_("Home"), reverse("home")), (_("Search"), reverse("blog:search"))],
        )
        return context


@require_GET
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        # Patients' photos answer only staff, and carry noindex too; no crawler need try.
        "Disallow: /private/",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@require_safe
def sitemap_xml(request):
    """
    ``/sitemap.xml``, cached until an article, doctor or category changes, and never past the
    next scheduled article's publication time, so that article is listed from its first
    minute (blog/sitemaps/cache.py).
    """
    key = sitemap_cache_key(request)
    cached = cache.get(key)
    now = timezone.now()
    if cached is not None and cached[0] > now:
        return cached[1]
    # One page: the sitemap is far below the 50,000 addresses a page may hold, so no query
    # string (Django's "?p=") means anything, and none may make another copy.
    request.GET = QueryDict()
    response = sitemap(request, sitemaps=SITEMAPS).render()
    next_publication = Article.objects.scheduled().aggregate(next=Min("published_at"))["next"]
    valid_until = now + timedelta(seconds=SITEMAP_CACHE_SECONDS)
    if next_publication is not None:
        valid_until = min(valid_until, next_publication)
    cache.set(key, (valid_until, response), SITEMAP_CACHE_SECONDS)
    return response
