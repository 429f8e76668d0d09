from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from newsletter.csvfiles import CSVFileError
from newsletter.services.imports import (
    default_consent_source,
    subscriber_import_cancel,
    subscriber_import_create,
    subscriber_import_run,
)


class Command(BaseCommand):
    help = (
        "Import newsletter subscribers from a CSV file with an 'email' column (and optionally "
        "first_name, language, tags, consent_date, consent_source). Never resubscribes an "
        "unsubscribed or forgotten address; records how each imported consent was obtained."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="the CSV file, e.g. subscribers.csv")
        parser.add_argument(
            "--consent-source",
            default="",
            help="how consent was obtained, for rows without a consent_source column "
            "(default: the file's name and today's date)",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="show what would happen, change nothing"
        )

    def handle(self, *args, file, consent_source, dry_run, **options):
        path = Path(file)
        try:
            data = path.read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error.strerror}") from None
        try:
            subscriber_import = subscriber_import_create(
                filename=path.name,
                data=data,
                consent_source=consent_source or default_consent_source(path.name),
            )
        except CSVFileError as error:
            raise CommandError(str(error)) from None

        self.stdout.write(f"{subscriber_import.total_rows} rows in {path.name}:")
        self._counts(subscriber_import)
        if dry_run:
            subscriber_import_cancel(subscriber_import=subscriber_import)
            self.stdout.write("Dry run: nothing was changed.")
            return

        def progress(done, total):
            self.stdout.write(f"{done}/{total} rows processed ({100 * done // max(total, 1)}%)")

        subscriber_import = subscriber_import_run(
            subscriber_import=subscriber_import, progress=progress
        )
        if subscriber_import.status != subscriber_import.Status.DONE:
            raise CommandError(f"The import stopped: {subscriber_import.error}")
        self.stdout.write(self.style.SUCCESS("Import done:"))
        self._counts(subscriber_import)

    def _counts(self, job):
        self.stdout.write(f"  new: {job.new_count}")
        self.stdout.write(f"  updated: {job.updated_count}")
        self.stdout.write(f"  skipped, unsubscribed: {job.unsubscribed_count}")
        self.stdout.write(f"  skipped, forgotten: {job.forgotten_count}")
        self.stdout.write(f"  skipped, bounced or complained: {job.undeliverable_count}")
        self.stdout.write(f"  skipped, repeated in the file: {job.duplicate_count}")
        self.stdout.write(f"  invalid: {job.invalid_count}")
        for problem in job.problems:
            self.stdout.write(f"    line {problem['line']}: {problem['reason']}")
        self.stdout.write(f"  consent recorded as: {job.consent_source}")
