"""Thin Celery tasks draining the outbox (foundation.mail.outbox)."""

import logging

from celery import shared_task
from django.conf import settings

from foundation.mail import outbox

logger = logging.getLogger(__name__)

# acks_late: a task whose worker dies is delivered again; repeating a drain
# is harmless, as rows are claimed under lock and marked sent.
TASK_OPTIONS = {"acks_late": True, "reject_on_worker_lost": True, "ignore_result": True}


@shared_task(**TASK_OPTIONS)
def drain_outbox(ids: list[int]) -> int:
    """Queued after the commit that wrote these emails."""
    return outbox.drain(ids=ids)


@shared_task(**TASK_OPTIONS)
def sweep_outbox() -> int:
    """Every minute (beat): emails whose task was lost, and retries now due."""
    sent = outbox.sweep()
    if sent:
        logger.info("mail sweep: %d sent", sent)
    return sent


@shared_task(**TASK_OPTIONS)
def process_bounces() -> int:
    """Every few minutes (beat): read the bounce mailbox, when BOUNCE_MAILBOX_URL is set."""
    from foundation.mail import bounces  # noqa: PLC0415 -- flufl.bounce loads its detectors

    if not getattr(settings, "BOUNCE_MAILBOX_URL", ""):
        return 0
    return bounces.process_mailbox().read
