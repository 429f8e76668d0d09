"""
factory_boy factories for every model the product names. With no arguments each makes a valid,
unique object; every named field can be overridden by keyword.
"""

from datetime import timedelta

import factory
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone
from django.utils.text import slugify


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
    """An active treatment with a price range, shown on the site and offered in the form."""

    class Meta:
        model = "clinic.Treatment"
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Treatment {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))
    summary = factory.LazyAttribute(lambda o: f"What {o.name} is and who it suits.")
    price_from = 1900
    price_to = 2600
    currency = "EUR"
    active = True


def test_image(name="photo.jpg", *, size=(1200, 900), color=(176, 132, 108)):
    """A small, real JPEG upload."""
    from io import BytesIO

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    buffer = BytesIO()
    Image.new("RGB", size, color).save(buffer, "JPEG", quality=80)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def shows(page, obj, field):
    """
    Whether ``page`` shows ``obj``'s picture in ``field``: its original or any of its resized
    versions. The object must have a picture, so that "not shown" means something.
    """
    from django.core.files.storage import default_storage

    from clinic_site.images import image_file_names

    names = image_file_names(obj, field)
    assert names, f"{obj!r} has no {field} to look for"
    return any(default_storage.url(name) in page for name in names)


class ResultCaseFactory(factory.django.DjangoModelFactory):
    """A published result, with the patient's website consent and both photos."""

    class Meta:
        model = "clinic.ResultCase"

    treatment = factory.SubFactory(TreatmentFactory)
    months_after = 12
    grafts = 3200
    story = "Crown thinning since his twenties; dense, natural result a year later."
    before_image = factory.LazyFunction(lambda: test_image("before.jpg", color=(120, 100, 90)))
    before_image_alt = "The crown before the procedure, thin and see-through."
    after_image = factory.LazyFunction(lambda: test_image("after.jpg", color=(90, 70, 60)))
    after_image_alt = "The crown twelve months after, covered with hair."
    consent_date = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=30))
    consent_scope = "website"
    published = True


class ReviewFactory(factory.django.DjangoModelFactory):
    """A published five-star review written on the site, with consent to publish."""

    class Meta:
        model = "clinic.Review"

    first_name = factory.Sequence(lambda n: f"Patient{n}")
    last_initial = "K"
    country = "DE"
    treatment = factory.SubFactory(TreatmentFactory)
    rating = 5
    text = "Clear answers before I travelled and a calm team on the day."
    language = "en"
    source = "site"
    consent_to_publish = True
    published = True


class LeadFactory(factory.django.DjangoModelFactory):
    """A ``new`` call-back request from a valid, unique Turkish mobile number."""

    class Meta:
        model = "leads.Lead"

    name = factory.Faker("name")
    # +90 532 is a Turkish mobile prefix; seven more digits make each number unique and valid.
    phone = factory.Sequence(lambda n: f"+90532{n % 10_000_000:07d}")
    country = "TR"
    status = "new"
    language = factory.LazyFunction(lambda: settings.LANGUAGE_CODE)
    source_url = "https://clinic.example/blog/hair-transplant-recovery/"
    consent_text = "I agree that the clinic may call me back."
    consent_version = "2026-11"
    consented_at = factory.LazyFunction(timezone.now)
    created_at = factory.LazyFunction(timezone.now)
    # A lead made "400 days ago" was last asked for then too, unless told otherwise.
    last_requested_at = factory.SelfAttribute("created_at")
    kind = "callback"

    class Params:
        # LeadFactory(kind="assessment") is a request with its health-data consent given;
        # its photos are AssessmentPhotoFactory(lead=...).
        is_assessment = factory.LazyAttribute(lambda lead: lead.kind == "assessment")

    health_consent_text = factory.Maybe(
        "is_assessment", "I explicitly agree that the clinic's doctors may use my photos.", ""
    )
    health_consent_version = factory.Maybe("is_assessment", "2026-12", "")
    health_consented_at = factory.Maybe("is_assessment", factory.LazyFunction(timezone.now), None)


def form_started_stamp(*, seconds_ago=30):
    """The public forms' signed time stamp, as if the page was opened ``seconds_ago``."""
    import time

    from django.core import signing

    from clinic_site.spam import SpamDefenceForm

    return signing.dumps(time.time() - seconds_ago, salt=SpamDefenceForm.timestamp_salt)


