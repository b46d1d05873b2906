"""iCalendar entries for scheduled hearings: public fields only.

A hearing is one VEVENT, in its own .ics file (dialogue:calendar) and on the
all-events feed (portal.calendar_feed, served at forums:feed).
"""

import datetime

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

# A hearing without an end time is shown as two hours long.
DEFAULT_LENGTH = datetime.timedelta(hours=2)


def hearing_entry(hearing, *, url: str, stamp: datetime.datetime) -> Event:
    """One VEVENT; `hearing` comes from selectors.hearing_list_public (no internal notes)."""
    entry = Event()
    host = settings.SITE_URL.split("://", 1)[-1].split("/", 1)[0] or "localhost"
    entry.add("uid", f"dialogue-hearing-{hearing.pk}@{host}")
    entry.add("dtstamp", stamp)
    # UTC times: every calendar shows them in its own zone, no VTIMEZONE needed.
    start = hearing.scheduled_at.astimezone(datetime.UTC)
    end = (hearing.ends_at or hearing.scheduled_at + DEFAULT_LENGTH).astimezone(datetime.UTC)
    entry.add("dtstart", start)
    entry.add("dtend", end)
    entry.add(
        "summary",
        _("%(format)s: %(theme)s")
        % {"format": hearing.get_format_display(), "theme": hearing.theme},
    )
    lines = [hearing.description, "", ", ".join(country.name for country in hearing.countries)]
    ngos = ", ".join(interest.partner.name for interest in hearing.selected_interests)
    if ngos:
        lines.append(ngos)
    if hearing.event_id and hearing.event.published:
        lines.append(hearing.event.title)
    lines.append(url)
    entry.add("description", "\n".join(str(line) for line in lines))
    location = ", ".join(part for part in (hearing.place, hearing.online_link) if part)
    if location:
        entry.add("location", location)
    entry.add("url", url)
    entry.add("status", "CONFIRMED")
    return entry


def hearing_ics(*, hearing, url: str) -> bytes:
    cal = Calendar()
    cal.add("prodid", "-//UNESCO NGO partnership portal//dialogue//EN")
    cal.add("version", "2.0")
    cal.add_component(hearing_entry(hearing, url=url, stamp=timezone.now()))
    return cal.to_ical()
