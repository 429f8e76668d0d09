"""
The demo's pictures, drawn (``clinic_site/illustrations.py``): the last step of
``manage.py seed_demo``, once every app has seeded its content. Every demo treatment, doctor,
article, result (before and after) and the clinic (its home page picture and, from its
coordinates, its map) gets its own drawing when it has no picture, with a description in each
language. Idempotent: a picture already there, uploaded or drawn, is left alone. No photo of
a person: doctors get their initials, results a diagram of a scalp.
"""

from django.conf import settings
from modeltranslation.utils import build_localized_fieldname

from blog.models import Article, Doctor
from clinic.models import ResultCase, Treatment
from clinic_site import illustrations
from clinic_site.models import Clinic
from clinic_site.templatetags.images import initials, portrait_colour

# What each treatment's drawing shows, by motif (illustrations.treatment_motif).
TREATMENT_IMAGE_ALT = {
    "_draw_follicles": {
        "en": "Drawing: follicular units of one to four hairs in rows, one circled as FUE "
        "harvests it",
        "tr": "Çizim: sıralar hâlinde bir ila dört kıllık foliküler üniteler; biri FUE ile "
        "alınırken daire içinde",
        "de": "Zeichnung: follikuläre Einheiten aus ein bis vier Haaren in Reihen, eine davon "
        "eingekreist, wie sie bei FUE entnommen wird",
        "ar": "رسم: وحدات جريبية من شعرة إلى أربع شعرات في صفوف، وحول إحداها دائرة كما تُستخرج "
        "بتقنية FUE",
    },
    "_draw_pen": {
        "en": "Drawing: the implanter pen of DHI placing grafts one by one along a hairline",
        "tr": "Çizim: DHI implanter kaleminin greftleri saç çizgisine tek tek yerleştirmesi",
        "de": "Zeichnung: der DHI-Implanter-Stift setzt Grafts einzeln entlang des Haaransatzes",
        "ar": "رسم: قلم الزرع في تقنية DHI يضع البصيلات واحدة تلو الأخرى على خط الشعر",
    },
    "_draw_beard": {
        "en": "Drawing: a face outline with a beard drawn in along the jaw line",
        "tr": "Çizim: çene hattı boyunca sakal işlenmiş bir yüz silueti",
        "de": "Zeichnung: Umriss eines Gesichts mit einem entlang der Kieferlinie "
        "eingezeichneten Bart",
        "ar": "رسم: محيط وجه مع لحية مرسومة على امتداد خط الفك",
    },
    "_draw_brows": {
        "en": "Drawing: two eyebrow arches made of short hairs, each at the angle brows grow",
        "tr": "Çizim: kaşların çıktığı açıyla dizilmiş kısa kıllardan iki kaş kavisi",
        "de": "Zeichnung: zwei Augenbrauenbögen aus kurzen Haaren, jeweils im natürlichen "
        "Wuchswinkel",
        "ar": "رسم: قوسا حاجبين من شعيرات قصيرة، كل منها بزاوية نمو الحاجب الطبيعية",
    },
    "_draw_droplets": {
        "en": "Drawing: drops of golden plasma beside a tube of separated blood",
        "tr": "Çizim: ayrıştırılmış kan tüpünün yanında altın renkli plazma damlaları",
        "de": "Zeichnung: Tropfen goldenen Plasmas neben einem Röhrchen mit getrenntem Blut",
        "ar": "رسم: قطرات من البلازما الذهبية بجانب أنبوب دم مفصول",
    },
    "_draw_pattern": {
        "en": "Drawing: rings and circles in the treatment's colours",
        "tr": "Çizim: tedavinin renklerinde halkalar ve daireler",
        "de": "Zeichnung: Ringe und Kreise in den Farben der Behandlung",
        "ar": "رسم: حلقات ودوائر بألوان العلاج",
    },
}

ARTICLE_IMAGE_ALT = {
    "en": "Drawing: soft waves and circles in the colours of the article's topic",
    "tr": "Çizim: makalenin konusunun renklerinde yumuşak dalgalar ve daireler",
    "de": "Zeichnung: sanfte Wellen und Kreise in den Farben des Themas",
    "ar": "رسم: أمواج ودوائر هادئة بألوان موضوع المقال",
}

