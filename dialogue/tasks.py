"""Thin Celery tasks: they take ids, call dialogue.notifications, and log.

Each is queued with transaction.on_commit by dialogue.services, so a rolled
back change sends nothing; each send is recorded once per key and address,
so a retry never mails anyone twice.
"""

import logging

from celery import shared_task

from dialogue import notifications

logger = logging.getLogger(__name__)

RETRY = {"autoretry_for": (OSError,), "retry_backoff": 60, "max_retries": 5}


@shared_task(**RETRY)
def notify_transition(transition_id: int) -> int:
    return notifications.send_transition(transition_id)


@shared_task(**RETRY)
def invite_matched_partners(request_id: int) -> int:
    return notifications.send_invitations(request_id)


@shared_task(**RETRY)
def notify_selection(interest_id: int) -> int:
    return notifications.send_selection(interest_id)


@shared_task(**RETRY)
def notify_cosponsor_invitation(cosponsor_id: int) -> int:
    return notifications.send_cosponsor_invitation(cosponsor_id)


@shared_task
def remind_stale_requests() -> int:
    """Daily (beat): the Secretariat is reminded of requests waiting 30 days for a decision."""
    return notifications.send_stale_reminders()
