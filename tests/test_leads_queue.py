"""
With production's queue (``django_tasks_db``: a task is a row in the site's own database), a
call-back request's notification task is committed with its lead, in one short transaction:
both or neither, and a queue that fails never costs the patient's request.
"""

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection, transaction
from django_tasks_db.models import DBTaskResult

from leads.models import Lead
from leads.services.submission import RequestMeta, lead_submit
from tests.factories import callback_form_data

pytestmark = pytest.mark.django_db

CALLBACK = "/callback/"
# Looking for the phone's earlier leads, the lead, the task, and the transaction around them
# (on SQLite its BEGIN and COMMIT count; inside a test they are savepoints).
NEW_LEAD_QUERIES = 7


@pytest.fixture
def database_queue(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.LEADS_NOTIFY_EMAILS = ["desk@clinic.example"]
    return settings


def test_a_request_is_queued_in_its_own_transaction_with_nothing_left_for_after_commit(
    client, database_queue, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as deferred:
        response = client.post(CALLBACK, callback_form_data(phone="+90 532 111 22 33"))
    assert response.status_code == 302
    assert deferred == []  # a crash right after the commit cannot leave the lead unqueued
    lead = Lead.objects.get()
    [task] = DBTaskResult.objects.all()
    assert task.task_path == "leads.tasks.notify_staff_of_lead"
    assert task.args_kwargs["args"] == [lead.pk]


def test_a_lead_that_is_not_saved_leaves_no_task_behind(database_queue):
    data = {"name": "Ayşe", "phone": Lead(phone="+905321234567").phone}

    class Abort(Exception):
        pass

    with pytest.raises(Abort), transaction.atomic():
        lead_submit(data=data, request_meta=RequestMeta())
        raise Abort
    assert Lead.objects.count() == 0
    assert DBTaskResult.objects.count() == 0


def test_a_queue_failing_in_the_database_loses_neither_the_request_nor_its_notification(
    client, database_queue, monkeypatch, caplog
):
    def broken_queue(*args, **kwargs):
        # A failed statement: on PostgreSQL it aborts the transaction it runs in.
        with connection.cursor() as cursor:
            cursor.execute("SELECT * FROM no_such_queue_table")

    monkeypatch.setattr("django_tasks_db.backend.DatabaseBackend._task_to_db_task", broken_queue)
    response = client.post(CALLBACK, callback_form_data(phone="+90 532 111 22 33"), follow=True)
    assert response.redirect_chain[0][0].startswith("/callback/thanks/?queued=")
    assert "we will call you back" in response.content.decode()
    lead = Lead.objects.get()
    assert DBTaskResult.objects.count() == 0
    assert "could not queue the staff notification" in caplog.text

    call_command("send_lead_notifications", verbosity=0)  # cron, every minute
    assert len(mail.outbox) == 1
    lead.refresh_from_db()
    assert lead.notified_at is not None


def test_a_new_request_takes_a_handful_of_queries(
    client, database_queue, django_assert_max_num_queries
):
    client.get(CALLBACK)  # the clinic's identity, read once per worker, is in the cache
    with django_assert_max_num_queries(NEW_LEAD_QUERIES):
        response = client.post(CALLBACK, callback_form_data(phone="+90 532 111 22 33"))
    assert response.status_code == 302
    assert DBTaskResult.objects.count() == 1
