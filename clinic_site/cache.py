"""
The shared caches: Redis, which an outage of Redis cannot take the site down with, and, on one
machine without Redis, a table in the database whose counters every worker process shares.

Everything the site keeps in the cache can be had another way: the clinic identity and the
sitemap from the database, a rate-limit count by not counting. So with Redis unreachable,
``ResilientRedisCache`` behaves like an empty cache that forgets what it is told: reads miss,
writes are dropped, ``incr`` finds no key (the rate limits then let the request through: they
fail open). A warning is logged at most once a minute per process, not per request.

After a failure the cache does not ask Redis again for ``RETRY_SECONDS``: a Redis that hangs
costs a page one short timeout (the socket timeouts in ``CACHES["default"]["OPTIONS"]``), not
one per cache call. The first call after that tries again, so a Redis that is back is used again
with no restart. A copy written or deleted while Redis was away may be stale once it is back
(the clinic identity saved during the outage, say): the keys of every dropped write are
remembered and deleted first thing when Redis answers again.
"""

import base64
import logging
import pickle
import threading
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.db import DatabaseCache
from django.core.cache.backends.redis import RedisCache
from django.db import connections, models, router
from django.utils.timezone import now
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

# What a Redis that is away, hung, still loading its data after a restart, out of memory or
# read-only raises: RedisError covers them all, OSError what the socket may raise itself. A
# bug of ours (a value that cannot be pickled) is neither, and still raises.
UNREACHABLE = (RedisError, OSError)


class _Health:
    """How one Redis server has been answering, shared by every thread of the process."""

    # A key stands for "clear everything" once more writes were dropped than are worth listing.
    MAX_STALE_KEYS = 10_000

    def __init__(self):
        self.lock = threading.Lock()
        self.down_since = None  # time.time() of the first failure of the current outage
        self.retry_at = 0.0
        self.warned_at = None
        self.stale_keys = set()
        self.stale_everything = False


_health_by_location: dict[str, _Health] = {}
_health_lock = threading.Lock()


def _health_of(location: str) -> _Health:
    with _health_lock:
        return _health_by_location.setdefault(location, _Health())


