"""
The public media (heroes, doctors' portraits, results) is kept in MEDIA_ROOT on one machine, and
in an S3-compatible bucket that every app server shares when one is set, with plain addresses a
page shared by every visitor can carry.
"""

from storages.backends.s3 import S3Storage

from clinic_site.settings.base import media_storage_settings
from clinic_site.settings.env import Env
from tests.test_site_settings import PRODUCTION_ENV, run_django

BUCKET = {
    "MEDIA_STORAGE_BUCKET": "clinic-media",
    "MEDIA_STORAGE_ENDPOINT_URL": "https://s3.example.net",
    "MEDIA_STORAGE_REGION": "eu-central-1",
    "MEDIA_STORAGE_ACCESS_KEY": "key",
    "MEDIA_STORAGE_SECRET_KEY": "secret",
}


def env_of(**variables):
    environment = Env()
    environment.ENVIRON = variables
    return environment


def test_without_a_bucket_the_media_is_kept_in_the_media_folder():
    assert media_storage_settings(environment=env_of()) == {
        "BACKEND": "django.core.files.storage.FileSystemStorage"
    }


def test_with_a_bucket_the_media_is_kept_there_and_never_overwritten():
    storage = media_storage_settings(environment=env_of(**BUCKET, MEDIA_STORAGE_PREFIX="site"))
    assert storage["BACKEND"] == "storages.backends.s3.S3Storage"
    assert storage["OPTIONS"] == {
        "bucket_name": "clinic-media",
        "endpoint_url": "https://s3.example.net",
        "region_name": "eu-central-1",
        "access_key": "key",
        "secret_key": "secret",
        "location": "site",
        "custom_domain": None,
        "querystring_auth": False,
        "default_acl": None,
        "file_overwrite": False,
        "object_parameters": {"CacheControl": "public, max-age=31536000"},
    }


def test_an_image_in_the_bucket_has_a_plain_lasting_address():
    storage = S3Storage(**media_storage_settings(environment=env_of(**BUCKET))["OPTIONS"])
    assert storage.url("heroes/istanbul.jpg") == (
        "https://s3.example.net/clinic-media/media/heroes/istanbul.jpg"
    )
    behind_a_cdn = media_storage_settings(
        environment=env_of(**BUCKET, MEDIA_STORAGE_DOMAIN="media.clinic.example")
    )
    storage = S3Storage(**behind_a_cdn["OPTIONS"])
    assert storage.url("heroes/istanbul.jpg") == (
        "https://media.clinic.example/media/heroes/istanbul.jpg"
    )


def test_production_keeps_the_media_in_the_bucket_when_one_is_set():
    read = "from django.conf import settings as s; print(s.STORAGES['default']['BACKEND'])"
    without = run_django(read, **PRODUCTION_ENV)
    assert without.stdout.strip() == "django.core.files.storage.FileSystemStorage", without.stderr
    with_bucket = run_django(read, **PRODUCTION_ENV, MEDIA_STORAGE_BUCKET="clinic-media")
    assert with_bucket.stdout.strip() == "storages.backends.s3.S3Storage", with_bucket.stderr
