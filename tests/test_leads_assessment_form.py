"""
The free assessment as a patient meets it: the form, photos (kept, refused, attached), the
health-data consent, the defences and the pages around it.
"""

import html as html_module
import os
import re
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from clinic_site.spam import HONEYPOT
from leads.consent import HEALTH_CONSENT_VERSION
from leads.models import AssessmentPhoto, Lead
from tests.factories import (
    AssessmentPhotoFactory,
    LeadFactory,
    TreatmentFactory,
    callback_form_data,
    form_started_stamp,
    photo_upload,
)

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


def post(client, photos=(), follow=False, REMOTE_ADDR="127.0.0.1", **overrides):  # noqa: N803
    data = assessment_data(**overrides)
    if photos:
        data["photos"] = list(photos)
    return client.post(ASSESSMENT, data, follow=follow, REMOTE_ADDR=REMOTE_ADDR)


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


def noise(name, size):
    """A file of ``size`` bytes that begins like a JPEG."""
    return SimpleUploadedFile(name, b"\xff\xd8\xff" + os.urandom(size - 3), "image/jpeg")


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
        response = post(client, photos=photos, photo_angles="front,top,crown,back,left,right")

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


def form_values(html):
    """The names and values the assessment form on a page would post (no files)."""
    form = re.search(r'<form[^>]*id="assessment-form".*?</form>', html, re.S).group(0)
    values = dict(
        re.findall(r'<input type="(?:hidden|text|tel|email)" name="(\w+)" value="([^"]*)"', form)
    )
    for name in re.findall(r'<input type="checkbox" name="(\w+)"[^>]*checked', form):
        values[name] = "on"
    for tag in re.findall(r'<input[^>]*type="radio"[^>]*>', form):
        if re.search(r"\schecked", tag):
            name = re.search(r'name="(\w+)"', tag).group(1)
            values[name] = re.search(r'value="([^"]*)"', tag).group(1)
    values.update(re.findall(r'<textarea name="(\w+)"[^>]*>\s*(.*?)</textarea>', form, re.S))
    values.update(
        re.findall(r'<select name="(\w+)".*?<option value="([^"]*)"[^>]*selected', form, re.S)
    )
    return {name: html_module.unescape(value) for name, value in values.items()}


def photos_error(html):
    """The messages shown right next to the photos field."""
    match = re.search(r'<div id="id_photos_error"[^>]*>(.*?)</div>', html, re.S)
    return html_module.unescape(re.sub(r"<[^>]+>", " ", match.group(1))) if match else ""


def attached(html):
    """What the page lists as already attached."""
    match = re.search(r'<div class="assessment-kept.*?</ul>', html, re.S)
    if not match:
        return []
    return re.findall(r"<li[^>]*>\s*<span>([^<]+)</span>", match.group(0))


def test_the_page_shows_every_field_a_patient_needs(client):
    html = client.get(ASSESSMENT).content.decode()
    assert 'enctype="multipart/form-data"' in html
    for name in ("name", "phone", "email", "age_range", "interest", "message", "consent"):
        assert f'name="{name}"' in html, name
    assert html.count('type="radio" name="hair_loss"') == len(Lead.HairLoss.choices)
    assert len(re.findall(r'type="radio"[^>]*name="earlier_transplants"', html)) == 3
    # One input per angle, all named photos, each taking pictures from camera or gallery.
    inputs = re.findall(r'<input type="file" name="photos"[^>]*>', html)
    gallery = [tag for tag in inputs if "capture" not in tag]
    camera = [tag for tag in inputs if "capture" in tag]
    assert len(gallery) == len(camera) == len(AssessmentPhoto.Angle.choices)
    assert all('accept="image/*"' in tag for tag in inputs)
    # Beside each, a one-tap camera: the selfie camera for the front, the back one for the rest.
    assert sorted(re.search(r'capture="(\w+)"', tag).group(1) for tag in camera) == (
        ["environment"] * 5 + ["user"]
    )
    for value, label in AssessmentPhoto.Angle.choices:
        assert f'id="photo-hint-{value}"' in html
        assert f'aria-describedby="photo-hint-{value}' in html
        assert f">{label}</label>" in html
    health = re.search(r'<input[^>]*name="health_consent"[^>]*>', html).group(0)
    assert "checked" not in health
    assert "which are health data" in html