class ResilientRedisCache(RedisCache):
    """Django's Redis cache, degrading to a cache that remembers nothing while Redis is away."""

    # How long to leave Redis alone after it failed, and how often the outage is logged.
    RETRY_SECONDS = 2.0
    WARNING_INTERVAL_SECONDS = 60.0

    def __init__(self, server, params):
        super().__init__(server, params)
        self._health = _health_of(",".join(self._servers))

    # --- Availability ----------------------------------------------------------------------

    @property
    def available(self) -> bool:
        """Whether Redis answers now (for ``/healthz``): asks it, unless it just failed."""
        if not self._may_try():
            return False
        try:
            self._cache.get_client(write=False).ping()
        except UNREACHABLE as error:
            self._failed(error)
            return False
        self._answered()
        return True

    def _may_try(self) -> bool:
        return self._health.down_since is None or time.time() >= self._health.retry_at

    def _failed(self, error, *, stale_keys=()):
        health = self._health
        now = time.time()
        with health.lock:
            if health.down_since is None:
                health.down_since = now
            health.retry_at = now + self.RETRY_SECONDS
            if stale_keys is None:
                health.stale_everything = True
            else:
                health.stale_keys.update(stale_keys)
                if len(health.stale_keys) > health.MAX_STALE_KEYS:
                    health.stale_everything = True
            warn = (
                health.warned_at is None or now - health.warned_at >= self.WARNING_INTERVAL_SECONDS
            )
            if warn:
                health.warned_at = now
        if warn:
            logger.warning(
                "cache unavailable (%s: %s): pages are built from the database and rate limits "
                "are not enforced until it answers again",
                type(error).__name__,
                error,
            )

    def _answered(self):
        health = self._health
        if health.down_since is None:
            return
        with health.lock:
            if health.down_since is None:
                return
            seconds = time.time() - health.down_since
            stale_keys, health.stale_keys = health.stale_keys, set()
            stale_everything, health.stale_everything = health.stale_everything, False
            health.down_since = None
            # warned_at stays: a Redis that comes and goes is still warned about once a minute.
        # Copies written or deleted during the outage may be out of date: forget them.
        try:
            if stale_everything:
                self._cache.clear()
            elif stale_keys:
                self._cache.delete_many(list(stale_keys))
        except UNREACHABLE as error:
            self._failed(error, stale_keys=None if stale_everything else stale_keys)
            return
        logger.info("cache available again after %.0f seconds", seconds)

    def _call(self, name, *args, fallback, stale_keys=()):
        """Run one cache call against Redis; on failure, note it and return ``fallback()``."""
        if not self._may_try():
            self._note_stale(stale_keys)
            return fallback()
        try:
            result = getattr(super(), name)(*args)
        except UNREACHABLE as error:
            self._failed(error, stale_keys=stale_keys)
            return fallback()
        self._answered()
        return result

    def _note_stale(self, stale_keys):
        if stale_keys is None or stale_keys:
            with self._health.lock:
                if stale_keys is None:
                    self._health.stale_everything = True
                else:
                    self._health.stale_keys.update(stale_keys)

    def _keys(self, keys, version):
        return [self.make_key(key, version=version) for key in keys]

    # --- The cache API: reads miss, writes are dropped -------------------------------------

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("add", key, value, timeout, version, fallback=lambda: False)

    def get(self, key, default=None, version=None):
        return self._call("get", key, default, version, fallback=lambda: default)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        stale = self._keys([key], version)
        self._call("set", key, value, timeout, version, fallback=lambda: None, stale_keys=stale)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("touch", key, timeout, version, fallback=lambda: False)

    def delete(self, key, version=None):
        stale = self._keys([key], version)
        return self._call("delete", key, version, fallback=lambda: False, stale_keys=stale)

    def get_many(self, keys, version=None):
        return self._call("get_many", keys, version, fallback=dict)

    def has_key(self, key, version=None):
        return self._call("has_key", key, version, fallback=lambda: False)

    def incr(self, key, delta=1, version=None):
        def not_found():
            # As for a key that is not there: the rate limits then count this hit as the first.
            raise ValueError(f"Key '{key}' not found (the cache is unavailable).")

        return self._call("incr", key, delta, version, fallback=not_found)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        stale = self._keys(data, version)
        # Like Django's backends, the keys that could not be set.
        return self._call(
            "set_many", data, timeout, version, fallback=lambda: list(data), stale_keys=stale
        )

    def delete_many(self, keys, version=None):
        stale = self._keys(keys, version)
        self._call("delete_many", keys, version, fallback=lambda: None, stale_keys=stale)

    def clear(self):
        return self._call("clear", fallback=lambda: False, stale_keys=None)


class SharedDatabaseCache(DatabaseCache):
    """
    Django's database cache, with an ``incr`` that loses no count when worker processes add to
    the same key at once (the rate limits).

    Django's own reads the value and writes value + 1: two processes that read 3 at the same
    time both write 4. Here the write only happens if the stored value is still the one read
    (``UPDATE … WHERE value = <what was read>``, atomic in the database); a process that lost
    the race reads again. Every lost race means another process's write went through, so the
    loop ends.
    """

    def incr(self, key, delta=1, version=None):
        key = self.make_and_validate_key(key, version=version)
        connection = connections[router.db_for_write(self.cache_model_class)]
        quote_name = connection.ops.quote_name
        table = quote_name(self._table)
        cache_key, value_column = quote_name("cache_key"), quote_name("value")
        while True:
            with connection.cursor() as cursor:
                cursor.execute(
                    f"SELECT {value_column}, {quote_name('expires')} FROM {table} "
                    f"WHERE {cache_key} = %s",
                    [key],
                )
                row = cursor.fetchone()
            if row is None or self._expired(connection, row[1]):
                raise ValueError(f"Key '{key}' not found.")
            stored = connection.ops.process_clob(row[0])
            value = pickle.loads(base64.b64decode(stored.encode())) + delta
            pickled = pickle.dumps(value, self.pickle_protocol)
            with connection.cursor() as cursor:
                cursor.execute(
                    f"UPDATE {table} SET {value_column} = %s "
                    f"WHERE {cache_key} = %s AND {value_column} = %s",
                    [base64.b64encode(pickled).decode("latin1"), key, stored],
                )
                if cursor.rowcount == 1:
                    return value

    @staticmethod
    def _expired(connection, expires) -> bool:
        # The column is read as Django's own get() reads it: aware or naive by the database.
        expression = models.Expression(output_field=models.DateTimeField())
        converters = connection.ops.get_db_converters(expression)
        for converter in converters + expression.get_db_converters(connection):
            expires = converter(expires, expression, connection)
        return expires < now()
