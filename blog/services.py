"""Editorial actions on articles: the admin's "publish now", "unpublish" and "translate"."""

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from blog.models import Article, ArticleQuerySet

# What a translation starts from: the original's words, to be translated in place, and the
# same doctor, category and picture. The medical review is not copied: the translation is
# reviewed in its own language.
TRANSLATION_COPIED_FIELDS = (
    "title",
    "seo_title",
    "summary",
    "body",
    "hero_image",
    "hero_image_renditions",
    "hero_image_alt",
    "author",
    "category",
)


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


def article_translation_start(*, article: Article, language: str) -> tuple[Article, bool]:
    """
    The ``language`` version of ``article``'s group (the article, its original or one of its
    translations): a new, unpublished copy of the original to translate, or the version that
    exists already. Returns ``(version, created)``.
    """
    original = article.original
    with transaction.atomic():
        # One translation per language even when two editors click at once: the original's row
        # is locked while the group is read and the copy saved.
        Article.objects.select_for_update().filter(pk=original.pk).first()
        existing = next(
            (version for version in original.translation_group() if version.language == language),
            None,
        )
        if existing is not None:
            return existing, False
        translation = Article(
            **{name: getattr(original, name) for name in TRANSLATION_COPIED_FIELDS},
            language=language,
            translation_of=original,
            slug=_free_slug(original.slug, language),
            published_at=None,
        )
        translation.full_clean()
        translation.save()
    return translation, True


def _free_slug(slug: str, language: str) -> str:
    """``slug`` if no article in ``language`` has it, else ``slug-2``, ``slug-3``…"""
    max_length = Article._meta.get_field("slug").max_length
    taken = set(
        Article.objects.filter(language=language, slug__startswith=slug).values_list(
            "slug", flat=True
        )
    )
    candidate, number = slug, 1
    while candidate in taken:
        number += 1
        suffix = f"-{number}"
        candidate = f"{slug[: max_length - len(suffix)]}{suffix}"
    return candidate
