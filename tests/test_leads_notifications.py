"""Staff hear about every lead, after commit, in the background, exactly once, outages or not."""

import json
import logging
import smtplib
from datetime import timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from clinic_site.models import Clinic
from leads.models import Lead
from leads.services import notifications
from leads.services.submission import RequestMeta, lead_submit
from tests.factories import LeadFactory, StaffFactory, TreatmentFactory, callback_form_data

pytestmark = pytest.mark.django_db

CALLBACK = "/callback/"


@pytest.fixture
def mail_server_down(monkeypatch):
    def refuse(self, messages):
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")

    monkeypatch.setattr("django.core.mail.backends.locmem.EmailBackend.send_messages", refuse)
    return monkeypatch


def send_pending():
    out, err = StringIO(), StringIO()
    call_command("send_lead_notifications", stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_staff_are_emailed_with_what_a_coordinator_needs(
    client, settings, django_capture_on_commit_callbacks
):
    settings.LEADS_NOTIFY_EMAILS = ["desk@clinic.example"]
    treatment = TreatmentFactory(name="FUE hair transplant")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            CALLBACK,
            callback_form_data(
                phone="0532 123 45 67",
                preferred_time="evening",
                interest=str(treatment.pk),
                message="Is it painful?",
                whatsapp_ok="on",
            ),
        )
    lead = Lead.objects.get()
    [email] = mail.outbox
    assert email.to == ["desk@clinic.example"]
    assert email.subject == "Call back: Ayşe Yılmaz, evening"
    for expected in (
        "Ayşe Yılmaz",
        "+90 532 123 45 67",
        "WhatsApp is fine",
        "Best time to call: Evening",
        "Interested in: FUE hair transplant",
        "Is it painful?",
        "Source page: http://testserver/blog/fue-or-dhi/",
        f"http://127.0.0.1:8000/admin/leads/lead/{lead.pk}/change/",
    ):
        assert expected in email.body
    assert lead.notified_at is not None


def test_the_notification_is_sent_only_after_the_lead_is_committed(
    django_capture_on_commit_callbacks,
):
    data = {
        "name": "Ayşe",
        "phone": Lead(phone="+905321234567").phone,
        "consent_text": "I agree.",
    }
    with django_capture_on_commit_callbacks(execute=True):
        with transaction.atomic():
            lead_submit(data=data, request_meta=RequestMeta())
            assert mail.outbox == []
    assert len(mail.outbox) == 1


def test_no_notification_when_the_transaction_rolls_back(django_capture_on_commit_callbacks):
    data = {"name": "Ayşe", "phone": Lead(phone="+905321234567").phone}

    class Abort(Exception):
        pass

    with django_capture_on_commit_callbacks(execute=True) as deferred:
        with pytest.raises(Abort), transaction.atomic():
            lead_submit(data=data, request_meta=RequestMeta())
            raise Abort
    assert deferred == []
    assert mail.outbox == []
    assert Lead.objects.count() == 0


def test_the_patients_page_never_waits_for_email(
    client, settings, django_capture_on_commit_callbacks
):
    # The production queue: the request only writes a task row; a worker sends the email.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    from django_tasks import task_backends

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(CALLBACK, callback_form_data())
    assert response.status_code == 302
    assert mail.outbox == []
    [queued] = task_backends["default"].results
    assert queued.task.name == "notify_staff_of_lead"
    assert queued.args == [Lead.objects.get().pk]


def test_a_call_centre_member_who_cannot_sign_in_to_the_admin_is_not_emailed(settings):
    # The email carries the patient's name and number, and a link only staff can open.
    settings.LEADS_NOTIFY_EMAILS = []
    StaffFactory(username="deniz", email="deniz@clinic.example", role="Call centre")
    StaffFactory(username="outside", email="out@clinic.example", role="Call centre", is_staff=False)
    assert notifications.notification_recipients() == ["deniz@clinic.example"]


def test_recipients_fall_back_to_the_active_call_centre_staff(settings):
    settings.LEADS_NOTIFY_EMAILS = []
    StaffFactory(username="deniz", email="deniz@clinic.example", role="Call centre")
    StaffFactory(username="left", email="left@clinic.example", role="Call centre", is_active=False)
    StaffFactory(username="ed", email="ed@clinic.example", role="Editors")
    assert notifications.notification_recipients() == ["deniz@clinic.example"]


def test_recipients_fall_back_to_the_clinics_email(settings):
    settings.LEADS_NOTIFY_EMAILS = []
    assert notifications.notification_recipients() == [Clinic.load().email]


