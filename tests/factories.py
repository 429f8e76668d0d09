"""
factory_boy factories for every model in PRODUCT.md's contract. With no arguments each makes a
valid, unique object; every contract field can be overridden by keyword.
"""

from datetime import timedelta

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


class DoctorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "blog.Doctor"

    name = factory.Sequence(lambda n: f"Doctor {n}")
    slug = factory.Sequence(lambda n: f"doctor-{n}")
    title = "Dr."
    specialty = "Dermatology"


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "blog.Category"

    name = factory.Sequence(lambda n: f"Category {n}")
    slug = factory.Sequence(lambda n: f"category-{n}")


class ArticleFactory(factory.django.DjangoModelFactory):
    """Published yesterday, with its own doctor and category, unless told otherwise."""

    class Meta:
        model = "blog.Article"
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"What should I know about hair loss, part {n}?")
    slug = factory.Sequence(lambda n: f"article-{n}")
    summary = "A doctor explains what to expect, step by step."
    body = (
        "## What causes it?\n\nMost hair loss is hereditary.\n\n"
        "## How is it treated?\n\nMedicines slow it down; a transplant moves follicles."
    )
    author = factory.SubFactory(DoctorFactory)
    category = factory.SubFactory(CategoryFactory)
    published_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=1))

    @factory.post_generation
    def related(self, create, extracted, **kwargs):
        if create and extracted:
            self.related.set(extracted)
