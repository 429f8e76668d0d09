"""
The one settings module, driven by the environment (see the README's configuration table).

Three modes follow from two facts:
- DEBUG (``DJANGO_DEBUG``): a developer's machine. Console email, tasks run at once.
- TESTING (the process is pytest or ``manage.py test``): test defaults, no secrets needed.
- neither: production. It refuses to start without a secret key and allowed hosts, and turns
  on every HTTPS protection so that ``manage.py check --deploy`` is clean.
"""

import os
import sys
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return split_list(os.environ.get(name, default))


def split_list(value):
    return [item.strip() for item in value.split(",") if item.strip()]


def env_int(name, default):
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}.") from None


def required_in_production(name):
    value = os.environ.get(name, "").strip()
    if not value:
        raise ImproperlyConfigured(
            f"{name} must be set when DJANGO_DEBUG is off (production). See the README."
        )
    return value


TESTING = "PYTEST_VERSION" in os.environ or sys.argv[1:2] == ["test"]
DEBUG = env_bool("DJANGO_DEBUG", False)
PRODUCTION = not DEBUG and not TESTING

# --- Core -----------------------------------------------------------------------------------

if PRODUCTION:
    SECRET_KEY = required_in_production("DJANGO_SECRET_KEY")
    ALLOWED_HOSTS = split_list(required_in_production("DJANGO_ALLOWED_HOSTS"))
else:
    # Only ever used on a developer's machine or in the test suite.
    SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY") or "django-insecure-local-development-only"
    ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS") or [
        "127.0.0.1",
        "localhost",
        "[::1]",
        "testserver",
    ]

CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

# The public address of the site, for links in emails and feeds built outside a request.
SITE_URL = (
    required_in_production("SITE_URL")
    if PRODUCTION
    else os.environ.get("SITE_URL", "http://127.0.0.1:8000")
).rstrip("/")

INSTALLED_APPS = [
    "clinic_site",
    "blog",
    "leads",
    "newsletter",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    "csp",
    "crispy_forms",
    "crispy_bootstrap5",
    "phonenumber_field",
    "django_tasks",
    "django_tasks_db",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Remembers the landing page's UTM tags and referrer for the call-back form.
    "leads.middleware.VisitAttributionMiddleware",
]

ROOT_URLCONF = "clinic_site.urls"
WSGI_APPLICATION = "clinic_site.wsgi.application"
ASGI_APPLICATION = "clinic_site.asgi.application"

_template_loaders = [
    "django.template.loaders.filesystem.Loader",
    "django.template.loaders.app_directories.Loader",
]
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "clinic_site.context_processors.clinic",
            ],
            # Templates are read from disk on every request only while developing.
            "loaders": _template_loaders
            if DEBUG
            else [("django.template.loaders.cached.Loader", _template_loaders)],
        },
    },
]

# --- Database -------------------------------------------------------------------------------

DATABASES = {
    # An empty DATABASE_URL counts as unset.
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", "").strip() or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 600),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers work while a form post writes; IMMEDIATE takes the write lock when the
    # transaction starts, so two concurrent posts queue (up to the timeout) instead of failing
    # with "database is locked" halfway through.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
DATABASES["default"].setdefault("TEST", {})

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache ----------------------------------------------------------------------------------

REDIS_URL = os.environ.get("REDIS_URL", "").strip()
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "clinic"),
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# --- Auth -----------------------------------------------------------------------------------

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
if TESTING:
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

LOGIN_URL = "admin:login"

# --- Admin login lockout (django-axes) ------------------------------------------------------

# Five wrong passwords for one username from one address lock that pair out for an hour:
# a guesser is stopped, while a coordinator at the clinic is not locked out by someone
# elsewhere typing their username. Unlock sooner: `manage.py axes_reset_username NAME`.
INSTALLED_APPS += ["axes"]
# Last, as axes asks: it turns a locked-out login into the lockout page.
MIDDLEWARE += ["axes.middleware.AxesMiddleware"]
AUTHENTICATION_BACKENDS = [
    "clinic_site.lockout.LoginLockoutBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_ENABLED = True
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 1  # hour
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "clinic_site.ip_addresses.client_ip"
AXES_LOCKOUT_CALLABLE = "clinic_site.lockout.lockout_response"
AXES_HTTP_RESPONSE_CODE = 429
# Failures are counted in the database, so every worker process sees the same count.
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
# No banner on every start; failed sign-ins and lockouts are still logged as warnings.
AXES_VERBOSE = False

# --- End of admin login lockout -------------------------------------------------------------

# --- Internationalisation -------------------------------------------------------------------

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = os.environ.get("DJANGO_TIME_ZONE", "Europe/Istanbul")
USE_I18N = True
USE_TZ = True

# --- Static and media files -----------------------------------------------------------------

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
    # Bootstrap comes from its PyPI package, and only the stylesheets the pages link.
    "clinic_site.finders.BootstrapFinder",
]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT", BASE_DIR / "media"))

# Outside production, WhiteNoise serves straight from the app and package folders.
WHITENOISE_USE_FINDERS = not PRODUCTION
WHITENOISE_AUTOREFRESH = DEBUG

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

# --- Security -------------------------------------------------------------------------------

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
CSRF_FAILURE_VIEW = "clinic_site.views.csrf_failure"

if env_bool("DJANGO_SECURE_PROXY_SSL_HEADER"):
    # Only behind a proxy that sets this header itself and strips it from clients.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

