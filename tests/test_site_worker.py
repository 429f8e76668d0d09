"""
The background worker (``manage.py db_worker``) keeps running through a database restart, and
runs again the tasks a stopped worker left RUNNING.
"""

import os
import signal
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.core import mail
from django.core.management import call_command, get_commands
from django.db import connection
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from leads.models import Lead
from leads.tasks import notify_staff_of_lead
from tests.factories import LeadFactory

BASE_DIR = Path(__file__).resolve().parent.parent
DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def queued_in_the_database(settings):
    """Tasks are queued in the database, as in production, for the worker to run."""
    settings.TASKS = DATABASE_TASKS
    settings.LEADS_NOTIFY_EMAILS = ["desk@clinic.example"]
    settings.TASKS_RUNNING_TIMEOUT_MINUTES = 10
    return settings


@pytest.fixture
def signal_handlers_kept():
    """The worker sets its own SIGINT/SIGTERM handlers; the test run gets its own back."""
    kept = {number: signal.getsignal(number) for number in (signal.SIGINT, signal.SIGTERM)}
    yield
    for number, handler in kept.items():
        signal.signal(number, handler)


def run_worker_until_idle():
    call_command(
        "db_worker", "--batch", "--no-startup-delay", "--no-reload", "--interval", "0", verbosity=0
    )


def left_running(lead, *, minutes_ago):
    """A notification task a worker claimed ``minutes_ago`` and never finished."""
    result = notify_staff_of_lead.enqueue(lead.pk)
    DBTaskResult.objects.filter(pk=result.id).update(
        status="RUNNING",
        started_at=timezone.now() - timedelta(minutes=minutes_ago),
        worker_ids=["a-worker-that-died"],
    )
    return result.id


def test_db_worker_is_the_sites_worker_that_outlives_the_database():
    assert get_commands()["db_worker"] == "clinic_site"


# The worker closes and reopens its database connections, as in production: these tests
# commit, rather than run inside a transaction the worker would close.
@pytest.mark.django_db(transaction=True)
def test_a_task_left_running_by_a_stopped_worker_is_run_again(
    queued_in_the_database, signal_handlers_kept
):
    lead = LeadFactory()
    task_id = left_running(lead, minutes_ago=11)
    run_worker_until_idle()
    assert DBTaskResult.objects.get(pk=task_id).status == "SUCCESSFUL"
    lead.refresh_from_db()
    assert lead.notified_at is not None
    assert len(mail.outbox) == 1


@pytest.mark.django_db(transaction=True)
def test_a_task_running_for_less_than_the_timeout_is_left_to_its_worker(
    queued_in_the_database, signal_handlers_kept
):
    lead = LeadFactory()
    task_id = left_running(lead, minutes_ago=2)
    run_worker_until_idle()
    assert DBTaskResult.objects.get(pk=task_id).status == "RUNNING"
    assert mail.outbox == []


# --- A database restart, on PostgreSQL ------------------------------------------------------


def wait_for(condition, *, seconds):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return False


def notified(lead):
    return Lead.objects.filter(pk=lead.pk, notified_at__isnull=False).exists()


def database_closed_for_a_while(name, *, closed):
    """
    What a restart looks like to the worker, on this test's own database only: every
    connection but ours is terminated ("terminating connection due to administrator
    command") and new ones are refused until ``closed`` is False again.
    """
    import psycopg2

    settings = connection.settings_dict
    # A database cannot close itself to connections: this is said from the server's own one.
    server = psycopg2.connect(
        dbname="postgres",
        user=settings["USER"],
        password=settings["PASSWORD"],
        host=settings["HOST"],
        port=settings["PORT"] or None,
    )
    server.autocommit = True
    try:
        with server.cursor() as cursor:
            cursor.execute(
                f'ALTER DATABASE "{name}" WITH ALLOW_CONNECTIONS {"false" if closed else "true"}'
            )
            if closed:
                cursor.execute(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    "WHERE datname = %s AND pid <> %s",
                    [name, connection.connection.get_backend_pid()],
                )
    finally:
        server.close()


@pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith("postgres"),
    reason="closing the database under a running worker needs PostgreSQL (DATABASE_URL)",
)
@pytest.mark.django_db(transaction=True)
def test_worker_keeps_running_through_a_database_restart_and_resumes_work(
    queued_in_the_database, tmp_path
):
    name = connection.settings_dict["NAME"]
    url = os.environ["DATABASE_URL"].rsplit("/", 1)[0] + f"/{name}"
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"REDIS_URL", "PYTEST_XDIST_WORKER", "DJANGO_SETTINGS_MODULE"}
    }
    env.update(
        DJANGO_SETTINGS_MODULE="clinic_site.settings",
        DJANGO_DEBUG="1",
        DATABASE_URL=url,
        TASKS_BACKEND="django_tasks_db.DatabaseBackend",
        LEADS_NOTIFY_EMAILS="desk@clinic.example",
        PYTHONUNBUFFERED="1",
    )
    log = tmp_path / "worker.log"
    first, second = LeadFactory(), LeadFactory()
    notify_staff_of_lead.enqueue(first.pk)
    with log.open("w") as output:
        worker = subprocess.Popen(
            [sys.executable, "manage.py", "db_worker", "--interval", "0.2", "--no-reload"],
            cwd=BASE_DIR,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    try:
        assert wait_for(lambda: notified(first), seconds=30), log.read_text()

        database_closed_for_a_while(name, closed=True)
        try:
            notify_staff_of_lead.enqueue(second.pk)
            time.sleep(4)
            assert worker.poll() is None, log.read_text()
        finally:
            database_closed_for_a_while(name, closed=False)

        assert wait_for(lambda: notified(second), seconds=30), log.read_text()
        assert worker.poll() is None
        assert "database unavailable" in log.read_text()
    finally:
        worker.terminate()
        worker.wait(timeout=30)
