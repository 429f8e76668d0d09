from django.core.management.base import BaseCommand

from leads.services.notifications import notify_pending


class Command(BaseCommand):
    help = (
        "Send every staff notification still pending (for example after a mail outage). "
        "Each is sent once, even while a worker or another run is sending too: run it from "
        "cron every minute."
    )

    def handle(self, *args, **options):
        sent, pending = notify_pending()
        if sent or options["verbosity"] > 1:
            self.stdout.write(f"Sent {sent} call-back notification(s).")
        if pending:
            self.stderr.write(f"{pending} call-back notification(s) still pending.")
