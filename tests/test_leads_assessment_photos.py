"""
leads.photos: what a patient sends is read as a picture and kept again, upright, as a new JPEG
with nothing of the original file (no EXIF, no GPS position, no comment); what is not a photo we
take is refused with a message naming the file, without decoding it where its size or header
already says no, and without leaving anything in the private storage.
"""

from io import BytesIO

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageFile

from leads.models import AssessmentPhoto
from leads.photos import THUMBNAIL_SIDE, photo_keep
from tests.factories import photo_upload

pytestmark = pytest.mark.django_db

ORIENTATION, MAKE, MODEL, GPS = 0x0112, 0x010F, 0x0110, 0x8825


def stored(photo, field="image") -> Image.Image:
    with getattr(photo, field).open("rb") as file:
        image = Image.open(BytesIO(file.read()))
        image.load()
    return image


def files_in(folder) -> list:
    return [path for path in folder.rglob("*") if path.is_file()]


def phone_exif(orientation=6) -> bytes:
    """What a phone writes: its make and model, the position, and how the photo was held."""
    exif = Image.Exif()
    exif[MAKE] = "Apple"
    exif[MODEL] = "iPhone 15 Pro"
    exif[ORIENTATION] = orientation
    exif[GPS] = {1: "N", 2: (41.0, 2.0, 31.0), 3: "E", 4: (28.0, 58.0, 45.0)}
    return exif.tobytes()


def refusal(upload) -> str:
    with pytest.raises(ValidationError) as refused:
        photo_keep(upload)
    return refused.value.messages[0]


# --- What is kept ---------------------------------------------------------------------------


def test_a_phone_photo_loses_its_exif_and_gps_and_is_turned_upright(private_media):
    upload = photo_upload(name="IMG_0042.JPG", size=(1200, 900), exif=phone_exif(orientation=6))
    assert Image.open(BytesIO(upload.read())).getexif()[MAKE] == "Apple"  # there to begin with
    upload.seek(0)
    photo = photo_keep(upload, angle="front")
    image = stored(photo)
    assert image.format == "JPEG"
    assert not image.getexif()  # no tag at all: no GPS, camera or orientation
    assert "exif" not in image.info
    with photo.image.open("rb") as file:
        data = file.read()
    assert b"Apple" not in data and b"iPhone" not in data
    # Held on its side (orientation 6): stored turned, so it no longer needs the tag.
    assert image.size == (900, 1200)
    assert (photo.width, photo.height) == (900, 1200)
    assert photo.lead is None and photo.angle == "front"


# EXIF as some apps write it: the GPS block's offsets point past its end (found by fuzzing).
BADLY_WRITTEN_EXIF = bytes.fromhex(
    "4578696600004d4d002a000000080003010f00020000000600000032011200030000000100060000882500"
    "040000000100000038000000004170706c65007f8e00010002000000024e00000000020005000000ecb500"
    "005600000000000000290000000100000002000000010000000300000001"
)


@pytest.mark.filterwarnings("ignore::UserWarning")  # Pillow's "Corrupt EXIF data"
def test_a_photo_with_badly_written_exif_is_kept_upright_without_it(private_media):
    photo = photo_keep(photo_upload(name="odd.jpg", size=(1200, 900), exif=BADLY_WRITTEN_EXIF))
    image = stored(photo)
    assert not image.getexif()
    assert image.size == (900, 1200)  # its orientation (6) was still readable


def test_a_jpeg_comment_is_not_carried_into_the_kept_file(private_media):
    buffer = BytesIO()
    Image.new("RGB", (800, 600), (120, 90, 70)).save(
        buffer, "JPEG", comment="Ayse Yilmaz, +90 532 000 00 00"
    )
    photo = photo_keep(SimpleUploadedFile("top.jpg", buffer.getvalue()))
    for field in ("image", "thumbnail"):
        with getattr(photo, field).open("rb") as file:
            assert b"Ayse" not in file.read()
        assert "comment" not in stored(photo, field).info


def test_the_thumbnail_is_small_and_clean_too(private_media):
    photo = photo_keep(photo_upload(size=(3000, 2000), exif=phone_exif(orientation=1)))
    thumbnail = stored(photo, "thumbnail")
    assert max(thumbnail.size) == THUMBNAIL_SIDE
    assert not thumbnail.getexif()


def test_a_transparent_png_is_kept_on_white(private_media):
    image = Image.new("RGBA", (400, 300), (0, 0, 0, 0))
    image.paste((90, 60, 40, 255), (100, 100, 300, 200))
    buffer = BytesIO()
    image.save(buffer, "PNG")
    photo = photo_keep(SimpleUploadedFile("crown.png", buffer.getvalue()))
    kept = stored(photo)
    assert kept.format == "JPEG" and kept.mode == "RGB"
    assert all(channel > 245 for channel in kept.getpixel((10, 10)))  # not black
    assert all(
        abs(a - b) < 12 for a, b in zip(kept.getpixel((200, 150)), (90, 60, 40), strict=True)
    )


