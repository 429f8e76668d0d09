"""
Demo content for the results and reviews pages: a few published results (with consent recorded)
on the demo treatments, and reviews in the site's four languages. Idempotent: what exists is
left as it is. The pictures are drawn diagrams of a scalp (clinic_site/illustrations.py), so
that a result can be published (it needs both photos); no photo of a real person.
"""

from datetime import date, timedelta

from django.utils import timezone

from clinic.models import ConsentScope, ResultCase, Review, ReviewSource, Treatment
from clinic_site import illustrations
from clinic_site.demo_images import RESULT_IMAGE_ALT

# (treatment slug, months after, grafts, the story in each language). Hair transplants only:
# the drawn diagrams show a scalp, not a beard or eyebrows.
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
    },
    {
        "treatment": "fue-hair-transplant",
        "months_after": 18,
        "grafts": 3800,
        "story": {
            "en": "A crown that had thinned over fifteen years, filled in one session; covered "
            "and dense eighteen months later.",
            "tr": "On beş yılda seyrelen tepe bölgesi tek seansta dolduruldu; on sekiz ay sonra "
            "kapanmış ve yoğun.",
            "de": "Ein über fünfzehn Jahre licht gewordener Oberkopf, in einer Sitzung "
            "aufgefüllt; achtzehn Monate später bedeckt und dicht.",
            "ar": "قمة رأس خفّ شعرها على مدى خمسة عشر عامًا، مُلئت في جلسة واحدة؛ وبعد ثمانية "
            "عشر شهرًا أصبحت مغطاة وكثيفة.",
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
            for stage in ("before", "after"):
                alt = RESULT_IMAGE_ALT[stage][language]
                setattr(case, f"{stage}_image_alt_{language}", alt)
        for stage in ("before", "after"):
            getattr(case, f"{stage}_image").save(
                f"demo-{spec['treatment']}-{stage}.png",
                illustrations.result_diagram(f"{spec['treatment']}-{index}", stage),
                save=False,
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
