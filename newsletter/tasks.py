"""
Background work: emails, campaigns and imports. Enqueued by the services after the transaction
commits; each task reads the current state, so a stale task does nothing harmful.
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


# A worker's run of a campaign stops after this many seconds and queues the rest as a new
# task: a long campaign never looks like a task left by a stopped worker
# (TASKS_RUNNING_TIMEOUT_MINUTES), and other work gets its turn.
CAMPAIGN_TASK_SECONDS = 4 * 60


@task()
def send_campaign(campaign_id: int) -> int:
    """Send a due campaign; what is left after the time budget goes to a new task."""
    from newsletter.services.sending import campaign_send

    result = campaign_send(campaign_id=campaign_id, max_seconds=CAMPAIGN_TASK_SECONDS)
    if not result.finished and result.sent:
        send_campaign.enqueue(campaign_id)
    return result.sent


@task()
def send_due_campaigns() -> int:
    """
    What ``manage.py send_campaigns`` does, in the worker: the monthly digest when it is due,
    then every campaign that is due; how many messages were sent.
    """
    from newsletter.services.sending import campaigns_run_due

    _digests, results = campaigns_run_due(max_seconds=CAMPAIGN_TASK_SECONDS)
    return sum(result.sent for _campaign_id, result in results)


@task()
def run_subscriber_import(import_id: int) -> None:
    from newsletter.services.imports import subscriber_import_run

    subscriber_import = SubscriberImport.objects.filter(pk=import_id).first()
    if subscriber_import is None or subscriber_import.status != SubscriberImport.Status.QUEUED:
        return
    subscriber_import_run(subscriber_import=subscriber_import)
