"""
Checks for what Django's own cannot know: deployment (``manage.py check --deploy``),
languages switched on without their translated-content columns, and a private storage (the
assessment photos) inside a public folder.
"""

from pathlib import Path

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register


@register(Tags.security, deploy=True)
def check_site_url_is_https(app_configs, **kwargs):
    if settings.SITE_URL.startswith("https://"):
        return []
    return [
        Warning(
            "SITE_URL is not an https:// address.",
            hint="Links in emails (confirm, unsubscribe, the lead in admin) use it; "
            "mail providers expect one-click unsubscribe links over HTTPS.",
            id="clinic_site.W001",
        )
    ]


@register(Tags.security, deploy=True)
def check_mail_provider_webhook_secret(app_configs, **kwargs):
    uses_provider = settings.EMAIL_BACKEND.startswith("anymail.") or str(
        settings.NEWSLETTER_EMAIL_CONNECTION.get("BACKEND", "")
    ).startswith("anymail.")
    if not uses_provider or settings.ANYMAIL.get("WEBHOOK_SECRET"):
        return []
    return [
        Warning(
            "Email goes through a mail provider, but ANYMAIL_WEBHOOK_SECRET is not set.",
            hint="Its tracking webhook refuses every post without one, so bounces and spam "
            "complaints are never recorded and such addresses keep being mailed. Set it to "
            "user:password and give the provider https://user:password@<site>/anymail/"
            "<provider>/tracking/ (see the README).",
            id="clinic_site.W003",
        )
    ]


@register(Tags.caches, deploy=True)
def check_shared_cache(app_configs, **kwargs):
    backend = settings.CACHES["default"]["BACKEND"]
    if "LocMemCache" not in backend:
        return []
    return [
        Warning(
            "The cache is local to each process.",
            hint="Rate limits on the public forms then count per worker process, and an edited "
            "clinic identity may show late in other processes. Set REDIS_URL, or leave it "
            "unset for the database cache that production uses without it.",
            id="clinic_site.W002",
        )
    ]


@register()
def check_languages_have_content_columns(app_configs, **kwargs):
    """A language switched on (DJANGO_LANGUAGES) needs its translated-text columns."""
    missing = [code for code, _name in settings.LANGUAGES if code not in settings.CONTENT_LANGUAGES]
    if not missing:
        return []
    return [
        Error(
            f"No translated-content columns for {', '.join(missing)} (DJANGO_LANGUAGES).",
            hint="Add the language to CONTENT_LANGUAGES in clinic_site/settings/base.py, run "
            "makemigrations and migrate, and add its catalogue: see the README, "
            '"Adding a language".',
            id="clinic_site.E001",
        )
    ]


@register(Tags.security)
def check_private_storage_is_not_public(app_configs, **kwargs):
    """
    The assessment photos' folder (the "private" storage) must not be inside a folder the web
    server or WhiteNoise serves to anyone: MEDIA_ROOT, STATIC_ROOT, STATICFILES_DIRS or
    WHITENOISE_ROOT.
    """
    options = settings.STORAGES.get("private", {}).get("OPTIONS", {})
    location = options.get("location")
    if not location or "bucket_name" in options:
        return []
    private = Path(location).resolve()
    public = [
        ("MEDIA_ROOT", settings.MEDIA_ROOT),
        ("STATIC_ROOT", settings.STATIC_ROOT),
        # WhiteNoise serves this folder at the site's root when it is set.
        ("WHITENOISE_ROOT", getattr(settings, "WHITENOISE_ROOT", None)),
    ]
    for folder in settings.STATICFILES_DIRS:
        # An entry may be (prefix, folder).
        public.append(("STATICFILES_DIRS", folder[1] if isinstance(folder, tuple) else folder))
    return [
        Error(
            f"The private storage ({private}) is inside {setting} ({folder}).",
            hint="Patients' assessment photos would be served to anyone under its address. "
            "Set DJANGO_PRIVATE_MEDIA_ROOT to a folder of its own, outside every public one.",
            id="clinic_site.E002",
        )
        for setting, folder in public
        if folder and private.is_relative_to(Path(folder).resolve())
    ]
