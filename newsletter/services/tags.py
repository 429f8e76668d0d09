"""
Segments: adding a tag to subscribers, or taking it off (the admin's tag actions). An import
tags the rows it reads itself, in newsletter/services/imports.py.
"""

from collections.abc import Iterable

from newsletter.models import Subscriber, Tag


def subscribers_tag(*, subscribers: Iterable[Subscriber], tag_name: str) -> int:
    """Add the tag (made if new) to every subscriber still holding data; returns how many."""
    (tag,) = Tag.for_names([tag_name]) or (None,)
    if tag is None:
        return 0
    targets = [s for s in subscribers if s.status != Subscriber.Status.FORGOTTEN]
    Subscriber.tags.through.objects.bulk_create(
        [Subscriber.tags.through(subscriber_id=s.pk, tag_id=tag.pk) for s in targets],
        ignore_conflicts=True,
    )
    return len(targets)


def subscribers_untag(*, subscribers: Iterable[Subscriber], tag_name: str) -> int:
    tag = Tag.objects.filter(name__iexact=" ".join(tag_name.split())).first()
    if tag is None:
        return 0
    deleted, _ = Subscriber.tags.through.objects.filter(
        tag=tag, subscriber__in=[s.pk for s in subscribers]
    ).delete()
    return deleted
