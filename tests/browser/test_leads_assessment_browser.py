"""
A patient on a phone asks for the free assessment: fills in the form, attaches photos from the
gallery, sees them previewed, sends them with a progress bar and reaches the thanks page. In
English and in Arabic (right to left), with and without JavaScript; axe-core finds nothing.
"""

import os
import re
import time
from io import BytesIO

import pytest
from PIL import Image

from leads.models import Lead
from tests.browser.conftest import PHONE_VIEWPORT, has_horizontal_scroll
from tests.browser.npm_tools import axe_source
from tests.browser.test_clinic_walk_browser import axe_violations
from tests.factories import photo_upload

THANKS = re.compile(r"/assessment/thanks/\?queued=")


@pytest.fixture(scope="module")
def axe():
    source, problem = axe_source()
    if source is None:
        pytest.skip(f"axe-core unavailable: {problem}")
    return source


def wait_until(page, expression, *, seconds=20):
    """Polls ``expression`` in the page: the site's policy forbids wait_for_function's eval."""
    deadline = time.monotonic() + seconds
    while not page.evaluate(expression):
        if time.monotonic() > deadline:
            raise AssertionError(f"never true: {expression}")
        page.wait_for_timeout(50)


def noisy_photo(name, size=(800, 600)):
    """A photo that compresses as badly as a real one: about half a megabyte."""
    image = Image.frombytes("RGB", size, os.urandom(size[0] * size[1] * 3))
    buffer = BytesIO()
    image.save(buffer, "JPEG", quality=90)
    return {"name": name, "mimeType": "image/jpeg", "buffer": buffer.getvalue()}


def photo_file(name, image_format="JPEG", size=(1200, 900)):
    """A file for ``set_input_files``, drawn like a phone photo."""
    upload = photo_upload(name=name, image_format=image_format, size=size)
    mime = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}[image_format]
    return {"name": name, "mimeType": mime, "buffer": upload.read()}


@pytest.mark.parametrize(
    ("language", "labels"),
    [
        (
            "en",
            {
                "name": "Your name",
                "phone": "Phone number",
                "front": "Front",
                "crown": "Crown",
                "health": "I explicitly agree",
                "consent": "I agree that",
                "send": "Send for a free assessment",
                "thanks": "Thank you: a doctor will look at your photos",
            },
        ),
        (
            "ar",
            {
                "name": "الاسم",
                "phone": "رقم الهاتف",
                "front": "الأمام",
                "crown": "التاج",
                "health": "أوافق صراحةً",
                "consent": "أوافق على أن",
                "send": "أرسلوا للحصول على تقييم مجاني",
                "thanks": "شكرًا لكم: سيطّلع طبيب على صوركم",
            },
        ),
    ],
    ids=["english", "arabic"],
)
def test_a_patient_on_a_phone_sends_photos_and_reaches_the_thanks_page(
    open_page,
    demo,
    axe,
    language,
    labels,
):
    page = open_page(viewport=PHONE_VIEWPORT)
    prefix = "" if language == "en" else f"/{language}"
    page.goto(f"{prefix}/assessment/")
    assert page.locator("html").get_attribute("dir") == ("rtl" if language == "ar" else "ltr")
    assert not has_horizontal_scroll(page)
    assert axe_violations(page, axe) == []

    page.get_by_label(labels["name"]).fill("Ayşe Yılmaz")
    page.get_by_label(labels["phone"]).fill("0532 123 45 67")
    page.locator("label[for=id_hair_loss_2]").click()  # Norwood 4, by its drawing
    page.get_by_label(labels["front"], exact=True).set_input_files(photo_file("front.jpg"))
    page.get_by_label(labels["crown"], exact=True).set_input_files(
        photo_file("crown.png", image_format="PNG")
    )
    # Each photo chosen is previewed next to its angle, and the health consent is now required.
    previews = page.locator(".assessment-preview:not([hidden]) img")
    assert previews.count() == 2
    wait_until(
        page,
        "[...document.querySelectorAll('.assessment-preview img')]"
        ".every(img => img.complete && img.naturalWidth > 0)",
    )
    assert page.locator("#id_health_consent").evaluate("box => box.required")
    assert not has_horizontal_scroll(page)
    assert axe_violations(page, axe) == []

    page.get_by_label(labels["health"]).check()
    page.get_by_label(labels["consent"]).check()
    page.get_by_role("button", name=labels["send"]).click()

    page.wait_for_url(THANKS)
    assert page.get_by_role("heading", level=1).inner_text() == labels["thanks"]
    assert not has_horizontal_scroll(page)
    lead = Lead.objects.get()
    assert (lead.kind, lead.hair_loss, lead.language) == ("assessment", "norwood-4", language)
    # The script told the server which angle each photo is.
    assert [photo.angle for photo in lead.photos.all()] == ["front", "crown"]
    assert page.log.console_errors == []
    assert page.log.other_origin_requests == []


def test_a_photo_too_large_is_refused_before_sending_with_a_message_next_to_it(
    phone_page, demo, settings
):
    settings.ASSESSMENT_PHOTO_MAX_BYTES = 20 * 1024
    page = phone_page
    page.goto("/assessment/")
    page.get_by_label("Top", exact=True).set_input_files(
        {"name": "big.jpg", "mimeType": "image/jpeg", "buffer": b"\xff\xd8\xff" + b"0" * 40_000}
    )
    message = page.locator("#assessment-photo-check")
    assert "big.jpg is larger than 20.0" in message.inner_text()
    assert page.get_by_label("Top", exact=True).evaluate("input => input.files.length") == 0
    assert page.locator(".assessment-preview:not([hidden])").count() == 0


