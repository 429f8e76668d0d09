"""
Uploaded images, stored once and served in sizes that fit the layout.

Every image field listed in ``IMAGE_FIELDS`` is handled on save, by one pair of signals for
all of them (no code per model). When the file changed:

1. the stored original is re-encoded without its metadata (EXIF, GPS, comments), turned the
   way the camera meant it first (``ImageOps.exif_transpose``);
2. renditions are made at the ``RENDITION_WIDTHS`` that are narrower than the original (and
   one at the original's width, at most the largest), in WebP and in the original's format
   (JPEG, or PNG for a picture with transparency), stored next to it;
3. they are recorded in the field's sibling ``<field>_renditions``::

       {"original": "clinic/treatments/fue.jpg", "width": 1200, "height": 800,
        "webp": [[320, "clinic/treatments/fue-320w.webp"], ...],
        "fallback": [[320, "clinic/treatments/fue-320w.jpg"], ...]}

The previous original and its renditions are deleted when the image is replaced or cleared,
and when the row is deleted, unless another row still shows the same file (an article's
translations share the original's picture). A file that cannot be read never loses the save:
the error is logged and the original kept as uploaded, with no renditions.

``delete_image_files(instance, field)`` deletes one image's files now (the results' purge of
withdrawn photos calls it); the template tags in ``clinic_site/templatetags/images.py`` read
the renditions.
"""

import functools
import logging
from io import BytesIO
from pathlib import PurePosixPath

from django.apps import apps
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db.models.signals import post_delete, post_init, post_save
from PIL import Image, ImageOps, UnidentifiedImageError

from clinic_site.page_cache import pages_changed

logger = logging.getLogger(__name__)

# (app_label.Model, field name): every uploaded picture a public page shows.
IMAGE_FIELDS = [
    ("clinic.Treatment", "hero_image"),
    ("clinic.ResultCase", "before_image"),
    ("clinic.ResultCase", "after_image"),
    ("blog.Doctor", "photo"),
    ("blog.Article", "hero_image"),
    ("clinic_site.Clinic", "hero_image"),
    ("clinic_site.Clinic", "map_image"),
]

# From a phone's narrow column to a wide desktop hero at twice the pixel density.
RENDITION_WIDTHS = (320, 480, 640, 960, 1280, 1600)
WEBP_QUALITY = 80
JPEG_QUALITY = 82

_SNAPSHOT = "_image_fields_as_loaded"


@functools.cache
def registered_fields(model) -> tuple[str, ...]:
    """The image fields of ``model`` that get renditions (empty for any other model)."""
    label = model._meta.label
    return tuple(field for model_label, field in IMAGE_FIELDS if model_label == label)


def connect_signals():
    """Called once from ``ClinicSiteConfig.ready()``."""
    for model_label in {label for label, _field in IMAGE_FIELDS}:
        model = apps.get_model(model_label)
        uid = f"clinic_site.images:{model_label}"
        post_init.connect(_remember_files, sender=model, dispatch_uid=f"{uid}:init")
        post_save.connect(_process_changed_files, sender=model, dispatch_uid=f"{uid}:save")
        post_delete.connect(_delete_files, sender=model, dispatch_uid=f"{uid}:delete")


# --- Signals -------------------------------------------------------------------------------


def _remember_files(sender, instance, **kwargs):
    """What each image field held when the row was read: a later save compares with it."""
    _snapshot(instance)


def _snapshot(instance):
    setattr(
        instance,
        _SNAPSHOT,
        {
            field: (_name(instance, field), instance.__dict__.get(f"{field}_renditions") or {})
            for field in registered_fields(type(instance))
            if field in instance.__dict__  # a deferred field is not compared
        },
    )


def _process_changed_files(sender, instance, raw=False, update_fields=None, **kwargs):
    if raw:  # loading a fixture: its files are as they were
        return
    loaded = getattr(instance, _SNAPSHOT, {})
    for field in registered_fields(sender):
        if field not in instance.__dict__:
            continue
        if update_fields is not None and field not in update_fields:
            continue
        name = _name(instance, field)
        old_name, old_renditions = loaded.get(field, ("", {}))
        renditions = getattr(instance, f"{field}_renditions") or {}
        if old_name and old_name != name:
            _delete_unused(instance, old_name, old_renditions)
        if name and renditions.get("original") != name:
            # New, or never processed. Renditions copied with the file (an article's
            # translation) name it as their original and are kept as they are.
            process_image(instance, field)
        elif not name and renditions:
            _store(instance, field, name="", renditions={}, size=(None, None))
    _snapshot(instance)


def _delete_files(sender, instance, **kwargs):
    for field in registered_fields(sender):
        name = _name(instance, field)
        if name:
            _delete_unused(instance, name, getattr(instance, f"{field}_renditions", None) or {})


# --- Making renditions ---------------------------------------------------------------------


def process_image(instance, field: str) -> dict:
    """
    Re-encodes ``instance.<field>`` without metadata, makes its renditions and records them
    on the row (with an UPDATE, so no save signal runs again). Returns the renditions, empty
    when the file could not be read (logged; the original stays as it was).
    """
    name = _name(instance, field)
    try:
        with default_storage.open(name) as file, Image.open(file) as opened:
            opened.load()
            image = ImageOps.exif_transpose(opened)
            source_format = opened.format
    except FileNotFoundError:
        logger.warning("The image %s is not in storage; no renditions", name)
        return {}
    except (OSError, UnidentifiedImageError, Image.DecompressionBombError, ValueError):
        logger.exception("Could not read the image %s; kept as uploaded, no renditions", name)
        return {}
    fallback_format = _fallback_format(image, source_format)
    image = _convert_for(image, fallback_format)
    try:
        name = _replace(name, _encode(image, fallback_format))
        renditions = _make_renditions(image, name, fallback_format)
    except OSError:
        logger.exception("Could not store the renditions of %s", name)
        return {}
    _store(instance, field, name=name, renditions=renditions, size=image.size)
    return renditions


