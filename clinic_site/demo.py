"""Demo content for the clinic identity. Every app may have a ``demo.py`` with ``seed()``."""

from datetime import time
from decimal import Decimal

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

# What the home and contact pages show (trust figures, the place on the map), set where still
# empty. The clinic's door on Meşrutiyet Caddesi, Beyoğlu.
DEMO_FIGURES = {
    "founded_year": 2011,
    "procedures_count": 4200,
    "latitude": Decimal("41.032300"),
    "longitude": Decimal("28.974200"),
}

DEMO_IDENTITY_TEXTS = {
    "promise": {
        "en": "Natural hair, planned and performed by doctors",
        "tr": "Doktorların planlayıp uyguladığı doğal saçlar",
        "de": "Natürliches Haar, von Ärzten geplant und ausgeführt",
        "ar": "شعر طبيعي يخطط له وينفذه أطباء",
    },
    "promise_detail": {
        "en": "A doctor plans your transplant with you, our surgical team performs it in "
        "Istanbul, and we follow you up for a year wherever you live.",
        "tr": "Saç ekiminizi bir doktor sizinle birlikte planlar, İstanbul'daki cerrahi ekibimiz "
        "uygular ve nerede yaşarsanız yaşayın sizi bir yıl boyunca takip ederiz.",
        "de": "Eine Ärztin oder ein Arzt plant Ihre Transplantation mit Ihnen, unser "
        "Operationsteam führt sie in Istanbul durch, und wir begleiten Sie ein Jahr lang "
        "nach, wo auch immer Sie leben.",
        "ar": "يخطط طبيب معك لعملية زراعة شعرك، ويجريها فريقنا الجراحي في إسطنبول، "
        "ونتابع حالتك لمدة عام أينما كنت تعيش.",
    },
    "languages_spoken": {
        "en": "English, Turkish, German, Arabic",
        "tr": "İngilizce, Türkçe, Almanca, Arapça",
        "de": "Englisch, Türkisch, Deutsch, Arabisch",
        "ar": "الإنجليزية، التركية، الألمانية، العربية",
    },
    "accreditations": {
        "en": "Licensed by the Ministry of Health of the Republic of Türkiye\n"
        "Authorised for international health tourism by the Ministry of Health\n"
        "ISO 9001 quality management",
        "tr": "T.C. Sağlık Bakanlığı ruhsatlı\n"
        "Sağlık Bakanlığı uluslararası sağlık turizmi yetki belgesi\n"
        "ISO 9001 kalite yönetimi",
        "de": "Zugelassen vom Gesundheitsministerium der Republik Türkei\n"
        "Vom Gesundheitsministerium für internationalen Gesundheitstourismus zugelassen\n"
        "Qualitätsmanagement nach ISO 9001",
        "ar": "مرخّصة من وزارة الصحة في الجمهورية التركية\n"
        "معتمدة من وزارة الصحة للسياحة العلاجية الدولية\n"
        "نظام إدارة الجودة ISO 9001",
    },
    "directions": {
        "en": "From Istanbul Airport (IST): the drive to the clinic takes about 45 minutes. "
        "On your own, take the Havaist bus IST-19 to Taksim (about 70 minutes), then walk ten "
        "minutes down İstiklal Caddesi to Meşrutiyet Caddesi.\n\n"
        "From Sabiha Gökçen Airport (SAW): the drive takes 60 to 75 minutes. On your own, "
        "take the Havabüs to Taksim (about 90 minutes), then walk ten minutes.\n\n"
        "If your package includes transfers, send us your flight number: our driver will "
        "wait for you at arrivals with your name.",
        "tr": "İstanbul Havalimanı'ndan (IST): kliniğe araçla yaklaşık 45 dakika sürer. "
        "Kendiniz gelecekseniz Havaist IST-19 otobüsüyle Taksim'e gidin (yaklaşık 70 dakika), "
        "ardından İstiklal Caddesi'nden Meşrutiyet Caddesi'ne on dakika yürüyün.\n\n"
        "Sabiha Gökçen Havalimanı'ndan (SAW): araçla 60 ila 75 dakika sürer. Kendiniz "
        "gelecekseniz Havabüs ile Taksim'e gidin (yaklaşık 90 dakika), ardından on dakika "
        "yürüyün.\n\n"
        "Paketinizde transfer varsa uçuş numaranızı bize gönderin: şoförümüz sizi gelen "
        "yolcu salonunda adınızın yazılı olduğu bir tabelayla bekler.",
        "de": "Vom Flughafen Istanbul (IST): Die Fahrt zur Klinik dauert etwa 45 Minuten. "
        "Auf eigene Faust nehmen Sie den Havaist-Bus IST-19 nach Taksim (etwa 70 Minuten) "
        "und gehen dann zehn Minuten die İstiklal Caddesi hinunter zur Meşrutiyet Caddesi."
        "\n\n"
        "Vom Flughafen Sabiha Gökçen (SAW): Die Fahrt dauert 60 bis 75 Minuten. Auf eigene "
        "Faust nehmen Sie den Havabüs nach Taksim (etwa 90 Minuten) und gehen dann zehn "
        "Minuten zu Fuß.\n\n"
        "Wenn Ihr Paket den Transfer einschließt, schicken Sie uns Ihre Flugnummer: Unser "
        "Fahrer erwartet Sie in der Ankunftshalle mit Ihrem Namen.",
        "ar": "من مطار إسطنبول (IST): تستغرق الرحلة بالسيارة إلى العيادة نحو 45 دقيقة. "
        "وإن أتيت بنفسك فاركب حافلة هافاإيست IST-19 إلى تقسيم (نحو 70 دقيقة)، ثم امشِ عشر "
        "دقائق في شارع الاستقلال حتى شارع مشروطيت.\n\n"
        "من مطار صبيحة كوكجن (SAW): تستغرق الرحلة بالسيارة من 60 إلى 75 دقيقة. وإن أتيت "
        "بنفسك فاركب حافلة هافاباص إلى تقسيم (نحو 90 دقيقة)، ثم امشِ عشر دقائق.\n\n"
        "إذا كانت باقتك تشمل التنقلات فأرسل إلينا رقم رحلتك، وسينتظرك سائقنا في صالة "
        "الوصول حاملًا لافتة باسمك.",
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
        field: value for field, value in DEMO_FIGURES.items() if getattr(clinic, field) is None
    }
    missing |= {
        f"{field}_{language}": text
        for field, texts in (DEMO_TEXTS | DEMO_IDENTITY_TEXTS).items()
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
