"""Reads of forums data that other parts of the portal use.

The home page and the newsletter rely on these signatures.
"""

import datetime


def event_list_upcoming(*, limit: int = 4) -> list:
    """Forums and CIONG sessions starting today or later, soonest first.

    Each item has title, start_date, end_date, city and get_absolute_url().
    """
    return []


def event_list_between(*, start: datetime.date, end: datetime.date) -> list:
    """Public events starting between start and end (inclusive)."""
    return []


def document_list_published_between(*, start: datetime.date, end: datetime.date) -> list:
    """Working-group documents published in the period.

    Each item has title, published_at, working_group (with name) and get_absolute_url().
    """
    return []
