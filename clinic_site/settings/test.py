"""
The settings the test suite runs with (pyproject's ``DJANGO_SETTINGS_MODULE``): the shared
settings with what makes tests fast and independent. ``DATABASE_URL`` and ``REDIS_URL`` still
choose PostgreSQL and Redis, as CI does; nothing else needs to be set.
"""

import os
from urllib.parse import urlsplit

from clinic_site.settings.base import *  # noqa: F403
from clinic_site.settings.base import CACHES, REDIS_URL

# Background tasks run at once. Work the code defers until its transaction commits (the staff
# notification, a confirmation email) runs when a test captures it with pytest-django's
# ``django_capture_on_commit_callbacks(execute=True)``: the test's own transaction never commits.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

# Tests serve static files from the app and package folders: nothing is collected.
WHITENOISE_USE_FINDERS = True

# Fast to hash: tests sign in many users, and the strength of the hash is not under test.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# pytest-xdist workers share the Redis server, and cache.clear(), which every test runs, empties
# a whole Redis database. So each worker has its own database, as it has its own test database:
# worker gwN uses REDIS_URL's database + 3 + N. A run on database 1 uses 1 without workers, and 4
# and 5 with two, leaving 2 and 3 to neighbours on a shared server. Redis has 16 by default.
# Without REDIS_URL, each test process keeps its cache in memory (production's database table
# would need ``createcachetable`` in every test database, and cache.clear() empties it anyway).
if not REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    # Nor the cache's own SQLite file, then.
    DATABASES = {"default": DATABASES["default"]}  # noqa: F405
    DATABASE_ROUTERS = []

if REDIS_URL and "PYTEST_XDIST_WORKER" in os.environ:
    _redis = urlsplit(REDIS_URL)
    _worker = int(os.environ["PYTEST_XDIST_WORKER"].removeprefix("gw"))
    _database = int(_redis.path.strip("/") or 0) + 3 + _worker
    CACHES = {
        "default": {**CACHES["default"], "LOCATION": _redis._replace(path=f"/{_database}").geturl()}
    }

# Campaigns go out unpaced: the test of pacing sets its own rate.
NEWSLETTER_SEND_RATE = 0
