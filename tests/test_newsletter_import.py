"""CSV import: preview, rules (never resubscribe, record how consent was obtained), progress."""

import csv
import io
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from newsletter.models import ConsentEvent, Subscriber, SubscriberImport, email_hash
from newsletter.services.imports import subscriber_import_create, subscriber_import_run
from newsletter.services.subscription import subscriber_forget
from tests.factories import StaffFactory, SubscriberFactory

pytestmark = pytest.mark.django_db


def run_import(text, consent_source="Clinic reception sign-up sheet", **kwargs):
    job = subscriber_import_create(
        filename="list.csv", data=text.encode("utf-8"), consent_source=consent_source
    )
    return subscriber_import_run(subscriber_import=job, **kwargs)


def test_only_an_email_column_is_required():
    job = run_import("email\nayse@example.com\nhans@example.de\n")
    assert job.status == SubscriberImport.Status.DONE
    assert job.new_count == 2
    assert set(Subscriber.objects.subscribed().values_list("email", flat=True)) == {
        "ayse@example.com",
        "hans@example.de",
    }


def test_optional_columns_are_read_when_present():
    run_import(
        "email;first_name;language;tags;consent_date;consent_source\n"
        "ayse@example.com;Ayşe;en;FUE, Germany;2025-03-14;Brevo export 2025\n"
    )
    subscriber = Subscriber.objects.get()
    assert subscriber.first_name == "Ayşe"
    assert subscriber.language == "en"
    assert sorted(tag.name for tag in subscriber.tags.all()) == ["FUE", "Germany"]
    assert timezone.localtime(subscriber.confirmed_at).date().isoformat() == "2025-03-14"
    event = subscriber.consent_events.get()
    assert event.kind == ConsentEvent.Kind.IMPORTED
    assert event.source == "Brevo export 2025"
    assert timezone.localtime(event.consented_at).date().isoformat() == "2025-03-14"


def test_any_valid_language_is_kept_not_only_the_sites_own():
    run_import(
        "email,language\n"
        "hans@example.de,de\n"
        "ayse@example.com,tr\n"
        "omar@example.com,AR\n"
        "klaus@example.de,de-DE\n"
        "joao@example.com,pt_BR\n"
        "nobody@example.com,xx\n"
        "blank@example.com,\n"
    )
    languages = dict(Subscriber.objects.values_list("email", "language"))
    assert languages == {
        "hans@example.de": "de",
        "ayse@example.com": "tr",
        "omar@example.com": "ar",
        "klaus@example.de": "de",
        "joao@example.com": "pt-br",
        "nobody@example.com": "en",  # not a language: the site's
        "blank@example.com": "en",
    }


def test_an_import_updates_a_known_subscribers_language_to_any_valid_one():
    SubscriberFactory(email="hans@example.de", language="en")
    run_import("email,language\nhans@example.de,de-AT\n")
    assert Subscriber.objects.get().language == "de"


def test_an_imported_language_survives_into_the_export():
    run_import("email,language\nhans@example.de,de\n")
    client = Client()
    client.force_login(StaffFactory(role="Marketing"))
    response = client.post(
        reverse("admin:newsletter_subscriber_changelist"),
        {"action": "export_csv", "_selected_action": [Subscriber.objects.get().pk]},
    )
    header, row = csv.reader(io.StringIO(response.content.decode("utf-8-sig")))
    assert row[header.index("language")] == "de"


def test_every_imported_consent_records_how_it_was_obtained():
    run_import("email\nayse@example.com\n", consent_source="Paper form at the clinic, 2025")
    event = Subscriber.objects.get().consent_events.get()
    assert event.source == "Paper form at the clinic, 2025"


def test_an_import_never_resubscribes_an_unsubscribed_address():
    SubscriberFactory(email="ayse@example.com", status="unsubscribed")
    job = run_import("email\nAYSE@example.com\n")
    assert job.unsubscribed_count == 1
    assert Subscriber.objects.get().status == Subscriber.Status.UNSUBSCRIBED
    assert not ConsentEvent.objects.exists()


def test_an_import_never_brings_back_a_forgotten_address():
    subscriber_forget(subscriber=SubscriberFactory(email="ayse@example.com"), source="request")
    job = run_import("email\nAyse@Example.com\n")
    assert job.forgotten_count == 1
    assert not Subscriber.objects.exclude(status="forgotten").exists()
    assert Subscriber.objects.get().email == ""


def test_known_subscribers_are_updated_not_duplicated():
    SubscriberFactory(email="ayse@example.com", first_name="", language="en")
    job = run_import("email,first_name,tags\nAyse@example.com,Ayşe,VIP\n")
    assert (job.new_count, job.updated_count) == (0, 1)
    subscriber = Subscriber.objects.get()
    assert subscriber.first_name == "Ayşe"
    assert [tag.name for tag in subscriber.tags.all()] == ["VIP"]


