"""Reads of dialogue data that other parts of the portal use."""

import datetime


def hearing_list_public_between(*, start: datetime.date, end: datetime.date) -> list:
    """Hearings scheduled or held in the period, public fields only.

    Each item has theme, state, get_state_display(), scheduled_at (datetime
    or None), country names via countries, and get_absolute_url().
    """
    return []
