"""
What the test settings promise every test: background tasks run at once, and work
deferred to after a commit runs when a test captures it with pytest-django's
``django_capture_on_commit_callbacks(execute=True)``, as it would when production commits.
"""

import pytest
from django.core import mail
from django.db import transaction
from django_tasks import TaskResultStatus

from leads.models import Lead
from leads.tasks import notify_staff_of_lead
from tests.factories import LeadFactory, callback_form_data

pytestmark = pytest.mark.django_db


def test_a_background_task_runs_as_soon_as_it_is_enqueued():
    lead = LeadFactory()
    result = notify_staff_of_lead.enqueue(lead.pk)
    assert result.status == TaskResultStatus.SUCCESSFUL
    assert len(mail.outbox) == 1


def test_work_deferred_to_after_the_commit_waits_for_the_commit(client):
    # Every test runs in a transaction that is rolled back, never committed.
    client.post("/callback/", callback_form_data())
    assert Lead.objects.exists()
    assert mail.outbox == []


def test_captured_after_commit_work_runs_and_the_email_is_in_the_outbox(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/callback/", callback_form_data(name="Ayşe Yılmaz"))
    [email] = mail.outbox
    assert "Ayşe Yılmaz" in email.subject


def test_work_deferred_in_a_rolled_back_transaction_never_runs(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(RuntimeError), transaction.atomic():
            transaction.on_commit(lambda: mail.send_mail("Hello", "Body", None, ["a@example.com"]))
            raise RuntimeError
    assert callbacks == []
    assert mail.outbox == []
