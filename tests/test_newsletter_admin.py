"""Marketing's admin: the list, segments, export, erasure, consent history and who may see it."""

import csv
import hashlib
import io
import json
from datetime import timedelta

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth.models import Permission, User
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.backends.cached_db import SessionStore as CachedSessionStore
from django.contrib.sessions.backends.db import SessionStore
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from clinic_site.ratelimits import rate_limit_exceeded
from newsletter.models import ConsentEvent, Subscriber, email_hash
from newsletter.services.imports import subscriber_import_create, subscriber_import_run
from newsletter.services.subscription import (
    CONFIRMATION_EMAIL_RATE as CONFIRMATION_RATE,
)
from newsletter.services.subscription import subscriber_forget, subscriber_subscribe
from tests.factories import StaffFactory, SubscriberFactory, SuperuserFactory, TagFactory

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:newsletter_subscriber_changelist")
CONFIRMATION_LIMIT = 3


def task_result(task_path, args, **fields):
    return DBTaskResult.objects.create(
        task_path=task_path,
        args_kwargs={"args": args, "kwargs": {}},
        backend_name="default",
        run_after=timezone.now(),
        **fields,
    )


def act(client, action, subscribers, **extra):
    return client.post(
        CHANGELIST,
        {"action": action, "_selected_action": [s.pk for s in subscribers], **extra},
    )


def exported_rows(response):
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_list_shows_email_name_status_language_tags_source_and_dates(marketing):
    SubscriberFactory(email="ayse@example.com", first_name="Ayşe", tags=[TagFactory(name="FUE")])
    page = marketing.get(CHANGELIST).text
    for text in ["ayse@example.com", "Ayşe", "Subscribed", "FUE", "Website form"]:
        assert text in page
    for column in ["column-created_at", "column-confirmed_at", "column-language"]:
        assert column in page


def test_list_costs_the_same_queries_for_many_subscribers(marketing, django_assert_max_num_queries):
    tag = TagFactory()
    for _ in range(30):
        SubscriberFactory(tags=[tag])
    with django_assert_max_num_queries(20):
        assert marketing.get(CHANGELIST).status_code == 200


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("status__exact=unsubscribed", {"left@example.com"}),
        ("language=de", {"hans@example.de"}),
        ("source__exact=import", {"left@example.com"}),
        ("q=hans", {"hans@example.de"}),
    ],
)
def test_filters_and_search(marketing, query, expected):
    SubscriberFactory(email="hans@example.de", language="de")
    SubscriberFactory(email="left@example.com", status="unsubscribed", source="import")
    response = marketing.get(f"{CHANGELIST}?{query}")
    assert {s.email for s in response.context["cl"].result_list} == expected


def test_filter_by_tag_gives_a_segment(marketing):
    fue = TagFactory(name="FUE")
    SubscriberFactory(email="fue@example.com", tags=[fue])
    SubscriberFactory(email="other@example.com")
    response = marketing.get(f"{CHANGELIST}?tags__id__exact={fue.pk}")
    assert [s.email for s in response.context["cl"].result_list] == ["fue@example.com"]


def test_export_has_the_columns_an_email_platform_imports(marketing):
    SubscriberFactory(email="ayse@example.com", first_name="Ayşe", tags=[TagFactory(name="FUE")])
    response = act(marketing, "export_csv", Subscriber.objects.all())
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    header, row = exported_rows(response)
    assert header == ["email", "first_name", "language", "tags", "consent_date"]
    assert row[:4] == ["ayse@example.com", "Ayşe", "en", "FUE"]
    assert len(row[4]) == 10  # YYYY-MM-DD


def test_export_leaves_out_whoever_is_not_subscribed(marketing):
    SubscriberFactory(email="in@example.com")
    SubscriberFactory(email="out@example.com", status="unsubscribed")
    SubscriberFactory(email="waiting@example.com", status="pending")
    rows = exported_rows(act(marketing, "export_csv", Subscriber.objects.all()))
    assert [row[0] for row in rows[1:]] == ["in@example.com"]


def shown_messages(client):
    return [str(message) for message in client.get(CHANGELIST).context["messages"]]


