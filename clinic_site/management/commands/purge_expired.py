from django.core.management.base import BaseCommand

from clinic_site.retention import purge_expired


class Command(BaseCommand):
    help = (
        "The daily clean-up, run from cron: anonymizes old call-back and assessment requests, "
        "their photos deleted (LEADS_RETENTION_DAYS), deletes the photos of assessment requests "
        "never sent and photo files a failed deletion left behind (ASSESSMENT_UNSENT_PHOTO_HOURS), "
        "removes newsletter sign-ups never confirmed "
        "(NEWSLETTER_UNCONFIRMED_DAYS), subscriber uploads never imported "
        "(NEWSLETTER_UPLOAD_DAYS), login records with IP addresses and browsers "
        "(LOGIN_RECORDS_DAYS), expired sessions, the photos of results whose consent was "
        "withdrawn and reviewers' email addresses (REVIEWS_EMAIL_RETENTION_DAYS). "
        "Safe to run again."
    )

    def handle(self, *args, **options):
        for purged in purge_expired():
            after = ""
            if purged.days is not None:
                after = f" (older than {purged.days} days)"
            elif purged.hours is not None:
                after = f" (older than {purged.hours} hours)"
            self.stdout.write(f"{purged.count} {purged.what}{after}.")
