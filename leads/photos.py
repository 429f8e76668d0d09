"""
The free assessment's photos: read what a patient sends, keep it privately, delete it for good.

``photo_keep(upload)`` reads an uploaded file as a picture and stores it again: decoded in full
only once its header has shown it is a JPEG, PNG, WebP or HEIC/HEIF photo of at most
``ASSESSMENT_PHOTO_MAX_PIXELS`` (a "pixel bomb" is refused from its header), turned upright,
and encoded again as a JPEG, so nothing of the original file is kept: no EXIF, no GPS position,
no camera serial number, no comment, no hidden payload. A thumbnail goes with it. Both are in
the private storage (``leads.models.private_storage``); the row has no lead until the request
is sent (``leads.services.submission.lead_submit`` gives it one).

``photos_delete(photos)`` deletes rows, and every file of them once the deletion is committed
(so does deleting a request in the admin: ``photo_files_delete_on_commit``).
"""

import logging
import struct
from collections.abc import Iterable
from io import BytesIO

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from PIL import ExifTags, Image, UnidentifiedImageError
from pillow_heif import register_heif_opener

from leads.models import AssessmentPhoto

logger = logging.getLogger(__name__)

# The iPhone's HEIC (and any HEIF) opens like any other picture once this is registered.
register_heif_opener()

# What Pillow calls the formats a phone or a computer sends.
ACCEPTED_FORMATS = frozenset({"JPEG", "MPO", "PNG", "WEBP", "HEIF"})
# The readers asked to open a file (Pillow's JPEG reader also opens MPO files).
OPENED_FORMATS = ("JPEG", "PNG", "WEBP", "HEIF")
# Large enough for a doctor to zoom on a hairline; a 12-megapixel phone photo keeps its size.
MAX_SIDE = 4096
THUMBNAIL_SIDE = 480
JPEG_QUALITY = 88
THUMBNAIL_QUALITY = 80


def photo_keep(upload, *, angle: str = "") -> AssessmentPhoto:
    """
    Store one uploaded photo privately, without its metadata, and return its row (no lead yet).
    Raises ``ValidationError`` with a message for the patient when the file is not a photo we
    take: too large in bytes or pixels, not a picture, or a kind of picture we do not read.
    """
    image = _decode(upload)
    full = _encode(_fit(image, MAX_SIDE), quality=JPEG_QUALITY)
    thumbnail = _encode(_fit(image, THUMBNAIL_SIDE), quality=THUMBNAIL_QUALITY)
    photo = AssessmentPhoto(angle=angle, width=full.size[0], height=full.size[1])
    photo.image.save("photo.jpg", ContentFile(full.data), save=False)
    try:
        photo.thumbnail.save("thumbnail.jpg", ContentFile(thumbnail.data), save=False)
        photo.save()
    except Exception:
        for name in photo.file_names:
            photo.image.storage.delete(name)
        raise
    return photo


def photos_delete(photos: Iterable[AssessmentPhoto]) -> int:
    """
    Delete these photos: their rows now, their files (the photo and its thumbnail) once the
    transaction commits (``photo_files_delete_on_commit``, run for each row deleted).
    """
    count = 0
    for photo in list(photos):
        photo.delete()
        count += 1
    return count


def photo_files_delete_on_commit(sender, instance: AssessmentPhoto, **kwargs) -> None:
    """
    A photo's row is gone (``photos_delete``, or a request deleted in the admin, which takes its
    photos with it): its files go once that is committed. Not before, or a rollback would bring
    the row back without its picture; not never, or a deleted request leaves health data behind.
    Connected to ``post_delete`` by ``LeadsConfig.ready``: a cascade deletes rows without
    calling any of our code.
    """
    storage = instance.image.storage
    names = instance.file_names
    transaction.on_commit(lambda: _files_delete(storage, names), using=kwargs.get("using"))


def _files_delete(storage, names: list[str]) -> None:
    for name in names:
        try:
            storage.delete(name)
        except Exception:
            # The names are random keys, nothing about the patient; the row is gone already,
            # so the log is where a file left behind can be found again.
            logger.exception("An assessment photo file could not be deleted: %s", name)


# --- Reading and writing -------------------------------------------------------------------


