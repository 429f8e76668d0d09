"""
The cache is an accelerator, never a single point of failure: with Redis unreachable the pages
and the forms work, and once it is back the site uses it again with no restart.

The first tests point the cache at a port where nothing listens. The last ones start a Redis
server of their own on a free port (never the shared one), stop it while requests are posted and
start it again; they need the ``redis-server`` program, which CI has.
"""

import logging
import shutil
import socket
import subprocess
import time

import pytest
import redis
import time_machine
from django.core.cache import cache

from clinic_site.models import Clinic
from leads.models import Lead
from newsletter.models import Subscriber
from tests.factories import ArticleFactory, callback_form_data
from tests.test_leads_defences import form_values

pytestmark = pytest.mark.django_db

PAGES = ["/", "/blog/", "/callback/", "/privacy/", "/sitemap.xml"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def redis_cache(port: int, **extra) -> dict:
    return {
        "default": {
            "BACKEND": "clinic_site.cache.ResilientRedisCache",
            "LOCATION": f"redis://127.0.0.1:{port}/0",
            "KEY_PREFIX": "clinic-test",
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 1.0},
            **extra,
        }
    }


@pytest.fixture
def cache_down(settings):
    """The site's cache is a Redis server that does not answer (nothing listens on its port)."""
    settings.CACHES = redis_cache(free_port())


def post_callback(client, n: int, **extra):
    return client.post(
        "/callback/",
        callback_form_data(phone=f"+90532{n:07d}"),
        REMOTE_ADDR="203.0.113.7",
        **extra,
    )


def test_pages_render_from_the_database_with_the_cache_down(client, clinic, cache_down):
    article = ArticleFactory()
    for path in [*PAGES, article.get_absolute_url()]:
        response = client.get(path)
        assert response.status_code == 200, path
    assert clinic.name in client.get("/").text


def test_the_callback_form_saves_requests_with_the_cache_down(client, clinic, cache_down):
    response = post_callback(client, 1)
    assert response.status_code == 302
    assert response["Location"].startswith("/callback/thanks/?queued=")
    assert Lead.objects.filter(phone="+905320000001").exists()


def test_rate_limits_fail_open_with_the_cache_down(client, clinic, cache_down, settings):
    settings.LEADS_RATE_LIMIT = "2/10m"
    statuses = [post_callback(client, n).status_code for n in range(5)]
    assert statuses == [302] * 5
    assert Lead.objects.count() == 5


def test_a_fast_patient_gets_through_the_confirmation_step_with_the_cache_down(
    client, clinic, cache_down, settings
):
    # The cache remembers used confirmations; without it they are taken on trust (fail open).
    settings.LEADS_MIN_FILL_SECONDS = 3
    shown_again = client.post("/callback/", callback_form_data(seconds_ago=0))
    assert "Send my request" in shown_again.text
    response = client.post("/callback/", form_values(shown_again.text))
    assert response.status_code == 302
    assert Lead.objects.get().status == Lead.Status.NEW


def test_the_newsletter_form_works_with_the_cache_down(client, clinic, cache_down):
    response = client.post("/newsletter/subscribe/", {"email": "ayse@example.com", "consent": "on"})
    assert response.status_code == 302
    assert Subscriber.objects.filter(email="ayse@example.com").exists()


def test_the_outage_is_logged_once_a_minute_not_per_request(client, clinic, cache_down, caplog):
    with time_machine.travel("2026-11-30 10:00:00", tick=False) as traveller:
        with caplog.at_level(logging.WARNING, logger="clinic_site.cache"):
            for n in range(3):
                assert post_callback(client, n).status_code == 302
                client.get("/")
                traveller.shift(10)  # past the pause between retries, within the minute
            assert len(warnings_about_the_cache(caplog)) == 1
            traveller.shift(60)
            client.get("/")
            assert len(warnings_about_the_cache(caplog)) == 2
    assert "rate limits are not enforced" in warnings_about_the_cache(caplog)[0]


def warnings_about_the_cache(caplog) -> list[str]:
    return [
        record.getMessage()
        for record in caplog.records
        if record.name == "clinic_site.cache" and record.levelno == logging.WARNING
    ]


def test_healthz_says_the_cache_is_down_and_stays_200(client, cache_down):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "degraded", "database": "ok", "cache": "unavailable"}


def test_a_hung_cache_costs_one_short_timeout_not_one_per_call(client, clinic, settings):
    # A server that accepts connections and never answers: every call would wait for the
    # socket timeout (1 s here) if the cache asked it again each time.
    with socket.socket() as hung:
        hung.bind(("127.0.0.1", 0))
        hung.listen(100)
        settings.CACHES = redis_cache(hung.getsockname()[1])
        with time_machine.travel("2026-11-30 10:00:00", tick=False):
            started = time.monotonic()
            for path in PAGES:
                assert client.get(path).status_code == 200, path
            assert post_callback(client, 1).status_code == 302
            # Asking Redis at every call would take over 10 s here (about 31 s measured).
            assert time.monotonic() - started < 8


