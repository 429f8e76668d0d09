"""
What ``/sitemap.xml`` lists, a section per kind of page: the home and blog index, the published
articles, the categories that have one, and the doctors patients can find (active, or named on a
published article). Each article's lastmod is its ``modified_at``.

Every language version of a page is listed, once, with all its versions (itself included) and
``x-default`` as ``xhtml:link`` alternates: the same set as the page's own hreflang links
(clinic_site/languages.py). The home, blog index, category and doctor pages exist in every
language. An article exists in its own language only: it is listed once, at its address, with
the published articles of its translation group as alternates, and ``x-default`` is the group's
default-language version, else its original, else (the original unpublished) the article itself.

The clinic's pages (treatments, doctors, results, reviews, contact) and each active treatment exist
in every language, except the results gallery: it is not listed in a language whose pages may not
show before-and-after pictures (clinic/results.py).
"""

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.db.models import Exists, Max, OuterRef, Q
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation

from blog.models import Article, Category, Doctor
from clinic.models import Treatment
from clinic.results import results_shown


class LanguageVersionsSitemap(Sitemap):
    """Each page once per language version, with the others and x-default as alternates."""

    i18n = True
    alternates = True
    x_default = True


class StaticSitemap(LanguageVersionsSitemap):
    changefreq = "weekly"

    def items(self):
        return ["home", "blog:index"]

    def location(self, item):
        return reverse(item)

    def priority(self, item):
        return 1.0 if item == "home" else 0.8


class ArticleSitemap(LanguageVersionsSitemap):
    changefreq = "monthly"
    priority = 0.7

    def items(self):
        # Lists, not querysets: the sitemap's paginator then needs no COUNT query.
        site_languages = dict(settings.LANGUAGES)
        articles = [
            article
            for article in Article.objects.published().only(
                "slug", "language", "translation_of", "published_at", "content_modified_at"
            )
            if article.language in site_languages
        ]
        groups = {}
        for article in articles:
            groups.setdefault(article.translation_of_id or article.pk, {})[article.language] = (
                article
            )
        for article in articles:
            article.group = groups[article.translation_of_id or article.pk]
        return articles

    def _items(self):
        # Each article once, in its own language (not every article in every language).
        return [(article, article.language) for article in self.items()]

    def get_languages_for_item(self, item):
        return [code for code, _name in settings.LANGUAGES if code in item.group]

    def location(self, item):
        # The group's version in the language being listed: the article itself, or one of its
        # alternates.
        return item.group[translation.get_language()].get_absolute_url()

    def lastmod(self, item):
        return item.modified_at

    def _urls(self, page, protocol, domain):
        urls = super()._urls(page, protocol, domain)
        for url in urls:
            if any(link["lang_code"] == "x-default" for link in url["alternates"]):
                continue  # the default language's version, added by Django
            article = url["item"][0]
            original = next(
                (version for version in article.group.values() if not version.translation_of_id),
                article,
            )
            url["alternates"].append(
                {
                    "location": f"{protocol}://{domain}{original.get_absolute_url()}",
                    "lang_code": "x-default",
                }
            )
        return urls


class CategorySitemap(LanguageVersionsSitemap):
    changefreq = "weekly"
    priority = 0.5

    def items(self):
        now = timezone.now()
        # A category page changes when an article in it is published or its content edited:
        # each language's version when one in its language is. The maxima cover the published
        # articles only (the filter and the annotations share one join), so a draft's edits
        # never show.
        per_language = {}
        for index, (code, _name) in enumerate(settings.LANGUAGES):
            in_language = Q(articles__language=code)
            per_language[f"last_change_{index}"] = Max(
                "articles__content_modified_at", filter=in_language
            )
            per_language[f"last_published_{index}"] = Max(
                "articles__published_at", filter=in_language
            )
        categories = list(
            Category.objects.filter(articles__published_at__lte=now)
            .annotate(**per_language)
            .only("slug")
            .order_by("name")
        )
        for category in categories:
            category.lastmods = {}
            for index, (code, _name) in enumerate(settings.LANGUAGES):
                changed = getattr(category, f"last_change_{index}")
                published = getattr(category, f"last_published_{index}")
                if published is not None:
                    category.lastmods[code] = max(changed or published, published)
        return categories

    def lastmod(self, item):
        return max(item.lastmods.values(), default=None)

    def _urls(self, page, protocol, domain):
        # Django asks lastmod() for the category alone: each version's is its language's.
        urls = super()._urls(page, protocol, domain)
        for url in urls:
            category, language = url["item"]
            url["lastmod"] = category.lastmods.get(language)
        return urls


class DoctorSitemap(LanguageVersionsSitemap):
    changefreq = "monthly"
    priority = 0.5

    def items(self):
        published = Article.objects.published()
        return list(
            Doctor.objects.filter(
                Q(is_active=True)
                | Exists(published.filter(author=OuterRef("pk")))
                | Exists(published.filter(reviewed_by=OuterRef("pk")))
            ).only("slug")
        )


class ClinicPageSitemap(LanguageVersionsSitemap):
    changefreq = "weekly"
    priority = 0.8

    # The results gallery only in the languages that may show it (get_languages_for_item).
    page_names = [
        "clinic:treatments",
        "blog:doctors",
        "clinic:results",
        "clinic:reviews",
        "clinic:contact",
    ]

    def items(self):
        names = []
        for name in self.page_names:
            try:
                reverse(name)
            except NoReverseMatch:
                continue  # a page this site does not have (yet)
            names.append(name)
        return names

    def get_languages_for_item(self, item):
        languages = super().get_languages_for_item(item)
        if item == "clinic:results":
            return [code for code in languages if results_shown(code)]
        return languages

    def location(self, item):
        return reverse(item)


class TreatmentSitemap(LanguageVersionsSitemap):
    changefreq = "monthly"
    priority = 0.8

    def items(self):
        return list(Treatment.objects.active().only("slug"))


SITEMAPS = {
    "pages": StaticSitemap,
    "clinic": ClinicPageSitemap,
    "treatments": TreatmentSitemap,
    "articles": ArticleSitemap,
    "categories": CategorySitemap,
    "doctors": DoctorSitemap,
}
