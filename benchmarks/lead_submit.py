"""
How long a call-back request takes on the server: the median of 100 form posts.

Run on demand (it is not a test):

    .venv/bin/python benchmarks/lead_submit.py            # SQLite
    DATABASE_URL=postgres://... .venv/bin/python benchmarks/lead_submit.py

Each post goes through the whole stack in-process with Django's test client: middleware,
CSRF, form and phone parsing, rate limits in the cache, the lead's transaction, and queueing
the staff notification in the database queue, as in production. The email itself is sent
later by the worker and is not part of the patient's wait. A throwaway test database is
created and dropped.
"""

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "clinic_site.settings")
os.environ.setdefault("DJANGO_DEBUG", "1")  # development mode: no production secrets needed

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client, override_settings  # noqa: E402
from django.test.utils import setup_test_environment, teardown_test_environment  # noqa: E402

POSTS = 100
WARM_UP = 5


def main():
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        with override_settings(
            DEBUG=False,
            LEADS_RATE_LIMIT="100000/1m",
            LEADS_PHONE_RATE_LIMIT="100000/1m",
            LEADS_MIN_FILL_SECONDS=0,
            LEADS_NOTIFY_EMAILS=["desk@clinic.example"],
            TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}},
            EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
        ):
            timings = run()
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
        teardown_test_environment()
    report(timings)


def run():
    from tests.factories import callback_form_data

    client = Client()
    client.get("/callback/")  # warm caches: clinic identity, templates, URL resolver
    timings = []
    for n in range(WARM_UP + POSTS):
        data = callback_form_data(phone=f"+90532{n:07d}", message="Is it painful?")
        started = time.perf_counter()
        response = client.post("/callback/", data, REMOTE_ADDR=f"198.51.100.{n % 250}")
        elapsed = time.perf_counter() - started
        assert response.status_code == 302, response.status_code
        if n >= WARM_UP:
            timings.append(elapsed * 1000)
    return timings


def report(timings):
    timings.sort()
    print(f"database: {connection.vendor}")
    print(f"posts: {len(timings)}")
    print(f"median: {statistics.median(timings):.1f} ms")
    print(f"p90: {timings[int(len(timings) * 0.9) - 1]:.1f} ms")
    print(f"max: {timings[-1]:.1f} ms")


if __name__ == "__main__":
    main()