def test_a_refused_photo_comes_back_with_the_form_and_the_accepted_one_attached(phone_page, demo):
    page = phone_page
    page.goto("/assessment/")
    page.get_by_label("Your name").fill("Zeynep Kaya")
    page.get_by_label("Phone number").fill("0532 123 45 67")
    page.get_by_label("Front", exact=True).set_input_files(photo_file("front.jpg"))
    # Looks like a photo to the browser, but is none.
    page.get_by_label("Top", exact=True).set_input_files(
        {"name": "top.jpg", "mimeType": "image/jpeg", "buffer": b"not a photo at all"}
    )
    page.get_by_label("I explicitly agree").check()
    page.get_by_label("I agree that").check()
    page.get_by_role("button", name="Send for a free assessment").click()

    error = page.locator("#id_photos_error")
    error.wait_for()
    assert "top.jpg is not a photo we can read" in error.inner_text()
    assert page.get_by_label("Your name").input_value() == "Zeynep Kaya"
    assert "Front" in page.locator(".assessment-kept").inner_text()
    assert not has_horizontal_scroll(page)
    assert Lead.objects.count() == 0

    page.get_by_label("I explicitly agree").check()
    page.get_by_label("I agree that").check()
    page.get_by_role("button", name="Send for a free assessment").click()
    page.wait_for_url(THANKS)
    assert [photo.angle for photo in Lead.objects.get().photos.all()] == ["front"]


def test_the_assessment_works_without_javascript(browser, live_server, demo):
    context = browser.new_context(
        java_script_enabled=False, viewport=PHONE_VIEWPORT, base_url=live_server.url
    )
    page = context.new_page()
    try:
        page.goto("/assessment/")
        page.get_by_label("Your name").fill("Deniz")
        page.get_by_label("Phone number").fill("+44 7400 123456")
        page.get_by_label("Front", exact=True).set_input_files(photo_file("front.jpg"))
        page.get_by_label("Back (donor area)").set_input_files(
            photo_file("back.webp", image_format="WEBP")
        )
        page.get_by_label("I explicitly agree").check()
        page.get_by_label("I agree that").check()
        page.get_by_role("button", name="Send for a free assessment").click()
        page.wait_for_url(THANKS)
        lead = Lead.objects.get()
        assert lead.photos.count() == 2  # without the script, the angle is not known
    finally:
        context.close()


def test_a_slow_upload_shows_its_progress(phone_page, demo):
    page = phone_page
    page.goto("/assessment/")
    page.get_by_label("Your name").fill("Ayşe Yılmaz")
    page.get_by_label("Phone number").fill("0532 123 45 67")
    page.get_by_label("Front", exact=True).set_input_files(noisy_photo("front.jpg"))
    page.get_by_label("I explicitly agree").check()
    page.get_by_label("I agree that").check()
    # A phone on a slow connection: about 100 KB a second up.
    cdp = page.context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send(
        "Network.emulateNetworkConditions",
        {"offline": False, "latency": 100, "downloadThroughput": -1, "uploadThroughput": 100_000},
    )
    page.get_by_role("button", name="Send for a free assessment").click()

    progress = page.locator("progress#assessment-progress")
    progress.wait_for(state="visible")
    assert page.get_by_text("Sending your photos…").is_visible()
    assert page.get_by_role("button", name="Send for a free assessment").is_disabled()
    wait_until(page, "document.getElementById('assessment-progress').value > 0")
    wait_until(
        page,
        "document.getElementById('assessment-status').textContent.includes('Sending your photos:')",
    )
    page.wait_for_url(THANKS, timeout=30_000)
    assert Lead.objects.get().photos.count() == 1


def test_on_a_touch_phone_each_angle_has_a_one_tap_camera_and_its_photo_keeps_the_angle(
    browser, live_server, demo
):
    context = browser.new_context(
        viewport=PHONE_VIEWPORT, has_touch=True, is_mobile=True, base_url=live_server.url
    )
    page = context.new_page()
    try:
        page.goto("/assessment/")
        camera = page.locator("#id_photos_top_camera")
        assert camera.is_visible()
        assert camera.get_attribute("capture") == "environment"
        assert page.locator("#id_photos_front_camera").get_attribute("capture") == "user"  # front
        # The first way to each angle has no capture: the phone offers camera and gallery.
        assert page.locator("#id_photos_top").get_attribute("capture") is None
        assert not has_horizontal_scroll(page)

        page.get_by_label("Your name").fill("Deniz")
        page.get_by_label("Phone number").fill("+44 7400 123456")
        camera.set_input_files(photo_file("camera.jpg"))
        # The photo taken moves to the angle's input, previewed there.
        assert page.locator("#id_photos_top").evaluate("input => input.files.length") == 1
        assert camera.evaluate("input => input.files.length") == 0
        preview = page.locator("[data-angle=top] .assessment-preview")
        assert preview.is_visible() and "camera.jpg" in preview.inner_text()
        page.get_by_label("I explicitly agree").check()
        page.get_by_label("I agree that").check()
        page.get_by_role("button", name="Send for a free assessment").click()
        page.wait_for_url(THANKS)
        assert [photo.angle for photo in Lead.objects.get().photos.all()] == ["top"]
    finally:
        context.close()


def test_on_a_computer_the_camera_inputs_stay_out_of_the_way(open_page, demo):
    page = open_page()
    page.goto("/assessment/")
    assert not page.locator("#id_photos_top_camera").is_visible()
    assert page.locator("#id_photos_top").is_visible()