def test_export_tells_marketing_how_many_selected_were_left_out_and_why(marketing):
    SubscriberFactory(email="in@example.com")
    SubscriberFactory(email="waiting@example.com", status="pending")
    SubscriberFactory(email="waiting2@example.com", status="pending")
    SubscriberFactory(email="out@example.com", status="unsubscribed")
    rows = exported_rows(act(marketing, "export_csv", Subscriber.objects.all()))
    assert [row[0] for row in rows[1:]] == ["in@example.com"]
    assert shown_messages(marketing) == [
        "3 selected subscribers were left out because only subscribed people may be mailed: "
        "2 have not confirmed yet, 1 unsubscribed."
    ]


def test_export_of_only_subscribed_people_has_no_warning(marketing):
    SubscriberFactory()
    act(marketing, "export_csv", Subscriber.objects.all())
    assert shown_messages(marketing) == []


def test_export_with_nobody_to_mail_says_why_instead_of_sending_an_empty_file(marketing):
    from newsletter.services.subscription import subscriber_forget

    subscriber_forget(subscriber=SubscriberFactory(), source="request")
    response = act(marketing, "export_csv", Subscriber.objects.all())
    assert response.status_code == 302
    assert shown_messages(marketing) == [
        "Nothing to export. 1 selected subscriber was left out because only subscribed people "
        "may be mailed: 1 asked to be forgotten."
    ]


def test_export_defuses_formulas(marketing):
    SubscriberFactory(first_name='=HYPERLINK("http://evil.example")')
    rows = exported_rows(act(marketing, "export_csv", Subscriber.objects.all()))
    assert rows[1][1] == '\'=HYPERLINK("http://evil.example")'


def test_add_and_remove_a_tag(marketing):
    one, two = SubscriberFactory(), SubscriberFactory()
    act(marketing, "add_tag", [one, two], tag="Germany 2025")
    assert [t.name for t in one.tags.all()] == ["Germany 2025"]
    assert two.tags.count() == 1
    act(marketing, "remove_tag", [one], tag="germany 2025")
    assert one.tags.count() == 0
    assert two.tags.count() == 1


def test_unsubscribe_action_honours_a_request_made_by_phone(marketing):
    subscriber = SubscriberFactory()
    act(marketing, "unsubscribe_selected", [subscriber])
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.UNSUBSCRIBED
    assert subscriber.consent_events.get().source.startswith("admin (")


def test_forget_asks_for_confirmation_first(marketing):
    subscriber = SubscriberFactory(email="ayse@example.com")
    response = act(marketing, "forget_selected", [subscriber])
    assert response.status_code == 200
    assert "It cannot be undone" in response.text
    subscriber.refresh_from_db()
    assert subscriber.email == "ayse@example.com"


def test_forget_erases_personal_data_and_keeps_a_hash(marketing):
    subscriber = SubscriberFactory(email="Ayse@example.com", first_name="Ayşe", tags=[TagFactory()])
    subscriber_subscribe(
        email="ayse@example.com",
        consent_text="…",
        language="en",
        ip_address="203.0.113.7",
        user_agent="Phone",
    )
    SubscriberFactory(email="other@example.com")
    act(marketing, "forget_selected", [subscriber], confirm_forget="yes")
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.FORGOTTEN
    assert (subscriber.email, subscriber.first_name, subscriber.source_url) == ("", "", "")
    assert subscriber.tags.count() == 0
    assert subscriber.email_hash == email_hash("ayse@example.com")
    assert not subscriber.consent_events.exclude(ip_address=None).exists()
    assert not subscriber.consent_events.exclude(user_agent="").exists()
    assert subscriber.consent_events.last().kind == ConsentEvent.Kind.FORGOTTEN
    assert "ayse@example.com" not in marketing.get(CHANGELIST).text.lower()
    assert Subscriber.objects.get(email="other@example.com").status == "subscribed"


