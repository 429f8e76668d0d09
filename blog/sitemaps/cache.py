"""
The cached sitemap, and what makes it stale.

``/sitemap.xml`` is built from every published article, category and doctor, so it is cached
whole. Rather than time alone, a version number in the cache says which copy is current: any
write to an article, a doctor or a category (a save, a delete, a queryset update such as the
admin's "publish now" and "unpublish", a bulk delete) calls ``sitemap_changed()``, and the next
request builds a fresh copy. The models get this from ``SitemapInvalidatingModel`` and their
querysets from ``SitemapInvalidatingQuerySet``. The query string plays no part:
``/sitemap.xml?x=1`` is the same cached copy, so made-up query strings cannot fill the cache.

A scheduled article becomes public when its time comes, with no write at all, so nothing bumps
the version then: instead each cached copy is kept only until the next scheduled article's
publication time (and at most ``SITEMAP_CACHE_SECONDS``), so it is listed from its first
minute, like its page, the lists and the feed.
"""

import uuid

from django.core.cache import cache
from django.db import models, transaction

from clinic_site.page_cache import pages_changed, schedule_changed

SITEMAP_CACHE_SECONDS = 10 * 60
SITEMAP_VERSION_KEY = "blog:sitemap:version"


def sitemap_changed() -> None:
    """The sitemap's content may have changed: the cached copy is stale once this commits."""
    # After the commit: a copy built between the bump and the commit would still hold the
    # old rows, under the new version, for the whole cache lifetime.
    transaction.on_commit(_new_sitemap_version)
    # The same writes change the pages (bulk updates included, which send no signal), and
    # perhaps when the next scheduled article goes live.
    pages_changed()
    schedule_changed()


def _new_sitemap_version() -> None:
    cache.set(SITEMAP_VERSION_KEY, uuid.uuid4().hex, timeout=None)


def sitemap_cache_key(request) -> str:
    """The current copy's key for this site address (the sitemap's links are absolute)."""
    version = cache.get_or_set(SITEMAP_VERSION_KEY, lambda: uuid.uuid4().hex, timeout=None)
    return f"blog:sitemap:{version}:{request.scheme}://{request.get_host()}"


class SitemapInvalidatingQuerySet(models.QuerySet):
    """
    Writes that bypass ``save()`` and ``delete()`` (the admin's bulk delete, "publish now" and
    "unpublish") still tell the cached sitemap it is stale.
    """

    def update(self, **kwargs):
        changed = super().update(**kwargs)
        if changed:
            sitemap_changed()
        return changed

    def delete(self):
        deleted = super().delete()
        if deleted[0]:
            sitemap_changed()
        return deleted

    def bulk_create(self, objs, *args, **kwargs):
        created = super().bulk_create(objs, *args, **kwargs)
        if created:
            sitemap_changed()
        return created


class SitemapInvalidatingModel(models.Model):
    """A model the sitemap lists: saving or deleting one makes the cached sitemap stale."""

    objects = SitemapInvalidatingQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        sitemap_changed()

    def delete(self, *args, **kwargs):
        deleted = super().delete(*args, **kwargs)
        sitemap_changed()
        return deleted
