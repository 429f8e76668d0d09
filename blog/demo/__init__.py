"""
Demo articles for ``manage.py seed_demo``: three doctors, three categories, seven articles
(one scheduled, one draft) with hero images drawn by Pillow. Idempotent: what exists by slug is
left alone, and an image already in storage is reused rather than drawn again.

Three of the articles also exist in Turkish and German, one in Arabic, and the categories and
doctors have their texts in those languages too (blog/demo/translations.py). A translation
already there (by slug and language), or a text an editor has filled in, is left alone.
"""

from datetime import timedelta

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone, translation
from PIL import Image

from blog.demo import translations
from blog.models import Article, Category, Doctor
from blog.services import article_translation_start
from clinic_site.demo_images import ARTICLE_IMAGE_ALT
from clinic_site.illustrations import article_illustration

DOCTORS = [
    {
        "slug": "selin-aksoy",
        "name": "Selin Aksoy",
        "title": "Prof. Dr.",
        "specialty": "Plastic, reconstructive and aesthetic surgery",
        "qualifications": (
            "MD, Istanbul University Cerrahpaşa Faculty of Medicine\n"
            "Board certified in plastic, reconstructive and aesthetic surgery\n"
            "Member of the International Society of Hair Restoration Surgery"
        ),
        "registration_number": "TR-34-118204",
        "bio": (
            "Prof. Dr. Selin Aksoy has performed hair restoration surgery for more than fifteen "
            "years. She leads the surgical team and plans every transplant with the patient "
            "before the day of the operation.\n\n"
            "She teaches hair restoration techniques to surgeons in training."
        ),
        "profile_links": "https://www.example.org/doctors/selin-aksoy",
        "practising_since": 2008,
        "languages_spoken": "English, Turkish, German",
        "memberships": (
            "International Society of Hair Restoration Surgery (ISHRS)\n"
            "Turkish Society of Plastic, Reconstructive and Aesthetic Surgeons"
        ),
    },
    {
        "slug": "emre-kaya",
        "name": "Emre Kaya",
        "title": "Dr.",
        "specialty": "Dermatology",
        "qualifications": (
            "MD, Hacettepe University Faculty of Medicine\n"
            "Specialist in dermatology and venereology"
        ),
        "registration_number": "TR-34-207731",
        "bio": (
            "Dr. Emre Kaya is a dermatologist who diagnoses the cause of hair loss before any "
            "treatment is chosen, and follows patients through medical treatment and recovery."
        ),
        "profile_links": "",
        "practising_since": 2012,
        "languages_spoken": "English, Turkish, Arabic",
        "memberships": (
            "Turkish Society of Dermatology\nEuropean Academy of Dermatology and Venereology (EADV)"
        ),
    },
    {
        "slug": "deniz-arslan",
        "name": "Deniz Arslan",
        "title": "Assoc. Prof. Dr.",
        "specialty": "Anaesthesiology",
        "qualifications": (
            "MD, Ankara University Faculty of Medicine\nSpecialist in anaesthesiology"
        ),
        "registration_number": "TR-34-154420",
        "bio": "Assoc. Prof. Dr. Deniz Arslan is responsible for anaesthesia and patient safety.",
        "profile_links": "",
        "practising_since": 2005,
        "languages_spoken": "English, Turkish",
        "memberships": (
            "Turkish Society of Anaesthesiology and Reanimation\n"
            "European Society of Anaesthesiology and Intensive Care (ESAIC)"
        ),
    },
]

CATEGORIES = [
    {
        "slug": "hair-loss",
        "name": "Hair loss",
        "description": "Why hair thins and falls out, and how a doctor finds the cause.",
    },
    {
        "slug": "hair-transplant",
        "name": "Hair transplant",
        "description": "How a transplant is planned and performed, and what results to expect.",
    },
    {
        "slug": "recovery",
        "name": "Recovery and aftercare",
        "description": "The days and months after a procedure: care, healing and regrowth.",
    },
]