if PRODUCTION:
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
    # A load balancer probes the health check over plain HTTP.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SECURE_HSTS_SECONDS = env_int("DJANGO_SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("DJANGO_SECURE_HSTS_PRELOAD", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

# Everything a page uses comes from this origin; no inline script is ever allowed.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        # Bootstrap draws a few icons (form validation, toggles) as data: SVGs.
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    },
}

# --- Email ----------------------------------------------------------------------------------


def email_settings_from_url(url):
    """Read ``smtp://user:password@host:port`` (or ``smtps://``, ``?tls=1``) into settings."""
    parts = urlsplit(url)
    query = parse_qs(parts.query)
    if parts.scheme not in {"smtp", "smtps", "console", "locmem"}:
        raise ImproperlyConfigured(
            f"EMAIL_URL scheme must be smtp, smtps or console, not {parts.scheme!r}."
        )
    if parts.scheme == "console":
        return {"EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"}
    if parts.scheme == "locmem":
        return {"EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend"}
    return {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": parts.hostname or "localhost",
        "EMAIL_PORT": parts.port or (465 if parts.scheme == "smtps" else 587),
        "EMAIL_HOST_USER": unquote(parts.username or ""),
        "EMAIL_HOST_PASSWORD": unquote(parts.password or ""),
        "EMAIL_USE_SSL": parts.scheme == "smtps",
        "EMAIL_USE_TLS": parts.scheme == "smtp"
        and query.get("tls", ["1"])[0] not in {"0", "false"},
    }


EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10)
if os.environ.get("EMAIL_URL"):
    globals().update(email_settings_from_url(os.environ["EMAIL_URL"]))
elif os.environ.get("EMAIL_HOST"):
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = os.environ["EMAIL_HOST"]
    EMAIL_PORT = env_int("EMAIL_PORT", 587)
    EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
    EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
elif DEBUG:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
else:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"

DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "clinic@localhost")
SERVER_EMAIL = os.environ.get("SERVER_EMAIL", DEFAULT_FROM_EMAIL)
ADMINS = [("Admin", address) for address in env_list("DJANGO_ADMINS")]

# --- Background tasks -----------------------------------------------------------------------

# Production stores tasks in the database for `manage.py db_worker`; on a developer's machine
# and in the tests they run at once (enqueued after the transaction commits).
TASKS = {
    "default": {
        "BACKEND": os.environ.get(
            "TASKS_BACKEND",
            "django_tasks_db.DatabaseBackend"
            if PRODUCTION
            else "django_tasks.backends.immediate.ImmediateBackend",
        ),
    }
}

# --- Forms ----------------------------------------------------------------------------------

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"
FORM_RENDERER = "django.forms.renderers.DjangoTemplates"

PHONENUMBER_DEFAULT_REGION = os.environ.get("PHONENUMBER_DEFAULT_REGION", "TR")
PHONENUMBER_DB_FORMAT = "E164"

# --- Leads and newsletter (see their apps) ------------------------------------------------

# How many proxies in front of the site append to X-Forwarded-For (0: use REMOTE_ADDR).
CLIENT_IP_PROXY_COUNT = env_int("CLIENT_IP_PROXY_COUNT", 0)

LEADS_MIN_FILL_SECONDS = env_int("LEADS_MIN_FILL_SECONDS", 3)
LEADS_RATE_LIMIT = os.environ.get("LEADS_RATE_LIMIT", "5/10m")
LEADS_PHONE_RATE_LIMIT = os.environ.get("LEADS_PHONE_RATE_LIMIT", "3/1d")
LEADS_NOTIFY_EMAILS = env_list("LEADS_NOTIFY_EMAILS")
LEADS_WEBHOOK_URL = os.environ.get("LEADS_WEBHOOK_URL", "")
LEADS_SLA_MINUTES = env_int("LEADS_SLA_MINUTES", 15)
LEADS_MAX_ATTEMPTS = env_int("LEADS_MAX_ATTEMPTS", 3)
LEADS_RETENTION_DAYS = env_int("LEADS_RETENTION_DAYS", 365)

NEWSLETTER_RATE_LIMIT = os.environ.get("NEWSLETTER_RATE_LIMIT", "5/10m")
# Off by default: double opt-in already stops bots, and a time trap would silently drop a
# plain post (a script, a test, a browser that restores the page) as spam.
NEWSLETTER_MIN_FILL_SECONDS = env_int("NEWSLETTER_MIN_FILL_SECONDS", 0)
NEWSLETTER_CONFIRM_MAX_AGE = env_int("NEWSLETTER_CONFIRM_MAX_AGE", 60 * 60 * 24 * 7)

# Error reports never show submitted form values (names, phone numbers, messages).
DEFAULT_EXCEPTION_REPORTER_FILTER = "clinic_site.logging.PersonalDataExceptionReporterFilter"

# --- Logging --------------------------------------------------------------------------------

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "redact_personal_data": {"()": "clinic_site.logging.RedactPersonalDataFilter"},
    },
    "formatters": {
        # One line per event, key=value, so `grep level=ERROR` or `grep logger=leads` works.
        "keyvalue": {
            "format": "time=%(asctime)s level=%(levelname)s logger=%(name)s msg=%(message)s",
        },
    },
    "handlers": {
        "stdout": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": "keyvalue",
            "filters": ["redact_personal_data"],
        },
    },
    "root": {"handlers": ["stdout"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
    },
}
