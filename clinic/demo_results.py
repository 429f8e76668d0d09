"""
Demo content for the results and reviews pages: a few published results (with consent recorded)
on the demo treatments, and reviews in the site's four languages. Idempotent: what exists is
left as it is. The pictures are plain placeholders, drawn here so that a result can be
published (it needs both photos); no photo of a real person.
"""

from datetime import date, timedelta
from io import BytesIO

from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image, ImageDraw

from clinic.models import ConsentScope, ResultCase, Review, ReviewSource, Treatment

PHOTO_SIZE = (600, 450)

# (treatment slug, months after, grafts, colours before/after, texts per language)
DEMO_RESULTS = [
    {
        "treatment": "fue-hair-transplant",
        "months_after": 12,
        "grafts": 3200,
        "story": {
            "en": "Receding temples and a thin crown since his late twenties. One session; "
            "a full, natural hairline a year later.",
            "tr": "Yirmili yaşlarının sonundan beri açılan şakaklar ve seyrek tepe. Tek seans; "
            "bir yıl sonra dolgun, doğal bir saç çizgisi.",
            "de": "Geheimratsecken und lichter Oberkopf seit Ende zwanzig. Eine Sitzung; "
            "ein Jahr später ein voller, natürlicher Haaransatz.",
            "ar": "انحسار في الصدغين وخفة في قمة الرأس منذ أواخر العشرينات. جلسة واحدة؛ "
            "وخط شعر كثيف وطبيعي بعد عام.",
        },
        "before_alt": {
            "en": "Drawing of a head from the front, the temples bare, before the procedure.",
            "tr": "İşlemden önce, önden bir baş çizimi; şakaklar açık.",
            "de": "Zeichnung eines Kopfes von vorn, die Schläfen kahl, vor dem Eingriff.",
            "ar": "رسم لرأس من الأمام، الصدغان خاليان من الشعر، قبل العملية.",
        },
        "after_alt": {
            "en": "The same head twelve months after, the hairline filled in.",
            "tr": "Aynı baş on iki ay sonra; saç çizgisi dolmuş.",
            "de": "Derselbe Kopf zwölf Monate später, der Haaransatz aufgefüllt.",
            "ar": "الرأس نفسه بعد اثني عشر شهرًا، وقد امتلأ خط الشعر.",
        },
    },
    {
        "treatment": "dhi-hair-transplant",
        "months_after": 10,
        "grafts": 2600,
        "story": {
            "en": "A thinning front in a patient who wanted to keep his length during healing. "
            "Implanted with DHI pens, no shaving of the recipient area.",
            "tr": "İyileşme sürecinde saç uzunluğunu korumak isteyen bir hastada seyrelen ön "
            "bölge. DHI kalemleriyle, alıcı bölge tıraş edilmeden ekildi.",
            "de": "Ein lichter werdender Vorderkopf bei einem Patienten, der seine Haarlänge "
            "behalten wollte. Mit DHI-Implantern eingesetzt, ohne Rasur der Empfängerzone.",
            "ar": "خفة في مقدمة الرأس لدى مريض أراد الحفاظ على طول شعره أثناء التعافي. "
            "زُرعت بأقلام DHI دون حلاقة المنطقة المستقبلة.",
        },
        "before_alt": {
            "en": "Drawing of a head from above, sparse hair at the front, before.",
            "tr": "Önce: yukarıdan bir baş çizimi, ön bölgede seyrek saç.",
            "de": "Zeichnung eines Kopfes von oben, vorn schütteres Haar, vorher.",
            "ar": "رسم لرأس من الأعلى، شعر خفيف في المقدمة، قبل العملية.",
        },
        "after_alt": {
            "en": "The same head ten months after, even density at the front.",
            "tr": "Aynı baş on ay sonra; ön bölgede eşit yoğunluk.",
            "de": "Derselbe Kopf zehn Monate später, vorn gleichmäßig dicht.",
            "ar": "الرأس نفسه بعد عشرة أشهر، بكثافة متساوية في المقدمة.",
        },
    },
    {
        "treatment": "beard-transplant",
        "months_after": 9,
        "grafts": 1800,
        "story": {
            "en": "Patchy cheeks that never filled in. Grafts from the back of the scalp; "
            "an even beard line nine months later.",
            "tr": "Hiç dolmayan seyrek yanaklar. Ense bölgesinden alınan greftler; dokuz ay "
            "sonra düzgün bir sakal çizgisi.",
            "de": "Lückige Wangen, die nie dicht wurden. Grafts vom Hinterkopf; neun Monate "
            "später eine gleichmäßige Bartlinie.",
            "ar": "خدان متفرقا الشعر لم يمتلئا قط. بصيلات من مؤخرة الرأس؛ وخط لحية متناسق "
            "بعد تسعة أشهر.",
        },
        "before_alt": {
            "en": "Drawing of a face in profile, a patchy beard, before.",
            "tr": "Önce: profilden bir yüz çizimi, seyrek sakal.",
            "de": "Zeichnung eines Gesichts im Profil, lückiger Bart, vorher.",
            "ar": "رسم لوجه من الجانب، لحية متفرقة، قبل العملية.",
        },
        "after_alt": {
            "en": "The same face nine months after, the beard filled in.",
            "tr": "Aynı yüz dokuz ay sonra; sakal dolmuş.",
            "de": "Dasselbe Gesicht neun Monate später, der Bart geschlossen.",
            "ar": "الوجه نفسه بعد تسعة أشهر، وقد امتلأت اللحية.",
        },
    },
    {
        "treatment": "eyebrow-transplant",
        "months_after": 8,
        "grafts": 400,
        "story": {
            "en": "Eyebrows over-plucked for years. Single hairs placed at the natural angle; "
            "a soft, full shape eight months later.",
            "tr": "Yıllarca fazla alınmış kaşlar. Doğal açıyla yerleştirilen tek kıllar; sekiz "
            "ay sonra yumuşak, dolgun bir şekil.",
            "de": "Jahrelang zu stark gezupfte Augenbrauen. Einzelne Haare im natürlichen "
            "Winkel gesetzt; acht Monate später eine weiche, volle Form.",
            "ar": "حواجب نُتفت بإفراط لسنوات. شعيرات مفردة زُرعت بالزاوية الطبيعية؛ وشكل "
            "ناعم وممتلئ بعد ثمانية أشهر.",
        },
        "before_alt": {
            "en": "Drawing of two thin eyebrows, before.",
            "tr": "Önce: iki ince kaş çizimi.",
            "de": "Zeichnung zweier dünner Augenbrauen, vorher.",
            "ar": "رسم لحاجبين رفيعين، قبل العملية.",
        },
        "after_alt": {
            "en": "The same eyebrows eight months after, fuller and even.",
            "tr": "Aynı kaşlar sekiz ay sonra; daha dolgun ve düzgün.",
            "de": "Dieselben Augenbrauen acht Monate später, voller und gleichmäßig.",
            "ar": "الحاجبان نفساهما بعد ثمانية أشهر، أكثر امتلاءً وتناسقًا.",
        },
    },
]

