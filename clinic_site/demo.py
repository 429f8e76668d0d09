"""Demo content for the clinic identity. Every app may have a ``demo.py`` with ``seed()``."""

from datetime import time

from clinic_site.models import Clinic, OpeningHours, SocialLink

DEMO_CLINIC = {
    "name": "Bosphorus Hair Clinic",
    "street_address": "Meşrutiyet Caddesi 42, 3rd floor",
    "postal_code": "34430",
    "region": "Beyoğlu",
    "city": "Istanbul",
    "country": "Türkiye",
    "country_code": "TR",
    "phone": "+902123456789",
    "whatsapp": "+905321234567",
    "email": "hello@bosphorus-hair.example",
    "price_from": 1900,
    "price_to": 2600,
    "currency": "EUR",
    "time_zone": "Europe/Istanbul",
    "callback_promise_minutes": 15,
}

# The clinic's texts per language (clinic_site/translation.py).
DEMO_TEXTS = {
    "opening_hours_note": {
        "en": "Closed on public holidays. WhatsApp messages are answered every day.",
        "tr": "Resmî tatillerde kapalıyız. WhatsApp mesajlarını her gün yanıtlıyoruz.",
        "de": "An Feiertagen geschlossen. WhatsApp-Nachrichten beantworten wir täglich.",
        "ar": "العيادة مغلقة في العطل الرسمية، ونرد على رسائل واتساب كل يوم.",
    },
}

DEMO_HOURS = [(day, time(9), time(19)) for day in range(5)] + [(5, time(10), time(16))]

DEMO_LINKS = [
    ("Instagram", "https://www.instagram.com/bosphorushair.example"),
    ("YouTube", "https://www.youtube.com/@bosphorushair.example"),
]


def seed(*, stdout):
    clinic = Clinic.objects.filter(pk=Clinic.SINGLETON_PK).first()
    # The migration leaves a placeholder identity for the demo to fill in.
    if clinic is None or clinic.street_address == Clinic.placeholder().street_address:
        clinic = clinic or Clinic()
        for field, value in DEMO_CLINIC.items():
            setattr(clinic, field, value)
        clinic.save()
        stdout.write(f"clinic identity: {clinic.name}")
    missing = {
        f"{field}_{language}": text
        for field, texts in DEMO_TEXTS.items()
        for language, text in texts.items()
        if not getattr(clinic, f"{field}_{language}")
    }
    if missing:
        for column, text in missing.items():
            setattr(clinic, column, text)
        clinic.save()
    if not clinic.opening_hours.exists():
        OpeningHours.objects.bulk_create(
            OpeningHours(clinic=clinic, weekday=day, opens=opens, closes=closes)
            for day, opens, closes in DEMO_HOURS
        )
        Clinic.clear_cache()
        stdout.write("opening hours: Monday to Saturday")
    if not clinic.social_links.exists():
        SocialLink.objects.bulk_create(
            SocialLink(clinic=clinic, label=label, url=url, position=position)
            for position, (label, url) in enumerate(DEMO_LINKS)
        )
        Clinic.clear_cache()
