"""
``manage.py clock``: the periodic jobs of a one-machine production (``make serve``'s Procfile),
instead of cron. Each job is a management command run at its interval, the first time at start;
every run is logged with what the command printed, and a job that fails is logged with its
traceback and run again at its next time, the others unaffected.

Running a job twice at once is harmless (each sends what it claims, once), so a clock next to
cron, or two clocks, send nothing twice; they only do the same work twice.
"""

import logging
import signal
import threading
import time
from dataclasses import dataclass
from io import StringIO

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import close_old_connections

logger = logging.getLogger("clinic_site.clock")


@dataclass(frozen=True)
class Job:
    command: str
    every_seconds: int
    args: tuple[str, ...] = ()


# The cron lines of the README's "Running in production", at the same intervals.
JOBS = [
    # The safety net for what the background worker could not send.
    Job("send_lead_notifications", every_seconds=60),
    Job("send_newsletter_confirmations", every_seconds=60),
    # Campaigns that are due (and the monthly digest): a minute's worth at a time, so that the
    # jobs above keep their pace while a long campaign goes out.
    Job("send_campaigns", every_seconds=60, args=("--max-seconds", "50")),
    # The daily clean-up (retention periods, unsent photos, sessions).
    Job("purge_expired", every_seconds=24 * 60 * 60),
]


class Command(BaseCommand):
    help = (
        "Run the periodic jobs (notification safety net, newsletter confirmations and "
        "campaigns, daily clean-up) at their intervals until stopped: the cron of a "
        "one-machine production."
    )

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="Run every job once, then stop.")

    def handle(self, *args, once, **options):
        stop = threading.Event()
        if not once:
            # Ctrl-C (or the supervisor's TERM) ends the wait between jobs, never a job halfway.
            for signum in (signal.SIGINT, signal.SIGTERM):
                signal.signal(signum, lambda *_: stop.set())
            logger.info("clock started: %s", ", ".join(job.command for job in JOBS))
        due = {job.command: 0.0 for job in JOBS}
        while not stop.is_set():
            for job in JOBS:
                if time.monotonic() >= due[job.command] and not stop.is_set():
                    run_job(job)
                    due[job.command] = time.monotonic() + job.every_seconds
            if once:
                return
            # As Django does between requests: a connection the database dropped (a restart)
            # or one past its CONN_MAX_AGE is opened afresh for the next job.
            close_old_connections()
            stop.wait(max(0.0, min(due.values()) - time.monotonic()))
        logger.info("clock stopped")


def run_job(job: Job) -> bool:
    """Run one job, log how it went, and say whether it succeeded."""
    output = StringIO()
    started = time.monotonic()
    try:
        call_command(job.command, *job.args, stdout=output, stderr=output)
    except Exception:
        logger.exception("job %s failed", job.command)
        return False
    printed = " ".join(output.getvalue().split())
    logger.info(
        "job %s done in %.1f s%s",
        job.command,
        time.monotonic() - started,
        f": {printed}" if printed else "",
    )
    return True
