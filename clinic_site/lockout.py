"""
The admin login lockout (django-axes): five wrong passwords lock a username at one address out
for an hour. See the "Admin login lockout" block in clinic_site/settings/base.py and the README
to unlock.
"""

from axes.backends import AxesStandaloneBackend
from axes.helpers import get_cool_off, get_failure_limit
from django.conf import settings
from django.contrib import admin
from django.shortcuts import render
from django.utils.translation import gettext as _


class LoginLockoutBackend(AxesStandaloneBackend):
    """
    Axes' lockout check, for every login that comes with a request (the admin login form
    always does). A call without one, such as the test client's ``login()`` or a script's
    ``authenticate()``, has no address to count failures against, so it passes straight on to
    the password check instead of failing: axes' documented way to serve such callers.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


def lockout_response(request, original_response=None, credentials=None):
    """A page that says what happened and what to do, in the admin's own frame."""
    cool_off = get_cool_off(request)
    context = {
        **admin.site.each_context(request),
        "title": _("Sign-in paused"),
        "failure_limit": get_failure_limit(request, credentials),
        "cool_off_minutes": int(cool_off.total_seconds() // 60) if cool_off else None,
    }
    # Rendered now: the middleware returns it after the view, too late for a TemplateResponse.
    return render(
        request, "admin/locked_out.html", context, status=settings.AXES_HTTP_RESPONSE_CODE
    )