def callback_form_data(*, seconds_ago=30, **overrides):
    """
    What a patient's browser posts from the call-back form: the required fields filled in and
    the form's signed time stamp from ``seconds_ago`` (a person, not a bot, by default).
    """
    data = {
        "name": "Ayşe Yılmaz",
        "phone": "+90 532 123 45 67",
        "consent": "on",
        "preferred_time": "asap",
        "website": "",
        "form_started": form_started_stamp(seconds_ago=seconds_ago),
        "source_url": "http://testserver/blog/fue-or-dhi/",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


class TagFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "newsletter.Tag"
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Segment {n}")


def _began_now_if(status):
    """The time a subscriber entered ``status``: now if that is their status, else none."""
    return factory.LazyAttribute(
        lambda subscriber: timezone.now() if subscriber.status == status else None
    )


def _address_fingerprint(n):
    from newsletter.models import email_hash

    return email_hash(f"subscriber{n}@example.com")


class SubscriberFactory(factory.django.DjangoModelFactory):
    """
    A confirmed subscriber with a unique address: ``SubscriberFactory(status="pending")``.
    Each status comes with the time it began, as the services record it; a ``forgotten`` one
    keeps only its address's fingerprint, as after an erasure request.
    """

    class Meta:
        model = "newsletter.Subscriber"
        skip_postgeneration_save = True

    class Params:
        forgotten = factory.LazyAttribute(lambda subscriber: subscriber.status == "forgotten")

    email = factory.Maybe(
        "forgotten",
        yes_declaration="",
        no_declaration=factory.Sequence(lambda n: f"subscriber{n}@example.com"),
    )
    # Saving computes it from the address; an erased address leaves only this.
    email_hash = factory.Sequence(_address_fingerprint)
    first_name = factory.Maybe(
        "forgotten", yes_declaration="", no_declaration=factory.Faker("first_name")
    )
    language = "en"
    status = "subscribed"
    source = "website"
    source_url = factory.Maybe("forgotten", yes_declaration="", no_declaration="/")
    confirmed_at = _began_now_if("subscribed")
    unsubscribed_at = _began_now_if("unsubscribed")
    forgotten_at = _began_now_if("forgotten")

    @factory.post_generation
    def tags(self, create, extracted, **kwargs):
        if create and extracted:
            self.tags.add(*extracted)


class MailEventFactory(factory.django.DjangoModelFactory):
    """A delivered report from the mail provider about one email to a subscriber."""

    class Meta:
        model = "newsletter.MailEvent"

    subscriber = factory.SubFactory(SubscriberFactory)
    email_hash = factory.LazyAttribute(lambda event: event.subscriber.email_hash)
    provider = "Postmark"
    event_type = "delivered"
    message_id = factory.Sequence(lambda n: f"message-{n}")
    occurred_at = factory.LazyFunction(timezone.now)


class CampaignFactory(factory.django.DjangoModelFactory):
    """A draft campaign in the site's default language, to every subscriber of that language."""

    class Meta:
        model = "newsletter.Campaign"
        skip_postgeneration_save = True

    subject = factory.Sequence(lambda n: f"News from the clinic, issue {n}")
    preheader = "What our doctors wrote this month."
    body = "## Spring at the clinic\n\nOur doctors answer your questions about [FUE](/blog/fue/)."
    language = factory.LazyFunction(lambda: settings.LANGUAGE_CODE)
    status = "draft"
    scheduled_at = factory.LazyAttribute(
        lambda campaign: None if campaign.status in {"draft", "cancelled"} else timezone.now()
    )

    @factory.post_generation
    def tags(self, create, extracted, **kwargs):
        if create and extracted:
            self.tags.add(*extracted)


def newsletter_form_data(**overrides):
    """What a person's browser posts from the subscribe box, filled in at a human pace."""
    data = {
        "email": "ayse@example.com",
        "consent": "on",
        "website": "",
        "form_started": form_started_stamp(),
        "source_url": "/blog/fue-or-dhi/",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def newsletter_link(message, name):
    """
    The path of the ``confirm`` or ``unsubscribe`` link in an email's text, with its language
    prefix if it has one (``/de/newsletter/confirm/…/``).
    """
    import re

    match = re.search(
        rf"https?://[^/\s]+((?:/[a-z]{{2}}(?:-[a-z]+)?)?/newsletter/{name}/[^/\s]+/)", message.body
    )
    assert match, f"no {name} link in the email"
    return match.group(1)


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
    reviewed_by = None
    # A review needs its date (a database constraint): naming a reviewer dates the review today.
    last_reviewed = factory.LazyAttribute(
        lambda article: timezone.localdate() if article.reviewed_by else None
    )

    @factory.post_generation
    def related(self, create, extracted, **kwargs):
        if create and extracted:
            self.related.set(extracted)


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


def photo_upload(*, name="front.jpg", size=(1200, 900), image_format="JPEG", exif=None):
    """
    A photo as a phone would upload it: a SimpleUploadedFile of a drawn picture (never of a
    person) in ``image_format`` (JPEG, PNG, WEBP or HEIF), optionally with ``exif`` bytes.
    """
    from io import BytesIO

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image, ImageDraw

    if image_format == "HEIF":
        from pillow_heif import register_heif_opener

        register_heif_opener()
    image = Image.new("RGB", size, (182, 140, 110))
    draw = ImageDraw.Draw(image)
    width, height = size
    draw.ellipse((width // 4, height // 6, width * 3 // 4, height * 5 // 6), fill=(60, 42, 30))
    buffer = BytesIO()
    options = {"exif": exif} if exif is not None else {}
    image.save(buffer, image_format, **options)
    content_types = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}
    return SimpleUploadedFile(
        name, buffer.getvalue(), content_type=content_types.get(image_format, "image/heic")
    )


class AssessmentPhotoFactory(factory.django.DjangoModelFactory):
    """
    A photo of an assessment request, stored the way a patient's upload is (private storage,
    re-encoded, with its thumbnail): ``AssessmentPhotoFactory(lead=lead, angle="top")``.
    """

    class Meta:
        model = "leads.AssessmentPhoto"

    lead = factory.SubFactory(LeadFactory, kind="assessment")
    angle = "front"

    @classmethod
    def _create(cls, model_class, *args, lead=None, angle="", **kwargs):
        from leads.photos import photo_keep

        photo = photo_keep(photo_upload(), angle=angle)
        if lead is not None:
            photo.lead = lead
            photo.save(update_fields=["lead"])
        return photo


class AssessmentResultFactory(factory.django.DjangoModelFactory):
    """A doctor's answer to an assessment request: suitable, FUE, 2,500–3,000 grafts, €2,400."""

    class Meta:
        model = "leads.AssessmentResult"

    lead = factory.SubFactory(LeadFactory, kind="assessment")
    verdict = "suitable"
    technique = factory.SubFactory(TreatmentFactory, name="FUE hair transplant")
    grafts_min = 2500
    grafts_max = 3000
    price_quoted = 2400
    currency = "EUR"
    note_for_patient = "Your donor area is strong."
    assessed_by = factory.SubFactory(StaffFactory, role="Doctors")
