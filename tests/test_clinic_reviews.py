"""
Reviews: the published ones, newest first, with their average and no review markup; the
patient's form, with the call-back form's spam defences; and the moderation queue, where the
reviewer's email address goes once the review is decided.
"""

import json
import re
from datetime import date, timedelta
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from clinic.models import ResultCase, Review
from tests.factories import (
    ReviewFactory,
    StaffFactory,
    SuperuserFactory,
    TreatmentFactory,
    form_started_stamp,
)

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:clinic_review_changelist")


def url_in(language, name, **kwargs):
    with translation.override(language):
        return reverse(name, kwargs=kwargs or None)


def review_form_data(*, seconds_ago=30, **overrides):
    """What a patient's browser posts from the review form, at a human pace."""
    data = {
        "first_name": "Hans",
        "last_initial": "m",
        "email": "hans@example.com",
        "country": "DE",
        "treatment": "",
        "procedure_month": "2025-06",
        "rating": "5",
        "text": "Everything was explained before I flew, and the team was calm on the day.",
        "consent": "on",
        "website": "",
        "form_started": form_started_stamp(seconds_ago=seconds_ago),
    }
    data.update(overrides)
    return {f"review-{key}": value for key, value in data.items() if value is not None}


@pytest.fixture
def editor_user():
    return StaffFactory(role="Editors")


@pytest.fixture
def editor(editor_user):
    client = Client()
    client.force_login(editor_user)
    return client


def json_ld_types(page):
    types = []
    for block in re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.S):
        data = json.loads(block)
        for node in data.get("@graph", [data]):
            types.append(node.get("@type"))
    return types


# --- The list ----------------------------------------------------------------------------------


def test_reviews_are_listed_newest_first(client, clinic):
    now = timezone.now()
    ReviewFactory(text="The older review, written a month ago.", created_at=now - timedelta(30))
    ReviewFactory(text="The newest review, written yesterday.", created_at=now - timedelta(1))
    page = client.get("/reviews/").text
    assert page.index("The newest review") < page.index("The older review")


def test_review_card_shows_rating_in_words_name_country_treatment_and_month(client, clinic):
    treatment = TreatmentFactory(name="DHI hair transplant")
    ReviewFactory(
        first_name="Ahmed",
        last_initial="s",
        country="SA",
        treatment=treatment,
        rating=4,
        procedure_date=date(2025, 11, 1),
    )
    page = client.get("/reviews/").text
    assert "Rated 4 out of 5" in page
    assert "Ahmed S." in page
    assert "Saudi Arabia" in page
    assert "DHI hair transplant" in page
    assert "November 2025" in page


def test_country_is_named_in_the_pages_language(client, clinic):
    ReviewFactory(country="DE")
    assert "Almanya" in client.get("/tr/reviews/").text
    assert "ألمانيا" in client.get("/ar/reviews/").text


def test_a_review_in_another_language_is_marked_as_such_for_screen_readers(client, clinic):
    ReviewFactory(language="ar", text="تعامل راقٍ من الاستقبال حتى المتابعة.")
    page = client.get("/de/reviews/").text
    assert '<blockquote class="mb-3 flex-grow-1" lang="ar" dir="rtl">' in page


def test_a_google_review_links_to_the_original(client, clinic):
    ReviewFactory(source="google", source_url="https://g.example/review/1")
    page = client.get("/reviews/").text
    assert 'href="https://g.example/review/1"' in page
    assert "Read it on Google" in page


def test_average_and_count_are_of_the_filtered_list(client, clinic):
    fue, prp = TreatmentFactory(name="FUE"), TreatmentFactory(name="PRP")
    ReviewFactory(treatment=fue, rating=5)
    ReviewFactory(treatment=fue, rating=4)
    ReviewFactory(treatment=prp, rating=3)
    assert "Average rating 4.0 out of 5, from 3 reviews" in client.get("/reviews/").text
    assert (
        "Average rating 4.5 out of 5, from 2 reviews" in client.get("/reviews/?treatment=fue").text
    )


def test_reviews_filter_by_treatment_and_language(client, clinic):
    fue, prp = TreatmentFactory(name="FUE"), TreatmentFactory(name="PRP")
    ReviewFactory(treatment=fue, language="en", text="English words about the FUE day.")
    ReviewFactory(treatment=fue, language="tr", text="FUE günü hakkında Türkçe sözler.")
    ReviewFactory(treatment=prp, language="en", text="English words about the PRP session.")
    page = client.get("/reviews/?treatment=fue&language=tr").text
    assert "Türkçe sözler" in page
    assert "English words" not in page
    page = client.get("/reviews/?language=en").text
    assert "FUE day" in page and "PRP session" in page and "Türkçe sözler" not in page
    # The filter's boxes are labelled and keep the choice.
    assert '<label class="form-label" for="filter_treatment">' in page
    assert '<option value="en" selected>' in page


