"""
The daily clean-up (``manage.py purge_expired``): each kind of record we keep only for a while
goes after its period (settings, in days, or hours for assessment photos of requests never
sent; the README's "Retention" lists them). Each step is
the app's own routine; this module only runs them in turn.
"""

from dataclasses import dataclass
from datetime import timedelta

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.utils import timezone

from clinic.services import purge_withdrawn_results, review_emails_erase
from clinic_site.erasure import session_engine
from leads.services.retention import (
    leads_anonymize,
    orphan_photo_files_purge,
    unsent_photos_purge,
)
from newsletter.services.retention import import_uploads_purge, unconfirmed_signups_purge


@dataclass(frozen=True)
class Purged:
    what: str
    count: int
    days: int | None = None
    hours: int | None = None


def login_records_purge(*, older_than_days: int) -> int:
    """django-axes' records of sign-ins and failed ones: a full IP address and browser each."""
    cutoff = timezone.now() - timedelta(days=older_than_days)
    return sum(
        model.objects.filter(attempt_time__lt=cutoff).delete()[0]
        for model in (AccessAttempt, AccessLog, AccessFailureLog)
    )


def expired_sessions_purge() -> int:
    """What ``manage.py clearsessions`` does, counted (database sessions only)."""
    session_store, session_model = session_engine()
    if session_model is None:  # cache or cookie sessions expire on their own
        session_store.clear_expired()
        return 0
    return session_model.objects.filter(expire_date__lt=timezone.now()).delete()[0]


def purge_expired() -> list[Purged]:
    days = settings.LEADS_RETENTION_DAYS
    leads = leads_anonymize(older_than_days=days).count
    return [
        Purged("call-back request(s) and assessment(s) anonymized", leads, days),
        Purged(
            "assessment photo(s) of requests never sent deleted",
            unsent_photos_purge(older_than_hours=settings.ASSESSMENT_UNSENT_PHOTO_HOURS),
            hours=settings.ASSESSMENT_UNSENT_PHOTO_HOURS,
        ),
        Purged(
            "assessment photo file(s) left behind deleted",
            orphan_photo_files_purge(older_than_hours=settings.ASSESSMENT_UNSENT_PHOTO_HOURS),
            hours=settings.ASSESSMENT_UNSENT_PHOTO_HOURS,
        ),
        Purged(
            "unconfirmed newsletter sign-up(s) removed",
            unconfirmed_signups_purge(older_than_days=settings.NEWSLETTER_UNCONFIRMED_DAYS),
            settings.NEWSLETTER_UNCONFIRMED_DAYS,
        ),
        Purged(
            "subscriber upload(s) never imported removed",
            import_uploads_purge(older_than_days=settings.NEWSLETTER_UPLOAD_DAYS),
            settings.NEWSLETTER_UPLOAD_DAYS,
        ),
        Purged(
            "login record(s) removed",
            login_records_purge(older_than_days=settings.LOGIN_RECORDS_DAYS),
            settings.LOGIN_RECORDS_DAYS,
        ),
        Purged("expired session(s) removed", expired_sessions_purge()),
        Purged("result(s) whose consent was withdrawn: photos deleted", purge_withdrawn_results()),
        Purged(
            "review email address(es) erased",
            review_emails_erase(older_than_days=settings.REVIEWS_EMAIL_RETENTION_DAYS),
            settings.REVIEWS_EMAIL_RETENTION_DAYS,
        ),
    ]
