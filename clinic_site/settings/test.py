"""
The settings the test suite runs with (pyproject's ``DJANGO_SETTINGS_MODULE``): the shared
settings with what makes tests fast and independent. ``DATABASE_URL`` and ``REDIS_URL`` still
choose PostgreSQL and Redis, as CI does; nothing else needs to be set.
"""

from clinic_site.settings.base import *  # noqa: F403

# Background tasks run at once. Work the code defers until its transaction commits (the staff
# notification, a confirmation email) runs when a test captures it with pytest-django's
# ``django_capture_on_commit_callbacks(execute=True)``: the test's own transaction never commits.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

# Tests serve static files from the app and package folders: nothing is collected.
WHITENOISE_USE_FINDERS = True

# Fast to hash: tests sign in many users, and the strength of the hash is not under test.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