def _fallback_format(image, source_format):
    if source_format == "JPEG":
        return "JPEG"
    has_alpha = image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info
    return "PNG" if has_alpha or source_format == "PNG" else "JPEG"


def _convert_for(image, image_format):
    if image_format == "JPEG" and image.mode != "RGB":
        if image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info:
            background = Image.new("RGB", image.size, (255, 255, 255))
            background.paste(image.convert("RGBA"), mask=image.convert("RGBA").split()[-1])
            return background
        return image.convert("RGB")
    if image_format == "PNG" and image.mode not in ("RGB", "RGBA", "L", "LA", "P"):
        return image.convert("RGBA")
    return image


def _encode(image, image_format) -> bytes:
    """The picture alone: no EXIF, no ICC profile, no comment, nothing Pillow would carry."""
    buffer = BytesIO()
    if image_format == "JPEG":
        image.save(buffer, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True)
    elif image_format == "WEBP":
        image.save(buffer, "WEBP", quality=WEBP_QUALITY, method=3)
    else:
        image.save(buffer, "PNG", optimize=True)
    return buffer.getvalue()


def _replace(name, data: bytes) -> str:
    default_storage.delete(name)
    return default_storage.save(name, ContentFile(data))


def rendition_widths(width: int) -> list[int]:
    """The widths made for an original ``width`` pixels wide: never wider than it."""
    widths = [w for w in RENDITION_WIDTHS if w < width]
    largest = min(width, RENDITION_WIDTHS[-1])
    if largest not in widths:
        widths.append(largest)
    return widths


def _make_renditions(image, name, fallback_format) -> dict:
    path = PurePosixPath(name)
    extension = ".jpg" if fallback_format == "JPEG" else ".png"
    width, height = image.size
    renditions = {
        "original": name,
        "width": width,
        "height": height,
        "webp": [],
        "fallback": [],
    }
    for target in rendition_widths(width):
        resized = (
            image
            if target == width
            else image.resize(
                (target, max(1, round(height * target / width))), Image.LANCZOS, reducing_gap=3.0
            )
        )
        for key, image_format, suffix in (
            ("webp", "WEBP", ".webp"),
            ("fallback", fallback_format, extension),
        ):
            stored = default_storage.save(
                str(path.with_name(f"{path.stem}-{target}w{suffix}")),
                ContentFile(_encode(resized, image_format)),
            )
            renditions[key].append([target, stored])
    return renditions


def _store(instance, field, *, name, renditions, size):
    model_field = instance._meta.get_field(field)
    values = {field: name, f"{field}_renditions": renditions}
    if model_field.width_field:
        values[model_field.width_field] = size[0]
    if model_field.height_field:
        values[model_field.height_field] = size[1]
    type(instance)._base_manager.filter(pk=instance.pk).update(**values)
    pages_changed()  # the pages show the new renditions
    for attribute, value in values.items():
        if attribute == field:
            getattr(instance, field).name = value
        else:
            setattr(instance, attribute, value)


# --- Deleting ------------------------------------------------------------------------------


def delete_image_files(instance, field: str) -> None:
    """
    Deletes the file of ``instance.<field>`` and every rendition of it from storage, now, and
    empties the field and its renditions on the instance (not in the database: save the
    instance afterwards, as the purge of withdrawn results does). Files another row still
    shows are kept.
    """
    name = _name(instance, field)
    renditions = getattr(instance, f"{field}_renditions", None) or {}
    if name:
        _delete_unused(instance, name, renditions)
    getattr(instance, field).name = ""
    setattr(instance, f"{field}_renditions", {})
    model_field = instance._meta.get_field(field)
    for dimension in (model_field.width_field, model_field.height_field):
        if dimension:
            setattr(instance, dimension, None)
    # Already deleted: the next save has nothing more to delete.
    loaded = getattr(instance, _SNAPSHOT, {})
    loaded[field] = ("", {})
    setattr(instance, _SNAPSHOT, loaded)


def image_file_names(instance, field: str) -> list[str]:
    """The stored names of ``instance.<field>`` and of every rendition of it."""
    name = _name(instance, field)
    if not name:
        return []
    return [name, *_rendition_file_names(getattr(instance, f"{field}_renditions", None) or {})]


def _rendition_file_names(renditions) -> list[str]:
    return [stored for key in ("webp", "fallback") for _width, stored in renditions.get(key, [])]


def _delete_unused(instance, name, renditions):
    if _shown_elsewhere(instance, name):
        return
    names = [name, *_rendition_file_names(renditions)]
    for stored in names:
        try:
            default_storage.delete(stored)
        except OSError:
            logger.exception("Could not delete the image file %s", stored)


def _shown_elsewhere(instance, name) -> bool:
    for model_label, field in IMAGE_FIELDS:
        model = apps.get_model(model_label)
        others = model._base_manager.filter(**{field: name})
        if isinstance(instance, model):
            others = others.exclude(pk=instance.pk)
        if others.exists():
            return True
    return False


def _name(instance, field) -> str:
    file = instance.__dict__.get(field)
    if file is None:
        return ""
    return getattr(file, "name", file) or ""
