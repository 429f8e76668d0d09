from django.core.management.base import BaseCommand

from newsletter.services.confirmations import confirmations_send_due


class Command(BaseCommand):
    help = (
        "Send every newsletter confirmation email still due (for example after a mail outage "
        "or while the worker was down). Each is sent once, even while the worker or another "
        "run is sending too: run it from cron every minute."
    )

    def handle(self, *args, **options):
        sent, due = confirmations_send_due()
        if sent or options["verbosity"] > 1:
            self.stdout.write(f"Sent {sent} newsletter confirmation email(s).")
        if due:
            self.stderr.write(f"{due} newsletter confirmation email(s) still due.")
