"""
What staff and patients do with results and reviews that is more than saving a row: the purge
of a withdrawn result's photos, a patient's review sent from the site, and the moderation of
reviews (the reviewer's email address is kept only while the review waits for a decision).
"""

from datetime import date, timedelta

from django.db.models import QuerySet, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from clinic.models import ResultCase, Review, ReviewSource, Treatment
from clinic_site.erasure import admin_history_scrub
from clinic_site.images import delete_image_files, image_file_names
from clinic_site.page_cache import pages_changed

RESULT_PHOTO_FIELDS = ("before_image", "after_image")


# --- Results ---------------------------------------------------------------------------------


def purge_withdrawn_results() -> int:
    """
    The daily purge's step for results: the photos of every result whose patient withdrew
    consent are deleted (the originals and every resized version), and so are their names in
    the admin history. Returns how many results lost their photos.
    """
    cases = ResultCase.objects.filter(
        consent_withdrawn_at__isnull=False, photos_deleted_at__isnull=True
    )
    purged = 0
    for case in cases:
        deleted = []
        for field in RESULT_PHOTO_FIELDS:
            deleted += image_file_names(case, field)
            delete_image_files(case, field)
        case.photos_deleted_at = timezone.now()
        case.save()
        admin_history_scrub(
            model=ResultCase,
            object_ids=[case.pk],
            object_repr=lambda _object_id, case=case: str(case),
            personal_values=[*deleted, *(name.rsplit("/", 1)[-1] for name in deleted)],
        )
        purged += 1
    return purged


# --- Reviews ---------------------------------------------------------------------------------


def review_submit(
    *,
    first_name: str,
    last_initial: str,
    email: str,
    country: str,
    treatment: Treatment | None,
    rating: int,
    text: str,
    procedure_date: date | None,
    consent_to_publish: bool,
    language: str,
) -> Review:
    """A review sent from the site: saved unpublished, for a member of staff to read first."""
    return Review.objects.create(
        first_name=first_name,
        last_initial=last_initial,
        email=email,
        country=country,
        treatment=treatment,
        rating=rating,
        text=text,
        procedure_date=procedure_date,
        consent_to_publish=consent_to_publish,
        language=language,
        source=ReviewSource.SITE,
        published=False,
    )


def reviews_publish(*, reviews: QuerySet[Review]) -> tuple[int, int]:
    """
    Publish the reviews whose author agreed to publication; the others stay as they are.
    The email address goes once decided. Returns (published, refused for lack of consent).
    """
    refused = reviews.filter(consent_to_publish=False).count()
    published = reviews.filter(consent_to_publish=True).update(
        published=True,
        published_at=Coalesce("published_at", Value(timezone.now())),
        rejected_at=None,
        email="",
    )
    pages_changed()
    return published, refused


def reviews_reject(*, reviews: QuerySet[Review]) -> int:
    """Take the reviews off the site, or keep them off, for good; their email goes."""
    rejected = reviews.update(published=False, rejected_at=timezone.now(), email="")
    pages_changed()  # a review taken off the site
    return rejected


def review_emails_erase(*, older_than_days: int) -> int:
    """
    The daily purge's step for reviews: the email address of every review received more than
    ``older_than_days`` ago, decided or not (it is only for questions during moderation).
    """
    cutoff = timezone.now() - timedelta(days=older_than_days)
    return Review.objects.filter(created_at__lt=cutoff).exclude(email="").update(email="")
