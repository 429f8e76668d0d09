"""
The background worker (``manage.py db_worker``), kept running through database restarts.

django-tasks-db's own worker ends the process on the first database error (``connection already
closed``, ``the database system is shutting down``), and a task it had claimed stays RUNNING for
ever. This worker runs the same loop, from the library's own pieces (the ready queue, its row
lock and claim, ``run_task``), with two differences:

- A database error does not end it: it closes its connections, waits (1, 2, 4… seconds, at
  most ``RETRY_MAX_SECONDS``) and tries again, so work resumes within a minute of the database
  coming back, with nobody restarting anything. (A ``--batch`` run still ends on the error.)
- Once a minute it queues again every task still RUNNING ``TASKS_RUNNING_TIMEOUT_MINUTES``
  after it started: its worker died (or lost the database) before recording the result. Every
  task of this site may run twice without harm (each one checks, or claims, what it still has
  to do), so running one again is safe; running it never is what loses an email.
"""

import logging
import time
from datetime import timedelta

from django.conf import settings
from django.db import close_old_connections, connections
from django.db.utils import InterfaceError, OperationalError
from django.utils import timezone
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult
from django_tasks_db.utils import exclusive_transaction, is_locked_database_exception

logger = logging.getLogger(__name__)

RETRY_FIRST_SECONDS = 1
RETRY_MAX_SECONDS = 30
STALE_CHECK_SECONDS = 60

# What a lost database connection raises: psycopg2 reports a dropped connection as an
# InterfaceError ("connection already closed"), a refused or broken one as an OperationalError.
DATABASE_GONE = (OperationalError, InterfaceError)


def tasks_requeue_stale(*, now=None) -> int:
    """Queue again the tasks left RUNNING by a worker that stopped; how many."""
    now = now or timezone.now()
    cutoff = now - timedelta(minutes=settings.TASKS_RUNNING_TIMEOUT_MINUTES)
    count = (
        DBTaskResult.objects.running()
        .filter(started_at__lt=cutoff)
        .update(status=TaskResultStatus.READY)
    )
    if count:
        logger.warning(
            "%d background task(s) still running %d minutes after they started were queued "
            "again: their worker stopped before finishing them",
            count,
            settings.TASKS_RUNNING_TIMEOUT_MINUTES,
        )
    return count


def close_connections() -> None:
    """Drop every database connection; a dead one may raise on the way out, which is fine."""
    for connection in connections.all(initialized_only=True):
        try:
            connection.close()
        except DATABASE_GONE:
            pass


class ResilientWorker(Worker):
    """django-tasks-db's worker, which waits for the database instead of exiting."""

    def run(self) -> None:
        logger.info("worker %s started, queues %s", self.worker_id, ",".join(self.queue_names))
        retry_in = RETRY_FIRST_SECONDS
        next_stale_check = 0.0
        while self.running:
            try:
                if time.monotonic() >= next_stale_check:
                    tasks_requeue_stale()
                    next_stale_check = time.monotonic() + STALE_CHECK_SECONDS
                ran_task, queue_checked = self.run_next()
            except DATABASE_GONE as error:
                close_connections()
                if self.batch:
                    # A one-off run (--batch, from cron or by hand) reports the outage and
                    # ends; its next run picks up where it stopped.
                    raise
                logger.warning(
                    "worker %s: database unavailable (%s: %s); trying again in %d s",
                    self.worker_id,
                    type(error).__name__,
                    str(error).strip().splitlines()[0] if str(error).strip() else "",
                    retry_in,
                )
                time.sleep(retry_in)
                retry_in = min(retry_in * 2, RETRY_MAX_SECONDS)
                continue
            if retry_in != RETRY_FIRST_SECONDS:
                logger.info("worker %s: database available again", self.worker_id)
                retry_in = RETRY_FIRST_SECONDS
            if self.batch and queue_checked and not ran_task:
                logger.info("worker %s: no more tasks, exiting", self.worker_id)
                return
            if self.max_tasks is not None and self._run_tasks >= self.max_tasks:
                logger.info("worker %s: ran %d tasks, exiting", self.worker_id, self._run_tasks)
                return
            if self.running and not ran_task:
                time.sleep(self.interval)

    def run_next(self) -> tuple[bool, bool]:
        """
        Claim and run the next ready task, as the library's loop does; (a task ran, the queue
        was read: False when the database was locked, SQLite's "busy").
        """
        # Dropped or expired connections are noticed here, right after waking up.
        close_old_connections()
        tasks = DBTaskResult.objects.ready().filter(backend_name=self.backend_name)
        if not self.process_all_queues:
            tasks = tasks.filter(queue_name__in=self.queue_names)
        if self.excluded_queue_names:
            tasks = tasks.exclude(queue_name__in=self.excluded_queue_names)
        with exclusive_transaction(tasks.db):
            try:
                task_result = tasks.get_locked()
                if task_result is not None:
                    task_result.claim(self.worker_id)
            except OperationalError as error:
                if not is_locked_database_exception(error):
                    raise
                return False, False
        if task_result is not None:
            self.run_task(task_result)
        close_old_connections()
        return task_result is not None, True