def test_each_hair_loss_stage_is_a_drawing_with_its_words(client):
    html = client.get(ASSESSMENT).content.decode()
    fieldset = re.search(r'<fieldset class="mb-3 hair-loss".*?</fieldset>', html, re.S).group(0)
    assert "<legend" in fieldset
    for index, (value, label) in enumerate(Lead.HairLoss.choices):
        option = re.search(
            rf'<input[^>]*value="{value}" id="id_hair_loss_{index}">\s*'
            rf'<label[^>]*for="id_hair_loss_{index}">(.*?)</label>',
            fieldset,
            re.S,
        )
        assert option, value
        assert f"/static/leads/hair-loss/{value}.svg" in option.group(1)
        assert f"<span>{label}</span>" in option.group(1)
    for value, _label in Lead.HairLoss.choices:
        assert client.get(f"/static/leads/hair-loss/{value}.svg").status_code == 200


def test_a_treatment_page_link_chooses_its_treatment(client):
    treatment = TreatmentFactory(name="FUE hair transplant")
    html = client.get(f"{ASSESSMENT}?treatment={treatment.slug}").content.decode()
    assert re.search(rf'<option value="{treatment.pk}" selected>', html)


def test_a_request_without_photos_needs_no_health_consent(client):
    response = post(client, health_consent=None, hair_loss="unsure")
    assert response.status_code == 302
    lead = Lead.objects.get()
    assert (lead.kind, lead.hair_loss, lead.health_consent_version) == ("assessment", "unsure", "")
    assert lead.photos.count() == 0


def test_photos_need_the_health_consent_and_none_is_kept_without_it(client, private_media):
    response = post(
        client, photos=[photo_upload(), photo_upload(name="top.jpg")], health_consent=None
    )
    html = response.content.decode()
    assert response.status_code == 200
    block = re.search(r'<div id="div_id_health_consent".*?</div>\s*</div>', html, re.S).group(0)
    assert "Please agree so that our doctors may look at your photos" in block
    assert 'href="#id_health_consent"' in html  # in the summary above the form
    assert not Lead.objects.exists()
    assert not AssessmentPhoto.objects.exists()
    assert stored_files(private_media) == []
    assert 'value="Ayşe Yılmaz"' in html