def test_with_nobody_to_notify_the_notification_stays_pending_with_a_warning(settings, caplog):
    settings.LEADS_NOTIFY_EMAILS = []
    clinic = Clinic.load()
    clinic.email = ""
    clinic.save()
    lead = LeadFactory()
    with caplog.at_level(logging.WARNING, logger="leads.services.notifications"):
        assert notifications.lead_notify(lead_id=lead.pk) is False
    assert "nobody to notify" in caplog.text
    lead.refresh_from_db()
    assert lead.notified_at is None
    assert Lead.objects.notification_pending().filter(pk=lead.pk).exists()


def test_a_mail_outage_never_loses_a_lead_or_its_notification(
    client, mail_server_down, caplog, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(CALLBACK, callback_form_data(), follow=True)
    # The patient is thanked and the lead is saved, unnotified.
    assert response.redirect_chain[0][0].startswith("/callback/thanks/?queued=")
    assert "we will call you back" in response.content.decode()
    lead = Lead.objects.get()
    assert lead.notified_at is None
    assert "notification email failed" in caplog.text

    mail_server_down.undo()  # the mail server is back
    send_pending()
    assert len(mail.outbox) == 1
    lead.refresh_from_db()
    assert lead.notified_at is not None

    send_pending()  # cron keeps running every minute: nothing is sent twice
    assert len(mail.outbox) == 1


def test_the_command_sends_every_pending_notification_once(settings):
    pending = [LeadFactory(), LeadFactory(), LeadFactory(status="contacted")]
    LeadFactory(notified_at=timezone.now())
    LeadFactory(status="spam")
    LeadFactory(status="won")
    out, err = send_pending()
    assert sorted(len(m.body) > 0 and m.subject for m in mail.outbox) == sorted(
        f"Call back: {lead.name}, as soon as possible" for lead in pending
    )
    assert "Sent 3" in out and err == ""
    send_pending()
    assert len(mail.outbox) == 3


def test_the_command_reports_what_is_still_pending(mail_server_down):
    LeadFactory()
    out, err = send_pending()
    assert "1 call-back notification(s) still pending" in err


def test_a_notification_being_sent_by_a_worker_is_not_sent_again_by_cron():
    lead = LeadFactory()
    Lead.objects.filter(pk=lead.pk).update(notification_claimed_at=timezone.now())
    send_pending()
    assert mail.outbox == []


def test_a_claim_left_by_a_crashed_sender_expires():
    lead = LeadFactory()
    stale = timezone.now() - notifications.CLAIM_TIMEOUT - timedelta(seconds=1)
    Lead.objects.filter(pk=lead.pk).update(notification_claimed_at=stale)
    send_pending()
    assert len(mail.outbox) == 1


def test_a_repeat_arriving_while_the_first_email_is_sent_is_still_notified(
    client, monkeypatch, django_capture_on_commit_callbacks
):
    """The first sender must not mark the repeat as notified: its email predates it."""
    original = notifications._send_email

    def send_then_repeat(lead, recipients):
        original(lead, recipients)
        if lead.request_count == 1:
            client.post(CALLBACK, callback_form_data())

    monkeypatch.setattr(notifications, "_send_email", send_then_repeat)
    # The repeat's own notification is deferred while the first is sent, and runs after it.
    with django_capture_on_commit_callbacks(execute=True):
        client.post(CALLBACK, callback_form_data())
    lead = Lead.objects.get()
    assert lead.request_count == 2
    assert [m.subject.split(":")[0] for m in mail.outbox] == [
        "Call back",
        "Asked again (2 requests)",
    ]
    assert lead.notified_at is not None


def test_a_webhook_gets_a_slack_and_teams_compatible_json_post(
    client, settings, monkeypatch, django_capture_on_commit_callbacks
):
    settings.LEADS_WEBHOOK_URL = "https://hooks.example/services/T000/B000"
    posted = []

    class Response:
        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return False

        def read(self):
            return b"ok"

    def fake_urlopen(request, timeout):
        posted.append((request.full_url, request.get_header("Content-type"), request.data))
        return Response()

    monkeypatch.setattr(notifications.urllib_request, "urlopen", fake_urlopen)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(CALLBACK, callback_form_data())
    [(url, content_type, body)] = posted
    assert url == settings.LEADS_WEBHOOK_URL
    assert content_type == "application/json"
    text = json.loads(body)["text"]
    assert "Ayşe Yılmaz" in text and "+90 532 123 45 67" in text
    assert f"/admin/leads/lead/{Lead.objects.get().pk}/change/" in text


def test_a_failing_webhook_does_not_undo_the_email(
    client, settings, monkeypatch, caplog, django_capture_on_commit_callbacks
):
    settings.LEADS_WEBHOOK_URL = "https://hooks.example/down"

    def fail(request, timeout):
        raise OSError("connection refused")

    monkeypatch.setattr(notifications.urllib_request, "urlopen", fail)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(CALLBACK, callback_form_data())
    assert len(mail.outbox) == 1
    assert Lead.objects.get().notified_at is not None
    assert "webhook post failed" in caplog.text


def test_a_failing_queue_never_costs_the_patient_their_request(
    client, monkeypatch, caplog, django_capture_on_commit_callbacks
):
    from leads.tasks import notify_staff_of_lead

    def queue_down(*args, **kwargs):
        raise ConnectionError("queue unavailable")

    monkeypatch.setattr(type(notify_staff_of_lead), "enqueue", queue_down)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(CALLBACK, callback_form_data())
    assert response.status_code == 302
    assert Lead.objects.get().notified_at is None
    assert "send_lead_notifications will send it" in caplog.text


def test_personal_data_never_reaches_the_logs(
    client, caplog, mail_server_down, django_capture_on_commit_callbacks
):
    with caplog.at_level(logging.DEBUG), django_capture_on_commit_callbacks(execute=True):
        client.post(CALLBACK, callback_form_data(name="Zeynep Kaya", phone="0532 765 43 21"))
        client.post(CALLBACK, callback_form_data(name="Zeynep Kaya", phone="0532 765 43 21"))
        client.post(CALLBACK, callback_form_data(name="Bot", website="spam"))
    text = caplog.text
    assert "Zeynep" not in text
    assert "765" not in text
    assert "Bot" not in text


def test_the_email_shows_names_as_typed_not_html_escaped(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(CALLBACK, callback_form_data(name="Seán O'Brien & Ayşe", message="<3 thanks"))
    [email] = mail.outbox
    assert "Seán O'Brien & Ayşe" in email.subject
    assert "Name: Seán O'Brien & Ayşe" in email.body
    assert "<3 thanks" in email.body


@pytest.fixture
def chat(settings, monkeypatch):
    """A Slack/Teams incoming webhook that records the texts posted to it."""
    settings.LEADS_WEBHOOK_URL = "https://hooks.example/services/T000/B000"
    texts = []

    class Response:
        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return False

        def read(self):
            return b"ok"

    def fake_urlopen(request, timeout):
        texts.append(json.loads(request.data)["text"])
        return Response()

    monkeypatch.setattr(notifications.urllib_request, "urlopen", fake_urlopen)
    return texts


def test_a_mail_outage_does_not_silence_the_chat_which_hears_once(
    client, chat, mail_server_down, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(CALLBACK, callback_form_data())
    assert len(chat) == 1 and "Ayşe Yılmaz" in chat[0]
    send_pending()  # the mail server is still down: the email is retried, the chat is not
    assert len(chat) == 1
    mail_server_down.undo()
    send_pending()
    assert len(mail.outbox) == 1 and len(chat) == 1
    assert Lead.objects.get().notified_at is not None


def test_with_nobody_to_email_the_chat_still_hears_once(
    client, chat, settings, django_capture_on_commit_callbacks
):
    settings.LEADS_NOTIFY_EMAILS = []
    clinic = Clinic.load()
    clinic.email = ""
    clinic.save()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(CALLBACK, callback_form_data())
    send_pending()
    assert len(chat) == 1 and mail.outbox == []
    assert Lead.objects.get().notified_at is None  # the email stays pending


def test_a_repeat_request_is_a_new_notification_for_the_chat_too(
    client, chat, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(CALLBACK, callback_form_data())
    with django_capture_on_commit_callbacks(execute=True):
        client.post(CALLBACK, callback_form_data())
    assert len(chat) == 2 and "2 requests" in chat[1]


def test_text_a_patient_types_cannot_ping_or_disguise_links_in_the_chat(
    client, chat, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            CALLBACK,
            callback_form_data(name="Ali <!channel> & <https://evil.example/|Clinic login>"),
        )
    [text] = chat
    assert "<!channel>" not in text and "<https://evil.example/" not in text
    assert "Ali &lt;!channel&gt; &amp; &lt;https://evil.example/|Clinic login&gt;" in text


@pytest.mark.parametrize(
    "configured",
    ["desk@clinic.example, night@clinic.example", ["desk@clinic.example", "night@clinic.example"]],
)
def test_notify_emails_may_be_a_list_or_a_comma_separated_string(
    client, settings, configured, django_capture_on_commit_callbacks
):
    settings.LEADS_NOTIFY_EMAILS = configured
    with django_capture_on_commit_callbacks(execute=True):
        client.post(CALLBACK, callback_form_data())
    [email] = mail.outbox
    assert email.to == ["desk@clinic.example", "night@clinic.example"]
