"""What PRODUCT.md promises about the test settings: tasks run at once, on commit."""

import pytest
from django.core import mail
from django.core.mail import send_mail
from django.db import transaction

pytestmark = pytest.mark.django_db


def send_after_commit():
    with transaction.atomic():
        transaction.on_commit(lambda: send_mail("Hello", "Body", None, ["a@example.com"]))
        assert mail.outbox == []  # not before the commit


def test_work_deferred_to_commit_runs_when_the_codes_transaction_commits():
    send_after_commit()
    assert len(mail.outbox) == 1


def test_work_deferred_in_a_rolled_back_transaction_never_runs():
    with pytest.raises(RuntimeError), transaction.atomic():
        transaction.on_commit(lambda: send_mail("Hello", "Body", None, ["a@example.com"]))
        raise RuntimeError
    assert mail.outbox == []


def test_a_test_that_captures_callbacks_itself_still_can(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        send_after_commit()
    assert len(callbacks) == 1
    assert len(mail.outbox) == 1
