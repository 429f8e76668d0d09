"""Deployment checks (``manage.py check --deploy``) for what Django's own checks cannot know."""

from django.conf import settings
from django.core.checks import Tags, Warning, register


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


@register(Tags.caches, deploy=True)
def check_shared_cache(app_configs, **kwargs):
    backend = settings.CACHES["default"]["BACKEND"]
    if "LocMemCache" not in backend:
        return []
    return [
        Warning(
            "The cache is local to each process (REDIS_URL is not set).",
            hint="Rate limits on the public forms then count per worker process, and an edited "
            "clinic identity may show late in other processes. Set REDIS_URL.",
            id="clinic_site.W002",
        )
    ]
