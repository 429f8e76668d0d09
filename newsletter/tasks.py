"""
Background work: emails and imports. Enqueued by the services after the transaction commits;
each task reads the current state, so a stale task does nothing harmful.
"""

import logging

from django_tasks import task

from newsletter import emails
from newsletter.models import Subscriber, SubscriberImport
from newsletter.services.confirmations import confirmation_send

logger = logging.getLogger(__name__)


@task()
def send_confirmation_email(subscriber_id: int, request_id: int) -> bool:
    """
    Send the confirmation email the subscriber is due, once (``confirmation_send``): for the
    latest request, which ``request_id`` may no longer be.
    """
    return confirmation_send(subscriber_id=subscriber_id)


@task()
def send_welcome_email(subscriber_id: int) -> bool:
    subscriber = Subscriber.objects.filter(pk=subscriber_id).first()
    if subscriber is None or subscriber.status != Subscriber.Status.SUBSCRIBED:
        return False
    emails.welcome_message(subscriber).send()
    logger.info("newsletter welcome email sent subscriber=%s", subscriber_id)
    return True


@task()
def run_subscriber_import(import_id: int) -> None:
    from newsletter.services.imports import subscriber_import_run

    subscriber_import = SubscriberImport.objects.filter(pk=import_id).first()
    if subscriber_import is None or subscriber_import.status != SubscriberImport.Status.QUEUED:
        return
    subscriber_import_run(subscriber_import=subscriber_import)