ARTICLES = [
    {
        "slug": "what-causes-hair-loss",
        "title": "What causes hair loss, and when should you see a doctor?",
        "summary": "The common causes of hair loss, the signs that need a doctor's attention, "
        "and what a first consultation involves.",
        "category": "hair-loss",
        "author": "emre-kaya",
        "reviewed_by": "selin-aksoy",
        "days_ago": 60,
        "reviewed_days_ago": 20,
        "body": """Losing some hair every day is normal: most people shed between 50 and 100 hairs
a day as old hairs make way for new ones. Hair loss becomes a concern when the hair grows back
thinner, more slowly, or not at all.

## What are the most common causes?

The most common cause in both men and women is **androgenetic alopecia**, a hereditary
sensitivity of the hair follicles to hormones called androgens. Over years, the affected
follicles produce thinner and shorter hairs until some stop producing visible hair.

Other causes include:

- **Telogen effluvium**: a sudden, widespread shedding two to three months after a high fever,
  surgery, childbirth, a strict diet or severe stress. It usually settles by itself.
- **Alopecia areata**: an autoimmune condition that causes round, smooth patches of hair loss.
- **Thyroid disorders and iron deficiency**, which a blood test can detect.
- **Some medicines**, and tight hairstyles that pull on the hair for a long time.

## How does a doctor find the cause?

A consultation starts with questions about when the hair loss began, how it progressed, your
general health, medicines and family history. The doctor then examines the scalp, often with a
magnifying device called a dermatoscope, and may ask for blood tests.

## When should you see a doctor?

See a doctor if you lose hair suddenly or in patches, if your scalp is itchy, painful or red,
or if the hair loss worries you. Early diagnosis matters: several causes respond well to
treatment, and hereditary hair loss is easier to slow down than to reverse.

## Can hair loss be prevented?

Hereditary hair loss cannot be prevented entirely, but its progress can often be slowed with
medical treatment. A balanced diet, treating underlying conditions and gentle hair care help
the hair you have stay healthy.
""",
    },
    {
        "slug": "is-a-hair-transplant-right-for-me",
        "title": "Is a hair transplant right for me?",
        "summary": "Who is a good candidate for a hair transplant, who is not, and the questions "
        "to ask before you decide.",
        "category": "hair-transplant",
        "author": "selin-aksoy",
        "reviewed_by": "emre-kaya",
        "days_ago": 45,
        "reviewed_days_ago": 10,
        "body": """A hair transplant moves hair follicles from an area where hair grows well,
usually the back of the head, to areas that have thinned. It can give natural, lasting results,
but it is not the right choice for everyone.

## Who is a good candidate?

Good candidates usually have:

- hair loss that has been stable for some time;
- a healthy **donor area** at the back and sides of the head with enough follicles;
- realistic expectations about density and the number of sessions needed;
- good general health.

## Who should wait or choose another treatment?

Young patients whose hair loss is still progressing quickly may be advised to wait or to start
medical treatment first, because a transplant does not stop future loss of the hair that was
not moved. Patients with patchy hair loss from alopecia areata, with some scalp conditions, or
with a very limited donor area may be better served by other treatments.

## What questions should you ask before deciding?

- Who will perform each step of the procedure, and what is their experience?
- How many grafts do I need, and can my donor area supply them safely?
- What result can I realistically expect, and when?
- What does aftercare involve, and who do I contact if I have a concern?

## Does a transplant replace medical treatment?

Not always. Many patients continue medical treatment after a transplant to protect the hair
that was not transplanted. Your doctor will explain what suits your situation.
""",
    },
    {
        "slug": "fue-or-dhi",
        "title": "FUE or DHI: how do the techniques differ?",
        "summary": "Two ways of extracting and implanting follicles, explained side by side, "
        "and how the surgeon chooses between them.",
        "category": "hair-transplant",
        "author": "selin-aksoy",
        "reviewed_by": None,
        "days_ago": 30,
        "body": """Both techniques move individual follicular units, small groups of one to
four hairs, from the donor area to the thinning area. They differ mainly in how the follicles
are implanted.

## How is FUE performed?

In **follicular unit extraction (FUE)**, the surgeon removes follicular units one by one with a
fine punch. Small channels are then opened in the recipient area, and the grafts are placed
into them.

## How is DHI performed?

In **direct hair implantation (DHI)**, the follicles are extracted in the same way, but they
are loaded into a pen-like implanter that creates the channel and places the graft in one
movement.

## Which technique gives better results?

Neither technique is better for every patient. The result depends far more on careful
planning, the surgical team's experience and the health of the donor area than on the name of
the method. DHI can be useful for adding density between existing hairs; FUE lets the surgeon
cover larger areas in one session.

## How does the surgeon choose?

The choice depends on the size of the area to treat, the density you want, the
characteristics of your hair and your donor area. Your surgeon will explain the reasons for
the recommended approach at your consultation.
""",
    },
    {
        "slug": "the-first-two-weeks-after-a-hair-transplant",
        "title": "What happens in the first two weeks after a hair transplant?",
        "summary": "Day by day: washing, sleeping, swelling and crusts after a hair transplant, "
        "and the signs that need a call to the clinic.",
        "category": "recovery",
        "author": "emre-kaya",
        "reviewed_by": "selin-aksoy",
        "days_ago": 20,
        "reviewed_days_ago": 5,
        "body": """The first two weeks are when the transplanted grafts settle in. Following
the clinic's instructions closely during this time protects the result.

## What should I expect in the first three days?

Mild swelling of the forehead is common and usually passes within a few days. Small crusts
form around the grafts. Sleep with your head raised, avoid touching the treated area, and take
only the medicines your doctor has prescribed.

## When and how can I wash my hair?

The clinic usually performs or explains the first wash. After that, wash gently as instructed,
without rubbing the recipient area, and let the hair dry in the air.

## When can I return to work and exercise?

Many patients return to office work within a few days. Avoid heavy exercise, swimming, saunas
and direct sun on the scalp for the period your doctor recommends, usually a few weeks.

## Which signs need a call to the clinic?

Call the clinic if you notice increasing pain, redness that spreads, pus, a fever, or bleeding
that does not stop with gentle pressure. These are uncommon, and early advice helps.
""",
    },
    {
        "slug": "when-will-i-see-results",
        "title": "When will I see the results of a hair transplant?",
        "summary": "Why transplanted hair falls out first, when new hair starts to grow, "
        "and when the final result can be judged.",
        "category": "recovery",
        "author": "selin-aksoy",
        "reviewed_by": "emre-kaya",
        "days_ago": 8,
        "reviewed_days_ago": 3,
        "related": [
            "the-first-two-weeks-after-a-hair-transplant",
            "is-a-hair-transplant-right-for-me",
        ],
        "body": """Patience is part of the treatment. Hair growth follows a natural cycle, and
transplanted follicles follow it too.

## Why does the transplanted hair fall out?

Between the second and the sixth week, most transplanted hairs are shed. This is expected: the
follicles stay in place under the skin and rest before producing new hair.

## When does new hair start to grow?

New hairs usually appear between the third and the fourth month. They are often fine at
first and become thicker over the following months.

## When can the final result be judged?

Most patients see a clear change at six to nine months. The final result, with the full
thickness of the new hair, is usually reached at twelve to eighteen months.
""",
    },
    {
        "slug": "can-medicines-slow-hair-loss",
        "title": "Can medicines slow hereditary hair loss?",
        "summary": "What medical treatments for hereditary hair loss can and cannot do, "
        "and why they need a doctor's supervision.",
        "category": "hair-loss",
        "author": "emre-kaya",
        "reviewed_by": None,
        "days_from_now": 3,
        "body": """Medical treatment can slow hereditary hair loss, and in some people it
thickens existing hair. It works only while it is used.

## Which treatments are used?

Your doctor may suggest a solution applied to the scalp or a tablet. Each has benefits, side
effects and situations in which it must not be used, so the choice is made after an
examination.

## How long before an effect is visible?

Most treatments need three to six months of regular use before a difference can be judged.

## Are there side effects?

Yes, as with any medicine. Your doctor will explain them, and you should report any unexpected
effect rather than stopping or changing the treatment on your own.
""",
    },
    {
        "slug": "anaesthesia-during-a-hair-transplant",
        "title": "Is a hair transplant painful? How anaesthesia works",
        "summary": "How local anaesthesia keeps a hair transplant comfortable, and what you will "
        "feel during and after the procedure.",
        "category": "hair-transplant",
        "author": "deniz-arslan",
        "reviewed_by": None,
        "days_ago": None,
        "body": """Most hair transplants are performed under local anaesthesia: you stay awake,
and the areas being treated are numb.

## What will I feel during the procedure?

You feel the first injections of local anaesthetic, and pressure or movement afterwards, but
not pain. Tell the team at any time if you feel discomfort.

## Is sedation available?

A light sedative can help anxious patients relax. It is given only after an assessment of your
health by the anaesthesiologist.

## What about pain afterwards?

Mild soreness for a few days is common and is usually controlled with simple pain relief
prescribed by your doctor.
""",
    },
]


