from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from leads.services.retention import leads_anonymize


class Command(BaseCommand):
    help = (
        "Remove the personal data (name, phone, message, IP address, browser, call and note "
        "texts) of call-back requests created more than N days ago that are closed, or open "
        "with no activity for N days. Status, dates, interest and source stay for statistics. "
        "Safe to run again: what is done is not done twice. The daily purge_expired runs it."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--older-than-days",
            type=int,
            default=settings.LEADS_RETENTION_DAYS,
            metavar="N",
            help="Age in days (default: LEADS_RETENTION_DAYS, now %(default)s).",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Only count what would be anonymized; change nothing.",
        )

    def handle(self, *args, older_than_days, dry_run, **options):
        # 0 is "everything created before now": a request made today is old enough.
        if older_than_days < 0:
            raise CommandError("--older-than-days must be 0 or more.")
        run = leads_anonymize(older_than_days=older_than_days, dry_run=dry_run)
        before = f"{run.cutoff:%Y-%m-%d %H:%M}"
        if run.dry_run:
            self.stdout.write(
                f"Dry run: {run.count} call-back request(s) created before {before} "
                "would be anonymized. Nothing was changed."
            )
        else:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Anonymized {run.count} call-back request(s) created before {before}."
                )
            )
