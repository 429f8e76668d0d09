"""Editorial actions on articles (the admin's "publish now" and "unpublish")."""

from django.db.models import Q
from django.utils import timezone

from blog.models import ArticleQuerySet


def articles_publish_now(*, queryset: ArticleQuerySet) -> int:
    """Drafts and scheduled articles go live now; published ones keep their date."""
    now = timezone.now()
    return queryset.filter(Q(published_at__isnull=True) | Q(published_at__gt=now)).update(
        published_at=now, updated_at=now
    )


def articles_unpublish(*, queryset: ArticleQuerySet) -> int:
    """Back to draft: off every public page at once, nothing deleted."""
    return queryset.filter(published_at__isnull=False).update(
        published_at=None, updated_at=timezone.now()
    )
