"""
What every environment shares: a developer's machine, the test suite and production.

Everything comes from the environment (see the README's configuration table), read through
``env``: a value that cannot be read stops the start with the variable's name. The defaults here
are the safe ones for a developer's machine and the tests; production's own rules, and the
values it cannot start without, are in ``clinic_site/settings/__init__.py``.
"""

from pathlib import Path

from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from clinic_site.settings.env import SMTP, Env
from clinic_site.settings.languages import site_languages
from clinic_site.settings.mail import provider_settings, smtp_connection_settings, webhook_secret

BASE_DIR = Path(__file__).resolve().parent.parent.parent
env = Env()

# --- Core -----------------------------------------------------------------------------------

DEBUG = env.bool("DJANGO_DEBUG", default=False)

# Only ever used on a developer's machine or in the test suite: production must set its own.
SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="django-insecure-local-development-only")
ALLOWED_HOSTS = env.list(
    "DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]", "testserver"]
)
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

# The public address of the site, for links in emails and feeds built outside a request.
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")

# --- Applications and middleware ------------------------------------------------------------

INSTALLED_APPS = [
    "clinic_site",
    "blog",
    "clinic",
    "leads",
    "newsletter",
    "modeltranslation",  # before the admin, whose forms it extends
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
    "axes",  # the admin login lockout, below
    "anymail",  # email through a mail provider's API, and its tracking webhook (below)
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Compresses what the app answers, last of all; WhiteNoise's files come compressed already
    # (clinic_site/compression.py says which responses, and why a signed-in one never is).
    "clinic_site.compression.CompressionMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Anonymous public pages from the shared cache, before anything else runs for them
    # (clinic_site/page_cache.py).
    "clinic_site.page_cache.PageCacheMiddleware",
    # Request headers are stored (browser, referrer, the Accept of a failed admin login): no
    # control characters in any of them (a NUL is a 500 on PostgreSQL).
    "clinic_site.text.StoredHeadersMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # The language of a public page is its address's (clinic_site/languages.py).
    "clinic_site.languages.AddressLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Before the CSRF check reads the body: no file unless the view takes files, and a size
    # limit for every body (clinic_site/uploads.py).
    "clinic_site.uploads.RequestBodyLimitMiddleware",
    # Django's token, or for the public forms the browser's Sec-Fetch-Site or Origin
    # (clinic_site/csrf.py).
    "clinic_site.csrf.OriginCsrfMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Remembers the landing page's UTM tags and referrer for the call-back form.
    "leads.middleware.VisitAttributionMiddleware",
    # Last, as axes asks: it turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "clinic_site.urls"
WSGI_APPLICATION = "clinic_site.wsgi.application"

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
    "default": {
        **env.db_url("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        "CONN_MAX_AGE": env.int("DATABASE_CONN_MAX_AGE", default=600),
        "CONN_HEALTH_CHECKS": True,
    }
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers work while a form post writes; IMMEDIATE takes the write lock when the
    # transaction starts, so two concurrent posts queue (up to the timeout) instead of failing
    # with "database is locked" halfway through. The connection is kept between requests as
    # PostgreSQL's is (opening one and its PRAGMAs cost a request 0.7 ms): a gunicorn sync
    # worker is one thread with its own connection, opened after the fork; each statement
    # commits on its own, so a kept connection reads what other workers wrote.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache ----------------------------------------------------------------------------------

# Shared by every worker process: Redis when REDIS_URL is set, else the database (production)
# or each process's memory (DJANGO_DEBUG). Redis is an accelerator, never a single point of
# failure: with it unreachable, pages are built from the database and the rate limits let
# requests through (clinic_site/cache.py). The short timeouts keep a Redis that hangs from
# holding a page for long.
REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "clinic_site.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env.str("CACHE_KEY_PREFIX", default="clinic"),
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 1.0},
        }
    }