def test_consent_history_is_shown_read_only(marketing):
    subscriber = SubscriberFactory(status="pending")
    ConsentEvent.objects.create(
        subscriber=subscriber, kind="subscribe_requested", consent_text="I agree to the letter"
    )
    page = marketing.get(reverse("admin:newsletter_subscriber_change", args=[subscriber.pk]))
    assert "I agree to the letter" in page.text
    assert "consent_events-0-consent_text" not in page.text  # no input for it
    assert "consent_events-0-DELETE" not in page.text


def test_consent_events_can_never_be_edited_or_deleted():
    event = ConsentEvent.objects.create(subscriber=SubscriberFactory(), kind="confirmed")
    event.consent_text = "something else"
    with pytest.raises(PermissionError):
        event.save()
    with pytest.raises(PermissionError):
        event.delete()
    with pytest.raises(PermissionError):
        ConsentEvent.objects.all().delete()
    with pytest.raises(PermissionError):
        ConsentEvent.objects.update(consent_text="rewritten")


def test_nobody_adds_or_deletes_subscribers_by_hand_not_even_a_superuser():
    admin = Client()
    admin.force_login(SuperuserFactory())
    subscriber = SubscriberFactory()
    assert admin.get(reverse("admin:newsletter_subscriber_add")).status_code == 403
    delete_url = reverse("admin:newsletter_subscriber_delete", args=[subscriber.pk])
    assert admin.get(delete_url).status_code == 403
    assert "delete_selected" not in admin.get(CHANGELIST).text


def test_status_cannot_be_changed_by_hand(marketing):
    subscriber = SubscriberFactory(status="unsubscribed")
    url = reverse("admin:newsletter_subscriber_change", args=[subscriber.pk])
    response = marketing.post(
        url,
        {
            "status": "subscribed",
            "first_name": "Ayşe",
            "language": "en",
            "consent_events-TOTAL_FORMS": 0,
            "consent_events-INITIAL_FORMS": 0,
        },
    )
    assert response.status_code == 302
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.UNSUBSCRIBED
    assert subscriber.first_name == "Ayşe"


def test_marketing_group_has_the_newsletter_permissions_and_nothing_else():
    permissions = Permission.objects.filter(group__name="Marketing")
    assert {p.content_type.app_label for p in permissions} == {"newsletter"}
    codenames = set(permissions.values_list("codename", flat=True))
    assert {"view_subscriber", "change_subscriber", "view_consentevent"} <= codenames
    assert "delete_subscriber" not in codenames
    assert not codenames & {"change_consentevent", "delete_consentevent", "add_consentevent"}


@pytest.mark.parametrize(
    ("role", "status"),
    [("Marketing", 200), ("Editors", 403), ("Call centre", 403), (None, 403)],
)
def test_only_marketing_and_superusers_open_the_subscriber_list(role, status):
    client = Client()
    client.force_login(StaffFactory(role=role) if role else StaffFactory())
    assert client.get(CHANGELIST).status_code == status
    imports = reverse("admin:newsletter_subscriberimport_add")
    assert client.get(imports).status_code == status


def test_superuser_opens_the_subscriber_list():
    client = Client()
    client.force_login(SuperuserFactory())
    assert client.get(CHANGELIST).status_code == 200


def test_anonymous_visitors_are_sent_to_the_login_page():
    response = Client().get(CHANGELIST)
    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]


def test_marketing_sees_the_import_link_on_the_subscriber_list(marketing):
    assert reverse("admin:newsletter_subscriberimport_add") in marketing.get(CHANGELIST).text


def test_demo_subscribers_are_seeded_once():
    from io import StringIO

    from django.core.management import call_command

    call_command("seed_demo", stdout=StringIO())
    count = Subscriber.objects.count()
    events = ConsentEvent.objects.count()
    call_command("seed_demo", stdout=StringIO())
    assert Subscriber.objects.count() == count == 4
    assert ConsentEvent.objects.count() == events


