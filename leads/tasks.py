"""Background work for call-back requests (run by ``manage.py db_worker`` in production)."""

from django_tasks import task

from leads.services.assessment import assessment_result_email
from leads.services.notifications import lead_notify


@task()
def notify_staff_of_lead(lead_id: int) -> bool:
    """Email (and post to the webhook) about one lead; a failure leaves it pending for cron."""
    return lead_notify(lead_id=lead_id)


@task()
def send_assessment_result(result_id: int) -> bool:
    """Email the doctor's answer to the patient, in their language."""
    return assessment_result_email(result_id=result_id)
