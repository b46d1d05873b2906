"""Thin Celery tasks of partners (beat); their emails go through partners.emails."""

import datetime
import logging

from celery import shared_task
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from partners import emails
from partners.emails import INVITATION_SALT, invitation_token  # noqa: F401 -- long-standing names
from partners.imports.services import import_uploads_delete_stale
from partners.lifecycle.reports import reports_remind
from partners.lifecycle.reviews import review_cases_open_due
from partners.models import ReviewReminder as Reminder
from partners.selectors import partner_reviews_due

logger = logging.getLogger(__name__)

REVIEW_WINDOW_DAYS = 183


def send_review_reminder(partner, *, today: datetime.date) -> bool:
    """Email one partner about its coming review, unless already done for that date."""
    recipients = emails.review_reminder_recipients(partner)
    if not recipients:
        return False
    try:
        # The unique constraint (partner, review_date) is the once-only
        # guarantee: two beat runs racing each other insert one row, not two.
        # The emails are queued in the same transaction as the row.
        with transaction.atomic():
            Reminder.objects.create(
                partner=partner, review_date=partner.next_review_date, recipients=len(recipients)
            )
            emails.review_reminder(partner, recipients=recipients, today=today)
    except IntegrityError:
        return False
    return True


@shared_task
def send_review_reminders(today: str | None = None) -> int:
    """Email each partner whose review is due within six months, once per review date."""
    day = datetime.date.fromisoformat(today) if today else timezone.localdate()
    due = (
        partner_reviews_due(within_days=REVIEW_WINDOW_DAYS, today=day)
        .filter(next_review_date__gte=day, published=True)
        .exclude(review_reminders__review_date=F("next_review_date"))
    )
    sent = 0
    for partner in due.iterator(chunk_size=200):
        if send_review_reminder(partner, today=day):
            sent += 1
    logger.info("review reminders sent to %d partners", sent)
    return sent


@shared_task
def send_report_reminders(today: str | None = None) -> dict:
    """Remind editors of reports due soon and overdue, once each (partners.lifecycle.reports)."""
    day = datetime.date.fromisoformat(today) if today else timezone.localdate()
    counts = reports_remind(today=day)
    logger.info("report reminders: %(before)d before, %(after)d after the due date", counts)
    return counts


@shared_task
def open_review_cases(today: str | None = None) -> int:
    """Open a review case for each partner whose period ends within the notice."""
    day = datetime.date.fromisoformat(today) if today else timezone.localdate()
    opened = review_cases_open_due(today=day)
    logger.info("review cases opened: %d", opened)
    return opened


@shared_task
def delete_stale_import_uploads() -> int:
    """Delete the import uploads never confirmed within a day."""
    deleted = import_uploads_delete_stale()
    logger.info("stale import uploads deleted: %d", deleted)
    return deleted
