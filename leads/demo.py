"""
Demo content for the call centre: two free assessment requests with their photos, one of them
already answered by a doctor. The photos are drawn here with Pillow (a stylised head from the
front, the top and the back: shapes only, never a person) and stored through ``photo_keep``,
so they are private and re-encoded like any patient's. Idempotent: a request is found by its
phone number.

Only with ``DEBUG`` on, like the demo staff accounts: made-up patients never reach a real
call centre's queue, and a site seeded for its articles has no request it did not receive.
"""

from datetime import timedelta
from decimal import Decimal
from io import BytesIO

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone, translation
from PIL import Image, ImageDraw

from clinic.models import Treatment
from clinic_site.models import Clinic
from leads.consent import (
    CONSENT_VERSION,
    HEALTH_CONSENT_VERSION,
    consent_label,
    health_consent_label,
)
from leads.models import AssessmentResult, Lead
from leads.photos import photo_keep

# The demo doctor's account (seed_demo's DEMO_STAFF), when it exists: who answered.
DEMO_DOCTOR = "doctor"

DEMO_ASSESSMENTS = [
    {
        "name": "Jonas Weber",
        "phone": "+4915112345670",
        "country": "DE",
        "language": "de",
        "email": "jonas.weber.demo@example.com",
        "whatsapp_ok": True,
        "age_range": "35-44",
        "hair_loss": "norwood-4",
        "earlier_transplants": "none",
        "message": "Wie viele Grafts brauche ich ungefähr?",
        "hours_ago": 3,
        # How far the hair has gone, from 0 (a full head) to 1 (a ring at the back only).
        "loss": 0.55,
        "result": {
            "verdict": AssessmentResult.Verdict.SUITABLE,
            "grafts_min": 2500,
            "grafts_max": 3000,
            "price_quoted": Decimal("2400"),
            "note_for_patient": "Ihr Spenderbereich ist kräftig: Haaransatz und Schläfen "
            "lassen sich in einer Sitzung auffüllen.",
        },
    },
    {
        "name": "Omar Haddad",
        "phone": "+971501234567",
        "country": "AE",
        "language": "ar",
        "email": "",
        "whatsapp_ok": True,
        "age_range": "25-34",
        "hair_loss": "norwood-3",
        "earlier_transplants": "none",
        "message": "",
        "hours_ago": 1,
        "loss": 0.3,
        "result": None,
    },
]

ANGLES = ("front", "top", "back")
SIZE = 1200
SKIN = (214, 170, 140)
SKIN_SHADE = (190, 146, 118)
HAIR = (58, 40, 30)
BACKGROUND = (226, 232, 236)