def test_every_newsletter_admin_page_opens_for_marketing(marketing):
    from newsletter.services.imports import subscriber_import_create

    subscriber = SubscriberFactory(tags=[TagFactory()])
    job = subscriber_import_create(filename="list.csv", data=b"email\na@example.com\n")
    for url in [
        CHANGELIST,
        reverse("admin:newsletter_subscriber_change", args=[subscriber.pk]),
        reverse("admin:newsletter_tag_changelist"),
        reverse("admin:newsletter_subscriberimport_changelist"),
        reverse("admin:newsletter_subscriberimport_add"),
        job.get_admin_url(),
    ]:
        assert marketing.get(url).status_code == 200, url


def test_a_subscribers_admin_page_offers_no_view_on_site_link(marketing):
    # A subscriber has no public page: the link would only lead back into the admin.
    subscriber = SubscriberFactory()
    page = marketing.get(reverse("admin:newsletter_subscriber_change", args=[subscriber.pk]))
    assert page.status_code == 200
    assert "View on site" not in page.text


def test_imports_and_consent_events_are_named_in_the_clinics_local_time(settings):
    import time_machine

    from newsletter.models import ConsentEvent

    settings.TIME_ZONE = "Europe/Istanbul"
    with time_machine.travel("2026-11-24 07:23:00+00:00", tick=False):
        subscriber = SubscriberFactory()
        event = ConsentEvent.objects.filter(
            subscriber=subscriber
        ).first() or ConsentEvent.objects.create(
            subscriber=subscriber,
            kind=ConsentEvent.Kind.IMPORTED,
            consent_text="Yes",
            consent_version="1",
        )
    assert str(event).endswith("2026-11-24 10:23")


def test_the_forget_fingerprint_needs_a_key_of_its_own_that_survives_a_secret_key_change(
    settings,
):
    subscriber = SubscriberFactory(email="ayse@example.com")
    subscriber_forget(subscriber=subscriber, source="test")
    stored = Subscriber.objects.get(pk=subscriber.pk).email_hash
    # Nobody can confirm a guessed address from the stored value without the key.
    for guess in ("ayse@example.com", "clinic-newsletter:ayse@example.com"):
        assert stored != hashlib.sha256(guess.encode()).hexdigest()
    settings.SECRET_KEY = "a-rotated-secret-key-" + "x" * 40
    assert Subscriber.objects.with_email("ayse@example.com").get() == subscriber
    assert (
        subscriber_import_run(
            subscriber_import=subscriber_import_create(
                filename="a.csv", data=b"email\nayse@example.com"
            )
        ).forgotten_count
        == 1
    )
    settings.NEWSLETTER_FORGET_KEY = "another-forget-key-" + "y" * 40
    assert not Subscriber.objects.with_email("ayse@example.com").exists()


