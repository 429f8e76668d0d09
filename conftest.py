"""
Test behaviour for every test in this checkout, wherever its file lives: background tasks run
at once when the transaction commits (so a sent email is in ``mail.outbox``), the cache starts
empty (rate limits never leak between tests), uploads go to a temporary folder.
"""

import logging
from contextlib import contextmanager

import pytest
from django.core.cache import cache
from django.db import transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.test import TestCase

logger = logging.getLogger(__name__)


@pytest.fixture(autouse=True)
def _empty_cache():
    """Rate limits, the cached clinic identity and the like never leak from one test to another."""
    cache.clear()
    yield
    cache.clear()


def _only_the_test_transaction(connection):
    return (
        connection.in_atomic_block
        and not connection.needs_rollback
        and all(block._from_testcase for block in connection.atomic_blocks)
    )


def _run(func, robust):
    if not robust:
        func()
        return
    try:
        func()
    except Exception:
        logger.exception("on_commit callback failed")


@pytest.fixture(autouse=True)
def _run_on_commit_callbacks_at_once(monkeypatch):
    """
    Work deferred with ``transaction.on_commit`` (background tasks, emails) runs when the
    transaction the code opened commits, as in production. The transaction every test runs in
    is ignored: without this, deferred work would never run in a test, and a sent email would
    never reach ``mail.outbox``. While a test captures callbacks itself
    (``django_capture_on_commit_callbacks``), they are left for it to capture.
    """
    original_exit = transaction.Atomic.__exit__
    original_on_commit = BaseDatabaseWrapper.on_commit
    original_capture = TestCase.captureOnCommitCallbacks.__func__
    capturing = []

    @contextmanager
    def capture(cls, *args, **kwargs):
        capturing.append(True)
        try:
            with original_capture(cls, *args, **kwargs) as callbacks:
                yield callbacks
        finally:
            capturing.pop()

    def _only_the_test_transaction_now(connection):
        return not capturing and _only_the_test_transaction(connection)

    def exit_then_run_callbacks(self, exc_type, exc_value, traceback):
        result = original_exit(self, exc_type, exc_value, traceback)
        connection = transaction.get_connection(self.using)
        if not self._from_testcase and _only_the_test_transaction_now(connection):
            while connection.run_on_commit:
                pending, connection.run_on_commit = connection.run_on_commit, []
                for _savepoints, func, robust in pending:
                    _run(func, robust)
        return result

    def on_commit(self, func, robust=False):
        if _only_the_test_transaction_now(self):
            _run(func, robust)
        else:
            original_on_commit(self, func, robust)

    monkeypatch.setattr(transaction.Atomic, "__exit__", exit_then_run_callbacks)
    monkeypatch.setattr(BaseDatabaseWrapper, "on_commit", on_commit)
    monkeypatch.setattr(TestCase, "captureOnCommitCallbacks", classmethod(capture))


@pytest.fixture(autouse=True)
def _media_in_a_temporary_folder(settings, tmp_path_factory):
    """Uploads and generated images (demo hero images) never land in the checkout."""
    settings.MEDIA_ROOT = tmp_path_factory.mktemp("media")