def draw_head(angle: str, *, loss: float) -> bytes:
    """A stylised head seen from ``angle`` (front, top or back), as JPEG bytes."""
    image = Image.new("RGB", (SIZE, SIZE), BACKGROUND)
    draw = ImageDraw.Draw(image)
    middle = SIZE // 2
    if angle == "top":
        head = (200, 160, 1000, 1040)
        draw.ellipse(head, fill=HAIR)
        # Seen from above, the bare area grows from the front towards the crown.
        bare_height = int(260 + 420 * loss)
        draw.ellipse(
            (middle - 240, 170, middle + 240, 170 + bare_height), fill=SKIN, outline=SKIN_SHADE
        )
        crown = int(60 + 160 * loss)
        draw.ellipse((middle - crown, 700 - crown, middle + crown, 700 + crown), fill=SKIN)
        return _jpeg(image)
    # The neck and shoulders, then the head.
    draw.rectangle((middle - 120, 900, middle + 120, SIZE), fill=SKIN_SHADE)
    draw.ellipse((120, 1000, SIZE - 120, SIZE + 500), fill=(92, 112, 128))
    draw.ellipse((330, 180, 870, 960), fill=SKIN)
    draw.ellipse((290, 520, 360, 660), fill=SKIN_SHADE)  # ears
    draw.ellipse((840, 520, 910, 660), fill=SKIN_SHADE)
    if angle == "front":
        # The hair over the top of the head down to the ears, less the forehead: a hairline
        # whose temples recede further as the loss grows.
        hair = Image.new("L", image.size, 0)
        shape = ImageDraw.Draw(hair)
        shape.pieslice((318, 160, 882, 940), 180, 360, fill=255)
        shape.rectangle((318, 540, 350, 600), fill=255)
        shape.rectangle((850, 540, 882, 600), fill=255)
        hairline = int(300 + 140 * loss)
        shape.ellipse((440, hairline, 760, hairline + 420), fill=0)
        temple = int(20 + 100 * loss)
        for x in (450, 750):
            top = hairline + 60 - temple
            shape.ellipse((x - temple, top, x + temple, top + 2 * temple), fill=0)
        shape.rectangle((352, 560, 848, 600), fill=0)
        image.paste(HAIR, mask=hair)
        # Eyes, nose and mouth as plain lines: a drawing, not a face.
        draw.line((470, 600, 540, 600), fill=SKIN_SHADE, width=10)
        draw.line((660, 600, 730, 600), fill=SKIN_SHADE, width=10)
        draw.line((middle, 640, middle, 730), fill=SKIN_SHADE, width=8)
        draw.line((540, 810, 660, 810), fill=SKIN_SHADE, width=10)
    else:
        # From the back: the donor area low down stays full; the crown thins.
        draw.chord((330, 180, 870, 960), 0, 360, fill=HAIR)
        crown = int(40 + 150 * loss)
        draw.ellipse((middle - crown, 360 - crown, middle + crown, 360 + crown), fill=SKIN)
    return _jpeg(image)


def _jpeg(image) -> bytes:
    buffer = BytesIO()
    image.save(buffer, "JPEG", quality=85)
    return buffer.getvalue()


def seed(*, stdout):
    if not settings.DEBUG:
        return
    clinic = Clinic.load()
    technique = Treatment.objects.filter(slug="fue-hair-transplant").first()
    doctor = get_user_model().objects.filter(username=DEMO_DOCTOR).first()
    now = timezone.now()
    created = 0
    for spec in DEMO_ASSESSMENTS:
        if Lead.objects.filter(phone=spec["phone"]).exists():
            continue
        received = now - timedelta(hours=spec["hours_ago"])
        with translation.override(spec["language"]):
            consent = consent_label(clinic_name=clinic.name)
            health_consent = health_consent_label(clinic_name=clinic.name)
        lead = Lead.objects.create(
            kind=Lead.Kind.ASSESSMENT,
            name=spec["name"],
            phone=spec["phone"],
            country=spec["country"],
            language=spec["language"],
            email=spec["email"],
            whatsapp_ok=spec["whatsapp_ok"],
            interest=technique,
            age_range=spec["age_range"],
            hair_loss=spec["hair_loss"],
            earlier_transplants=spec["earlier_transplants"],
            message=spec["message"],
            source_url=f"{settings.SITE_URL}/{spec['language']}/assessment/",
            consent_text=consent,
            consent_version=CONSENT_VERSION,
            consented_at=received,
            health_consent_text=health_consent,
            health_consent_version=HEALTH_CONSENT_VERSION,
            health_consented_at=received,
            created_at=received,
            last_requested_at=received,
            # Demo requests are not announced to anyone.
            notified_at=received,
        )
        for angle in ANGLES:
            upload = SimpleUploadedFile(
                f"{angle}.jpg", draw_head(angle, loss=spec["loss"]), content_type="image/jpeg"
            )
            photo = photo_keep(upload, angle=angle)
            photo.lead = lead
            photo.save(update_fields=["lead"])
        if spec["result"]:
            AssessmentResult.objects.create(
                lead=lead,
                technique=technique,
                currency="EUR",
                assessed_by=doctor,
                assessed_at=received + timedelta(minutes=40),
                **spec["result"],
            )
        created += 1
    if created:
        stdout.write(f"free assessment requests: {created} added, with drawn photos")
