"""Demo content for call-back requests: the treatments a patient can ask about."""

from leads.models import Treatment

DEMO_TREATMENTS = [
    "FUE hair transplant",
    "DHI hair transplant",
    "Beard transplant",
    "Eyebrow transplant",
    "PRP treatment",
]


def seed(*, stdout):
    created = 0
    for position, name in enumerate(DEMO_TREATMENTS, start=1):
        _, was_created = Treatment.objects.get_or_create(
            name=name, defaults={"position": position * 10}
        )
        created += was_created
    if created:
        stdout.write(f"treatments of interest: {created} added")
