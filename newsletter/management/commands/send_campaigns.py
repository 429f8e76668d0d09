from django.core.management.base import BaseCommand

from newsletter.services.sending import campaigns_run_due


class Command(BaseCommand):
    help = (
        "Send every newsletter campaign that is due (scheduled for a time that has come, or "
        "halfway sent), each message once, even while the worker or another run sends too; "
        "on the first Monday of the month, draft or send the article digest as NEWSLETTER_DIGEST "
        "says. Run it from cron every minute."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--max-seconds",
            type=float,
            default=None,
            help="Stop after about this many seconds; the next run goes on where this one stopped.",
        )

    def handle(self, *args, max_seconds, **options):
        digests, results = campaigns_run_due(max_seconds=max_seconds)
        for campaign in digests:
            self.stdout.write(f"Digest {campaign.status}: {campaign} ({campaign.language}).")
        for campaign_id, result in results:
            self.stdout.write(
                f"Campaign {campaign_id}: {result.sent} sent, {result.failed} failed, "
                f"{result.skipped} no longer subscribed{', finished' if result.finished else ''}."
            )
