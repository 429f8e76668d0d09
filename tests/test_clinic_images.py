"""
Uploaded pictures: stored without their metadata, served in sizes that fit (WebP and the
original format), old files deleted; the picture and portrait tags; the drawn map; the demo's
drawings.
"""

import hashlib
import logging
import re
from io import BytesIO, StringIO

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.template import Context, Template
from PIL import ExifTags, Image

from blog.models import Article, Doctor
from clinic.models import ResultCase, Treatment
from clinic_site import images
from clinic_site.models import Clinic
from tests import factories

pytestmark = pytest.mark.django_db


def jpeg(size=(2000, 1000), *, exif=None, name="photo.jpg"):
    buffer = BytesIO()
    Image.new("RGB", size, (150, 110, 90)).save(buffer, "JPEG", exif=exif or Image.Exif())
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def phone_photo_exif():
    """What a phone writes: its make, a rotation, and where the photo was taken."""
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "PhoneMaker"
    exif[ExifTags.Base.Orientation] = 6  # taken sideways: turn 90° to show it upright
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (41.0, 2.0, 1.0)
    gps[ExifTags.GPS.GPSLongitudeRef] = "E"
    gps[ExifTags.GPS.GPSLongitude] = (28.0, 58.0, 37.0)
    return exif


def treatment_with(upload):
    return factories.TreatmentFactory(hero_image=upload, hero_image_alt="A drawn follicle")


def opened(name):
    with default_storage.open(name) as file, Image.open(file) as image:
        image.load()
        return image


def stored_files(settings):
    return sorted(
        str(path.relative_to(settings.MEDIA_ROOT))
        for path in settings.MEDIA_ROOT.rglob("*")
        if path.is_file()
    )


# --- Renditions ----------------------------------------------------------------------------


