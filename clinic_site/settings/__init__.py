"""
The settings a deployment runs (``clinic_site.settings``): the shared ones in ``base``, and,
unless ``DJANGO_DEBUG`` is on, production's.

Production has no safe default for its secret keys, host names and public address: without them
Django refuses to start, naming the variable (``clinic_site.apps``). The check waits for the
start rather than running here because Python runs this file first whenever any settings module
of the package is imported, the test settings included. Production also turns on every HTTPS
protection, so that ``manage.py check --deploy`` is clean.
"""

from clinic_site.settings.base import *  # noqa: F403
from clinic_site.settings.base import (
    DEBUG,
    env,
    media_storage_settings,
    private_storage_settings,
)

if not DEBUG:
    SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="")
    ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=[])
    SITE_URL = env.str("SITE_URL", default="").rstrip("/")
    NEWSLETTER_FORGET_KEY = env.str("NEWSLETTER_FORGET_KEY", default="")

    SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
    # A load balancer probes the health check over plain HTTP.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
    SECURE_HSTS_PRELOAD = env.bool("DJANGO_SECURE_HSTS_PRELOAD", default=True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

    # Collected at build time, compressed, with hashed names; WhiteNoise serves them.
    STORAGES = {
        "default": media_storage_settings(),
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
        "private": private_storage_settings(),
    }

    TASKS = {
        "default": {"BACKEND": env.str("TASKS_BACKEND", default="django_tasks_db.DatabaseBackend")}
    }
