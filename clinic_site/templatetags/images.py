"""
Pictures in the sizes that fit the layout (see ``clinic_site/images.py`` for the renditions).

``{% load images %}``, then::

    {% picture treatment "hero_image" alt=treatment.hero_image_alt class="card-img-top"
       sizes="(min-width: 992px) 33vw, 100vw" %}  (on one line in a template)
    {% portrait doctor size=160 %}

``picture`` renders a ``<picture>`` with a WebP source and the original format as the
``<img>``'s srcset, with ``width`` and ``height`` so nothing shifts while it loads; a plain
``<img>`` when the renditions are missing; nothing when the field is empty. The ``alt``
defaults to the object's ``<field>_alt``; ``loading`` to ``lazy`` unless ``fetchpriority``
is ``high`` (the picture a visitor sees first loads at once).

``portrait`` renders the doctor's photo, or a drawn placeholder with their initials (an inline
SVG named with the doctor's name), never a broken image.
"""

import hashlib

from django import template
from django.core.files.storage import default_storage
from django.utils.html import format_html, format_html_join

register = template.Library()

DEFAULT_SIZES = "100vw"

# Dark enough for white initials to read at a contrast above 7:1 (WCAG AAA).
PORTRAIT_COLOURS = (
    "#1f4e5f",
    "#5b3a6b",
    "#7a3b2e",
    "#2f5d3a",
    "#3d4a7a",
    "#5e4a12",
    "#155e63",
    "#7a2e48",
)


@register.simple_tag
def picture(obj, field, alt=None, sizes=DEFAULT_SIZES, loading=None, **attributes):
    file = getattr(obj, field, None) if obj is not None else None
    if not file:
        return ""
    if alt is None:
        alt = getattr(obj, f"{field}_alt", "") or ""
    renditions = getattr(obj, f"{field}_renditions", None) or {}
    width = renditions.get("width") or _dimension(obj, field, "width")
    height = renditions.get("height") or _dimension(obj, field, "height")
    if loading is None and attributes.get("fetchpriority") != "high":
        loading = "lazy"
    img_attributes = {
        "width": width,
        "height": height,
        "loading": loading,
        "decoding": "async",
        **attributes,
    }
    fallback = renditions.get("fallback") or []
    webp = renditions.get("webp") or []
    if not fallback:
        return format_html('<img src="{}" alt="{}"{}>', file.url, alt, _attributes(img_attributes))
    middle = fallback[len(fallback) // 2][1]
    return format_html(
        '<picture>{}<img src="{}" srcset="{}" sizes="{}" alt="{}"{}></picture>',
        format_html('<source type="image/webp" srcset="{}" sizes="{}">', _srcset(webp), sizes)
        if webp
        else "",
        default_storage.url(middle),
        _srcset(fallback),
        sizes,
        alt,
        _attributes(img_attributes),
    )


@register.simple_tag
def portrait(doctor, size=160, sizes=None, **attributes):
    """
    The doctor's photo at ``size`` CSS pixels wide (or as ``sizes`` says, where the column
    is wider on a phone), or the initials placeholder.
    """
    if doctor.photo:
        attributes.setdefault("class", "doctor-photo rounded")
        return picture(
            doctor, "photo", alt=doctor.photo_alt, sizes=sizes or f"{int(size)}px", **attributes
        )
    name = doctor.display_name
    classes = " ".join(filter(None, ["portrait-placeholder rounded", attributes.pop("class", "")]))
    return format_html(
        '<svg class="{}" role="img" aria-label="{}" width="{}" height="{}" viewBox="0 0 100 100" '
        'xmlns="http://www.w3.org/2000/svg">'
        '<rect width="100" height="100" fill="{}"/>'
        '<text x="50" y="50" dy=".35em" text-anchor="middle" fill="#ffffff" '
        'font-family="system-ui, sans-serif" font-size="38" font-weight="600">{}</text></svg>',
        classes,
        name,
        int(size),
        int(size),
        portrait_colour(doctor.name),
        initials(doctor.name),
    )


def initials(name: str) -> str:
    """'Selin Aksoy' -> 'SA'; one word -> its first letter."""
    words = [word for word in name.replace("-", " ").split() if word[:1].isalpha()]
    if not words:
        return "?"
    letters = words[0][0] + (words[-1][0] if len(words) > 1 else "")
    return letters.upper()


def portrait_colour(name: str) -> str:
    """The same colour for the same name, on every page and every machine."""
    digest = hashlib.sha256(name.encode()).digest()
    return PORTRAIT_COLOURS[digest[0] % len(PORTRAIT_COLOURS)]


def _dimension(obj, field, which):
    model_field = obj._meta.get_field(field)
    attribute = getattr(model_field, f"{which}_field", None)
    return getattr(obj, attribute, None) if attribute else None


def _srcset(entries):
    return ", ".join(f"{default_storage.url(name)} {width}w" for width, name in entries)


def _attributes(attributes):
    return format_html_join(
        "",
        ' {}="{}"',
        ((key, value) for key, value in attributes.items() if value not in (None, "", False)),
    )