def test_an_upload_is_served_in_webp_and_jpeg_sizes_never_wider_than_the_original():
    treatment = treatment_with(jpeg((1000, 500)))
    treatment.refresh_from_db()

    renditions = treatment.hero_image_renditions
    assert (renditions["width"], renditions["height"]) == (1000, 500)
    assert [width for width, _name in renditions["webp"]] == [320, 480, 640, 960, 1000]
    assert [width for width, _name in renditions["fallback"]] == [320, 480, 640, 960, 1000]
    for width, name in renditions["webp"]:
        image = opened(name)
        assert image.format == "WEBP"
        assert image.size == (width, width // 2)
    for width, name in renditions["fallback"]:
        image = opened(name)
        assert image.format == "JPEG"
        assert image.size == (width, width // 2)


def test_a_large_upload_is_served_at_most_1600_pixels_wide():
    treatment = treatment_with(jpeg((2400, 1200)))

    widths = [width for width, _name in treatment.hero_image_renditions["webp"]]
    assert max(widths) == 1600
    assert opened(treatment.hero_image_renditions["fallback"][-1][1]).size == (1600, 800)


def test_a_small_upload_is_never_enlarged():
    treatment = treatment_with(jpeg((300, 200)))

    assert [w for w, _n in treatment.hero_image_renditions["webp"]] == [300]


def test_a_png_with_transparency_keeps_png_as_its_fallback():
    buffer = BytesIO()
    Image.new("RGBA", (700, 700), (0, 0, 0, 0)).save(buffer, "PNG")
    doctor = factories.DoctorFactory(
        photo=SimpleUploadedFile("p.png", buffer.getvalue()), photo_alt="Portrait"
    )

    fallback = doctor.photo_renditions["fallback"]
    assert all(name.endswith(".png") for _width, name in fallback)
    assert opened(fallback[0][1]).mode == "RGBA"


def test_gps_and_every_exif_tag_are_removed_from_the_original_and_the_renditions():
    upload = jpeg((1200, 800), exif=phone_photo_exif())
    assert Image.open(upload).getexif().get_ifd(ExifTags.IFD.GPSInfo)  # the phone wrote it
    upload.seek(0)

    treatment = treatment_with(upload)

    names = [treatment.hero_image.name] + [
        name for key in ("webp", "fallback") for _w, name in treatment.hero_image_renditions[key]
    ]
    for name in names:
        with default_storage.open(name) as file:
            data = file.read()
        assert b"PhoneMaker" not in data
        image = Image.open(BytesIO(data))
        assert not image.getexif()
        assert "exif" not in image.info
    # Turned upright before the rotation tag was dropped: portrait, as it was taken.
    assert opened(treatment.hero_image.name).size == (800, 1200)
    assert (treatment.hero_image_width, treatment.hero_image_height) == (800, 1200)
    treatment.refresh_from_db()
    assert (treatment.hero_image_width, treatment.hero_image_height) == (800, 1200)


def test_replacing_an_image_deletes_the_old_file_and_its_renditions(settings):
    treatment = treatment_with(jpeg((800, 400), name="old.jpg"))
    old_files = [treatment.hero_image.name] + [
        name for _w, name in treatment.hero_image_renditions["webp"]
    ]

    treatment = Treatment.objects.get(pk=treatment.pk)  # as the admin reads it
    treatment.hero_image = jpeg((640, 320), name="new.jpg")
    treatment.save()

    assert not any(default_storage.exists(name) for name in old_files)
    files = stored_files(settings)
    assert all("new" in name for name in files)
    assert "clinic/treatments/new-640w.webp" in files


def test_clearing_an_image_or_deleting_the_row_deletes_its_files(settings):
    treatment = treatment_with(jpeg((800, 400)))
    treatment = Treatment.objects.get(pk=treatment.pk)
    treatment.hero_image = ""
    treatment.hero_image_alt = ""
    treatment.save()
    assert stored_files(settings) == []
    treatment.refresh_from_db()
    assert treatment.hero_image_renditions == {}

    doctor = factories.DoctorFactory(photo=jpeg((500, 500)), photo_alt="Portrait")
    assert stored_files(settings)
    doctor.delete()
    assert stored_files(settings) == []


def test_a_picture_a_translation_shares_stays_when_the_translation_is_deleted(settings):
    from blog.services import article_translation_start

    article = factories.ArticleFactory(hero_image=jpeg((900, 450)), hero_image_alt="Drawing")
    translation, _created = article_translation_start(article=article, language="de")
    assert translation.hero_image_renditions == article.hero_image_renditions
    files = stored_files(settings)

    translation.delete()

    assert stored_files(settings) == files


def test_delete_image_files_removes_the_original_and_renditions_now(settings):
    result = factories.ResultCaseFactory(published=False)
    assert stored_files(settings)

    images.delete_image_files(result, "before_image")
    images.delete_image_files(result, "after_image")
    result.save()

    assert stored_files(settings) == []
    result.refresh_from_db()
    assert not result.before_image and result.before_image_renditions == {}


def test_an_unreadable_image_never_loses_the_save(caplog):
    upload = SimpleUploadedFile("broken.jpg", b"\xff\xd8\xff" + b"not a picture" * 50)
    with caplog.at_level(logging.ERROR, logger="clinic_site.images"):
        treatment = treatment_with(upload)

    treatment.refresh_from_db()
    assert treatment.hero_image.name == "clinic/treatments/broken.jpg"
    assert default_storage.exists(treatment.hero_image.name)
    assert treatment.hero_image_renditions == {}
    assert "Could not read the image" in caplog.text


# --- The picture tag -----------------------------------------------------------------------


def render(template, **context):
    return Template("{% load images %}" + template).render(Context(context))


def test_the_picture_tag_offers_webp_and_jpeg_sizes_with_dimensions_and_alt():
    treatment = treatment_with(jpeg((1000, 500)))

    html = render(
        '{% picture t "hero_image" sizes="(min-width: 992px) 33vw, 100vw" class="card-img-top" %}',
        t=treatment,
    )

    source = re.search(r'<source type="image/webp" srcset="([^"]+)" sizes="([^"]+)">', html)
    assert source.group(2) == "(min-width: 992px) 33vw, 100vw"
    assert "/media/clinic/treatments/photo-320w.webp 320w" in source.group(1)
    assert "/media/clinic/treatments/photo-1000w.webp 1000w" in source.group(1)
    img = re.search(r"<img [^>]+>", html).group(0)
    assert 'src="/media/clinic/treatments/photo-640w.jpg"' in img
    assert "photo-960w.jpg 960w" in img
    assert 'width="1000"' in img and 'height="500"' in img
    assert 'alt="A drawn follicle"' in img
    assert 'loading="lazy"' in img and 'decoding="async"' in img
    assert 'class="card-img-top"' in img
    assert html.startswith("<picture>") and html.endswith("</picture>")


def test_the_first_picture_a_visitor_sees_loads_at_once():
    treatment = treatment_with(jpeg((1000, 500)))

    html = render('{% picture t "hero_image" fetchpriority="high" %}', t=treatment)

    assert 'fetchpriority="high"' in html
    assert "loading=" not in html


def test_the_picture_tag_renders_nothing_without_an_image_and_a_plain_img_without_sizes():
    assert render('{% picture t "hero_image" %}', t=factories.TreatmentFactory()) == ""

    article = factories.ArticleFactory()
    article.hero_image.name = "blog/heroes/old.jpg"
    article.hero_image_alt = "An older picture"
    article.hero_image_width, article.hero_image_height = 1200, 630
    html = render('{% picture a "hero_image" %}', a=article)
    assert html.startswith('<img src="/media/blog/heroes/old.jpg" alt="An older picture"')
    assert 'width="1200" height="630"' in html


# --- The portrait --------------------------------------------------------------------------


def _luminance(hex_colour):
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def test_a_doctor_without_a_photo_gets_an_initials_portrait_named_for_screen_readers(client):
    doctor = factories.DoctorFactory(name="Selin Aksoy", title="Prof. Dr.")

    html = render("{% portrait d size=120 %}", d=doctor)

    assert 'role="img"' in html and 'aria-label="Prof. Dr. Selin Aksoy"' in html
    assert 'width="120" height="120"' in html
    assert ">SA</text>" in html
    background = re.search(r'fill="(#[0-9a-f]{6})"', html).group(1)
    contrast = (1 + 0.05) / (_luminance(background) + 0.05)  # white initials on it
    assert contrast >= 4.5
    page = client.get(doctor.get_absolute_url()).content.decode()
    assert 'aria-label="Prof. Dr. Selin Aksoy"' in page
    assert "<img" not in page.split("<main", 1)[1].split("</main>")[0]


def test_a_doctor_with_a_photo_is_shown_in_sizes_for_their_column(client):
    doctor = factories.DoctorFactory(photo=jpeg((900, 1200)), photo_alt="Dr. Kaya smiling")

    page = client.get(doctor.get_absolute_url()).content.decode()

    assert '<source type="image/webp"' in page
    assert 'alt="Dr. Kaya smiling"' in page
    assert 'sizes="(min-width: 576px) 240px, 100vw"' in page
    assert "<svg" not in page.split("<main", 1)[1].split("</main>")[0]


# --- The clinic's map ----------------------------------------------------------------------


def test_the_map_is_drawn_once_from_the_coordinates(clinic, settings):
    clinic.latitude, clinic.longitude = "41.033500", "28.977000"
    clinic.save()
    clinic.refresh_from_db()
    name = clinic.map_image.name
    assert name.startswith("clinic_site/drawn-map-")
    assert clinic.map_image_renditions["webp"]
    assert opened(name).size == (clinic.map_image_width, clinic.map_image_height)
    modified = (settings.MEDIA_ROOT / name).stat().st_mtime_ns
    files = stored_files(settings)

    clinic.phone = "+902120000001"
    clinic.save()
    Clinic.objects.get().save()

    assert Clinic.objects.get().map_image.name == name
    assert (settings.MEDIA_ROOT / name).stat().st_mtime_ns == modified
    assert stored_files(settings) == files


def test_moving_the_clinic_redraws_the_map_and_deletes_the_old_one(clinic):
    clinic.latitude, clinic.longitude = "41.033500", "28.977000"
    clinic.save()
    old = Clinic.objects.get().map_image.name

    clinic = Clinic.objects.get()
    clinic.latitude = "41.040000"
    clinic.save()

    assert Clinic.objects.get().map_image.name != old
    assert not default_storage.exists(old)


def test_a_map_uploaded_by_staff_is_kept_when_the_clinic_moves(clinic):
    clinic.map_image = jpeg((1000, 700), name="our-map.jpg")
    clinic.latitude, clinic.longitude = "41.033500", "28.977000"
    clinic.save()

    clinic = Clinic.objects.get()
    clinic.latitude = "41.040000"
    clinic.save()

    assert Clinic.objects.get().map_image.name == "clinic_site/our-map.jpg"


# --- The demo ------------------------------------------------------------------------------


def _digest(field_file):
    with default_storage.open(field_file.name) as file:
        return hashlib.sha256(file.read()).hexdigest()


def test_seed_demo_gives_every_object_its_own_drawing_described_in_each_language(clinic):
    treatment = factories.TreatmentFactory(name="Scalp micropigmentation")
    result = ResultCase.objects.create(treatment=treatment, months_after=12)
    Clinic.objects.filter(pk=clinic.pk).update(latitude="41.0335", longitude="28.977")

    call_command("seed_demo", stdout=StringIO())

    treatments = list(Treatment.objects.all())
    assert len(treatments) >= 6
    assert len({_digest(t.hero_image) for t in treatments}) == len(treatments)
    for treatment in treatments:
        assert treatment.hero_image_renditions["webp"]
        for language in ("en", "tr", "de", "ar"):
            assert getattr(treatment, f"hero_image_alt_{language}")
    assert len({t.hero_image_alt_en for t in treatments}) >= 5  # each says what it shows
    doctors = list(Doctor.objects.all())
    assert len({_digest(d.photo) for d in doctors}) == len(doctors)
    assert all(d.photo_alt for d in doctors)
    originals = list(Article.objects.filter(translation_of__isnull=True))
    assert len({_digest(a.hero_image) for a in originals}) == len(originals)
    for article in Article.objects.exclude(language="en"):
        assert article.hero_image_alt != Article.objects.get(pk=article.original.pk).hero_image_alt
    result.refresh_from_db()
    assert _digest(result.before_image) != _digest(result.after_image)
    assert result.before_image_alt_de and result.after_image_alt_ar
    clinic = Clinic.objects.get()
    assert clinic.hero_image and clinic.hero_image_alt_tr
    assert clinic.map_image.name.startswith("clinic_site/drawn-map-")


def test_seed_demo_twice_draws_nothing_new(settings):
    call_command("seed_demo", stdout=StringIO())
    files = stored_files(settings)
    names = sorted(Treatment.objects.values_list("hero_image", flat=True)) + sorted(
        Doctor.objects.values_list("photo", flat=True)
    )

    call_command("seed_demo", stdout=StringIO())

    assert stored_files(settings) == files
    assert (
        sorted(Treatment.objects.values_list("hero_image", flat=True))
        + sorted(Doctor.objects.values_list("photo", flat=True))
        == names
    )
