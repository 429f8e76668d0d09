"""A patient meeting the team and finding the clinic, in a real browser, on a 360 px phone."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import has_horizontal_scroll

TEAM_AND_CONTACT = ["/doctors/", "/doctors/selin-aksoy/", "/contact/"]


def test_patient_meets_the_team_and_opens_a_doctors_profile(phone_page, demo):
    phone_page.goto("/doctors/")
    expect(phone_page.get_by_role("heading", level=1)).to_have_text("Our doctors")
    card = phone_page.get_by_role("article").filter(has_text="Selin Aksoy")
    expect(card.get_by_text("English, Turkish, German")).to_be_visible()
    expect(card.get_by_text(re.compile(r"\d+ years of practice"))).to_be_visible()

    card.get_by_role("link", name="Prof. Dr. Selin Aksoy").click()
    expect(phone_page).to_have_url(re.compile(r"/doctors/selin-aksoy/$"))
    expect(phone_page.get_by_role("heading", level=1)).to_have_text("Prof. Dr. Selin Aksoy")
    expect(phone_page.get_by_role("heading", name="Request a call back")).to_be_visible()
    assert phone_page.log.other_origin_requests == []
    assert phone_page.log.console_errors == []


@pytest.mark.parametrize("prefix", ["", "/ar"])
def test_team_and_contact_pages_fit_a_360px_phone(phone_page, demo, prefix):
    for url in TEAM_AND_CONTACT:
        phone_page.goto(prefix + url)
        expect(phone_page.get_by_role("heading", level=1)).to_be_visible()
        assert not has_horizontal_scroll(phone_page), prefix + url
    assert phone_page.log.other_origin_requests == []
    assert phone_page.log.console_errors == []


def test_contact_page_links_to_the_map_apps_without_loading_them(phone_page, demo):
    phone_page.goto("/contact/")
    for name in ["Open in Google Maps", "Open in Apple Maps", "Open in OpenStreetMap"]:
        link = phone_page.get_by_role("link", name=name)
        expect(link).to_have_attribute("href", re.compile(r"41\.032300"))
    expect(phone_page.get_by_role("heading", name="Directions from the airport")).to_be_visible()
    assert phone_page.log.other_origin_requests == []


def test_doctor_photos_keep_their_size_in_the_cards_on_a_phone(phone_page, demo):
    # Squeezed by the card's text, a photo became a narrow oval with its initials cut off.
    phone_page.goto("/doctors/")
    photos = phone_page.locator(".doctor-card .doctor-card-photo").all()
    assert photos, "no doctor photo on the team page"
    for photo in photos:
        box = photo.bounding_box()
        assert (round(box["width"]), round(box["height"])) == (72, 72)