elif DEBUG:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
else:
    # One machine with no Redis: a table in the site's database, which every worker process
    # shares, so an edited clinic identity and the rate limits hold across them. ``migrate``
    # creates it (clinic_site/apps.py); its ``incr`` is atomic across processes
    # (clinic_site/cache.py). Entries past MAX_ENTRIES are culled, the expired ones first.
    CACHES = {
        "default": {
            "BACKEND": "clinic_site.cache.SharedDatabaseCache",
            "LOCATION": "clinic_cache",
            "KEY_PREFIX": env.str("CACHE_KEY_PREFIX", default="clinic"),
            "OPTIONS": {"MAX_ENTRIES": 20_000},
        }
    }
    if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
        # On SQLite the cache's table is a file of its own next to the site's (``db.sqlite3``
        # and ``db-cache.sqlite3``): SQLite has one write lock per file, and a call-back post
        # writes a counter per rate limit, so with one file every counter waited for the
        # leads' writes and they for it. ``migrate`` creates it; it needs no backup.
        _site_file = Path(DATABASES["default"]["NAME"])
        DATABASES["cache"] = {
            **DATABASES["default"],
            "NAME": str(_site_file.with_name(f"{_site_file.stem}-cache{_site_file.suffix}")),
            "OPTIONS": dict(DATABASES["default"]["OPTIONS"]),
        }
        DATABASE_ROUTERS = ["clinic_site.cache.CacheDatabaseRouter"]

# How long a public page is served from the cache at most; any write to what pages show makes
# them stale at once (clinic_site/page_cache.py). Off: every page is built for its request.
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=10 * 60)
PAGE_CACHE_ENABLED = PAGE_CACHE_SECONDS > 0

# --- Auth -----------------------------------------------------------------------------------

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "admin:login"
# Only staff have sessions (no public page writes one), so this is the staff sign-in: it lasts a
# working day from signing in, not Django's two weeks.
SESSION_COOKIE_AGE = 10 * 60 * 60

# --- Admin login lockout (django-axes) ------------------------------------------------------

