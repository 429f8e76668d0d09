"""
How fast a campaign goes out: 5,000 subscribers, one campaign, sent through the locmem mail
backend with no pacing. Prints the messages per second and the total time.

Run on demand (it is not a test):

    .venv/bin/python benchmarks/campaign.py                    # SQLite, in a throwaway file
    DATABASE_URL=postgres://... .venv/bin/python benchmarks/campaign.py   # a throwaway test_… db
    .venv/bin/python benchmarks/campaign.py --subscribers 20000

What is timed is ``campaign_send`` as the worker runs it: the deliveries created when sending
starts, claimed in batches, each message built (template, CSS inlined, unsubscribe link signed),
the subscriber's status read again, the message handed to the backend and its id recorded. A
real mail server's time per message is not in it: with SMTP or a provider's API, that, or
``NEWSLETTER_SEND_RATE``, sets the pace.
"""

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "clinic_site.settings")
os.environ.setdefault("DJANGO_DEBUG", "1")  # development mode: no production secrets needed
os.environ.setdefault("DJANGO_LOG_LEVEL", "WARNING")

import django  # noqa: E402

django.setup()

from django.core import mail  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import override_settings  # noqa: E402
from django.test.utils import setup_test_environment, teardown_test_environment  # noqa: E402
from django.utils import timezone  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-n", "--subscribers", type=int, default=5000)
    options = parser.parse_args()
    if not 1 <= options.subscribers <= 1_000_000:
        sys.exit("--subscribers: from 1 to 1000000")

    setup_test_environment()
    with tempfile.TemporaryDirectory(prefix="campaign-") as folder:
        if connection.vendor == "sqlite":
            connection.settings_dict["TEST"]["NAME"] = str(Path(folder) / "campaign.sqlite3")
        old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
        try:
            with override_settings(
                DEBUG=False,
                NEWSLETTER_SEND_RATE=0,
                EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
            ):
                run(options.subscribers)
        finally:
            connection.creation.destroy_test_db(old_name, verbosity=0)
            teardown_test_environment()


def run(count: int) -> None:
    from io import StringIO

    from clinic_site import demo as clinic_demo
    from newsletter.models import Campaign, Delivery, Subscriber, email_hash
    from newsletter.services.sending import campaign_send

    clinic_demo.seed(stdout=StringIO())
    now = timezone.now()
    Subscriber.objects.bulk_create(
        [
            Subscriber(
                email=f"reader{n}@example.com",
                email_hash=email_hash(f"reader{n}@example.com"),
                first_name="Reader",
                status=Subscriber.Status.SUBSCRIBED,
                confirmed_at=now,
            )
            for n in range(count)
        ],
        batch_size=1000,
    )
    campaign = Campaign.objects.create(
        subject="News from the clinic",
        preheader="What our doctors wrote this month.",
        body=(
            "## Spring at the clinic\n\nOur doctors answer your questions about "
            "[FUE](/blog/fue/) and [DHI](/blog/dhi/).\n\n- Consultations on Saturdays\n"
            "- A new team member\n\n![The clinic's garden](/media/garden.jpg)"
        ),
        language="en",
        status=Campaign.Status.SCHEDULED,
        scheduled_at=now,
    )
    started, cpu_started = time.perf_counter(), time.process_time()
    result = campaign_send(campaign_id=campaign.pk)
    seconds = time.perf_counter() - started
    cpu = time.process_time() - cpu_started
    sent = Delivery.objects.filter(campaign=campaign, status=Delivery.Status.SENT).count()
    assert result.finished and sent == count == len(mail.outbox), (result, sent, count)
    print(
        f"{connection.vendor}: {count} messages in {seconds:.1f} s, "
        f"{count / seconds:.0f} messages/s (locmem backend, no pacing); this process's CPU: "
        f"{cpu:.1f} s, {1000 * cpu / count:.1f} ms a message"
    )


if __name__ == "__main__":
    main()
