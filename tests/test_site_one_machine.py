"""
Production on one machine without Redis (``make serve``): a cache every worker process shares
(the database's), created by ``migrate``; the Procfile's processes; the periodic jobs' clock.
"""

import logging
import os
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command, get_commands
from django.db import connection

from blog.models import Article
from clinic_site.management.commands import clock
from clinic_site.ratelimits import rate_limit_exceeded
from tests.factories import ArticleFactory, LeadFactory

BASE_DIR = Path(__file__).resolve().parent.parent

# One worker process of a production without Redis: the database cache, in a SQLite file that
# all of them share. It counts HITS hits of one client against a limit and prints how many were
# refused. The window is a hundred days long, so no test run straddles two of them.
COUNTING = """
import django
django.setup()
from clinic_site.ratelimits import rate_limit_exceeded
print(sum(
    rate_limit_exceeded(scope="test", key="198.51.100.7", rate="{limit}/100d")
    for _ in range({hits})
))
"""


def production_environment(database_url: str) -> dict:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "REDIS_", "DATABASE_", "PYTEST_"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="clinic_site.settings",
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY="x7!kq2-one-machine-test-secret-9f83hd82jd72hs62ks0al2mdn48fjs73",
        NEWSLETTER_FORGET_KEY="k3!m9-one-machine-test-forget-key-2jd82hs62ks0al2mdn48fjs73",
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        SITE_URL="https://127.0.0.1",
        DATABASE_URL=database_url,
    )
    return env


@pytest.fixture
def shared_database(tmp_path, django_db_setup):
    """
    The database the worker processes share: a SQLite file, or on PostgreSQL this test run's
    own database (with row locks of its own to get right).
    """
    if connection.vendor != "postgresql":
        return f"sqlite:///{tmp_path / 'site.sqlite3'}"
    database = connection.settings_dict
    credentials = quote(database["USER"]) + (
        f":{quote(database['PASSWORD'])}" if database["PASSWORD"] else ""
    )
    address = f"{database['HOST'] or 'localhost'}:{database['PORT'] or 5432}"
    return f"postgres://{credentials}@{address}/{database['NAME']}"