# Five wrong passwords for one username from one address lock that pair out for an hour:
# a guesser is stopped, while a coordinator at the clinic is not locked out by someone
# elsewhere typing their username. Unlock sooner: `manage.py axes_reset_username NAME`.
# Failures are counted in the database (axes' default handler), so every worker process sees
# the same count.
AUTHENTICATION_BACKENDS = [
    "clinic_site.lockout.LoginLockoutBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 1  # hour
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "clinic_site.ip_addresses.client_ip"
AXES_LOCKOUT_CALLABLE = "clinic_site.lockout.lockout_response"
AXES_HTTP_RESPONSE_CODE = 429
# No banner on every start; failed sign-ins and lockouts are still logged as warnings.
AXES_VERBOSE = False

# --- Internationalisation -------------------------------------------------------------------

# The default language's pages keep their unprefixed addresses; every other language has the
# same pages under /<code>/ (clinic_site/urls.py). See clinic_site/settings/languages.py.
LOCALE_PATHS = [BASE_DIR / "locale"]
# Dates and numbers: Django's format for each language, with our corrections (clinic_site/formats).
FORMAT_MODULE_PATH = ["clinic_site.formats"]
LANGUAGES, LANGUAGE_CODE = site_languages(
    env.list("DJANGO_LANGUAGES", default=["en", "tr", "de", "ar"]),
    env.str("DJANGO_LANGUAGE_CODE", default="en"),
    locale_dir=LOCALE_PATHS[0],
)
TIME_ZONE = env.str("DJANGO_TIME_ZONE", default="Europe/Istanbul")

# --- Translated content ---------------------------------------------------------------------
# Category, doctor, treatment and clinic texts have a column per language on their own table
# (django-modeltranslation: name_en, name_de, …): a page reads its language's text with no extra
# query, and an empty translation falls back to the default language. The columns exist for
# every language the site has a catalogue for, whether or not DJANGO_LANGUAGES switches it on,
# so the migrations never depend on the environment. A fifth language: add its code here, run
# makemigrations (one column per translated field), and add its catalogue (see the README).
CONTENT_LANGUAGES = ("en", "tr", "de", "ar")
MODELTRANSLATION_LANGUAGES = CONTENT_LANGUAGES
MODELTRANSLATION_DEFAULT_LANGUAGE = LANGUAGE_CODE if LANGUAGE_CODE in CONTENT_LANGUAGES else "en"
MODELTRANSLATION_FALLBACK_LANGUAGES = (MODELTRANSLATION_DEFAULT_LANGUAGE,)

# --- Static and media files -----------------------------------------------------------------

STATIC_URL = "/static/"
STATIC_ROOT = Path(env.str("DJANGO_STATIC_ROOT", default=BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
# Bootstrap is not among them: static/bootstrap/ holds its package's stylesheets trimmed to the
# classes the pages use (`make bootstrap`, clinic_site/bootstrap.py).
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env.str("DJANGO_MEDIA_ROOT", default=BASE_DIR / "media"))
SERVE_MEDIA = env.bool("DJANGO_SERVE_MEDIA", default=False)

# The public media (heroes, doctors' portraits, results): MEDIA_ROOT, served under MEDIA_URL by
# the web server in front, or with DJANGO_SERVE_MEDIA on by gunicorn itself when there is none
# (make serve without caddy: clinic_site/media.py); with MEDIA_STORAGE_BUCKET set, an
# S3-compatible bucket (MEDIA_STORAGE_* variables, see the README), which several app servers
# share, as they share the database.


def media_storage_settings(environment: Env = env) -> dict:
    """
    The "default" entry of STORAGES: MEDIA_ROOT, or the public media bucket when one is set.
    ``environment`` reads the variables (the process's own by default; a test passes another).
    """
    bucket = environment.str("MEDIA_STORAGE_BUCKET", default="")
    if not bucket:
        return {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": bucket,
            "endpoint_url": environment.str("MEDIA_STORAGE_ENDPOINT_URL", default="") or None,
            "region_name": environment.str("MEDIA_STORAGE_REGION", default="") or None,
            "access_key": environment.str("MEDIA_STORAGE_ACCESS_KEY", default="") or None,
            "secret_key": environment.str("MEDIA_STORAGE_SECRET_KEY", default="") or None,
            "location": environment.str("MEDIA_STORAGE_PREFIX", default="media"),
            # The bucket's own address, or a CDN's in front of it (media.clinic.example).
            "custom_domain": environment.str("MEDIA_STORAGE_DOMAIN", default="") or None,
            # Plain, lasting addresses: a page shared by every visitor (the page cache) must not
            # carry a signature that expires. The objects are readable by the bucket's policy,
            # not by an ACL on each (many providers refuse ACLs).
            "querystring_auth": False,
            "default_acl": None,
            # A replaced image gets a new name (so do its sizes), and no two servers' uploads
            # ever take one another's: browsers may keep each file for a year.
            "file_overwrite": False,
            "object_parameters": {"CacheControl": "public, max-age=31536000"},
        },
    }


# Patients' assessment photos are health data: never under MEDIA_URL or any public address.
# They are kept by the storage named "private" and read only through the view that checks the
# reader's permission (leads.private.assessment_photo). By default a folder of its own, outside
# the public media (a system check refuses one inside MEDIA_ROOT or STATIC_ROOT); with
# PRIVATE_STORAGE_BUCKET set, an S3-compatible bucket (django-storages, PRIVATE_STORAGE_*
# variables, see the README), never public. With ASSESSMENT_PHOTO_SIGNED_URLS on, the view
# sends an allowed reader on to the bucket with a signed address good for
# ASSESSMENT_PHOTO_URL_SECONDS, instead of streaming the photo itself.
PRIVATE_STORAGE_BUCKET = env.str("PRIVATE_STORAGE_BUCKET", default="")
ASSESSMENT_PHOTO_URL_SECONDS = env.int("ASSESSMENT_PHOTO_URL_SECONDS", default=60)
ASSESSMENT_PHOTO_SIGNED_URLS = env.bool("ASSESSMENT_PHOTO_SIGNED_URLS", default=False)


def private_storage_settings(environment: Env = env) -> dict:
    """
    The "private" entry of STORAGES: a local folder, or the private bucket when one is set.
    ``environment`` reads the variables (the process's own by default; a test passes another).
    """
    bucket = environment.str("PRIVATE_STORAGE_BUCKET", default="")
    if not bucket:
        location = environment.str("DJANGO_PRIVATE_MEDIA_ROOT", default=BASE_DIR / "private")
        return {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            # The files have no public address: the view reads them from the folder.
            "OPTIONS": {"location": Path(location), "base_url": None},
        }
    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": bucket,
            "endpoint_url": environment.str("PRIVATE_STORAGE_ENDPOINT_URL", default="") or None,
            "region_name": environment.str("PRIVATE_STORAGE_REGION", default="") or None,
            "access_key": environment.str("PRIVATE_STORAGE_ACCESS_KEY", default="") or None,
            "secret_key": environment.str("PRIVATE_STORAGE_SECRET_KEY", default="") or None,
            "location": environment.str("PRIVATE_STORAGE_PREFIX", default="assessments"),
            # Never readable without a signature, whatever the bucket's own default.
            "default_acl": "private",
            "querystring_auth": True,
            "querystring_expire": environment.int("ASSESSMENT_PHOTO_URL_SECONDS", default=60),
            # Two photos never share a name; this keeps an upload from replacing another.
            "file_overwrite": False,
        },
    }