# (first name, initial, country, treatment slug, rating, language, months ago, text, source)
DEMO_REVIEWS = [
    (
        "James",
        "W",
        "GB",
        "fue-hair-transplant",
        5,
        "en",
        14,
        "From the first video call to the check-up a year later, I always knew who to ask. "
        "The result looks like my own hair, because it is.",
        "google",
    ),
    (
        "Sarah",
        "M",
        "IE",
        "eyebrow-transplant",
        5,
        "en",
        9,
        "I was nervous about my eyebrows looking drawn on. They look natural, and the doctor "
        "explained every step before starting.",
        "site",
    ),
    (
        "Daniel",
        "R",
        "NL",
        "prp-treatment",
        4,
        "en",
        5,
        "Professional and on time. PRP is not a miracle, and they told me so honestly; "
        "the shedding has slowed down.",
        "site",
    ),
    (
        "Emre",
        "K",
        "TR",
        "dhi-hair-transplant",
        5,
        "tr",
        11,
        "Operasyon günü her şey anlatıldığı gibi gitti. Ekip çok ilgiliydi, kontrollerimi "
        "hiç aksatmadılar.",
        "site",
    ),
    (
        "Zeynep",
        "A",
        "TR",
        "fue-hair-transplant",
        4,
        "tr",
        8,
        "Eşim için gelmiştik; otelden transfere kadar her şey düzenliydi. Sonuç beklediğimizden "
        "iyi.",
        "site",
    ),
    (
        "Thomas",
        "B",
        "DE",
        "fue-hair-transplant",
        5,
        "de",
        13,
        "Sehr gute Betreuung auf Deutsch, vom ersten Gespräch bis zur Nachsorge. Ich würde "
        "es wieder machen.",
        "site",
    ),
    (
        "Markus",
        "S",
        "AT",
        "beard-transplant",
        5,
        "de",
        10,
        "Der Bart ist endlich dicht. Die Ärztin hat sich viel Zeit für die Planung der "
        "Bartlinie genommen.",
        "site",
    ),
    (
        "Julia",
        "H",
        "CH",
        "prp-treatment",
        4,
        "de",
        4,
        "Freundliches Team und saubere Klinik. Die Behandlung war kurz und kaum schmerzhaft.",
        "site",
    ),
    (
        "Ahmed",
        "S",
        "SA",
        "dhi-hair-transplant",
        5,
        "ar",
        12,
        "تعامل راقٍ من الاستقبال حتى المتابعة. شرح الطبيب كل شيء بالعربية، والنتيجة طبيعية جدًا.",
        "site",
    ),
    (
        "Khalid",
        "F",
        "AE",
        "beard-transplant",
        5,
        "ar",
        7,
        "كنت متردداً في البداية، لكن الفريق طمأنني. اللحية الآن كثيفة ومتناسقة.",
        "site",
    ),
]