# --- A Redis server of the test's own, stopped and started again ------------------------------

needs_redis_server = pytest.mark.skipif(
    shutil.which("redis-server") is None,
    reason="needs the redis-server program to start a Redis of its own (CI has it)",
)


class RedisServer:
    """A throwaway Redis on a free port: no data on disk, stopped at the end of the test."""

    def __init__(self):
        self.port = free_port()
        self.process = None

    def start(self):
        self.process = subprocess.Popen(
            [
                "redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while True:
            try:
                self.client().ping()
                return
            except redis.ConnectionError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)

    def stop(self):
        if self.process is not None:
            self.process.kill()
            self.process.wait(timeout=10)
            self.process = None

    def client(self):
        return redis.Redis(host="127.0.0.1", port=self.port, socket_timeout=2)


@pytest.fixture
def own_redis(settings):
    server = RedisServer()
    server.start()
    settings.CACHES = redis_cache(server.port)
    yield server
    server.stop()


def wait_until(condition, seconds=10.0):
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.2)
    return True


@needs_redis_server
def test_a_redis_stopped_mid_way_loses_nothing_and_is_used_again_once_back(
    client, clinic, own_redis
):
    article = ArticleFactory()
    pages = [*PAGES, article.get_absolute_url()]

    # Redis up: pages are served and the clinic identity is cached in it.
    for n in range(3):
        assert post_callback(client, n).status_code == 302
    assert all(client.get(path).status_code == 200 for path in pages)
    assert own_redis.client().keys("clinic-test:*:clinic*")
    assert client.get("/healthz").json()["cache"] == "ok"

    own_redis.stop()

    # Redis gone: every page still renders, every request is saved.
    for n in range(3, 10):
        assert post_callback(client, n).status_code == 302
        assert all(client.get(path).status_code == 200 for path in pages)
    assert Lead.objects.count() == 10
    assert client.get("/healthz").json()["cache"] == "unavailable"

    # Back on the same port, empty: the site uses it again, with no restart.
    own_redis.start()
    assert wait_until(lambda: client.get("/healthz").json()["cache"] == "ok")
    cache.set("proof", "visible in Redis")
    assert own_redis.client().get("clinic-test:1:proof") is not None
    assert client.get("/").status_code == 200
    assert own_redis.client().keys("clinic-test:*:clinic*"), "the identity is cached again"
    assert post_callback(client, 10).status_code == 302
    assert own_redis.client().keys("clinic-test:*:ratelimit:*"), "rate limits count again"
    assert Lead.objects.count() == 11


@needs_redis_server
def test_an_identity_saved_while_redis_hangs_is_not_served_stale_once_it_answers(
    client, clinic, own_redis
):
    client.get("/")  # the identity is now cached
    # Redis stops answering (a hung server, not a closed port) for three seconds.
    own_redis.client().execute_command("CLIENT", "PAUSE", 3000, "ALL")
    clinic.name = "Renamed Clinic"
    clinic.save()  # the cached copy cannot be deleted now
    assert "Renamed Clinic" in client.get("/").text
    assert wait_until(lambda: client.get("/healthz").json()["cache"] == "ok")
    assert "Renamed Clinic" in client.get("/").text
    assert Clinic.load().name == "Renamed Clinic"


@needs_redis_server
def test_a_redis_that_refuses_writes_is_treated_as_down(client, clinic, own_redis, caplog):
    # Out of memory with no eviction: every write is refused with an error, reads still work.
    own_redis.client().config_set("maxmemory-policy", "noeviction")
    own_redis.client().config_set("maxmemory", 1)
    with caplog.at_level(logging.WARNING, logger="clinic_site.cache"):
        assert client.get("/").status_code == 200
        assert post_callback(client, 1).status_code == 302
    assert Lead.objects.count() == 1
    assert "OutOfMemoryError" in warnings_about_the_cache(caplog)[0]


@needs_redis_server
def test_a_redis_that_comes_and_goes_is_warned_about_once_a_minute(
    client, clinic, own_redis, caplog
):
    with caplog.at_level(logging.WARNING, logger="clinic_site.cache"):
        for _ in range(2):
            own_redis.stop()
            assert client.get("/").status_code == 200
            own_redis.start()
            assert wait_until(lambda: client.get("/healthz").json()["cache"] == "ok")
    assert len(warnings_about_the_cache(caplog)) == 1
