"""
The results gallery (before and after) and the patient's consent: only consented results are
shown, never in a language that forbids them, and a withdrawal takes them off the site at once
and their photos off the server within a day.
"""

import json
import re
from datetime import timedelta
from io import StringIO

import pytest
import time_machine
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from clinic.models import ResultCase, Review
from clinic_site.images import image_file_names
from clinic_site.page_cache import pages_changed
from tests.factories import ResultCaseFactory, StaffFactory, TreatmentFactory, shows

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:clinic_resultcase_changelist")


@pytest.fixture
def editor_user():
    return StaffFactory(role="Editors")


@pytest.fixture
def editor(editor_user):
    client = Client()
    client.force_login(editor_user)
    return client


def url_in(language, name, **kwargs):
    with translation.override(language):
        return reverse(name, kwargs=kwargs or None)


# --- The gallery -------------------------------------------------------------------------------


def test_gallery_shows_published_results_with_both_photos_and_their_descriptions(client, clinic):
    case = ResultCaseFactory(months_after=14, grafts=3100, story="A dense crown again.")
    page = client.get("/results/").text
    assert shows(page, case, "before_image")
    assert shows(page, case, "after_image")
    assert f'alt="{case.before_image_alt}"' in page
    assert f'alt="{case.after_image_alt}"' in page
    assert case.treatment.name in page
    assert "14 months after the procedure" in page
    assert "3100 grafts" in page
    assert "A dense crown again." in page


def test_gallery_leaves_out_unpublished_and_withdrawn_results(client, clinic):
    shown = ResultCaseFactory()
    draft = ResultCaseFactory(published=False)
    withdrawn = ResultCaseFactory()
    withdrawn.withdraw_consent()
    page = client.get("/results/").text
    assert shows(page, shown, "after_image")
    assert not shows(page, draft, "after_image")
    assert not shows(page, withdrawn, "after_image")


def test_gallery_filters_by_treatment_with_links_marking_the_current_one(client, clinic):
    fue, beard = TreatmentFactory(name="FUE"), TreatmentFactory(name="Beard")
    fue_case = ResultCaseFactory(treatment=fue)
    beard_case = ResultCaseFactory(treatment=beard)
    page = client.get("/results/?treatment=beard").text
    assert shows(page, beard_case, "after_image")
    assert not shows(page, fue_case, "after_image")
    assert 'href="/results/?treatment=beard" aria-current="page"' in page
    assert 'href="/results/?treatment=fue"' in page
    # An unknown treatment shows them all rather than an empty page.
    page = client.get("/results/?treatment=nonsense").text
    assert shows(page, fue_case, "after_image") and shows(page, beard_case, "after_image")


def test_gallery_says_so_when_there_is_nothing_to_show(client, clinic):
    assert "No results to show yet" in client.get("/results/").text


@pytest.mark.parametrize("language", ["en", "tr", "ar"])
def test_gallery_renders_in_every_language_that_may_show_it(client, clinic, language):
    case = ResultCaseFactory()
    response = client.get(url_in(language, "clinic:results"))
    assert response.status_code == 200
    assert shows(response.text, case, "after_image")
    assert f'<html lang="{language}"' in response.text


def test_german_gallery_does_not_exist(client, clinic):
    ResultCaseFactory()
    assert client.get("/de/results/").status_code == 404


def test_the_language_setting_decides_where_the_gallery_is_hidden(client, clinic, settings):
    settings.CLINIC_RESULTS_HIDDEN_LANGUAGES = ["tr"]
    ResultCaseFactory()
    assert client.get("/tr/results/").status_code == 404
    assert client.get("/de/results/").status_code == 200


def test_gallery_names_no_german_version_to_search_engines_or_the_switcher(client, clinic):
    page = client.get("/results/").text
    assert '<link rel="alternate" hreflang="tr"' in page
    assert '<link rel="alternate" hreflang="de"' not in page
    assert "/de/results/" not in page
    # The switcher's German leads to the treatments instead.
    assert 'href="/de/treatments/" lang="de"' in page


def test_no_german_page_shows_a_before_or_after_photo(client, clinic):
    case = ResultCaseFactory()
    Review.objects.all().delete()
    pages = [
        "/de/",
        url_in("de", "clinic:treatment", slug=case.treatment.slug),
        url_in("de", "clinic:reviews"),
        url_in("de", "clinic:treatments"),
    ]
    for url in pages:
        page = client.get(url).text
        assert not shows(page, case, "before_image"), url
        assert not shows(page, case, "after_image"), url
        assert 'href="/de/results/"' not in page, url


def test_result_card_renders_nothing_in_a_language_that_hides_results(clinic):
    case = ResultCaseFactory()
    with translation.override("de"):
        assert render_to_string("clinic/includes/result_card.html", {"case": case}).strip() == ""
    with translation.override("en"):
        card = render_to_string("clinic/includes/result_card.html", {"case": case})
        assert shows(card, case, "after_image")


def test_gallery_json_ld_is_a_collection_page_with_breadcrumbs(client, clinic):
    ResultCaseFactory()
    page = client.get("/tr/results/").text
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    graph = json.loads(block.group(1))["@graph"]
    collection = next(node for node in graph if node["@type"] == "CollectionPage")
    assert collection["inLanguage"] == "tr"
    assert collection["url"].endswith("/tr/results/")
    crumbs = next(node for node in graph if node["@type"] == "BreadcrumbList")
    assert [item["item"].split("testserver")[1] for item in crumbs["itemListElement"]] == [
        "/tr/",
        "/tr/results/",
    ]