def test_a_pending_subscriber_in_an_import_is_subscribed_with_the_imported_consent():
    SubscriberFactory(email="ayse@example.com", status="pending")
    run_import("email\nayse@example.com\n", consent_source="Signed form")
    subscriber = Subscriber.objects.get()
    assert subscriber.status == Subscriber.Status.SUBSCRIBED
    assert subscriber.consent_events.get().source == "Signed form"


def test_invalid_rows_are_counted_with_their_line_never_imported():
    job = run_import(
        "email,consent_date\nnot-an-address,\n,\nok@example.com,2025-13-45\nfine@example.com,\n"
    )
    assert job.invalid_count == 2  # the empty line is skipped
    assert job.new_count == 1
    assert {problem["line"] for problem in job.problems} == {2, 4}
    assert "not-an-address" not in str(job.problems)  # no personal data in the report


def test_an_address_repeated_in_the_file_is_imported_once():
    job = run_import("email\nayse@example.com\nAYSE@example.com\n")
    assert (job.new_count, job.duplicate_count) == (1, 1)


def test_the_preview_counts_without_changing_anything():
    SubscriberFactory(email="left@example.com", status="unsubscribed")
    SubscriberFactory(email="known@example.com")
    subscriber_forget(subscriber=SubscriberFactory(email="gone@example.com"), source="request")
    job = subscriber_import_create(
        filename="list.csv",
        data=b"email\nnew@example.com\nknown@example.com\nleft@example.com\ngone@example.com\nx\n",
    )
    counts = (
        job.new_count,
        job.updated_count,
        job.unsubscribed_count,
        job.forgotten_count,
        job.invalid_count,
    )
    assert counts == (1, 1, 1, 1, 1)
    assert job.status == SubscriberImport.Status.PREVIEW
    assert not Subscriber.objects.filter(email="new@example.com").exists()


def test_a_file_without_an_email_column_is_refused_with_a_clear_message():
    from newsletter.csvfiles import CSVFileError

    with pytest.raises(CSVFileError, match="no “email” column"):
        subscriber_import_create(filename="list.csv", data=b"name,phone\nAyse,123\n")


def test_excel_files_with_a_byte_order_mark_or_windows_encoding_are_read():
    run_import("\ufeffemail,first_name\nhans@example.de,Jürgen\n")
    job = subscriber_import_create(
        filename="list.csv", data="email,first_name\nmuller@example.de,Müller\n".encode("cp1252")
    )
    subscriber_import_run(subscriber_import=job)
    assert set(Subscriber.objects.values_list("first_name", flat=True)) == {"Jürgen", "Müller"}


def test_imports_of_thousands_of_rows_report_progress_chunk_by_chunk():
    rows = "".join(f"person{number}@example.com\n" for number in range(1200))
    seen = []
    job = run_import("email\n" + rows, progress=lambda done, total: seen.append((done, total)))
    assert seen == [(500, 1200), (1000, 1200), (1200, 1200)]
    assert job.new_count == 1200
    assert job.processed_rows == job.total_rows == 1200
    assert Subscriber.objects.count() == 1200


def test_the_file_content_is_not_kept_after_the_import():
    job = run_import("email\nayse@example.com\n")
    assert job.content == ""


def test_command_imports_with_progress_and_a_summary(tmp_path):
    path = tmp_path / "brevo.csv"
    path.write_text("email,first_name\nayse@example.com,Ayşe\nbad\n", encoding="utf-8")
    out = StringIO()
    call_command("import_subscribers", str(path), "--consent-source", "Brevo list", stdout=out)
    output = out.getvalue()
    assert "2/2 rows processed (100%)" in output
    assert "new: 1" in output
    assert "invalid: 1" in output
    assert "line 3: not a valid email address" in output
    event = Subscriber.objects.get().consent_events.get()
    assert event.source == "Brevo list"


def test_command_default_consent_source_is_the_files_name_and_date(tmp_path):
    path = tmp_path / "reception-2025.csv"
    path.write_text("email\nayse@example.com\n", encoding="utf-8")
    call_command("import_subscribers", str(path), stdout=StringIO())
    event = Subscriber.objects.get().consent_events.get()
    assert event.source == f"reception-2025.csv ({timezone.localdate().isoformat()})"


def test_command_dry_run_changes_nothing(tmp_path):
    path = tmp_path / "list.csv"
    path.write_text("email\nayse@example.com\n", encoding="utf-8")
    out = StringIO()
    call_command("import_subscribers", str(path), "--dry-run", stdout=out)
    assert "new: 1" in out.getvalue()
    assert not Subscriber.objects.exists()


def test_command_explains_a_missing_or_unreadable_file(tmp_path):
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("import_subscribers", str(tmp_path / "missing.csv"))
    path = tmp_path / "wrong.csv"
    path.write_text("name\nAyse\n", encoding="utf-8")
    with pytest.raises(CommandError, match="email"):
        call_command("import_subscribers", str(path))


# --- The admin's upload ---------------------------------------------------------------------


