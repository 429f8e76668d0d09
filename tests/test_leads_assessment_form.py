"""
The free assessment as a patient meets it: the form, photos (kept, refused, attached), the
health-data consent, the defences and the pages around it.
"""

import re
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from leads.consent import HEALTH_CONSENT_VERSION
from leads.models import AssessmentPhoto, Lead
from tests.factories import LeadFactory, callback_form_data, photo_upload

pytestmark = pytest.mark.django_db

ASSESSMENT = "/assessment/"
THANKS = re.compile(r"^/assessment/thanks/\?queued=")
MB = 1024 * 1024


def assessment_data(**overrides):
    """What a patient's browser posts from the assessment form, health consent given."""
    data = callback_form_data(
        name="Ayşe Yılmaz",
        message="Thinning at the crown for two years.",
        email="ayse@example.com",
        age_range="35-44",
        hair_loss="norwood-4",
        earlier_transplants="none",
        health_consent="on",
    )
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def post(client, photos=(), **overrides):
    data = assessment_data(**overrides)
    if photos:
        data["photos"] = list(photos)
    return client.post(ASSESSMENT, data)


def stored_files(folder):
    return sorted(path for path in folder.rglob("*") if path.is_file())


def gps_exif():
    """EXIF with a camera model and a GPS position, as a phone writes it."""
    exif = Image.Exif()
    exif[0x0110] = "Phone X"  # Model
    exif[0x8825] = {1: "N", 2: (41.0, 2.0, 3.0), 3: "E", 4: (28.0, 58.0, 1.0)}  # GPSInfo
    return exif.tobytes()


def pixel_bomb(name="bomb.png"):
    """A PNG of 8000×8000 pixels of one colour: a tiny file, 64 megapixels once decoded."""
    buffer = BytesIO()
    Image.new("1", (8000, 8000)).save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def kept_field(html):
    return re.search(r'name="kept_photos" value="([^"]*)"', html).group(1)


def test_urls_keep_their_contract_names():
    assert reverse("leads:assessment") == "/assessment/"
    assert reverse("leads:assessment-thanks") == "/assessment/thanks/"


def test_a_full_submission_with_six_photos_makes_one_assessment_lead_with_six_private_photos(
    client, settings, private_media, django_capture_on_commit_callbacks
):
    photos = [
        photo_upload(name="front.jpg", exif=gps_exif()),
        photo_upload(name="top.png", image_format="PNG"),
        photo_upload(name="crown.heic", image_format="HEIF"),
        photo_upload(name="back.webp", image_format="WEBP"),
        photo_upload(name="left.jpg"),
        photo_upload(name="right.jpg"),
    ]
    with django_capture_on_commit_callbacks(execute=True):
        response = post(
            client, photos=photos, photo_angles="front,top,crown,back,left,right"
        )

    assert response.status_code == 302
    assert THANKS.match(response["Location"])
    lead = Lead.objects.get()
    assert lead.kind == Lead.Kind.ASSESSMENT
    assert (lead.name, lead.email, lead.age_range, lead.hair_loss, lead.earlier_transplants) == (
        "Ayşe Yılmaz",
        "ayse@example.com",
        "35-44",
        "norwood-4",
        "none",
    )
    assert lead.health_consent_version == HEALTH_CONSENT_VERSION
    assert lead.health_consent_text.startswith("I explicitly agree that")
    assert lead.health_consented_at is not None
    photos = list(lead.photos.order_by("created_at", "pk"))
    assert [photo.angle for photo in photos] == ["front", "top", "crown", "back", "left", "right"]
    # Twelve files (each photo and its thumbnail) in the private storage, none in the media.
    assert len(stored_files(private_media)) == 12
    assert stored_files(settings.MEDIA_ROOT) == []
    with Image.open(photos[0].image.open("rb")) as stored:
        assert stored.format == "JPEG"
        assert dict(stored.getexif()) == {}