def test_gallery_has_breadcrumbs_and_ends_with_the_call_back_form(client, clinic):
    page = client.get("/results/").text
    assert 'aria-current="page">Results</li>' in page
    assert 'action="/callback/"' in page


@pytest.mark.parametrize("count", [1, 5])
def test_gallery_query_count_is_constant(client, clinic, django_assert_num_queries, count):
    for _ in range(count):
        ResultCaseFactory(treatment=TreatmentFactory())
    client.get("/results/")  # the clinic identity is cached from here on, as in production
    pages_changed()  # but the page is built again: its own queries are counted
    # The treatments with results, the count for pages, the page of results (with their
    # treatment), the call-back form's treatments.
    with django_assert_num_queries(4):
        response = client.get("/results/")
    assert response.text.count('class="card h-100 result-card') == count


# --- Consent -----------------------------------------------------------------------------------


def test_database_refuses_a_published_result_without_consent(db):
    case = ResultCaseFactory(published=False, consent_date=None, consent_scope="")
    case.published = True
    with pytest.raises(IntegrityError), transaction.atomic():
        case.save()


def test_database_refuses_a_published_result_with_social_media_consent_only(db):
    case = ResultCaseFactory(published=False, consent_scope="social")
    case.published = True
    with pytest.raises(IntegrityError), transaction.atomic():
        case.save()


def result_form(case, **changes):
    data = {
        "treatment": case.treatment.pk,
        "months_after": case.months_after,
        "grafts": case.grafts or "",
        "position": case.position,
        "consent_date": case.consent_date.isoformat() if case.consent_date else "",
        "consent_scope": case.consent_scope,
    }
    for language in ("en", "tr", "de", "ar"):
        for field in ("story", "before_image_alt", "after_image_alt"):
            data[f"{field}_{language}"] = getattr(case, f"{field}_{language}") or ""
    if case.published:
        data["published"] = "on"
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def test_admin_explains_why_a_result_without_consent_cannot_be_published(editor):
    case = ResultCaseFactory(published=False, consent_date=None, consent_scope="")
    response = editor.post(
        reverse("admin:clinic_resultcase_change", args=[case.pk]),
        result_form(case, published="on"),
    )
    assert response.status_code == 200
    assert "Record the patient’s written consent" in response.text or (
        "Record the patient&#x27;s written consent" in response.text
    )
    case.refresh_from_db()
    assert not case.published


def test_recording_consent_in_the_admin_records_who_did(editor, editor_user):
    case = ResultCaseFactory(published=False, consent_date=None, consent_scope="")
    response = editor.post(
        reverse("admin:clinic_resultcase_change", args=[case.pk]),
        result_form(
            case,
            consent_date=timezone.localdate().isoformat(),
            consent_scope="website",
            published="on",
        ),
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.published
    assert case.consent_recorded_by == editor_user


def test_withdrawing_consent_unpublishes_at_once(client, clinic, editor):
    case = ResultCaseFactory()
    response = editor.post(
        CHANGELIST, {"action": "withdraw_consent", "_selected_action": [case.pk]}, follow=True
    )
    assert "1 result unpublished" in response.text
    case.refresh_from_db()
    assert not case.published
    assert case.consent_withdrawn_at is not None
    assert not shows(client.get("/results/").text, case, "after_image")


def test_a_withdrawn_result_cannot_be_published_again(db):
    case = ResultCaseFactory()
    case.withdraw_consent()
    case.published = True
    with pytest.raises(IntegrityError), transaction.atomic():
        case.save()


def purge():
    out = StringIO()
    call_command("purge_expired", stdout=out)
    return out.getvalue()


def test_daily_purge_deletes_a_withdrawn_results_photos_and_their_resized_versions(db):
    case = ResultCaseFactory()
    kept = ResultCaseFactory()
    names = [
        name for field in ("before_image", "after_image") for name in image_file_names(case, field)
    ]
    assert len(names) > 2  # the two originals and their resized versions
    assert all(default_storage.exists(name) for name in names)

    case.withdraw_consent()
    with time_machine.travel(timezone.now() + timedelta(hours=20)):
        output = purge()

    assert "1 result(s) whose consent was withdrawn: photos deleted" in output
    assert not any(default_storage.exists(name) for name in names)
    case.refresh_from_db()
    assert not case.before_image and not case.after_image
    assert case.before_image_renditions == {}
    assert case.photos_deleted_at is not None
    assert default_storage.exists(kept.after_image.name)
    assert "0 result(s)" in purge()  # once only


def test_daily_purge_removes_photo_file_names_from_the_admin_history(db, editor_user):
    case = ResultCaseFactory()
    file_name = case.before_image.name.rsplit("/", 1)[-1]
    entry = LogEntry.objects.create(
        user=editor_user,
        content_type=ContentType.objects.get_for_model(ResultCase),
        object_id=str(case.pk),
        object_repr=str(case),
        action_flag=CHANGE,
        change_message=f"Replaced the before photo with {file_name}",
    )
    case.withdraw_consent()
    purge()
    entry.refresh_from_db()
    assert file_name not in entry.change_message


def test_editors_may_manage_results(editor):
    assert editor.get(CHANGELIST).status_code == 200
    assert editor.get(reverse("admin:clinic_resultcase_add")).status_code == 200
