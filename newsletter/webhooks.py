"""
The mail provider's tracking webhook: django-anymail's views, one per provider, at
``/anymail/<provider>/tracking/`` (``/anymail/postmark/tracking/``). Only the tracking views:
the site reads no inbound email.

Anymail checks the basic-auth secret (``ANYMAIL["WEBHOOK_SECRET"]``, from
``ANYMAIL_WEBHOOK_SECRET``) but, when none is set, only warns and takes every post: here a
webhook without a secret refuses every post instead, so nobody can mark subscribers bounced.
The views are exempt from CSRF (the provider has no token), as anymail marks them.
"""

from functools import wraps

from anymail import urls as anymail_urls
from django.conf import settings
from django.http import HttpResponseForbidden
from django.urls import path


def secret_required(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not getattr(settings, "ANYMAIL", {}).get("WEBHOOK_SECRET"):
            return HttpResponseForbidden("ANYMAIL_WEBHOOK_SECRET is not set.")
        return view(request, *args, **kwargs)

    return wrapper


app_name = "anymail"
urlpatterns = [
    path(str(pattern.pattern), secret_required(pattern.callback), name=pattern.name)
    for pattern in anymail_urls.urlpatterns
    if pattern.name and pattern.name.endswith("_tracking_webhook")
]
