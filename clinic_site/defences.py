"""
Spam defences shared by the public forms (call-back request, newsletter), lightest first:
CSRF (Django's), a honeypot field, a signed time stamp, and rate limits kept in the cache.

A form that fails the honeypot or the time trap is *suspect*, not rejected: the app decides
what to do (the call-back form saves it for review as spam; the newsletter sends nothing).
"""

import hashlib
import ipaddress
import re
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

from django import forms
from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

HONEYPOT = "HONEYPOT"
TOO_FAST = "TOO_FAST"
NO_TIMESTAMP = "NO_TIMESTAMP"

SUSPICION_LABELS = {
    HONEYPOT: _("hidden field filled in"),
    TOO_FAST: _("sent faster than a person types"),
    NO_TIMESTAMP: _("form time stamp missing or altered"),
}

_RATE = re.compile(r"^\s*(\d+)\s*/\s*(\d*)\s*([smhd])\s*$")
_UNIT_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


@dataclass(frozen=True)
class Rate:
    count: int
    seconds: int


def parse_rate(value: str) -> Rate:
    """``"5/10m"`` is 5 per 10 minutes; units s, m, h, d; ``"100/d"`` means per one day."""
    match = _RATE.match(value or "")
    if not match:
        raise ImproperlyConfigured(f"A rate limit looks like '5/10m', not {value!r}.")
    count, amount, unit = match.groups()
    return Rate(count=int(count), seconds=int(amount or 1) * _UNIT_SECONDS[unit])


def rate_limit_exceeded(*, scope: str, key: str, rate: str) -> bool:
    """
    Count one hit for ``key`` in ``scope`` and say whether it went over ``rate``.

    A fixed window in the cache (Redis in production, so every worker process shares it).
    The key is hashed: no phone number or IP address is ever written to the cache in clear.
    """
    limit = parse_rate(rate)
    window = int(time.time() // limit.seconds)
    digest = hashlib.sha256(f"{settings.SECRET_KEY}:{key}".encode()).hexdigest()[:32]
    cache_key = f"ratelimit:{scope}:{window}:{digest}"
    cache.add(cache_key, 0, timeout=limit.seconds + 1)
    try:
        hits = cache.incr(cache_key)
    except ValueError:  # expired between add and incr
        cache.set(cache_key, 1, timeout=limit.seconds + 1)
        hits = 1
    return hits > limit.count


def client_ip(request) -> str:
    """
    The client's address. Behind ``CLIENT_IP_PROXY_COUNT`` trusted proxies, the address the
    outermost of them saw (read from the right of X-Forwarded-For, which clients can forge
    only on its left).
    """
    proxies = getattr(settings, "CLIENT_IP_PROXY_COUNT", 0)
    if proxies:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "")


def truncate_ip(address: str) -> str:
    """The address with its last part cut off: IPv4 to /24, IPv6 to /48. Empty if invalid."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return ""
    prefix = 24 if ip.version == 4 else 48
    return str(ipaddress.ip_network(f"{ip}/{prefix}", strict=False).network_address)


# Browsers read a backslash as a slash and drop tabs and line breaks inside a URL, so
# "/\evil.example/p.png" or "/<tab>/evil.example/p.png" is a protocol-relative address on
# another host. A same-site path never needs any of these characters: refuse them outright.
_NOT_IN_A_SAME_SITE_PATH = re.compile(r"[\\\s\x00-\x1f\x7f-\x9f]")


def is_same_site_path(value: str) -> bool:
    """An absolute path on this site (``/media/x.png``), never an address on another host."""
    if not value or _NOT_IN_A_SAME_SITE_PATH.search(value):
        return False
    try:
        parts = urlsplit(value)
    except ValueError:
        return False
    return (
        not parts.scheme
        and not parts.netloc
        and parts.path.startswith("/")
        and not parts.path.startswith("//")
    )


class HoneypotInput(forms.TextInput):
    """
    A text box people never see. Render its field inside an element with the ``form-trap``
    class (crispy: ``Field("website", wrapper_class="form-trap")``): the stylesheet hides it
    with ``display: none``, which also takes it out of the tab order and the accessibility tree.
    """

    def __init__(self, attrs=None):
        super().__init__({"autocomplete": "off", "tabindex": "-1", **(attrs or {})})


class SpamDefenceForm(forms.Form):
    """
    Adds the honeypot (``website``) and the signed time stamp (``form_started``) to a form.
    After ``is_valid()``, ``suspicions`` lists what looked automated (empty for a person).
    The time trap's threshold is the setting named by ``min_fill_seconds_setting``, read at
    check time; 0 switches the time trap off (the honeypot still works).
    """

    min_fill_seconds_setting = "LEADS_MIN_FILL_SECONDS"
    timestamp_salt = "clinic_site.defences.form_started"

    website = forms.CharField(
        label=_("Leave this field empty"), required=False, widget=HoneypotInput
    )
    form_started = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.suspicions = []
        if not self.is_bound:
            self.initial["form_started"] = signing.dumps(time.time(), salt=self.timestamp_salt)

    def clean(self):
        cleaned = super().clean()
        self.suspicions = self._suspicions(cleaned)
        return cleaned

    def _suspicions(self, cleaned):
        found = []
        if cleaned.get("website"):
            found.append(HONEYPOT)
        min_seconds = getattr(settings, self.min_fill_seconds_setting, 3)
        if min_seconds <= 0:
            return found  # the time trap is switched off
        try:
            started = signing.loads(cleaned.get("form_started") or "", salt=self.timestamp_salt)
        except (signing.BadSignature, ValueError):
            found.append(NO_TIMESTAMP)
        else:
            if not isinstance(started, int | float) or time.time() - started < min_seconds:
                found.append(TOO_FAST)
        return found

    @property
    def is_suspect(self):
        return bool(self.suspicions)