def hero_image(seed: str, category: str = "") -> ContentFile:
    """The article's own drawing: colours from its category, shapes from its slug."""
    return article_illustration(seed, category)


def _attach_hero(article, spec):
    name = f"blog/demo/{spec['slug']}.jpg"
    if not default_storage.exists(name):
        default_storage.save(name, hero_image(spec["slug"], spec["category"]))
    article.hero_image.name = name
    with default_storage.open(name) as file, Image.open(file) as picture:
        article.hero_image_width, article.hero_image_height = picture.size
    article.hero_image_alt = ARTICLE_IMAGE_ALT["en"]


def seed(*, stdout):
    # The English texts above go into the English columns whatever the default language.
    with translation.override("en"):
        _seed_english(stdout=stdout)
    _seed_translations(stdout=stdout)


def _seed_english(*, stdout):
    now = timezone.now()
    doctors = {}
    for spec in DOCTORS:
        doctors[spec["slug"]], created = Doctor.objects.get_or_create(
            slug=spec["slug"], defaults=spec
        )
        if created:
            stdout.write(f"doctor: {doctors[spec['slug']]}")
        else:
            _fill_team_facts(doctors[spec["slug"]], spec)
    categories = {}
    for spec in CATEGORIES:
        categories[spec["slug"]], _ = Category.objects.get_or_create(
            slug=spec["slug"], defaults=spec
        )
    created_articles = {}
    for spec in ARTICLES:
        if Article.objects.filter(slug=spec["slug"], language="en").exists():
            continue
        if spec.get("days_from_now"):
            published_at = now + timedelta(days=spec["days_from_now"])
        elif spec.get("days_ago") is not None:
            published_at = now - timedelta(days=spec["days_ago"])
        else:
            published_at = None
        reviewer = doctors.get(spec.get("reviewed_by") or "")
        article = Article(
            slug=spec["slug"],
            language="en",
            title=spec["title"],
            summary=spec["summary"],
            body=spec["body"],
            author=doctors[spec["author"]],
            category=categories[spec["category"]],
            reviewed_by=reviewer,
            last_reviewed=(now - timedelta(days=spec["reviewed_days_ago"])).date()
            if reviewer
            else None,
            published_at=published_at,
        )
        _attach_hero(article, spec)
        article.save()
        created_articles[spec["slug"]] = article
        stdout.write(f"article: {article.title} ({article.state.label.lower()})")
    for slug, article in created_articles.items():
        related = next(spec.get("related") for spec in ARTICLES if spec["slug"] == slug)
        if related:
            article.related.set(Article.objects.filter(slug__in=related))


