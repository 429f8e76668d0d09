"""Demo content for the clinic pages: the treatments."""

from django.utils import translation
from django.utils.text import slugify

from clinic import demo_results
from clinic.models import Treatment

DEMO_TREATMENTS = [
    "FUE hair transplant",
    "DHI hair transplant",
    "Beard transplant",
    "Eyebrow transplant",
    "PRP treatment",
]

# The same treatments as patients search for them in each language.
DEMO_TREATMENT_NAMES = {
    "FUE hair transplant": {
        "tr": "FUE saç ekimi",
        "de": "FUE-Haartransplantation",
        "ar": "زراعة الشعر بتقنية FUE",
    },
    "DHI hair transplant": {
        "tr": "DHI saç ekimi",
        "de": "DHI-Haartransplantation",
        "ar": "زراعة الشعر بتقنية DHI",
    },
    "Beard transplant": {"tr": "Sakal ekimi", "de": "Barttransplantation", "ar": "زراعة اللحية"},
    "Eyebrow transplant": {
        "tr": "Kaş ekimi",
        "de": "Augenbrauentransplantation",
        "ar": "زراعة الحواجب",
    },
    "PRP treatment": {"tr": "PRP tedavisi", "de": "PRP-Behandlung", "ar": "العلاج بالبلازما (PRP)"},
}


def seed(*, stdout):
    created = 0
    with translation.override("en"):
        for position, name in enumerate(DEMO_TREATMENTS, start=1):
            treatment, was_created = Treatment.objects.get_or_create(
                name=name, defaults={"position": position * 10, "slug": slugify(name)}
            )
            created += was_created
            changed = False
            for language, translated in DEMO_TREATMENT_NAMES[name].items():
                if not getattr(treatment, f"name_{language}"):
                    setattr(treatment, f"name_{language}", translated)
                    changed = True
            if changed:
                treatment.save()
    if created:
        stdout.write(f"treatments: {created} added")
    demo_results.seed(stdout=stdout)