STORAGES = {
    "default": media_storage_settings(),
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    "private": private_storage_settings(),
}

# --- Security -------------------------------------------------------------------------------

SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
CSRF_FAILURE_VIEW = "clinic_site.views.csrf_failure"
# Django's check looks for its own CSRF middleware by name; ours is a subclass of it
# (clinic_site/csrf.py), in the same place in MIDDLEWARE.
SILENCED_SYSTEM_CHECKS = ["security.W003"]

if env.bool("DJANGO_SECURE_PROXY_SSL_HEADER", default=False):
    # Only behind a proxy that sets this header itself and strips it from clients.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Everything a page uses comes from this origin; no inline script is ever allowed.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        # Bootstrap draws a few icons (form validation, toggles) as data: SVGs; the assessment
        # form previews the photos a patient chose, before sending them, as blob: addresses.
        "img-src": [SELF, "data:", "blob:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    },
}

# --- Email ----------------------------------------------------------------------------------

# A mail provider's API (EMAIL_PROVIDER, through django-anymail: clinic_site/settings/mail.py);
# else EMAIL_URL, else EMAIL_HOST and its companions; with none, the console while developing
# and the SMTP server on localhost otherwise.
_provider = provider_settings(env)
if _provider and (env.str("EMAIL_URL", default="") or env.str("EMAIL_HOST", default="")):
    raise ImproperlyConfigured(
        "EMAIL_PROVIDER sends through the provider's API: unset EMAIL_URL and EMAIL_HOST, "
        "or unset EMAIL_PROVIDER to send by SMTP."
    )
if _provider:
    _email = {"EMAIL_BACKEND": _provider["BACKEND"]}
elif env.str("EMAIL_URL", default=""):
    _email = env.email_url("EMAIL_URL")
elif env.str("EMAIL_HOST", default=""):
    _email = {
        "EMAIL_BACKEND": SMTP,
        "EMAIL_HOST": env.str("EMAIL_HOST"),
        "EMAIL_PORT": env.int("EMAIL_PORT", default=587),
        "EMAIL_HOST_USER": env.str("EMAIL_HOST_USER", default=""),
        "EMAIL_HOST_PASSWORD": env.str("EMAIL_HOST_PASSWORD", default=""),
        "EMAIL_USE_TLS": env.bool("EMAIL_USE_TLS", default=True),
        "EMAIL_USE_SSL": env.bool("EMAIL_USE_SSL", default=False),
    }