def test_the_database_cache_counts_the_hits_of_every_worker_process(shared_database):
    env = production_environment(shared_database)
    created = subprocess.run(
        [sys.executable, "manage.py", "createcachetable"],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert created.returncode == 0, created.stderr
    # Two worker processes count 200 hits each of one client at the same time, against a limit
    # of 300: exactly 100 are refused. A count lost between them would refuse fewer.
    script = COUNTING.format(limit=300, hits=200)
    workers = [
        subprocess.Popen(
            [sys.executable, "-c", script],
            cwd=BASE_DIR,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    refused = []
    for worker in workers:
        out, err = worker.communicate(timeout=120)
        assert worker.returncode == 0, err
        refused.append(int(out))
    assert sum(refused) == 100


@pytest.mark.django_db
def test_migrate_creates_the_database_cache(settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "clinic_site.cache.SharedDatabaseCache",
            "LOCATION": "clinic_cache_made_by_migrate",
        }
    }
    assert "clinic_cache_made_by_migrate" not in connection.introspection.table_names()
    call_command("migrate", verbosity=0)
    assert "clinic_cache_made_by_migrate" in connection.introspection.table_names()


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's one write lock per file")
def test_on_sqlite_migrate_puts_the_cache_in_a_file_of_its_own(tmp_path):
    # A post's rate-limit counters then never wait for the leads' write lock, nor they for them.
    env = production_environment(f"sqlite:///{tmp_path / 'site.sqlite3'}")
    migrated = subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput"],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert migrated.returncode == 0, migrated.stderr
    assert tables(tmp_path / "site-cache.sqlite3") == {"clinic_cache"}
    site_tables = tables(tmp_path / "site.sqlite3")
    assert "leads_lead" in site_tables
    assert "clinic_cache" not in site_tables


def tables(path: Path) -> set[str]:
    import sqlite3

    with sqlite3.connect(path) as database:
        rows = database.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        return {name for (name,) in rows if not name.startswith("sqlite_")}


@pytest.fixture
def database_cache(settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "clinic_site.cache.SharedDatabaseCache",
            "LOCATION": "clinic_cache_for_limits",
        }
    }
    call_command("createcachetable", verbosity=0)


@pytest.mark.django_db
def test_a_rate_limit_window_in_the_database_cache_counts_its_first_hit_once(database_cache):
    with time_machine.travel("2026-12-01 10:00:30Z", tick=False) as traveller:
        assert not rate_limit_exceeded(scope="test", key="198.51.100.7", rate="2/1m")
        assert not rate_limit_exceeded(scope="test", key="198.51.100.7", rate="2/1m")
        assert rate_limit_exceeded(scope="test", key="198.51.100.7", rate="2/1m")
        assert not rate_limit_exceeded(scope="test", key="198.51.100.8", rate="2/1m")
        # The next window starts afresh, and so does one whose row outlived it.
        traveller.shift(60)
        assert not rate_limit_exceeded(scope="test", key="198.51.100.7", rate="2/1m")


@pytest.mark.django_db
def test_the_database_cache_adds_only_a_missing_or_expired_key(database_cache):
    from django.core.cache import cache

    with time_machine.travel("2026-12-01 10:00:00Z", tick=False) as traveller:
        assert cache.add("identity", "first", timeout=10)
        assert not cache.add("identity", "second", timeout=10)
        assert cache.get("identity") == "first"
        traveller.shift(11)
        assert cache.add("identity", "third", timeout=10)
        assert cache.get("identity") == "third"
        assert cache.add("forever", "kept", timeout=None)
        traveller.shift(10 * 365 * 86400)
        assert not cache.add("forever", "replaced", timeout=None)
        assert cache.get("forever") == "kept"


@pytest.mark.django_db
def test_the_database_cache_stays_bounded_by_its_max_entries(settings):
    from django.core.cache import cache

    from clinic_site.cache import SharedDatabaseCache

    settings.CACHES = {
        "default": {
            "BACKEND": "clinic_site.cache.SharedDatabaseCache",
            "LOCATION": "clinic_cache_bounded",
            "OPTIONS": {"MAX_ENTRIES": 50},
        }
    }
    call_command("createcachetable", verbosity=0)
    for n in range(500):  # a flood of first hits, one key each
        cache.add(f"ratelimit:{n}", 1, timeout=600)
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM clinic_cache_bounded")
        (count,) = cursor.fetchone()
    # Counted every CULL_CHECK_EVERY adds: never more than that many past the maximum.
    assert count <= 50 + SharedDatabaseCache.CULL_CHECK_EVERY


def test_the_procfile_runs_the_whole_stack():
    processes = dict(
        line.split(":", 1)
        for line in (BASE_DIR / "Procfile").read_text().splitlines()
        if line and not line.startswith("#")
    )
    assert set(processes) == {"web", "worker", "clock", "proxy"}
    assert processes["web"].split()[:2] == ["gunicorn", "clinic_site.wsgi"]
    assert processes["proxy"].split()[:2] == ["caddy", "run"]
    for name in ("worker", "clock"):
        command = re.match(r"\s*(?:nice -n \d+ )?python manage\.py (\S+)", processes[name]).group(1)
        assert command in get_commands(), name
    # The background worker gives way to the web workers: a patient's post is answered first.
    assert processes["worker"].split()[:3] == ["nice", "-n", "10"]


@pytest.mark.django_db
def test_the_clock_runs_the_notification_safety_net(settings, caplog):
    settings.LEADS_NOTIFY_EMAILS = ["desk@clinic.example"]
    lead = LeadFactory()
    with caplog.at_level(logging.INFO, logger="clinic_site.clock"):
        call_command("clock", "--once")
    assert [message.to for message in mail.outbox] == [["desk@clinic.example"]]
    lead.refresh_from_db()
    assert lead.notified_at is not None
    assert "job send_lead_notifications done" in caplog.text
    assert "job purge_expired done" in caplog.text


@pytest.mark.django_db
def test_a_failing_job_does_not_stop_the_others(settings, caplog, monkeypatch):
    settings.LEADS_NOTIFY_EMAILS = ["desk@clinic.example"]
    LeadFactory()
    monkeypatch.setattr(
        clock,
        "JOBS",
        [clock.Job("a_command_that_is_not_there", 60), clock.Job("send_lead_notifications", 60)],
    )
    with caplog.at_level(logging.INFO, logger="clinic_site.clock"):
        call_command("clock", "--once")
    assert "job a_command_that_is_not_there failed" in caplog.text
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_demo_content_goes_only_into_a_database_without_articles():
    ArticleFactory()
    call_command("seed_demo", "--if-empty", verbosity=0)
    assert Article.objects.count() == 1
