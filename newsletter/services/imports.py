"""
Importing subscribers from a CSV file: the one path for the admin upload and for
``manage.py import_subscribers``. First a preview that changes nothing, then the import itself,
a chunk per transaction with its progress recorded after each chunk.

The rules: an import never resubscribes an unsubscribed, forgotten, bounced or complained
address, and every consent it adds records how it was obtained. No email address is logged or
stored in a problem report.
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from clinic_site.text import strip_control_characters
from newsletter import tasks
from newsletter.csvfiles import CSVFileError, CSVRow, decode, read_rows, without_address
from newsletter.models import ConsentEvent, Subscriber, SubscriberImport, Tag, email_hash

logger = logging.getLogger(__name__)

IMPORT_CHUNK_SIZE = 500
MAX_RECORDED_PROBLEMS = 200

Status = Subscriber.Status
Kind = ConsentEvent.Kind

NEW, UPDATED, UNSUBSCRIBED, FORGOTTEN, UNDELIVERABLE, DUPLICATE, INVALID = (
    "new",
    "updated",
    "unsubscribed",
    "forgotten",
    "undeliverable",
    "duplicate",
    "invalid",
)
COUNT_FIELDS = {
    NEW: "new_count",
    UPDATED: "updated_count",
    UNSUBSCRIBED: "unsubscribed_count",
    FORGOTTEN: "forgotten_count",
    UNDELIVERABLE: "undeliverable_count",
    DUPLICATE: "duplicate_count",
    INVALID: "invalid_count",
}


@dataclass
class _Classified:
    row: CSVRow
    outcome: str
    subscriber: Subscriber | None = None


def _classify(rows: list[CSVRow], existing: dict, seen: set) -> list[_Classified]:
    """What importing each row would do. An import never brings back whoever left."""
    result = []
    for row in rows:
        if row.error:
            result.append(_Classified(row, INVALID))
            continue
        digest = email_hash(row.email)
        if digest in seen:
            result.append(_Classified(row, DUPLICATE))
            continue
        seen.add(digest)
        subscriber = existing.get(digest)
        if subscriber is None:
            result.append(_Classified(row, NEW))
        elif subscriber.status == Status.FORGOTTEN:
            result.append(_Classified(row, FORGOTTEN, subscriber))
        elif subscriber.status == Status.UNSUBSCRIBED:
            result.append(_Classified(row, UNSUBSCRIBED, subscriber))
        elif subscriber.status in {Status.BOUNCED, Status.COMPLAINED}:
            # The provider said the address cannot, or must not, be mailed: a list from
            # elsewhere does not know better.
            result.append(_Classified(row, UNDELIVERABLE, subscriber))
        else:
            result.append(_Classified(row, UPDATED, subscriber))
    return result


def _existing(rows: list[CSVRow], *, lock: bool = False) -> dict:
    hashes = [email_hash(row.email) for row in rows if not row.error]
    queryset = Subscriber.objects.filter(email_hash__in=hashes)
    if lock:
        queryset = queryset.select_for_update()
    return {subscriber.email_hash: subscriber for subscriber in queryset}


def _chunks(rows: list, size: int):
    for start in range(0, len(rows), size):
        yield rows[start : start + size]


def default_consent_source(filename: str) -> str:
    return f"{filename} ({timezone.localdate().isoformat()})"


def subscriber_import_create(
    *, filename: str, data: bytes, consent_source: str = "", created_by=None
) -> SubscriberImport:
    """
    Read an uploaded CSV and count what importing it would do, changing no subscriber.
    Raises ``CSVFileError`` for a file that cannot be read at all.
    """
    text = decode(data)
    rows = read_rows(text)
    counts = dict.fromkeys(COUNT_FIELDS, 0)
    problems = []
    seen: set = set()
    for chunk in _chunks(rows, IMPORT_CHUNK_SIZE):
        for item in _classify(chunk, _existing(chunk), seen):
            counts[item.outcome] += 1
            if item.outcome == INVALID and len(problems) < MAX_RECORDED_PROBLEMS:
                problems.append({"line": item.row.line, "reason": item.row.error})
    filename = strip_control_characters(filename).strip()
    consent_source = strip_control_characters(consent_source).strip()
    return SubscriberImport.objects.create(
        filename=filename[:255],
        content=text,
        consent_source=(consent_source or default_consent_source(filename))[:300],
        created_by=created_by,
        total_rows=len(rows),
        problems=problems,
        **{COUNT_FIELDS[outcome]: count for outcome, count in counts.items()},
    )


def subscriber_import_start(*, subscriber_import: SubscriberImport) -> None:
    """Queue a previewed import for the background worker."""
    updated = SubscriberImport.objects.filter(
        pk=subscriber_import.pk, status=SubscriberImport.Status.PREVIEW
    ).update(status=SubscriberImport.Status.QUEUED)
    if updated:
        import_id = subscriber_import.pk
        transaction.on_commit(lambda: tasks.run_subscriber_import.enqueue(import_id))
    subscriber_import.refresh_from_db()


def subscriber_import_cancel(*, subscriber_import: SubscriberImport) -> None:
    """Drop a previewed import and the addresses it holds."""
    SubscriberImport.objects.filter(
        pk=subscriber_import.pk, status=SubscriberImport.Status.PREVIEW
    ).update(status=SubscriberImport.Status.CANCELLED, content="")
    subscriber_import.refresh_from_db()


def subscriber_import_previews_scrub(*, email: str) -> None:
    """
    Take an address out of the uploads that have not run yet (an erasure request): its rows
    would be skipped anyway, but the file's text must not keep it until then.
    """
    waiting = SubscriberImport.objects.filter(
        status__in=[SubscriberImport.Status.PREVIEW, SubscriberImport.Status.QUEUED],
        content__icontains=email,
    )
    for subscriber_import in waiting:
        waiting.filter(pk=subscriber_import.pk).update(
            content=without_address(subscriber_import.content, email)
        )


def _import_chunk(chunk, *, subscriber_import, tags, seen) -> dict:
    now = timezone.now()
    counts = dict.fromkeys(COUNT_FIELDS, 0)
    classified = _classify(chunk, _existing(chunk, lock=True), seen)
    new_items = [item for item in classified if item.outcome == NEW]
    created = Subscriber.objects.bulk_create(
        [
            Subscriber(
                email=item.row.email,
                email_hash=email_hash(item.row.email),
                first_name=item.row.first_name,
                language=item.row.language or settings.LANGUAGE_CODE,
                status=Status.SUBSCRIBED,
                source=Subscriber.Source.IMPORT,
                created_at=now,
                confirmed_at=item.row.consent_date or now,
            )
            for item in new_items
        ]
    )
    for item, subscriber in zip(new_items, created, strict=True):
        item.subscriber = subscriber
    events = []
    links = []
    for item in classified:
        counts[item.outcome] += 1
        subscriber, row = item.subscriber, item.row
        if item.outcome not in {NEW, UPDATED}:
            continue
        imported_consent = item.outcome == NEW or subscriber.status == Status.PENDING
        if item.outcome == UPDATED:
            changed = []
            if row.first_name and row.first_name != subscriber.first_name:
                subscriber.first_name = row.first_name
                changed.append("first_name")
            if row.language and row.language != subscriber.language:
                subscriber.language = row.language
                changed.append("language")
            if subscriber.status == Status.PENDING:
                subscriber.status = Status.SUBSCRIBED
                subscriber.confirmed_at = row.consent_date or now
                changed += ["status", "confirmed_at"]
            if changed:
                subscriber.save(update_fields=changed)
        if imported_consent:
            events.append(
                ConsentEvent(
                    subscriber=subscriber,
                    kind=Kind.IMPORTED,
                    source=(row.consent_source or subscriber_import.consent_source)[:300],
                    consented_at=row.consent_date,
                    created_at=now,
                )
            )
        for name in row.tags:
            key = name.lower()
            if key not in tags:
                tags[key] = Tag.for_names([name])[0]
            links.append(Subscriber.tags.through(subscriber_id=subscriber.pk, tag_id=tags[key].pk))
    ConsentEvent.objects.bulk_create(events)
    Subscriber.tags.through.objects.bulk_create(links, ignore_conflicts=True)
    return counts


def subscriber_import_run(
    *,
    subscriber_import: SubscriberImport,
    progress: Callable[[int, int], None] | None = None,
    chunk_size: int = IMPORT_CHUNK_SIZE,
) -> SubscriberImport:
    """
    Import the rows, a chunk per transaction, recording progress after each chunk so the admin
    page (and the command) can show it. Never resubscribes an unsubscribed, forgotten, bounced
    or complained address; every imported consent records how it was obtained. Safe to run
    again: rows already imported count as updated.
    """
    SubscriberImport.objects.filter(pk=subscriber_import.pk).update(
        status=SubscriberImport.Status.RUNNING, started_at=timezone.now()
    )
    subscriber_import.refresh_from_db()
    try:
        rows = read_rows(subscriber_import.content)
    except CSVFileError as error:
        rows, subscriber_import.error = [], str(error)
    counts = dict.fromkeys(COUNT_FIELDS, 0)
    problems = [{"line": row.line, "reason": row.error} for row in rows if row.error][
        :MAX_RECORDED_PROBLEMS
    ]
    seen: set = set()
    tags: dict = {}
    processed = 0
    try:
        for chunk in _chunks(rows, chunk_size):
            seen_before = set(seen)
            try:
                with transaction.atomic():
                    chunk_counts = _import_chunk(
                        chunk, subscriber_import=subscriber_import, tags=tags, seen=seen
                    )
            except IntegrityError:
                # Someone subscribed on the website meanwhile: look again and retry once.
                seen.clear()
                seen.update(seen_before)
                with transaction.atomic():
                    chunk_counts = _import_chunk(
                        chunk, subscriber_import=subscriber_import, tags=tags, seen=seen
                    )
            for outcome, count in chunk_counts.items():
                counts[outcome] += count
            processed += len(chunk)
            SubscriberImport.objects.filter(pk=subscriber_import.pk).update(
                processed_rows=processed,
                **{COUNT_FIELDS[outcome]: count for outcome, count in counts.items()},
            )
            if progress:
                progress(processed, len(rows))
    except Exception as error:  # noqa: BLE001 - recorded for the person watching the import
        logger.error(
            "newsletter import failed import=%s error=%s",
            subscriber_import.pk,
            type(error).__name__,
        )
        SubscriberImport.objects.filter(pk=subscriber_import.pk).update(
            status=SubscriberImport.Status.FAILED,
            finished_at=timezone.now(),
            error=type(error).__name__,
            content="",
        )
        subscriber_import.refresh_from_db()
        return subscriber_import
    SubscriberImport.objects.filter(pk=subscriber_import.pk).update(
        status=SubscriberImport.Status.FAILED
        if subscriber_import.error
        else SubscriberImport.Status.DONE,
        finished_at=timezone.now(),
        total_rows=len(rows),
        processed_rows=processed,
        problems=problems,
        error=subscriber_import.error,
        content="",  # the addresses are in the subscriber list now; no second copy
        **{COUNT_FIELDS[outcome]: count for outcome, count in counts.items()},
    )
    subscriber_import.refresh_from_db()
    logger.info(
        "newsletter import done import=%s new=%s updated=%s",
        subscriber_import.pk,
        counts[NEW],
        counts[UPDATED],
    )
    return subscriber_import