def upload(client, text, consent_source="Sign-up sheet"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return client.post(
        reverse("admin:newsletter_subscriberimport_add"),
        {
            "file": SimpleUploadedFile("list.csv", text.encode(), content_type="text/csv"),
            "consent_source": consent_source,
        },
    )


def test_admin_upload_shows_a_preview_before_anything_changes(marketing):
    SubscriberFactory(email="left@example.com", status="unsubscribed")
    response = upload(marketing, "email\nnew@example.com\nleft@example.com\nbroken\n")
    assert response.status_code == 302
    page = marketing.get(response["Location"])
    assert "What this import would do" in page.text
    assert '<td class="count-new">1</td>' in page.text
    assert '<td class="count-unsubscribed">1</td>' in page.text
    assert '<td class="count-invalid">1</td>' in page.text
    assert "Line 4: not a valid email address" in page.text
    assert "Confirm and import" in page.text
    assert not Subscriber.objects.filter(email="new@example.com").exists()


def test_admin_confirms_the_import_which_runs_in_the_background(
    marketing, django_capture_on_commit_callbacks
):
    job_url = upload(marketing, "email\nnew@example.com\n")["Location"]
    with django_capture_on_commit_callbacks(execute=True):
        response = marketing.post(job_url, {"start": "1"})
    assert response.status_code == 302
    page = marketing.get(job_url)
    assert "What this import did" in page.text
    assert 'class="import-status">Done' in page.text
    subscriber = Subscriber.objects.get(email="new@example.com")
    assert subscriber.consent_events.get().source == "Sign-up sheet"
    assert SubscriberImport.objects.get().created_by.groups.filter(name="Marketing").exists()


def test_admin_import_in_progress_shows_progress_and_refreshes_itself(marketing):
    job_url = upload(marketing, "email\na@example.com\nb@example.com\n")["Location"]
    SubscriberImport.objects.update(status="running", processed_rows=1)
    page = marketing.get(job_url).text
    assert '<meta http-equiv="refresh" content="2">' in page
    assert "1 of 2 rows imported" in page
    assert '<progress max="2" value="1"' in page
    assert "<script" not in page.split("<body", 1)[1].replace('<script src="', "")


def test_admin_can_cancel_a_preview_and_nothing_is_imported(
    marketing, django_capture_on_commit_callbacks
):
    job_url = upload(marketing, "email\nnew@example.com\n")["Location"]
    marketing.post(job_url, {"cancel": "1"})
    job = SubscriberImport.objects.get()
    assert job.status == SubscriberImport.Status.CANCELLED
    assert job.content == ""
    with django_capture_on_commit_callbacks(execute=True):
        assert marketing.post(job_url, {"start": "1"}).status_code == 302
    assert not Subscriber.objects.exists()


def test_admin_upload_of_an_unusable_file_explains_next_to_the_field(marketing):
    response = upload(marketing, "name\nAyse\n")
    assert response.status_code == 200
    assert "The file has no “email” column" in response.text
    assert not SubscriberImport.objects.exists()


def test_admin_and_command_go_through_the_same_service(
    monkeypatch, tmp_path, marketing, django_capture_on_commit_callbacks
):
    import newsletter.services.imports as imports

    calls = []
    original = imports.subscriber_import_run

    def spy(**kwargs):
        calls.append(kwargs["subscriber_import"].pk)
        return original(**kwargs)

    monkeypatch.setattr(imports, "subscriber_import_run", spy)
    path = tmp_path / "list.csv"
    path.write_text("email\na@example.com\n", encoding="utf-8")
    monkeypatch.setattr(
        "newsletter.management.commands.import_subscribers.subscriber_import_run", spy
    )
    call_command("import_subscribers", str(path), stdout=StringIO())
    job_url = upload(marketing, "email\nb@example.com\n")["Location"]
    with django_capture_on_commit_callbacks(execute=True):
        marketing.post(job_url, {"start": "1"})
    assert len(calls) == 2
    assert email_hash("B@example.com") == Subscriber.objects.get(email="b@example.com").email_hash


def test_an_import_never_stores_an_address_that_cannot_be_mailed():
    job = run_import(
        "email\nayse@example.com\na@\ufffe\uffff.com\nhans@exam\u200bple.de\n"
        "omar@e" + "\u0301" * 60 + ".com\n"
    )
    assert list(Subscriber.objects.values_list("email", flat=True)) == ["ayse@example.com"]
    assert job.invalid_count == 3
    assert {problem["line"] for problem in job.problems} == {3, 4, 5}
    assert all("cannot receive email" in problem["reason"] for problem in job.problems)


def test_an_imported_first_name_that_is_not_a_plain_name_is_dropped():
    run_import(
        "email,first_name\n"
        "ayse@example.com,Ayşe\n"
        '"hans@example.de","your results are ready: https://evil.example/x. Otherwise"\n'
    )
    names = dict(Subscriber.objects.values_list("email", "first_name"))
    assert names == {"ayse@example.com": "Ayşe", "hans@example.de": ""}
