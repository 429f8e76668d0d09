"""
Fixtures for the whole suite: the autouse ones keep tests apart (an empty cache, uploads in a
temporary folder); the others are the people and the clinic that many tests share.
"""

import shutil
import subprocess
from io import StringIO
from pathlib import Path

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import translation

from clinic_site import demo as clinic_demo
from clinic_site.models import Clinic
from tests.factories import StaffFactory

# Notes that pytest-xdist workers send back (see tests/browser/conftest.py), one line each.
_worker_notes = []


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node, error):
    note = getattr(node, "workeroutput", {}).get("browser_skip_note")
    if note and note not in _worker_notes:
        _worker_notes.append(note)


def pytest_configure(config):
    """
    The translation catalogues are compiled before the tests run, as `make test` does, so that a
    plain `python -m pytest` in a fresh checkout tests the translated pages too. Once, in the
    main process: pytest-xdist's workers find them compiled.
    """
    msgfmt = shutil.which("msgfmt")
    if hasattr(config, "workerinput") or msgfmt is None:
        return
    for catalogue in (Path(__file__).resolve().parent.parent / "locale").glob("*/LC_MESSAGES/*.po"):
        compiled = catalogue.with_suffix(".mo")
        if not compiled.exists() or compiled.stat().st_mtime < catalogue.stat().st_mtime:
            subprocess.run(
                [msgfmt, "--check-format", "-o", str(compiled), str(catalogue)], check=True
            )


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    for note in _worker_notes:
        terminalreporter.write_line(note, yellow=True, bold=True)


@pytest.fixture(autouse=True)
def _empty_cache():
    """Rate limits, the cached clinic identity and the like never leak from one test to another."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _default_language():
    """
    A request activates its page's language in the thread that serves it, which in tests is the
    test's own: one test's /de/ page never makes the next test's reverse() German.
    """
    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _media_in_a_temporary_folder(settings, tmp_path_factory):
    """Uploads and generated images (demo hero images) never land in the checkout."""
    settings.MEDIA_ROOT = tmp_path_factory.mktemp("media")


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path_factory):
    """The private storage (assessment photos) in a temporary folder of its own; its path."""
    location = tmp_path_factory.mktemp("private")
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": location, "base_url": None},
        },
    }
    return location


@pytest.fixture
def clinic(db):
    """The demo clinic's identity (name, address, phones, hours, social links), no articles."""
    clinic_demo.seed(stdout=StringIO())
    return Clinic.load()


@pytest.fixture
def coordinator(db):
    """A call-centre coordinator, Ayşe K."""
    return StaffFactory(username="ayse", first_name="Ayşe", last_name="K", role="Call centre")


@pytest.fixture
def colleague(db):
    """Another coordinator, Mehmet."""
    return StaffFactory(username="mehmet", first_name="Mehmet", role="Call centre")


@pytest.fixture
def signed_in(client, coordinator):
    """The test client, signed in as the coordinator."""
    client.force_login(coordinator)
    return client


@pytest.fixture
def marketing(db):
    """A client of its own, signed in as someone in Marketing."""
    client = Client()
    client.force_login(StaffFactory(role="Marketing"))
    return client


@pytest.fixture
def four_languages(settings):
    """The site in English (the default), Turkish, German and Arabic, whatever the environment."""
    settings.LANGUAGE_CODE = "en"
    settings.LANGUAGES = [("en", "English"), ("tr", "Türkçe"), ("de", "Deutsch"), ("ar", "العربية")]
