"""
factory_boy factories for every model in PRODUCT.md's contract. With no arguments each makes a
valid, unique object; every contract field can be overridden by keyword.
"""

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@clinic.example")
    password = factory.django.Password("correct horse battery staple")


class StaffFactory(UserFactory):
    """A staff member, in a role when asked: ``StaffFactory(role="Call centre")``."""

    is_staff = True

    @factory.post_generation
    def role(self, create, extracted, **kwargs):
        if create and extracted:
            self.groups.add(Group.objects.get(name=extracted))


class SuperuserFactory(UserFactory):
    is_staff = True
    is_superuser = True


class TreatmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "leads.Treatment"
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Treatment {n}")


class LeadFactory(factory.django.DjangoModelFactory):
    """A ``new`` call-back request from a valid, unique Turkish mobile number."""

    class Meta:
        model = "leads.Lead"

    name = factory.Faker("name")
    # +90 532 is a Turkish mobile prefix; seven more digits make each number unique and valid.
    phone = factory.Sequence(lambda n: f"+90532{n % 10_000_000:07d}")
    country = "TR"
    status = "new"
    source_url = "https://clinic.example/blog/hair-transplant-recovery/"
    consent_text = "I agree that the clinic may call me back."
    consent_version = "2026-11"
    consented_at = factory.LazyFunction(timezone.now)
    created_at = factory.LazyFunction(timezone.now)


def callback_form_data(*, seconds_ago=30, **overrides):
    """
    What a patient's browser posts from the call-back form: the required fields filled in and
    the form's signed time stamp from ``seconds_ago`` (a person, not a bot, by default).
    """
    import time

    from django.core import signing

    from clinic_site.defences import SpamDefenceForm

    data = {
        "name": "Ayşe Yılmaz",
        "phone": "+90 532 123 45 67",
        "consent": "on",
        "preferred_time": "asap",
        "website": "",
        "form_started": signing.dumps(
            time.time() - seconds_ago, salt=SpamDefenceForm.timestamp_salt
        ),
        "source_url": "http://testserver/blog/fue-or-dhi/",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


class CallAttemptFactory(factory.django.DjangoModelFactory):
    """A call that went unanswered, just now, on a new lead."""

    class Meta:
        model = "leads.CallAttempt"

    lead = factory.SubFactory(LeadFactory)
    made_by = factory.SubFactory(StaffFactory, role="Call centre")
    made_at = factory.LazyFunction(timezone.now)
    outcome = "no_answer"


class NoteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "leads.Note"

    lead = factory.SubFactory(LeadFactory)
    author = factory.SubFactory(StaffFactory, role="Call centre")
    text = "Prefers a call after work."
