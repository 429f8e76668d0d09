"""
The clinic's map on the contact page: the picture staff uploaded, or one drawn from the
identity's coordinates (``illustrations.draw_map``), served by the site itself like any image.

It is drawn once, when the identity is saved with coordinates and no uploaded map, and again
only when the coordinates or the clinic's name change; never while serving a page.
"""

import hashlib
from decimal import Decimal
from pathlib import PurePosixPath

from django.core.files.storage import default_storage

from clinic_site.illustrations import draw_map

DRAWN_MAP_PREFIX = "drawn-map-"


def drawn_map_name(clinic) -> str:
    # As a form or the database gives them (a Decimal), or as code sets them (a str).
    latitude, longitude = Decimal(str(clinic.latitude)), Decimal(str(clinic.longitude))
    key = f"{latitude:.6f},{longitude:.6f},{clinic.name}"
    digest = hashlib.sha256(key.encode()).hexdigest()[:12]
    return f"clinic_site/{DRAWN_MAP_PREFIX}{digest}.png"


def is_drawn_map(name: str) -> bool:
    return PurePosixPath(name or "").name.startswith(DRAWN_MAP_PREFIX)


def clinic_map_prepare(clinic) -> None:
    """
    Called by ``Clinic.save()`` before the row is written: sets ``map_image`` to the drawn map
    of the current coordinates when staff uploaded none (drawing it if it is not in storage
    yet), or clears a drawn map whose coordinates were removed. The renditions and the
    deletion of the previous drawing follow from the save (``clinic_site/images.py``).
    """
    current = clinic.map_image.name or ""
    if current and not is_drawn_map(current):
        return  # uploaded by staff: theirs to change
    if clinic.latitude is None or clinic.longitude is None:
        if current:
            clinic.map_image = ""
        return
    name = drawn_map_name(clinic)
    if current == name:
        return
    if not default_storage.exists(name):
        name = default_storage.save(name, draw_map(clinic.latitude, clinic.longitude, clinic.name))
    clinic.map_image = name
