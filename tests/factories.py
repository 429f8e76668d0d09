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


class TagFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "newsletter.Tag"
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Segment {n}")


class SubscriberFactory(factory.django.DjangoModelFactory):
    """A confirmed subscriber with a unique address: ``SubscriberFactory(status="pending")``."""

    class Meta:
        model = "newsletter.Subscriber"
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"subscriber{n}@example.com")
    first_name = factory.Faker("first_name")
    language = "en"
    status = "subscribed"
    source = "website"
    source_url = "/"
    confirmed_at = factory.LazyAttribute(
        lambda subscriber: timezone.now() if subscriber.status == "subscribed" else None
    )

    @factory.post_generation
    def tags(self, create, extracted, **kwargs):
        if create and extracted:
            self.tags.add(*extracted)


def newsletter_form_data(**overrides):
    """What a person's browser posts from the subscribe box, filled in at a human pace."""
    import time

    from django.core import signing

    from clinic_site.defences import SpamDefenceForm

    started = signing.dumps(time.time() - 30, salt=SpamDefenceForm.timestamp_salt)
    data = {
        "email": "ayse@example.com",
        "consent": "on",
        "website": "",
        "form_started": started,
        "source_url": "/blog/fue-or-dhi/",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def newsletter_link(message, name):
    """The path of the ``confirm`` or ``unsubscribe`` link in an email's text."""
    import re

    match = re.search(rf"https?://[^/\s]+(/newsletter/{name}/[^/\s]+/)", message.body)
    assert match, f"no {name} link in the email"
    return match.group(1)
