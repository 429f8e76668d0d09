"""
What ``/sitemap.xml`` lists, a section per kind of page: the home and blog index, the published
articles, the categories that have one, and the doctors patients can find (active, or named on a
published article). Each article's lastmod is its ``modified_at``.
"""

from django.contrib.sitemaps import Sitemap
from django.db.models import Exists, Max, OuterRef, Q
from django.urls import reverse
from django.utils import timezone

from blog.models import Article, Category, Doctor


class StaticSitemap(Sitemap):
    changefreq = "weekly"

    def items(self):
        return ["home", "blog:index"]

    def location(self, item):
        return reverse(item)

    def priority(self, item):
        return 1.0 if item == "home" else 0.8


class ArticleSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.7

    def items(self):
        # Lists, not querysets: the sitemap's paginator then needs no COUNT query.
        return list(
            Article.objects.published().only(
                "slug", "language", "published_at", "content_modified_at"
            )
        )

    def lastmod(self, item):
        return item.modified_at


class CategorySitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.5

    def items(self):
        now = timezone.now()
        # A category page changes when an article in it is published or its content edited.
        # The maxima cover the published articles only (the filter and the annotations share
        # one join), so a draft's edits never show.
        return list(
            Category.objects.filter(articles__published_at__lte=now)
            .annotate(
                last_change=Max("articles__content_modified_at"),
                last_published=Max("articles__published_at"),
            )
            .only("slug")
            .order_by("name")
        )

    def lastmod(self, item):
        return max(item.last_change or item.last_published, item.last_published)


class DoctorSitemap(Sitemap):
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


SITEMAPS = {
    "pages": StaticSitemap,
    "articles": ArticleSitemap,
    "categories": CategorySitemap,
    "doctors": DoctorSitemap,
}
