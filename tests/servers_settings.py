"""
Production's settings as tests/test_site_two_servers.py runs them on two app servers: the staff
notifications are written to files in ``SERVERS_MAIL_FOLDER`` (one folder for both servers, so
the test counts every message sent), and without ``REDIS_URL`` the shared cache is Django's
database cache, in the database both servers share.
"""

from clinic_site.settings import *  # noqa: F403
from clinic_site.settings import REDIS_URL, env

EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
EMAIL_FILE_PATH = env.str("SERVERS_MAIL_FOLDER")

if not REDIS_URL:
    # Until production's own cache without Redis is shared by every process (the one-machine
    # set-up), the servers share this one: a per-process cache would fail the test.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "clinic_servers_cache",
        }
    }
