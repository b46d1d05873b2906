"""Reads that gather content from several apps (home page, newsletter)."""

from forums.selectors import event_list_upcoming


def upcoming_events(*, limit: int = 4) -> list:
    """The next forums and conference sessions."""
    return list(event_list_upcoming(limit=limit))
