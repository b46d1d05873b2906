"""Thin Celery tasks of dialogue.

The emails of each change are queued by dialogue.services inside the change's
transaction (dialogue.notifications → foundation.mail.outbox); only the daily
reminder runs here.
"""

import logging

from celery import shared_task

from dialogue import notifications

logger = logging.getLogger(__name__)


@shared_task
def remind_stale_requests() -> int:
    """Daily (beat): the Secretariat is reminded of requests waiting 30 days for a decision."""
    return notifications.send_stale_reminders()
