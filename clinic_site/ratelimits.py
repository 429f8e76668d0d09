"""
Rate limits for the public forms, counted in the shared cache (Redis, or the database on one
machine without it: every worker process counts the same hits). Written ``"5/10m"``: 5 per 10
minutes.
"""

import hashlib
import re
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured

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

    A fixed window in the shared cache, whose ``incr`` is atomic across worker processes (the
    database's too: clinic_site/cache.py).
    The key is hashed: no phone number or IP address is ever written to the cache in clear.
    The first hit of a window is one ``add`` (most keys see one hit: a patient sends the form
    once), a later one ``add`` and ``incr``: each is a round trip to the cache, or a write to
    the database cache.
    """
    limit = parse_rate(rate)
    window = int(time.time() // limit.seconds)
    cache_key = _cache_key(scope, key, window)
    if cache.add(cache_key, 1, timeout=limit.seconds + 1):
        hits = 1
    else:
        try:
            hits = cache.incr(cache_key)
        except ValueError:  # expired between add and incr
            cache.set(cache_key, 1, timeout=limit.seconds + 1)
            hits = 1
    return hits > limit.count


def rate_limit_forget(*, scope: str, key: str, rate: str) -> None:
    """Drop the counter of ``key`` in ``scope`` (a person whose data is being erased)."""
    window = int(time.time() // parse_rate(rate).seconds)
    # The window just gone may live a second longer than its period.
    cache.delete_many([_cache_key(scope, key, window), _cache_key(scope, key, window - 1)])


def _cache_key(scope: str, key: str, window: int) -> str:
    digest = hashlib.sha256(f"{settings.SECRET_KEY}:{key}".encode()).hexdigest()[:32]
    return f"ratelimit:{scope}:{window}:{digest}"
