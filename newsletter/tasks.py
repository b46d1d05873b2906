"""Celery tasks of the newsletter: thin, they take ids and call services.

Every task is acks_late with reject_on_worker_lost (settings make it the
default; it is repeated here because sending depends on it): a task whose
worker dies is delivered again rather than lost. Repeating any of them is
harmless: preparing is idempotent and draining claims rows under lock.
"""

import logging

from celery import shared_task
from celery.signals import worker_ready
from django.conf import settings

from newsletter import delivery, services
from newsletter.models import Issue, Mailing

logger = logging.getLogger(__name__)

TASK_OPTIONS = {"acks_late": True, "reject_on_worker_lost": True, "ignore_result": True}


def parallelism() -> int:
    return max(1, int(getattr(settings, "NEWSLETTER_SEND_PARALLELISM", 4)))


@shared_task(**TASK_OPTIONS)
def build_previous_month() -> int:
    """Celery beat, 1st of the month at 06:00 Paris: the draft for the month before."""
    issue = services.issue_build(month=services.previous_month())
    logger.info("newsletter %s built (%s)", issue.slug, issue.status)
    return issue.pk


@shared_task(**TASK_OPTIONS)
def render_issue(issue_id: int) -> None:
    """Render a draft's PDFs ahead of approval (kept at sending if unchanged)."""
    services.issue_render_ahead(issue_id=issue_id)


@shared_task(**TASK_OPTIONS)
def send_issue(issue_id: int) -> None:
    """Check (or render) the three languages, create the deliveries, start the drains."""
    issue = Issue.objects.filter(pk=issue_id).first()
    if issue is None or issue.status != Issue.Status.SENDING:
        return
    count = services.issue_prepare_sending(issue=issue)
    logger.info(
        "newsletter %s: %d deliveries, starting %d drains", issue.slug, count, parallelism()
    )
    for _ in range(parallelism()):
        deliver_issue.delay(issue_id)


@shared_task(**TASK_OPTIONS)
def deliver_issue(issue_id: int) -> None:
    """Send pending deliveries for a while, then hand over to a fresh task."""
    result = delivery.deliveries_drain(issue_id=issue_id)
    if result.finished:
        return
    if result.more_now:
        deliver_issue.delay(issue_id)
    elif result.retry_in is not None:
        deliver_issue.apply_async((issue_id,), countdown=result.retry_in + 0.1)


@shared_task(**TASK_OPTIONS)
def send_mailing(mailing_id: int) -> None:
    """Create a one-off mailing's deliveries (its audience now), start the drains."""
    mailing = Mailing.objects.filter(pk=mailing_id).first()
    if mailing is None or mailing.status != Mailing.Status.SENDING:
        return
    count = services.mailing_prepare_sending(mailing=mailing)
    logger.info("mailing %s: %d deliveries, starting %d drains", mailing.pk, count, parallelism())
    for _ in range(parallelism()):
        deliver_mailing.delay(mailing_id)


@shared_task(**TASK_OPTIONS)
def deliver_mailing(mailing_id: int) -> None:
    """As deliver_issue, for a mailing: the same deliveries, the same guarantee."""
    result = delivery.deliveries_drain(mailing_id=mailing_id)
    if result.finished:
        return
    if result.more_now:
        deliver_mailing.delay(mailing_id)
    elif result.retry_in is not None:
        deliver_mailing.apply_async((mailing_id,), countdown=result.retry_in + 0.1)


@shared_task(**TASK_OPTIONS)
def resume_sending() -> None:
    """Pick up every issue still going out, e.g. after the workers were killed.

    Tasks a dead worker had taken wait for the broker's visibility timeout
    before they come back; this does not wait for them.
    """
    for issue_id in Issue.objects.filter(status=Issue.Status.SENDING).values_list("pk", flat=True):
        send_issue.delay(issue_id)
    sending = Mailing.objects.filter(status=Mailing.Status.SENDING).values_list("pk", flat=True)
    for mailing_id in sending:
        send_mailing.delay(mailing_id)


@worker_ready.connect(dispatch_uid="newsletter_resume_on_worker_ready")
def _resume_on_start(sender=None, **kwargs):
    if getattr(settings, "NEWSLETTER_RESUME_ON_WORKER_START", True):
        resume_sending.delay()