else:
    _email = {"EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend" if DEBUG else SMTP}
EMAIL_BACKEND = _email["EMAIL_BACKEND"]
# Django's own defaults where the backend needs no server or none was named.
EMAIL_HOST = _email.get("EMAIL_HOST", "localhost")
EMAIL_PORT = _email.get("EMAIL_PORT", 25)
EMAIL_HOST_USER = _email.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = _email.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = _email.get("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = _email.get("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=10)

# Transactional email (confirmations, staff notifications) comes from the clinic's address;
# the newsletter from its own, on a subdomain (news@news.clinic.example), so that the bulk
# mail's reputation with the large mailbox providers never touches the confirmations'.
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="clinic@localhost")
NEWSLETTER_FROM_EMAIL = env.str("NEWSLETTER_FROM_EMAIL", default="newsletter@news.localhost")
SERVER_EMAIL = env.str("SERVER_EMAIL", default=DEFAULT_FROM_EMAIL)
ADMINS = [("Admin", address) for address in env.list("DJANGO_ADMINS", default=[])]

# The newsletter's own connection (newsletter.mail.bulk_connection): another provider or
# account (NEWSLETTER_EMAIL_PROVIDER), or an SMTP server (NEWSLETTER_EMAIL_URL); empty, the
# default connection above.
_bulk_provider = provider_settings(env, variable="NEWSLETTER_EMAIL_PROVIDER", prefix="NEWSLETTER_")
if _bulk_provider and env.str("NEWSLETTER_EMAIL_URL", default=""):
    raise ImproperlyConfigured("Set NEWSLETTER_EMAIL_PROVIDER or NEWSLETTER_EMAIL_URL, not both.")
if _bulk_provider:
    NEWSLETTER_EMAIL_CONNECTION = _bulk_provider
elif env.str("NEWSLETTER_EMAIL_URL", default=""):
    NEWSLETTER_EMAIL_CONNECTION = smtp_connection_settings(env.email_url("NEWSLETTER_EMAIL_URL"))
else:
    NEWSLETTER_EMAIL_CONNECTION = {}
# Postmark keeps bulk mail on a "broadcast" message stream of its own (every server has one
# named "broadcast"); campaigns sent through Postmark's API go there (newsletter.mail).
NEWSLETTER_POSTMARK_STREAM = env.str("NEWSLETTER_POSTMARK_STREAM", default="broadcast")

# django-anymail: the default provider's keys, and the basic-auth secret its tracking webhook
# (/anymail/<provider>/tracking/) demands; without a secret the webhook refuses every post
# (newsletter/webhooks.py).
ANYMAIL = {"WEBHOOK_SECRET": webhook_secret(env)}
if _provider:
    _name = _provider["BACKEND"].split(".")[2].upper()
    ANYMAIL.update({f"{_name}_{key.upper()}": value for key, value in _provider["OPTIONS"].items()})
# Temporary delivery failures in a row after which an address counts as bounced.
NEWSLETTER_SOFT_BOUNCE_LIMIT = env.int("NEWSLETTER_SOFT_BOUNCE_LIMIT", default=3)

# --- Background tasks -----------------------------------------------------------------------

# On a developer's machine tasks run at once; production queues them in the database for
# `manage.py db_worker`. The code enqueues them after its transaction commits.
TASKS = {
    "default": {
        "BACKEND": env.str(
            "TASKS_BACKEND", default="django_tasks.backends.immediate.ImmediateBackend"
        ),
    }
}
# A task still running this long after it started was left by a worker that stopped (or lost
# the database) before recording its result: the worker queues it again (clinic_site.worker).
TASKS_RUNNING_TIMEOUT_MINUTES = env.int("TASKS_RUNNING_TIMEOUT_MINUTES", default=10)

# --- Forms ----------------------------------------------------------------------------------

