"""
The private storage of the assessment photos is set up to stay private: a folder outside every
public one (a system check stops the start otherwise), or a bucket with private objects and
short-lived signed addresses, in production as in development.
"""

from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from clinic_site.checks import check_private_storage_is_not_public
from clinic_site.settings.base import BASE_DIR, private_storage_settings
from clinic_site.settings.env import Env
from leads.models import AssessmentPhoto
from tests.factories import LeadFactory, StaffFactory
from tests.test_site_settings import PRODUCTION_ENV, run_django

pytestmark = pytest.mark.django_db


def env_of(**variables):
    environment = Env()
    environment.ENVIRON = variables
    return environment


def test_without_a_bucket_the_photos_are_kept_in_a_folder_of_their_own():
    storage = private_storage_settings(environment=env_of())
    assert storage["BACKEND"] == "django.core.files.storage.FileSystemStorage"
    location = storage["OPTIONS"]["location"]
    assert location == BASE_DIR / "private"
    assert not location.is_relative_to(BASE_DIR / "media")
    assert storage["OPTIONS"]["base_url"] is None
    moved = private_storage_settings(environment=env_of(DJANGO_PRIVATE_MEDIA_ROOT="/srv/private"))
    assert moved["OPTIONS"]["location"] == Path("/srv/private")


def test_with_a_bucket_the_photos_are_kept_private_with_short_lived_signed_addresses():
    storage = private_storage_settings(
        environment=env_of(
            PRIVATE_STORAGE_BUCKET="clinic-photos",
            PRIVATE_STORAGE_ENDPOINT_URL="https://s3.example.net",
            PRIVATE_STORAGE_REGION="eu-central-1",
            PRIVATE_STORAGE_ACCESS_KEY="key",
            PRIVATE_STORAGE_SECRET_KEY="secret",
            PRIVATE_STORAGE_PREFIX="photos",
            ASSESSMENT_PHOTO_URL_SECONDS="30",
        )
    )
    assert storage == {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": "clinic-photos",
            "endpoint_url": "https://s3.example.net",
            "region_name": "eu-central-1",
            "access_key": "key",
            "secret_key": "secret",
            "location": "photos",
            "default_acl": "private",
            "querystring_auth": True,
            "querystring_expire": 30,
            "file_overwrite": False,
        },
    }


def test_the_photos_signed_addresses_are_off_unless_asked_for(settings):
    assert settings.ASSESSMENT_PHOTO_SIGNED_URLS is False


def private_folder(settings, location):
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": location},
        },
    }


@pytest.mark.parametrize(
    ("public", "inside"),
    [
        ("MEDIA_ROOT", "private"),
        ("STATIC_ROOT", ""),
        ("STATICFILES_DIRS", "photos"),
        ("WHITENOISE_ROOT", "assessments/2026"),
    ],
)
def test_a_private_folder_inside_a_public_one_stops_the_start(settings, tmp_path, public, inside):
    folder = tmp_path / "public"
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STATIC_ROOT = tmp_path / "static"
    settings.STATICFILES_DIRS = [tmp_path / "static-sources"]
    setattr(settings, public, [folder] if public == "STATICFILES_DIRS" else folder)
    private_folder(settings, folder / inside)
    errors = check_private_storage_is_not_public(None)
    assert [error.id for error in errors] == ["clinic_site.E002"]
    assert public in errors[0].msg


def test_a_private_folder_of_its_own_passes_the_check(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    private_folder(settings, tmp_path / "private")
    assert check_private_storage_is_not_public(None) == []
    # A folder that merely starts with the same letters is not inside it.
    private_folder(settings, tmp_path / "media-private")
    assert check_private_storage_is_not_public(None) == []


def test_the_check_runs_with_manage_py_check(tmp_path):
    result = run_django(
        "from django.core.management import call_command; call_command('check')",
        DJANGO_DEBUG="1",
        DJANGO_MEDIA_ROOT=str(tmp_path / "media"),
        DJANGO_PRIVATE_MEDIA_ROOT=str(tmp_path / "media" / "assessments"),
    )
    assert result.returncode != 0
    assert "clinic_site.E002" in result.stderr


def test_production_keeps_the_photos_in_the_private_storage(tmp_path):
    result = run_django(
        "from django.conf import settings as s; p = s.STORAGES['private']; "
        "print(p['BACKEND'], p['OPTIONS']['location'])",
        **PRODUCTION_ENV,
        DJANGO_PRIVATE_MEDIA_ROOT=str(tmp_path / "private"),
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "django.core.files.storage.FileSystemStorage",
        str(tmp_path / "private"),
    ]
    with_bucket = run_django(
        "from django.conf import settings as s; print(s.STORAGES['private']['BACKEND'])",
        **PRODUCTION_ENV,
        PRIVATE_STORAGE_BUCKET="clinic-photos",
    )
    assert with_bucket.stdout.strip() == "storages.backends.s3.S3Storage", with_bucket.stderr


def test_with_a_bucket_and_signed_urls_staff_are_sent_on_with_a_short_lived_address(
    client, coordinator, settings
):
    settings.PRIVATE_STORAGE_BUCKET = "clinic-photos"
    settings.ASSESSMENT_PHOTO_SIGNED_URLS = True
    settings.ASSESSMENT_PHOTO_URL_SECONDS = 60
    settings.STORAGES = {
        **settings.STORAGES,
        "private": private_storage_settings(
            environment=env_of(
                PRIVATE_STORAGE_BUCKET="clinic-photos",
                PRIVATE_STORAGE_REGION="eu-central-1",
                PRIVATE_STORAGE_ACCESS_KEY="AKIAEXAMPLE",
                PRIVATE_STORAGE_SECRET_KEY="example-secret",
            )
        ),
    }
    # Names only: signing an address asks nothing of the bucket.
    photo = AssessmentPhoto.objects.create(
        lead=LeadFactory(kind="assessment"),
        image="2026/12/abc.jpg",
        thumbnail="2026/12/abc-thumbnail.jpg",
    )
    client.force_login(coordinator)
    response = client.get(photo.get_absolute_url())
    assert response.status_code == 302
    location = urlsplit(response["Location"])
    assert location.scheme == "https" and "clinic-photos" in location.netloc + location.path
    assert location.path.endswith("/assessments/2026/12/abc.jpg")
    query = parse_qs(location.query)
    assert query["X-Amz-Expires"] == ["60"] and "X-Amz-Signature" in query
    # The bucket's own answer is not kept by the browser either.
    assert query["response-cache-control"] == ["private, no-store"]
    assert query["response-content-type"] == ["image/jpeg"]
    assert response["Cache-Control"] == "private, no-store"
    # Everyone else is still refused by the view, before any address is signed.
    client.force_login(StaffFactory(role="Marketing"))
    assert client.get(photo.get_absolute_url()).status_code == 403