@pytest.mark.parametrize(
    ("upload", "words"),
    [
        (
            lambda: SimpleUploadedFile("notes.pdf", b"%PDF-1.4 not a photo", "application/pdf"),
            "notes.pdf is not a photo we can read",
        ),
        (lambda: noise("huge.jpg", 200 * 1024), "huge.jpg is larger than 100.0"),
        (pixel_bomb, "bomb.png has more than 40 megapixels"),
        (lambda: SimpleUploadedFile("empty.jpg", b"", "image/jpeg"), "empty.jpg is not a photo"),
    ],
    ids=["not an image", "too large", "pixel bomb", "empty file"],
)
def test_a_refused_file_is_named_next_to_the_photos_and_nothing_typed_or_sent_is_lost(
    client, settings, private_media, upload, words
):
    settings.ASSESSMENT_PHOTO_MAX_BYTES = 100 * 1024
    response = post(
        client,
        photos=[photo_upload(name="front.jpg", size=(600, 400)), upload()],
        photo_angles="front,top",
        phone="0532 123 45 67",
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert words in photos_error(html)
    assert 'href="#id_photos"' in html
    # Everything typed is still there...
    assert 'value="Ayşe Yılmaz"' in html
    assert 'value="0532 123 45 67"' in html
    assert "Thinning at the crown for two years." in html
    # ...and the photo accepted in that post is attached, kept privately.
    assert attached(html) == ["Front"]
    assert len(stored_files(private_media)) == 2
    assert not Lead.objects.exists()

    # Sent again as the page stands (the refused file left out): one lead, with that photo.
    response = client.post(ASSESSMENT, form_values(html))
    assert response.status_code == 302
    lead = Lead.objects.get()
    assert [photo.angle for photo in lead.photos.all()] == ["front"]


def test_a_photo_already_attached_can_be_removed_before_sending(
    client, private_media, django_capture_on_commit_callbacks
):
    html = post(
        client,
        photos=[photo_upload(), SimpleUploadedFile("x.txt", b"text", "text/plain")],
        photo_angles="front,top",
    ).content.decode()
    key = re.search(r'name="remove_photos" value="([^"]+)"', html).group(1)
    # Files go once the removal is committed (leads.photos.photos_delete).
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(ASSESSMENT, {**form_values(html), "remove_photos": key})
    assert response.status_code == 302
    assert Lead.objects.get().photos.count() == 0
    assert stored_files(private_media) == []


def test_more_photos_than_the_limit_are_refused_with_a_message(client, settings, private_media):
    settings.ASSESSMENT_MAX_PHOTOS = 3
    response = post(client, photos=[photo_upload(name=f"{n}.jpg") for n in range(4)])
    assert "at most 3 photos" in photos_error(response.content.decode())
    assert not AssessmentPhoto.objects.exists()


def test_photos_kept_and_new_count_together_against_the_limit(client, settings):
    settings.ASSESSMENT_MAX_PHOTOS = 2
    html = post(
        client, photos=[photo_upload(), photo_upload(name="top.jpg")], phone="12"
    ).content.decode()
    assert len(attached(html)) == 2
    response = client.post(
        ASSESSMENT, {**form_values(html), "phone": "0532 123 45 67", "photos": [photo_upload()]}
    )
    assert "at most 2 photos" in photos_error(response.content.decode())
    assert AssessmentPhoto.objects.count() == 2


def test_a_forged_list_of_kept_photos_attaches_nothing(client):
    other = AssessmentPhotoFactory(lead=None)
    response = post(client, kept_photos=f'["{other.key}"]')
    assert response.status_code == 302
    assert Lead.objects.get().photos.count() == 0
    other.refresh_from_db()
    assert other.lead is None


def test_an_assessment_from_a_phone_with_an_open_call_back_request_is_merged_with_its_photos(
    client,
):
    callback = LeadFactory(kind="callback", phone="+905321234567", message="Call me please.")
    response = post(
        client, photos=[photo_upload(), photo_upload(name="top.png", image_format="PNG")]
    )
    assert response.status_code == 302
    lead = Lead.objects.get()
    assert lead.pk == callback.pk
    assert lead.kind == Lead.Kind.ASSESSMENT
    assert lead.request_count == 2
    assert lead.photos.count() == 2


def test_a_filled_honeypot_is_kept_as_spam_and_nobody_is_told(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = post(client, photos=[photo_upload()], website="http://spam.example")
    assert response.status_code == 302
    lead = Lead.objects.get()
    assert (lead.kind, lead.status, lead.spam_reasons) == ("assessment", "spam", [HONEYPOT])
    assert lead.notified_at is None
    assert "queued" not in response["Location"]


def test_a_patient_sent_to_the_confirmation_step_keeps_the_photos(client, settings):
    settings.LEADS_MIN_FILL_SECONDS = 3
    response = post(
        client,
        photos=[photo_upload(), photo_upload(name="crown.heic", image_format="HEIF")],
        photo_angles="front,crown",
        form_started=form_started_stamp(seconds_ago=0),
    )
    html = response.content.decode()
    assert "Please check and send your request" in html
    assert "Your photos are attached already" in html
    assert attached(html) == ["Front", "Crown"]
    assert not Lead.objects.exists()

    response = client.post(ASSESSMENT, form_values(html))
    assert response.status_code == 302
    lead = Lead.objects.get()
    assert (lead.status, lead.spam_reasons) == ("new", [])
    assert [photo.angle for photo in lead.photos.all()] == ["front", "crown"]


def test_past_the_phone_rate_limit_the_answer_is_429_and_no_photo_is_kept(
    client, settings, private_media, django_capture_on_commit_callbacks
):
    settings.LEADS_PHONE_RATE_LIMIT = "1/1d"
    assert post(client, photos=[photo_upload()]).status_code == 302
    with django_capture_on_commit_callbacks(execute=True):
        response = post(client, photos=[photo_upload()], REMOTE_ADDR="198.51.100.9")
    assert response.status_code == 429
    assert AssessmentPhoto.objects.count() == 1
    assert len(stored_files(private_media)) == 2


def test_a_body_over_the_assessment_limit_gets_the_friendly_413_page(client, settings):
    settings.ASSESSMENT_MAX_REQUEST_SIZE = 200 * 1024  # read when the request comes
    response = post(client, photos=[noise(f"{n}.jpg", 100 * 1024) for n in range(3)])
    assert response.status_code == 413
    text = response.content.decode()
    assert "We could not read what was sent" in text
    assert "fewer or smaller photos" in text
    assert not Lead.objects.exists()
    assert not AssessmentPhoto.objects.exists()


def test_the_assessment_takes_bodies_larger_than_other_forms(client, settings):
    settings.UPLOAD_MAX_REQUEST_SIZE = 100 * 1024
    response = post(client, photos=[photo_upload(size=(1600, 1200)) for _ in range(3)])
    assert response.status_code == 302


@pytest.mark.parametrize(
    "odd",
    [
        {
            "photos": [
                SimpleUploadedFile("../../etc/passwd\u202e.jpg", b"\xff\xd8\xff", "image/jpeg")
            ]
        },
        {"photos": [SimpleUploadedFile("a" * 300 + ".jpg", b"GIF89a", "image/gif")]},
        {"message": "x" * 100_000},
        {"photo_angles": "front," * 5000},
        {"kept_photos": "x" * 5000},
        {"hair_loss": "norwood-99", "age_range": "12"},
    ],
    ids=["strange name", "long name", "huge field", "huge angles", "forged keys", "odd choices"],
)
def test_odd_input_never_makes_a_server_error(client, odd):
    response = client.post(ASSESSMENT, {**assessment_data(), **odd})
    assert response.status_code in {200, 302}
    assert Lead.objects.filter(photos__isnull=False).count() == 0


@pytest.mark.parametrize(
    "path", ["/assessment/", "/tr/assessment/", "/de/assessment/", "/ar/assessment/"]
)
def test_every_language_renders_the_page_with_a_pinned_query_count(
    client, four_languages, django_assert_max_num_queries, path
):
    client.get(path)  # warm the clinic identity cache
    with django_assert_max_num_queries(2):  # session-free: the treatments list, at most one more
        response = client.get(path)
    assert response.status_code == 200
    assert f'action="{path}"' in response.content.decode()


def test_the_page_speaks_turkish_german_and_arabic(client, four_languages):
    assert "Ücretsiz online değerlendirme" in client.get("/tr/assessment/").content.decode()
    assert "Kostenlose Online-Beurteilung" in client.get("/de/assessment/").content.decode()
    html = client.get("/ar/assessment/").content.decode()
    assert 'dir="rtl"' in html
    assert "تقييم مجاني عبر الإنترنت" in html


def test_the_thanks_page_says_what_happens_next(client, settings):
    response = post(client, photos=[photo_upload()], follow=True)
    html = response.content.decode()
    assert response.redirect_chain[0][0].startswith("/assessment/thanks/?queued=")
    assert "<h1>Thank you: a doctor will look at your photos</h1>" in html
    assert "One of our doctors looks at your photos" in html
    assert "in your language" in html
    assert "noindex" in html


def test_the_thanks_page_promises_nothing_without_a_request_in_the_queue(client):
    html = client.get("/assessment/thanks/").content.decode()
    assert "We cannot find an assessment request from you" in html
    assert 'href="/assessment/"' in html


def test_a_patient_finds_the_assessment_from_the_header_and_the_call_back_page(client):
    assert re.search(r'<a href="/assessment/"[^>]*>Free assessment</a>', client.get("/").text)
    assert 'href="/assessment/"' in client.get("/callback/").text


def test_a_submission_with_photos_runs_a_small_fixed_number_of_queries(
    client, settings, django_assert_max_num_queries, django_capture_on_commit_callbacks
):
    settings.LEADS_NOTIFY_EMAILS = ["desk@clinic.example"]
    client.get(ASSESSMENT)
    photos = [photo_upload(name=f"{angle}.jpg") for angle in ("front", "top", "crown")]
    # The staff notification that runs after the commit counts too; one insert per photo.
    with (
        django_assert_max_num_queries(9 + len(photos)),
        django_capture_on_commit_callbacks(execute=True),
    ):
        assert post(client, photos=photos).status_code == 302
    assert Lead.objects.get().photos.count() == 3


def test_past_the_address_ceiling_photos_are_not_even_read(client, settings):
    settings.LEADS_RATE_LIMIT_HOLD = "2/1h"
    for phone in ("+90 532 111 11 11", "+90 532 222 22 22"):
        assert post(client, photos=[photo_upload()], phone=phone).status_code == 302
    # Read, this file would be refused with the form shown again; it is not read at all.
    response = post(client, photos=[noise("third.jpg", 1000)], phone="+90 532 333 33 33")
    assert response.status_code == 429
    assert AssessmentPhoto.objects.count() == 2


def test_a_photo_the_storage_cannot_take_comes_back_with_the_form_and_the_other_photos_kept(
    client, monkeypatch
):
    from leads import photos

    real_keep = photos.photo_keep
    calls = []

    def keep_then_fail(upload, *, angle=""):
        calls.append(upload.name)
        if len(calls) == 2:
            raise OSError("No space left on device")
        return real_keep(upload, angle=angle)

    monkeypatch.setattr("leads.forms.assessment.photo_keep", keep_then_fail)
    response = post(
        client,
        photos=[photo_upload(name="front.jpg"), photo_upload(name="top.jpg")],
        name="Leyla Demir",
        message="Thinning at the crown since two years",
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "We could not save top.jpg just now. Please send it again." in page
    assert "Leyla Demir" in page and "Thinning at the crown since two years" in page
    assert not Lead.objects.exists()
    # The photo stored before the failure is attached when the patient sends the form again.
    monkeypatch.setattr("leads.forms.assessment.photo_keep", real_keep)
    response = client.post(ASSESSMENT, form_values(page))
    assert response.status_code == 302
    assert Lead.objects.get().photos.count() == 1


@pytest.mark.parametrize("treatment", ["%00", "\x00", "fue%00", "../../x", "a" * 500])
def test_an_odd_treatment_in_the_address_shows_the_page_with_none_chosen(client, treatment):
    response = client.get(ASSESSMENT, {"treatment": treatment})
    assert response.status_code == 200