def _fill_team_facts(doctor, spec):
    """What the team page shows, for a demo doctor seeded before it had these."""
    changed = _fill_empty(doctor, {field: spec[field] for field in TEAM_TEXT_FIELDS}, language="en")
    if doctor.practising_since is None:
        doctor.practising_since = spec["practising_since"]
        changed = True
    if changed:
        doctor.save()


TEAM_TEXT_FIELDS = ("languages_spoken", "memberships")


def _fill_empty(obj, texts, language):
    """Sets each ``<field>_<language>`` still empty; says whether anything changed."""
    changed = False
    for field, value in texts.items():
        column = f"{field}_{language}"
        if not getattr(obj, column):
            setattr(obj, column, value)
            changed = True
    return changed


def _seed_translations(*, stdout):
    for model, texts_by_slug in (
        (Category, translations.CATEGORIES),
        (Doctor, translations.DOCTORS),
        (Doctor, translations.DOCTOR_TEAM_FACTS),
    ):
        for obj in model.objects.filter(slug__in=texts_by_slug):
            changed = False
            for language, texts in texts_by_slug[obj.slug].items():
                changed |= _fill_empty(obj, texts, language)
            if changed:
                obj.save()
    site_languages = dict(settings.LANGUAGES)
    for original in Article.objects.filter(slug__in=translations.ARTICLES, language="en"):
        for language, texts in translations.ARTICLES[original.slug].items():
            if language not in site_languages:  # switched off here (DJANGO_LANGUAGES)
                continue
            if Article.objects.filter(translation_of=original, language=language).exists():
                continue
            if Article.objects.filter(slug=texts["slug"], language=language).exists():
                continue
            article, _created = article_translation_start(article=original, language=language)
            for field, value in texts.items():
                setattr(article, field, value)
            # Reviewed and published with the original: the demo's translations are finished.
            article.reviewed_by = original.reviewed_by
            article.last_reviewed = original.last_reviewed
            article.published_at = original.published_at
            article.save()
            stdout.write(f"article ({language}): {article.title}")