def test_a_filter_with_no_match_says_so(client, clinic):
    ReviewFactory(language="en")
    assert "No reviews match this choice yet." in client.get("/reviews/?language=ar").text


def test_no_review_or_rating_markup_for_search_engines(client, clinic):
    ReviewFactory()
    page = client.get("/reviews/").text
    assert "AggregateRating" not in page
    types = json_ld_types(page)
    assert "Review" not in types
    assert "CollectionPage" in types and "BreadcrumbList" in types


@pytest.mark.parametrize("language", ["en", "tr", "de", "ar"])
def test_reviews_page_renders_in_every_language(client, clinic, language):
    ReviewFactory()
    response = client.get(url_in(language, "clinic:reviews"))
    assert response.status_code == 200
    assert f'<html lang="{language}"' in response.text
    assert 'action="/callback/"' in response.text or "/callback/" in response.text


@pytest.mark.parametrize("count", [1, 5])
def test_reviews_page_query_count_is_constant(client, clinic, django_assert_num_queries, count):
    for _ in range(count):
        ReviewFactory(treatment=TreatmentFactory())
    client.get("/reviews/")  # the clinic identity is cached from here on, as in production
    # The treatments (filter, review form), the count for pages, the page of reviews with
    # their treatments, the average. The call-back form is kept from the first request, with
    # its treatments, for the page generation (clinic_site/page_parts.py).
    with django_assert_num_queries(4):
        response = client.get("/reviews/?language=en")
    assert response.text.count('class="card h-100 review-card"') == count


# --- The form ----------------------------------------------------------------------------------


def test_a_submitted_review_waits_for_moderation_and_is_not_shown(client, clinic):
    response = client.post("/reviews/", review_form_data())
    assert response.status_code == 302
    assert response["Location"] == "/reviews/?sent=1#review-form"
    review = Review.objects.get()
    assert not review.published
    assert review.display_name == "Hans M."
    assert review.email == "hans@example.com"
    assert review.procedure_date == date(2025, 6, 1)
    assert review.consent_to_publish
    page = client.get(response["Location"]).text
    assert "It will appear here once a member of our team has read it." in page
    assert "Everything was explained" not in page


def test_the_review_is_saved_in_the_pages_language(client, clinic):
    client.post(url_in("ar", "clinic:reviews"), review_form_data())
    assert Review.objects.get().language == "ar"


def test_the_review_names_the_treatment_chosen(client, clinic):
    treatment = TreatmentFactory(name="Beard transplant")
    client.post("/reviews/", review_form_data(treatment=treatment.slug))
    assert Review.objects.get().treatment == treatment


def test_mistakes_are_shown_next_to_the_fields_with_what_was_typed_kept(client, clinic):
    response = client.post(
        "/reviews/",
        review_form_data(first_name="Hans", text="Too short", consent=None, rating=None),
    )
    assert response.status_code == 200
    assert not Review.objects.exists()
    page = response.text
    assert 'value="Hans"' in page
    assert "Too short</textarea>" in page
    assert "Please write a little more: at least 20 characters." in page
    assert "Please agree, or we cannot publish your review." in page
    assert "Please choose a rating from 1 to 5 stars." in page
    # Next to its field: the message follows the field's box, which is marked invalid.
    assert re.search(r'id="id_review-text".*?invalid-feedback', page, re.S)
    assert 'href="#id_review-rating_0"' in page


def test_a_procedure_month_in_the_future_is_refused(client, clinic):
    next_year = timezone.localdate().year + 1
    response = client.post("/reviews/", review_form_data(procedure_month=f"{next_year}-01"))
    assert "cannot be in the future" in response.text
    assert not Review.objects.exists()


def test_honeypot_gets_the_same_thanks_and_saves_nothing(client, clinic):
    response = client.post("/reviews/", review_form_data(website="https://spam.example"))
    assert response.status_code == 302
    assert not Review.objects.exists()


def test_a_form_sent_too_fast_is_shown_again_to_send_and_then_saved(client, clinic):
    response = client.post("/reviews/", review_form_data(seconds_ago=0))
    assert response.status_code == 200
    assert not Review.objects.exists()
    assert "Your review is not sent yet." in response.text
    confirmed = response.context["form"].data
    response = client.post("/reviews/", confirmed)
    assert response.status_code == 302
    assert Review.objects.count() == 1


def test_a_form_without_its_time_stamp_is_not_saved_at_once(client, clinic):
    data = review_form_data()
    del data["review-form_started"]
    client.post("/reviews/", data)
    assert not Review.objects.exists()


def test_reviews_are_rate_limited_per_connection(client, clinic, settings):
    settings.REVIEWS_RATE_LIMIT = "2/1h"
    for _ in range(2):
        assert client.post("/reviews/", review_form_data()).status_code == 302
    response = client.post("/reviews/", review_form_data())
    assert response.status_code == 429
    assert "many reviews from your connection" in response.text
    assert 'value="Hans"' in response.text
    assert Review.objects.count() == 2


