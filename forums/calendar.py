"""iCalendar files: one event's programme, and a feed of every public event.

Programme times are local to the event: each DTSTART/DTEND carries the
event's IANA zone as TZID, and the calendar holds the matching VTIMEZONE
(built by icalendar from the zone's transitions), so that any client shows
09:30 in Paris as 09:30 in Paris.
"""

import datetime

import icalendar
from django.conf import settings
from django.utils import timezone, translation

PRODID = "-//UNESCO//NGO partnership portal//EN"


def _calendar(name: str) -> icalendar.Calendar:
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    return calendar


def _host() -> str:
    return settings.SITE_URL.split("://", 1)[-1].split("/", 1)[0] or "localhost"


def _location(event) -> str:
    parts = [event.venue, event.city, event.country.name if event.country else ""]
    return ", ".join(part for part in parts if part)


def programme_calendar(event, *, url: str, items=None) -> bytes:
    """The event's whole programme (or the given `items`, a personal agenda);
    falls back to one all-day entry without a programme."""
    calendar = _calendar(event.title)
    zone = event.zone
    stamp = timezone.now()
    items = list(event.programme.all() if items is None else items)
    for item in items:
        entry = icalendar.Event()
        entry.add("uid", f"forums-item-{item.pk}@{_host()}")
        entry.add("dtstamp", stamp)
        entry.add("dtstart", datetime.datetime.combine(item.day, item.start_time, tzinfo=zone))
        entry.add("dtend", datetime.datetime.combine(item.day, item.end_time, tzinfo=zone))
        entry.add("summary", item.title)
        description = item.description
        speakers = ", ".join(speaker.name for speaker in item.speakers.all())
        if speakers:
            description = f"{description}\n\n{speakers}".strip()
        if item.interpretation:
            description = f"{description}\n\n{', '.join(item.interpretation_names)}".strip()
        if description:
            entry.add("description", description)
        location = ", ".join(part for part in (item.room, event.venue, event.city) if part)
        if location:
            entry.add("location", location)
        entry.add("categories", [item.get_kind_display()])
        entry.add("url", url)
        calendar.add_component(entry)
    if not items:
        calendar.add_component(_all_day(event, url=url, stamp=stamp))
    calendar.add_missing_timezones()
    return calendar.to_ical()


def _all_day(event, *, url: str, stamp) -> icalendar.Event:
    entry = icalendar.Event()
    entry.add("uid", f"forums-event-{event.pk}@{_host()}")
    entry.add("dtstamp", stamp)
    entry.add("dtstart", event.start_date)
    # DTEND of an all-day entry is exclusive.
    entry.add("dtend", event.end_date + datetime.timedelta(days=1))
    entry.add("summary", event.title)
    if event.theme:
        entry.add("description", event.theme)
    location = _location(event)
    if location:
        entry.add("location", location)
    entry.add("url", url)
    return entry


def feed_calendar(events, *, url_for, other_entries=()) -> bytes:
    """Every public event as an all-day entry, then `other_entries` (VEVENTs of other apps)."""
    calendar = _calendar(str(translation.gettext("Forums, conferences and hearings")))
    stamp = timezone.now()
    for event in events:
        calendar.add_component(_all_day(event, url=url_for(event), stamp=stamp))
    for entry in other_entries:
        calendar.add_component(entry)
    return calendar.to_ical()
