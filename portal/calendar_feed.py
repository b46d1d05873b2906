"""The all-events calendar: forums and CIONG sessions, and hearings with Member States.

It joins two apps, so it lives here beside the dashboard and the newsletter;
forums:feed serves it. Both lists are read in chunks: the feed's size grows
with the years, the memory it takes does not.
"""

from django.utils import timezone

from dialogue import calendar as dialogue_calendar
from dialogue import selectors as dialogue_selectors
from forums import calendar as forums_calendar
from forums import selectors as forums_selectors

CHUNK_SIZE = 200


def all_events_ics(*, absolute_url) -> bytes:
    """`absolute_url(path)` turns a page's path into the URL the calendar links to."""
    events = forums_selectors.event_list_public().order_by("start_date", "pk")
    hearings = dialogue_selectors.hearing_list_on_calendar()
    stamp = timezone.now()
    hearing_entries = (
        dialogue_calendar.hearing_entry(
            hearing, url=absolute_url(hearing.get_absolute_url()), stamp=stamp
        )
        for hearing in hearings.iterator(chunk_size=CHUNK_SIZE)
    )
    return forums_calendar.feed_calendar(
        events.iterator(chunk_size=CHUNK_SIZE),
        url_for=lambda event: absolute_url(event.get_absolute_url()),
        other_entries=hearing_entries,
    )