GOOGLE_REVIEW_URL = "https://www.google.com/maps/search/?api=1&query=Bosphorus+Hair+Clinic"


def placeholder_photo(seed: int, *, after: bool) -> ContentFile:
    """A plain drawing: a head's outline, sparse dots before and dense ones after."""
    image = Image.new("RGB", PHOTO_SIZE, (236, 230, 222) if after else (226, 222, 218))
    draw = ImageDraw.Draw(image)
    width, height = PHOTO_SIZE
    draw.ellipse([width * 0.3, height * 0.15, width * 0.7, height * 0.9], fill=(214, 180, 150))
    step = 14 if after else 30
    for x in range(int(width * 0.32), int(width * 0.68), step):
        for y in range(int(height * 0.17), int(height * 0.4), step):
            if (x * 7 + y * 3 + seed) % (2 if after else 3) == 0:
                draw.ellipse([x, y, x + 5, y + 5], fill=(70, 50, 40))
    buffer = BytesIO()
    image.save(buffer, format="JPEG", quality=80)
    return ContentFile(buffer.getvalue())


def _seed_results() -> int:
    treatments = {t.slug: t for t in Treatment.objects.all()}
    created = 0
    for index, spec in enumerate(DEMO_RESULTS):
        treatment = treatments.get(spec["treatment"])
        if treatment is None:
            continue
        if ResultCase.objects.filter(
            treatment=treatment, months_after=spec["months_after"], grafts=spec["grafts"]
        ).exists():
            continue
        case = ResultCase(
            treatment=treatment,
            months_after=spec["months_after"],
            grafts=spec["grafts"],
            consent_date=timezone.localdate() - timedelta(days=60 + index * 30),
            consent_scope=ConsentScope.WEBSITE_AND_SOCIAL,
            position=index * 10,
        )
        for language in ("en", "tr", "de", "ar"):
            setattr(case, f"story_{language}", spec["story"][language])
            setattr(case, f"before_image_alt_{language}", spec["before_alt"][language])
            setattr(case, f"after_image_alt_{language}", spec["after_alt"][language])
        case.before_image.save(
            f"demo-{spec['treatment']}-before.jpg",
            placeholder_photo(index, after=False),
            save=False,
        )
        case.after_image.save(
            f"demo-{spec['treatment']}-after.jpg", placeholder_photo(index, after=True), save=False
        )
        case.published = True
        case.save()
        created += 1
    return created


def _months_ago(months: int) -> date:
    today = timezone.localdate()
    year, month = divmod(today.year * 12 + today.month - 1 - months, 12)
    return date(year, month + 1, 1)


def _seed_reviews() -> int:
    treatments = {t.slug: t for t in Treatment.objects.all()}
    created = 0
    for index, spec in enumerate(DEMO_REVIEWS):
        first_name, initial, country, slug, rating, language, months, text, source = spec
        if Review.objects.filter(first_name=first_name, text=text).exists():
            continue
        Review.objects.create(
            first_name=first_name,
            last_initial=initial,
            country=country,
            treatment=treatments.get(slug),
            rating=rating,
            text=text,
            language=language,
            procedure_date=_months_ago(months),
            source=source,
            source_url=GOOGLE_REVIEW_URL if source == ReviewSource.GOOGLE else "",
            consent_to_publish=True,
            published=True,
            created_at=timezone.now() - timedelta(days=months * 20 + index),
        )
        created += 1
    return created


def seed(*, stdout):
    results = _seed_results()
    reviews = _seed_reviews()
    if results or reviews:
        stdout.write(f"results: {results} added; reviews: {reviews} added")