# The largest body a view that takes no files accepts (Django's default, 2.5 MB, said aloud:
# clinic_site/uploads.py also applies it before the body is read), and the largest one a view
# that takes files accepts (the admin's photos and CSV imports). A front proxy's own limit
# (nginx's client_max_body_size) should be at least the second.
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
UPLOAD_MAX_REQUEST_SIZE = env.int("UPLOAD_MAX_REQUEST_SIZE", default=20 * 1024 * 1024)

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

PHONENUMBER_DEFAULT_REGION = env.str("PHONENUMBER_DEFAULT_REGION", default="TR")

# --- Clinic pages (see the clinic app) ----------------------------------------------------

# Languages whose pages show no before-and-after pictures: some markets forbid them in the
# advertising of cosmetic procedures (Germany's Heilmittelwerbegesetz, section 11). The
# gallery, and every link to it, is left out of these languages' pages.
CLINIC_RESULTS_HIDDEN_LANGUAGES = env.list("CLINIC_RESULTS_HIDDEN_LANGUAGES", default=["de"])

# Reviews sent from /reviews/: per client IP, like the call-back form's LEADS_RATE_LIMIT (the
# time trap is the call-back form's LEADS_MIN_FILL_SECONDS). The reviewer's email address is
# only for questions while the review waits for moderation: erased when it is published or
# rejected, and by the daily purge_expired after this many days whatever happened.
REVIEWS_RATE_LIMIT = env.str("REVIEWS_RATE_LIMIT", default="3/1h")
REVIEWS_EMAIL_RETENTION_DAYS = env.int("REVIEWS_EMAIL_RETENTION_DAYS", default=30)

# --- Leads and newsletter (see their apps) ------------------------------------------------

# How many proxies in front of the site append to X-Forwarded-For (0: use REMOTE_ADDR).
CLIENT_IP_PROXY_COUNT = env.int("CLIENT_IP_PROXY_COUNT", default=0)

LEADS_MIN_FILL_SECONDS = env.int("LEADS_MIN_FILL_SECONDS", default=3)
LEADS_RATE_LIMIT = env.str("LEADS_RATE_LIMIT", default="5/10m")
# Past LEADS_RATE_LIMIT, requests from the address are still saved, marked and held for a
# coordinator to release, up to this ceiling (a hotel's Wi-Fi, a mobile carrier's NAT).
LEADS_RATE_LIMIT_HOLD = env.str("LEADS_RATE_LIMIT_HOLD", default="30/1h")
LEADS_PHONE_RATE_LIMIT = env.str("LEADS_PHONE_RATE_LIMIT", default="3/1d")
LEADS_NOTIFY_EMAILS = env.list("LEADS_NOTIFY_EMAILS", default=[])
LEADS_WEBHOOK_URL = env.str("LEADS_WEBHOOK_URL", default="")
LEADS_SLA_MINUTES = env.int("LEADS_SLA_MINUTES", default=15)
LEADS_MAX_ATTEMPTS = env.int("LEADS_MAX_ATTEMPTS", default=3)
LEADS_RETENTION_DAYS = env.int("LEADS_RETENTION_DAYS", default=365)

# The free assessment (/assessment/): up to this many photos, each at most this many bytes and
# pixels (a larger picture is refused from its header, never decoded), in a request of at most
# ASSESSMENT_MAX_REQUEST_SIZE bytes. Photos kept from a request the patient has not sent yet (a
# mistake in another field) wait for it this many hours, then the daily purge deletes them.
ASSESSMENT_MAX_PHOTOS = env.int("ASSESSMENT_MAX_PHOTOS", default=6)
ASSESSMENT_PHOTO_MAX_BYTES = env.int("ASSESSMENT_PHOTO_MAX_BYTES", default=15 * 1024 * 1024)
ASSESSMENT_PHOTO_MAX_PIXELS = env.int("ASSESSMENT_PHOTO_MAX_PIXELS", default=40_000_000)
ASSESSMENT_MAX_REQUEST_SIZE = env.int("ASSESSMENT_MAX_REQUEST_SIZE", default=100 * 1024 * 1024)
ASSESSMENT_UNSENT_PHOTO_HOURS = env.int("ASSESSMENT_UNSENT_PHOTO_HOURS", default=24)