def _refused(message, code, **params):
    return ValidationError(message, code=code, params=params)


def _decode(upload) -> Image.Image:
    max_bytes = settings.ASSESSMENT_PHOTO_MAX_BYTES
    if upload.size > max_bytes:
        raise _refused(
            _("%(name)s is larger than %(limit)s. Please send a smaller photo."),
            "photo_too_large",
            name=upload.name,
            limit=filesizeformat(max_bytes),
        )
    not_a_photo = _refused(
        _("%(name)s is not a photo we can read. Please send a JPEG, PNG, WebP or HEIC photo."),
        "not_a_photo",
        name=upload.name,
    )
    upload.seek(0)
    try:
        # Only the readers of the formats we take look at the file: a file made to exploit
        # another format's reader is not a photo we read at all.
        image = Image.open(upload, formats=OPENED_FORMATS)
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError):
        raise not_a_photo from None
    except Image.DecompressionBombError:
        raise _too_many_pixels(upload) from None
    if image.format not in ACCEPTED_FORMATS:
        raise not_a_photo
    width, height = image.size
    # From the header alone: nothing has been decoded yet.
    if width * height > settings.ASSESSMENT_PHOTO_MAX_PIXELS:
        raise _too_many_pixels(upload)
    try:
        if image.format in {"JPEG", "MPO"}:
            image.draft("RGB", (MAX_SIDE, MAX_SIDE))  # a smaller decode where it suffices
        image.load()
        image = _as_rgb(_upright(image))
    except Image.DecompressionBombError:
        raise _too_many_pixels(upload) from None
    except (OSError, ValueError, SyntaxError, EOFError):
        logger.info("An assessment upload could not be decoded; refused")
        raise not_a_photo from None
    # The pixels alone: Pillow would write a JPEG comment (``info["comment"]``) of the original
    # into the new file, and a comment may hold anything (a name, a position, a payload).
    image.info = {}
    return image


# EXIF orientation → the turn that puts the picture upright (as ImageOps.exif_transpose).
_UPRIGHT = {
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_270,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}


def _upright(image: Image.Image) -> Image.Image:
    """
    The picture turned as its EXIF orientation says. Not ``ImageOps.exif_transpose``: it also
    writes the EXIF back, and fails (TypeError, struct.error) on EXIF an app wrote badly, which
    would refuse a good photo; the EXIF is dropped anyway. Unreadable EXIF: kept as it is.
    """
    try:
        orientation = image.getexif().get(ExifTags.Base.Orientation)
    except (OSError, ValueError, SyntaxError, EOFError, TypeError, KeyError, struct.error):
        return image
    turn = _UPRIGHT.get(orientation) if isinstance(orientation, int) else None
    return image.transpose(turn) if turn is not None else image


def _too_many_pixels(upload):
    megapixels = settings.ASSESSMENT_PHOTO_MAX_PIXELS // 1_000_000
    return _refused(
        _("%(name)s has more than %(megapixels)s megapixels. Please send a smaller photo."),
        "photo_too_many_pixels",
        name=upload.name,
        megapixels=megapixels,
    )


def _as_rgb(image: Image.Image) -> Image.Image:
    if image.mode == "RGB":
        return image
    if image.mode in ("RGBA", "LA", "PA", "P") and (
        image.mode != "P" or "transparency" in image.info
    ):
        rgba = image.convert("RGBA")
        background = Image.new("RGB", image.size, (255, 255, 255))
        background.paste(rgba, mask=rgba.split()[-1])
        return background
    return image.convert("RGB")


def _fit(image: Image.Image, side: int) -> Image.Image:
    if max(image.size) <= side:
        return image
    fitted = image.copy()
    fitted.thumbnail((side, side), Image.Resampling.LANCZOS)
    return fitted


class _Encoded:
    def __init__(self, data: bytes, size: tuple[int, int]):
        self.data = data
        self.size = size


def _encode(image: Image.Image, *, quality: int) -> _Encoded:
    """A new JPEG of the picture alone: Pillow writes no EXIF, ICC profile or comment unasked."""
    buffer = BytesIO()
    image.save(buffer, "JPEG", quality=quality, optimize=True, progressive=True)
    return _Encoded(buffer.getvalue(), image.size)