def test_the_form_needs_a_csrf_token(clinic):
    client = Client(enforce_csrf_checks=True)
    assert client.post("/reviews/", review_form_data()).status_code == 403
    assert not Review.objects.exists()


def test_the_rating_is_a_labelled_radio_group(client, clinic):
    page = client.get("/reviews/").text
    assert re.search(r"<fieldset>\s*<legend[^>]*>\s*Your rating", page)
    assert page.count('type="radio"') == 5


# --- Moderation --------------------------------------------------------------------------------


def test_moderation_queue_is_newest_first(editor):
    now = timezone.now()
    ReviewFactory(first_name="Older", published=False, created_at=now - timedelta(days=3))
    ReviewFactory(first_name="Newer", published=False, created_at=now - timedelta(days=1))
    page = editor.get(CHANGELIST + "?moderation=awaiting").text
    assert page.index("Newer") < page.index("Older")


def test_moderation_filters_awaiting_published_and_rejected(editor):
    ReviewFactory(first_name="Waiting", published=False)
    ReviewFactory(first_name="Shown")
    ReviewFactory(first_name="Refused", published=False, rejected_at=timezone.now())
    names = {"awaiting": "Waiting", "published": "Shown", "rejected": "Refused"}
    for value, name in names.items():
        page = editor.get(f"{CHANGELIST}?moderation={value}").text
        assert name in page
        assert all(other not in page for other in names.values() if other != name)


def test_publish_action_publishes_only_with_consent_and_says_how_many_could_not(editor, client):
    agreed = ReviewFactory(published=False, email="a@example.com", text="Agreed to publish.")
    refused = ReviewFactory(
        published=False, consent_to_publish=False, email="b@example.com", text="Did not agree."
    )
    response = editor.post(
        CHANGELIST,
        {"action": "publish", "_selected_action": [agreed.pk, refused.pk]},
        follow=True,
    )
    assert "1 review published." in response.text
    assert "1 review could not be published" in response.text
    agreed.refresh_from_db()
    refused.refresh_from_db()
    assert agreed.published and agreed.published_at is not None
    assert agreed.email == ""
    assert not refused.published
    assert refused.email == "b@example.com"
    page = client.get("/reviews/").text
    assert "Agreed to publish." in page and "Did not agree." not in page


def test_reject_action_keeps_it_off_the_site_and_erases_the_email(editor, client):
    review = ReviewFactory(published=False, email="a@example.com", text="Please reject me.")
    editor.post(CHANGELIST, {"action": "reject", "_selected_action": [review.pk]})
    review.refresh_from_db()
    assert review.rejected_at is not None
    assert not review.published
    assert review.email == ""
    assert "Please reject me." not in client.get("/reviews/").text


def test_email_is_erased_after_the_retention_period_even_undecided(db, settings):
    settings.REVIEWS_EMAIL_RETENTION_DAYS = 30
    with time_machine.travel(timezone.now() - timedelta(days=31)):
        old = ReviewFactory(published=False, email="old@example.com")
    recent = ReviewFactory(published=False, email="recent@example.com")
    out = StringIO()
    call_command("purge_expired", stdout=out)
    assert "1 review email address(es) erased (older than 30 days)" in out.getvalue()
    old.refresh_from_db()
    recent.refresh_from_db()
    assert old.email == ""
    assert recent.email == "recent@example.com"


def test_database_refuses_a_published_review_without_consent(db):
    with pytest.raises(IntegrityError), transaction.atomic():
        ReviewFactory(consent_to_publish=False, published=True)


def test_editors_may_moderate_reviews(editor):
    ReviewFactory(published=False, text="A review waiting for an editor to read it.")
    page = editor.get(CHANGELIST).text
    assert "A review waiting for an editor" in page
    assert 'value="publish"' in page and 'value="reject"' in page


@pytest.mark.parametrize("role", ["Call centre", "Marketing"])
def test_other_staff_cannot_see_reviews_or_results(role):
    client = Client()
    client.force_login(StaffFactory(role=role))
    assert client.get(CHANGELIST).status_code == 403
    assert client.get(reverse("admin:clinic_resultcase_changelist")).status_code == 403


def test_a_superuser_may_moderate_reviews():
    client = Client()
    client.force_login(SuperuserFactory())
    assert client.get(CHANGELIST).status_code == 200


# --- Demo --------------------------------------------------------------------------------------


def test_demo_has_published_results_and_reviews_in_four_languages_once(db):
    call_command("seed_demo", stdout=StringIO())
    call_command("seed_demo", stdout=StringIO())
    results = ResultCase.objects.published()
    assert 3 <= results.count() <= 6
    assert all(case.has_website_consent for case in results)
    reviews = Review.objects.published()
    assert 8 <= reviews.count() <= 12
    assert set(reviews.values_list("language", flat=True)) == {"en", "tr", "de", "ar"}
    assert reviews.filter(source="google").exclude(source_url="").exists()