RESULT_IMAGE_ALT = {
    "before": {
        "en": "Diagram of the scalp seen from above before the procedure: sparse hair in the "
        "thinning area",
        "tr": "İşlemden önce saçlı derinin üstten görünüş şeması: incelen bölgede seyrek saç",
        "de": "Schema der Kopfhaut von oben vor dem Eingriff: lichtes Haar im dünner "
        "werdenden Bereich",
        "ar": "مخطط لفروة الرأس من الأعلى قبل العملية: شعر خفيف في المنطقة المتأثرة",
    },
    "after": {
        "en": "Diagram of the scalp seen from above after the procedure: the thinning area "
        "evenly covered",
        "tr": "İşlemden sonra saçlı derinin üstten görünüş şeması: incelen bölge eşit biçimde "
        "kapanmış",
        "de": "Schema der Kopfhaut von oben nach dem Eingriff: der lichte Bereich gleichmäßig "
        "bedeckt",
        "ar": "مخطط لفروة الرأس من الأعلى بعد العملية: المنطقة الخفيفة مغطاة بالتساوي",
    },
}

HOME_IMAGE_ALT = {
    "en": "Drawing: a line of hairs growing, in the clinic's calm blue and green",
    "tr": "Çizim: kliniğin sakin mavi ve yeşil tonlarında uzayan bir sıra saç",
    "de": "Zeichnung: eine wachsende Haarlinie in den ruhigen Blau- und Grüntönen der Klinik",
    "ar": "رسم: صف من الشعر ينمو بألوان العيادة الهادئة من الأزرق والأخضر",
}


def seed(*, stdout):
    drawn = _treatments() + _doctors() + _articles() + _results() + _clinic()
    if drawn:
        stdout.write(f"drawn pictures: {drawn}")


def _set_alt(obj, field, texts):
    for language in settings.MODELTRANSLATION_LANGUAGES:
        if language in texts:
            setattr(obj, build_localized_fieldname(field, language), texts[language])


def _treatments():
    count = 0
    for treatment in Treatment.objects.filter(hero_image=""):
        treatment.hero_image.save(
            f"demo-{treatment.slug}.jpg",
            illustrations.treatment_illustration(treatment.slug),
            save=False,
        )
        motif = illustrations.treatment_motif(treatment.slug)
        _set_alt(treatment, "hero_image_alt", TREATMENT_IMAGE_ALT[motif])
        treatment.save()
        count += 1
    return count


def _doctors():
    count = 0
    for doctor in Doctor.objects.filter(photo=""):
        letters = initials(doctor.name)
        doctor.photo.save(
            f"demo-{doctor.slug}.jpg",
            illustrations.portrait_illustration(doctor.name, letters, portrait_colour(doctor.name)),
            save=False,
        )
        # Not translated (one description for every page): it names what it shows.
        doctor.photo_alt = (
            f"Drawn portrait placeholder with the initials {letters} of {doctor.name}"
        )
        doctor.save()
        count += 1
    return count


def _articles():
    count = 0
    for article in Article.objects.filter(hero_image="").select_related("category"):
        article.hero_image.save(
            f"demo-{article.language}-{article.slug}.jpg",
            illustrations.article_illustration(article.slug, article.category.slug),
            save=False,
        )
        article.hero_image_alt = ARTICLE_IMAGE_ALT.get(article.language, ARTICLE_IMAGE_ALT["en"])
        article.save()
        count += 1
    # A translation starts with the original's picture and its English description.
    for language, alt in ARTICLE_IMAGE_ALT.items():
        if language != "en":
            Article.objects.filter(
                language=language, hero_image_alt=ARTICLE_IMAGE_ALT["en"]
            ).update(hero_image_alt=alt)
    return count


def _results():
    count = 0
    for result in ResultCase.objects.filter(before_image="") | ResultCase.objects.filter(
        after_image=""
    ):
        for stage in ("before", "after"):
            field = f"{stage}_image"
            if getattr(result, field):
                continue
            getattr(result, field).save(
                f"demo-result-{result.pk}-{stage}.png",
                illustrations.result_diagram(str(result.pk), stage),
                save=False,
            )
            _set_alt(result, f"{field}_alt", RESULT_IMAGE_ALT[stage])
            count += 1
        result.save()
    return count


def _clinic():
    clinic = Clinic.objects.filter(pk=Clinic.SINGLETON_PK).first()
    if clinic is None:
        return 0
    count = 0
    if not clinic.hero_image:
        clinic.hero_image.save("demo-home.jpg", illustrations.home_hero(), save=False)
        _set_alt(clinic, "hero_image_alt", HOME_IMAGE_ALT)
        count += 1
    had_map = bool(clinic.map_image)
    if count or (not had_map and clinic.latitude is not None):
        clinic.save()  # draws the map from the coordinates (clinic_site/maps.py)
        count += bool(clinic.map_image) and not had_map
    return count