def test_a_webp_photo_is_kept_as_jpeg(private_media):
    photo = photo_keep(photo_upload(name="back.webp", size=(1000, 800), image_format="WEBP"))
    assert stored(photo).format == "JPEG"
    assert (photo.width, photo.height) == (1000, 800)


def test_an_iphone_heic_photo_is_kept_as_jpeg(private_media):
    photo = photo_keep(photo_upload(name="IMG_0043.HEIC", size=(1200, 900), image_format="HEIF"))
    assert stored(photo).format == "JPEG"
    assert (photo.width, photo.height) == (1200, 900)
    assert len(files_in(private_media)) == 2


def test_a_kept_photo_has_a_name_that_says_nothing_about_the_patient(private_media):
    photo = photo_keep(photo_upload(name="Ayse_Yilmaz_front.jpg"))
    for name in photo.file_names:
        assert "Ayse" not in name and "front" not in name
        assert photo.key.hex in name


# --- What is refused ------------------------------------------------------------------------


def gif():
    buffer = BytesIO()
    Image.new("RGB", (200, 200), (10, 10, 10)).save(buffer, "GIF")
    return SimpleUploadedFile("funny.gif", buffer.getvalue(), content_type="image/gif")


def text_named_jpg():
    return SimpleUploadedFile("notes.jpg", b"Not a picture, just text.\n" * 50, "image/jpeg")


def truncated_jpeg():
    data = photo_upload(name="cut.jpg", size=(1200, 900)).read()
    return SimpleUploadedFile("cut.jpg", data[: len(data) // 2], content_type="image/jpeg")


@pytest.mark.parametrize(
    ("make", "name"),
    [(gif, "funny.gif"), (text_named_jpg, "notes.jpg"), (truncated_jpeg, "cut.jpg")],
)
def test_a_file_that_is_not_a_photo_we_take_is_refused_naming_it(private_media, make, name):
    message = refusal(make())
    assert message == (
        f"{name} is not a photo we can read. Please send a JPEG, PNG, WebP or HEIC photo."
    )
    assert files_in(private_media) == []
    assert not AssessmentPhoto.objects.exists()


def test_a_file_over_the_byte_limit_is_refused_without_being_read(
    private_media, settings, monkeypatch
):
    settings.ASSESSMENT_PHOTO_MAX_BYTES = 100_000
    upload = photo_upload(name="huge.jpg", size=(3000, 3000))
    upload.seek(0, 2)
    assert upload.tell() > 100_000

    def no_opening(*args, **kwargs):
        pytest.fail("the file was opened as a picture")

    monkeypatch.setattr(Image, "open", no_opening)
    message = refusal(upload)
    assert message == "huge.jpg is larger than 97.7\xa0KB. Please send a smaller photo."
    assert files_in(private_media) == []


def pixel_bomb(side=8000):
    """64 megapixels of one colour: a few kilobytes on the wire, 192 MB once decoded."""
    buffer = BytesIO()
    Image.new("1", (side, side), 0).save(buffer, "PNG", optimize=True)
    return SimpleUploadedFile("bomb.png", buffer.getvalue(), content_type="image/png")


def test_a_pixel_bomb_is_refused_from_its_header_never_decoded(private_media, monkeypatch):
    upload = pixel_bomb()
    assert upload.size < 50_000

    def no_decoding(self, *args, **kwargs):
        pytest.fail("the picture was decoded")

    monkeypatch.setattr(Image.Image, "load", no_decoding)
    monkeypatch.setattr(ImageFile.ImageFile, "load", no_decoding)
    message = refusal(upload)
    assert message == "bomb.png has more than 40 megapixels. Please send a smaller photo."
    assert files_in(private_media) == []


def test_a_photo_just_under_the_pixel_limit_is_kept(private_media, settings):
    settings.ASSESSMENT_PHOTO_MAX_PIXELS = 2_000_000
    photo = photo_keep(photo_upload(size=(1600, 1250)))  # exactly 2 megapixels
    assert (photo.width, photo.height) == (1600, 1250)
    with pytest.raises(ValidationError):
        photo_keep(photo_upload(size=(1601, 1250)))


def test_a_file_of_another_format_is_never_read_by_that_formats_reader(private_media, monkeypatch):
    """Only the JPEG, PNG, WebP and HEIF readers look at an upload (less code facing strangers)."""
    from PIL import GifImagePlugin

    def no_reading(self, *args, **kwargs):
        pytest.fail("the GIF reader read the upload")

    monkeypatch.setattr(GifImagePlugin.GifImageFile, "_open", no_reading)
    assert "is not a photo we can read" in refusal(gif())