NEWSLETTER_RATE_LIMIT = env.str("NEWSLETTER_RATE_LIMIT", default="5/10m")
# Off by default: double opt-in already stops bots, and a time trap would silently drop a
# plain post (a script, a test, a browser that restores the page) as spam.
NEWSLETTER_MIN_FILL_SECONDS = env.int("NEWSLETTER_MIN_FILL_SECONDS", default=0)
NEWSLETTER_CONFIRM_MAX_AGE = env.int("NEWSLETTER_CONFIRM_MAX_AGE", default=60 * 60 * 24 * 7)
# Keys the fingerprint a forgotten address leaves behind (newsletter.models.email_hash). Its own
# key, never rotated: SECRET_KEY may change, this one must not, or forgotten addresses could be
# imported again. Production must set it.
NEWSLETTER_FORGET_KEY = env.str(
    "NEWSLETTER_FORGET_KEY", default="django-insecure-forget-key-local-development-only"
)

# Campaigns (newsletter/services/sending.py): messages per minute each sender sends (0: as fast
# as the mail server takes them), and the mailbox of the mailto half of List-Unsubscribe (empty:
# DEFAULT_FROM_EMAIL's address; someone must read it and unsubscribe whoever writes).
NEWSLETTER_SEND_RATE = env.int("NEWSLETTER_SEND_RATE", default=300)
NEWSLETTER_UNSUBSCRIBE_EMAIL = env.str("NEWSLETTER_UNSUBSCRIBE_EMAIL", default="")
# The monthly article digest, on the first Monday of the month, in each language with new
# articles: "off", "draft" (for marketing to edit and send) or "send" (sent as composed).
NEWSLETTER_DIGEST = env.str("NEWSLETTER_DIGEST", default="off").strip().lower()
if NEWSLETTER_DIGEST not in {"off", "draft", "send"}:
    raise ImproperlyConfigured(
        f"NEWSLETTER_DIGEST must be off, draft or send, not {NEWSLETTER_DIGEST!r}."
    )

# Periods, in days, after which `manage.py purge_expired` removes what is kept only for a while:
# sign-ups never confirmed (the link works for 7 days), uploads never imported, and the admin's
# login records (django-axes: full IP address and browser).
NEWSLETTER_UNCONFIRMED_DAYS = env.int("NEWSLETTER_UNCONFIRMED_DAYS", default=30)
NEWSLETTER_UPLOAD_DAYS = env.int("NEWSLETTER_UPLOAD_DAYS", default=7)
LOGIN_RECORDS_DAYS = env.int("LOGIN_RECORDS_DAYS", default=30)

# Error reports never show what a patient typed or carried (form and query values, cookies,
# the headers that repeat them, phone numbers and emails in error messages).
DEFAULT_EXCEPTION_REPORTER = "clinic_site.logging.PersonalDataExceptionReporter"
DEFAULT_EXCEPTION_REPORTER_FILTER = "clinic_site.logging.PersonalDataExceptionReporterFilter"

# --- Logging --------------------------------------------------------------------------------

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "no_repeated_traceback": {"()": "clinic_site.logging.NoRepeatedTracebackFilter"},
        "without_traceback": {"()": "clinic_site.logging.WithoutTracebackFilter"},
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
            "filters": ["no_repeated_traceback", "redact_personal_data"],
        },
        "stdout_one_line": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": "keyvalue",
            "filters": ["without_traceback", "redact_personal_data"],
        },
    },
    "root": {"handlers": ["stdout"], "level": env.str("DJANGO_LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        # Anyone can cause these at will (a made-up Host header, a tampered cookie, a thousand
        # form fields): logged, never mailed to DJANGO_ADMINS, or a script floods their inbox.
        "django.security": {"handlers": ["stdout_one_line"], "level": "INFO", "propagate": False},
    },
}
