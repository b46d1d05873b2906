"""Thin Celery tasks of forums (beat)."""

from celery import shared_task

from forums import services_attendance


@shared_task
def expire_offers() -> int:
    """Offers from the waiting list past their deadline go to the next person."""
    return services_attendance.expire_offers()
