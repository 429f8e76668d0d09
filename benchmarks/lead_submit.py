"""
How long a call-back request takes on the server: the median of 300 form posts.

Run on demand (it is not a test):

    .venv/bin/python benchmarks/lead_submit.py            # SQLite
    DATABASE_URL=postgres://... .venv/bin/python benchmarks/lead_submit.py
    .venv/bin/python benchmarks/lead_submit.py --profile submit.prof   # where the time goes

Each post goes through the whole stack in-process with Django's test client, as a browser
sends it (``application/x-www-form-urlencoded``, a distinct phone number and address each):
middleware, CSRF, form and phone parsing, rate limits in the cache, the lead's transaction,
and queueing the staff notification in the database queue, as in production. The email itself
is sent later by the worker and is not part of the patient's wait. A throwaway test database is
created and dropped: on SQLite a file (not memory), so that its write lock, its journal and the
connection's set-up cost what they cost in production.

``--profile FILE`` runs the posts under cProfile, writes the statistics to FILE and prints the
functions that took the most time, with everything they called.

Besides the wall-clock time it prints the CPU time this process spent per post, the figure to
compare on a machine busy with other work (a database server's own work is not in it).
"""

import argparse
import cProfile
import os
import pstats
import statistics
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "clinic_site.settings")
os.environ.setdefault("DJANGO_DEBUG", "1")  # development mode: no production secrets needed
os.environ.setdefault("DJANGO_LOG_LEVEL", "WARNING")  # a line per lead is not the patient's wait

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client, override_settings  # noqa: E402
from django.test.utils import (  # noqa: E402
    CaptureQueriesContext,
    setup_test_environment,
    teardown_test_environment,
)

WARM_UP = 5
FORM = "application/x-www-form-urlencoded"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-n", "--posts", type=int, default=300)
    parser.add_argument("--profile", type=Path, help="write cProfile statistics to this file")
    options = parser.parse_args()
    if not 1 <= options.posts <= 100_000:
        sys.exit("--posts: from 1 to 100000")

    setup_test_environment()
    with tempfile.TemporaryDirectory(prefix="lead-submit-") as folder:
        if connection.vendor == "sqlite":
            connection.settings_dict["TEST"]["NAME"] = str(Path(folder) / "submit.sqlite3")
        old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
        try:
            with override_settings(
                DEBUG=False,
                LEADS_RATE_LIMIT="100000/1m",
                LEADS_PHONE_RATE_LIMIT="100000/1m",
                LEADS_RATE_LIMIT_HOLD="100000/1m",
                LEADS_MIN_FILL_SECONDS=0,
                LEADS_NOTIFY_EMAILS=["desk@clinic.example"],
                TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}},
                EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
            ):
                timings, cpu_timings, queries = run(options.posts, options.profile)
        finally:
            connection.creation.destroy_test_db(old_name, verbosity=0)
            teardown_test_environment()
    report(timings, cpu_timings, queries)
    if options.profile:
        pstats.Stats(str(options.profile)).sort_stats("cumulative").print_stats(40)


def run(posts: int, profile: Path | None) -> tuple[list[float], list[float], int]:
    from leads.models import Lead
    from tests.factories import callback_form_data

    client = Client()
    client.get("/callback/")  # warm caches: clinic identity, templates, URL resolver
    # CPU time, not the wall clock: on a busy machine the waits for a core are not the code's.
    profiler = cProfile.Profile(time.process_time) if profile else None
    timings, cpu_timings, queries = [], [], 0
    for n in range(WARM_UP + posts):
        body = urlencode(callback_form_data(phone=f"+90532{n:07d}", message="Is it painful?"))
        address = f"198.51.{n // 250 % 250}.{n % 250 + 1}"
        measured = n >= WARM_UP
        with CaptureQueriesContext(connection) as captured:
            if profiler and measured:
                profiler.enable()
            started, started_cpu = time.perf_counter(), time.process_time()
            response = client.post("/callback/", body, content_type=FORM, REMOTE_ADDR=address)
            elapsed, cpu = time.perf_counter() - started, time.process_time() - started_cpu
            if profiler and measured:
                profiler.disable()
        assert response.status_code == 302, response.status_code
        if measured:
            timings.append(elapsed * 1000)
            cpu_timings.append(cpu * 1000)
            queries = max(queries, len(captured))
    if profiler:
        profiler.dump_stats(str(profile))
    rows = Lead.objects.filter(phone__startswith="+90532").count()
    assert rows == WARM_UP + posts, f"{rows} rows for {WARM_UP + posts} posts"
    return timings, cpu_timings, queries


def report(timings: list[float], cpu_timings: list[float], queries: int):
    timings.sort()
    print(f"database: {connection.vendor}")
    print(f"posts: {len(timings)} (each a new lead)")
    print(f"queries per post: {queries} (BEGIN and COMMIT included)")
    print(f"median: {statistics.median(timings):.2f} ms")
    print(f"p90: {timings[int(len(timings) * 0.9) - 1]:.2f} ms")
    print(f"max: {timings[-1]:.2f} ms")
    # What this process itself spent: on a machine busy with other work, the steadier figure.
    print(f"median CPU time: {statistics.median(cpu_timings):.2f} ms")


if __name__ == "__main__":
    main()
