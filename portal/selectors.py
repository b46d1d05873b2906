"""Reads that gather content from several apps (home page, newsletter)."""


def upcoming_events(*, limit: int = 4) -> list:
    """The next forums and conference sessions, once the forums app provides them."""
    try:
        from forums.selectors import event_list_upcoming
    except ImportError:
        return []
    return list(event_list_upcoming(limit=limit))