@pytest.mark.django_db(transaction=True)
def test_fingerprints_stored_before_the_key_are_keyed_by_the_migration():
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    before = [("newsletter", "0001_initial")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old_subscriber = executor.loader.project_state(before).apps.get_model(
        "newsletter", "Subscriber"
    )
    plain = hashlib.sha256(b"clinic-newsletter:ayse@example.com").hexdigest()
    old_subscriber.objects.create(email="", email_hash=plain, status="forgotten")
    MigrationExecutor(connection).migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
    forgotten = Subscriber.objects.get()
    assert forgotten.email_hash != plain
    assert Subscriber.objects.with_email("Ayse@example.com").get() == forgotten


def test_forget_removes_the_address_from_every_place_it_was_written(marketing, settings):
    subscriber = SubscriberFactory(email="ayse@example.com", first_name="Ayşe", status="pending")
    other = SubscriberFactory(email="hans@example.de")
    staff = User.objects.get(pk=marketing.session["_auth_user_id"])
    # The admin history, as Django writes it when marketing edits the subscriber's tags.
    for target in (subscriber, other):
        LogEntry.objects.create(
            user=staff,
            content_type=ContentType.objects.get_for_model(Subscriber),
            object_id=str(target.pk),
            object_repr=str(target),
            action_flag=CHANGE,
            change_message=json.dumps([{"changed": {"fields": ["Tags"]}}]),
        )
    # The task queue: the confirmation email's run, and a failure quoting the address.
    confirm = "newsletter.tasks.send_confirmation_email"
    task_result(confirm, [subscriber.pk, 1], status="FAILED", traceback="ayse@example.com refused")
    task_result(confirm, [other.pk, 2], status="SUCCESSFUL", return_value=True)
    # The cache: the confirmation emails counted for the address today.
    for _ in range(CONFIRMATION_LIMIT):
        rate_limit_exceeded(
            scope="newsletter-confirmation", key=subscriber.email_hash, rate=CONFIRMATION_RATE
        )
    # A session holding the address, and an import waiting for confirmation with it.
    session = SessionStore()
    session.update({"newsletter": {"email": "Ayse@Example.com"}, "django_language": "en"})
    session.create()
    preview = subscriber_import_create(
        filename="list.csv",
        data=b"email,first_name\nayse@example.com,Ayse\nomar@example.com,Omar\n",
    )

    act(marketing, "forget_selected", [subscriber], confirm_forget="yes")

    index = marketing.get(reverse("admin:index")).text
    assert "ayse@example.com" not in index and "hans@example.de" in index
    assert LogEntry.objects.get(object_id=str(subscriber.pk)).object_repr == (
        f"forgotten subscriber #{subscriber.pk}"
    )
    stored = list(DBTaskResult.objects.values_list("args_kwargs", "traceback"))
    assert [args["args"] for args, _traceback in stored] == [[other.pk, 2]]
    assert all("ayse@example.com" not in traceback for _args, traceback in stored)
    assert not rate_limit_exceeded(
        scope="newsletter-confirmation", key=subscriber.email_hash, rate=CONFIRMATION_RATE
    )
    data = SessionStore(session_key=session.session_key).load()
    assert "newsletter" not in data and data["django_language"] == "en"
    preview.refresh_from_db()
    assert "ayse@example.com" not in preview.content.lower()
    assert "omar@example.com" in preview.content


def test_forgetting_a_one_letter_name_leaves_the_rest_of_the_history_readable(marketing):
    subscriber = SubscriberFactory(email="a@example.com", first_name="a")
    staff = User.objects.get(pk=marketing.session["_auth_user_id"])
    messages = [
        json.dumps([{"changed": {"fields": ["Tags", "Language"]}}]),
        "Unsubscribed at the subscriber's request by phone.",
    ]
    entries = [
        LogEntry.objects.create(
            user=staff,
            content_type=ContentType.objects.get_for_model(Subscriber),
            object_id=str(subscriber.pk),
            object_repr=str(subscriber),
            action_flag=CHANGE,
            change_message=message,
        )
        for message in messages
    ]
    readable = [entry.get_change_message() for entry in entries]

    act(marketing, "forget_selected", [subscriber], confirm_forget="yes")

    for entry, before in zip(entries, readable, strict=True):
        entry.refresh_from_db()
        assert entry.get_change_message() == before
    history = marketing.get(reverse("admin:newsletter_subscriber_history", args=[subscriber.pk]))
    assert "Changed Tags and Language." in history.text
    assert "Unsubscribed at the subscriber&#x27;s request by phone." in history.text
    assert "a@example.com" not in history.text


def test_forget_removes_the_address_from_sessions_cached_in_front_of_the_database(settings):
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    subscriber = SubscriberFactory(email="ayse@example.com")
    session = CachedSessionStore()
    session.update({"newsletter": {"email": "ayse@example.com"}, "django_language": "en"})
    session.create()

    subscriber_forget(subscriber=subscriber, source="test")

    data = CachedSessionStore(session_key=session.session_key).load()
    assert "newsletter" not in data and data["django_language"] == "en"


def test_forget_erases_an_email_task_left_running_by_a_stopped_worker(marketing, settings):
    settings.TASKS_RUNNING_TIMEOUT_MINUTES = 10
    subscriber = SubscriberFactory(email="ayse@example.com", status="pending")
    started = timezone.now() - timedelta(minutes=11)
    task_result(
        "newsletter.tasks.send_confirmation_email",
        [subscriber.pk, 1],
        status="RUNNING",
        started_at=started,
    )

    act(marketing, "forget_selected", [subscriber], confirm_forget="yes")

    assert not DBTaskResult.objects.exists()
