"""Fixtures for every test: the cache starts empty, uploads go to a temporary folder."""

import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _empty_cache():
    """Rate limits, the cached clinic identity and the like never leak from one test to another."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _media_in_a_temporary_folder(settings, tmp_path_factory):
    """Uploads and generated images (demo hero images) never land in the checkout."""
    settings.MEDIA_ROOT = tmp_path_factory.mktemp("media")
