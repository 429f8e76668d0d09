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
from datetime import UTC, datetime

from django.conf import settings
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.db import BaseDatabaseCache, DatabaseCache
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from django.db import DatabaseError, connections, models, router
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


class ReusedRedisClients(RedisCacheClient):
    """
    Django's Redis client, keeping one ``redis.Redis`` per connection pool.

    Django's makes a new ``redis.Redis`` for every cache call, and building one fills its table
    of reply parsers (about 170 entries): a third of a millisecond each time, four times for a
    call-back request's rate limits. One object per pool is what redis-py intends: it is safe
    across threads, and its pool makes new connections after a fork.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(pool)
        if client is None:
            client = self._clients[pool] = self._client(connection_pool=pool)
        return client


class ResilientRedisCache(RedisCache):
    """Django's Redis cache, degrading to a cache that remembers nothing while Redis is away."""

    # How long to leave Redis alone after it failed, and how often the outage is logged.
    RETRY_SECONDS = 2.0
    WARNING_INTERVAL_SECONDS = 60.0

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusedRedisClients
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
    the same key at once (the rate limits), and an ``add`` that is one statement.

    Django's own ``incr`` reads the value and writes value + 1: two processes that read 3 at
    the same time both write 4. Here the write only happens if the stored value is still the
    one read (``UPDATE … WHERE value = <what was read>``, atomic in the database); a process
    that lost the race reads again. Every lost race means another process's write went
    through, so the loop ends.

    Django's own ``add`` (a rate limit's first hit) counts the whole table, then, in a
    transaction, reads the key and inserts it: four statements and, on SQLite, a turn at the
    write lock with ``BEGIN``/``COMMIT`` around it. Here it is one ``INSERT … ON CONFLICT``
    that writes only where the key is missing or expired, atomic by itself; the table is
    counted (and culled past ``MAX_ENTRIES``) every ``CULL_CHECK_EVERY`` adds of a process.
    """

    CULL_CHECK_EVERY = 16

    def __init__(self, table, params):
        super().__init__(table, params)
        self._adds_until_cull_check = 0

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        key = self.make_and_validate_key(key, version=version)
        timeout = self.get_backend_timeout(timeout)
        db = router.db_for_write(self.cache_model_class)
        connection = connections[db]
        quote_name = connection.ops.quote_name
        table = quote_name(self._table)
        # The times as Django's own _base_set writes and compares them: to the second.
        current = now().replace(microsecond=0)
        if timeout is None:
            expires = datetime.max
        else:
            expires = datetime.fromtimestamp(timeout, tz=UTC if settings.USE_TZ else None)
        expires = expires.replace(microsecond=0)
        pickled = base64.b64encode(pickle.dumps(value, self.pickle_protocol)).decode("latin1")
        cache_key, value_column, expires_column = (
            quote_name("cache_key"),
            quote_name("value"),
            quote_name("expires"),
        )
        try:
            with connection.cursor() as cursor:
                self._cull_now_and_then(db, cursor, current)
                cursor.execute(
                    f"INSERT INTO {table} ({cache_key}, {value_column}, {expires_column}) "
                    f"VALUES (%s, %s, %s) ON CONFLICT ({cache_key}) DO UPDATE "
                    f"SET {value_column} = EXCLUDED.{value_column}, "
                    f"{expires_column} = EXCLUDED.{expires_column} "
                    f"WHERE {table}.{expires_column} < %s",
                    [
                        key,
                        pickled,
                        connection.ops.adapt_datetimefield_value(expires),
                        connection.ops.adapt_datetimefield_value(current),
                    ],
                )
                return cursor.rowcount == 1
        except DatabaseError:
            return False  # as Django's own add

    def _cull_now_and_then(self, db, cursor, current):
        if self._adds_until_cull_check > 0:
            self._adds_until_cull_check -= 1
            return
        self._adds_until_cull_check = self.CULL_CHECK_EVERY - 1
        cursor.execute(f"SELECT COUNT(*) FROM {connections[db].ops.quote_name(self._table)}")
        count = cursor.fetchone()[0]
        if count > self._max_entries:
            self._cull(db, cursor, current, count)

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


class CacheDatabaseRouter:
    """
    The database cache's table in a database of its own, the ``cache`` alias (on SQLite, a
    file of its own: see the settings), and nothing else there. ``migrate`` creates the table
    (``clinic_site.apps.create_cache_table``).
    """

    CACHE_DATABASE = "cache"
    CACHE_APP_LABEL = BaseDatabaseCache("", {}).cache_model_class._meta.app_label

    def db_for_read(self, model, **hints):
        return self.CACHE_DATABASE if model._meta.app_label == self.CACHE_APP_LABEL else None

    db_for_write = db_for_read

    def allow_relation(self, obj1, obj2, **hints):
        return None

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return (db == self.CACHE_DATABASE) == (app_label == self.CACHE_APP_LABEL)
