from django.core.management.base import BaseCommand

from clinic_site.retention import purge_expired


class Command(BaseCommand):
    help = (
        "The daily clean-up, run from cron: anonymizes old call-back requests "
        "(LEADS_RETENTION_DAYS), removes newsletter sign-ups never confirmed "
        "(NEWSLETTER_UNCONFIRMED_DAYS), subscriber uploads never imported "
        "(NEWSLETTER_UPLOAD_DAYS), login records with IP addresses and browsers "
        "(LOGIN_RECORDS_DAYS), expired sessions, the photos of results whose consent was "
        "withdrawn and reviewers' email addresses (REVIEWS_EMAIL_RETENTION_DAYS). "
        "Safe to run again."
    )

    def handle(self, *args, **options):
        for purged in purge_expired():
            after = f" (older than {purged.days} days)" if purged.days is not None else ""
            self.stdout.write(f"{purged.count} {purged.what}{after}.")
