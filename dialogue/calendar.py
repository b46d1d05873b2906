"""iCalendar (.ics) for a scheduled hearing: public fields only."""

import datetime

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event


def hearing_ics(*, hearing, url: str) -> bytes:
    cal = Calendar()
    cal.add("prodid", "-//UNESCO NGO partnership portal//dialogue//EN")
    cal.add("version", "2.0")
    event = Event()
    host = settings.SITE_URL.split("://", 1)[-1]
    event.add("uid", f"dialogue-hearing-{hearing.pk}@{host}")
    event.add("dtstamp", timezone.now())
    # UTC times: every calendar shows them in its own zone, no VTIMEZONE needed.
    start = hearing.scheduled_at.astimezone(datetime.UTC)
    end = (hearing.ends_at or hearing.scheduled_at + datetime.timedelta(hours=2)).astimezone(
        datetime.UTC
    )
    event.add("dtstart", start)
    event.add("dtend", end)
    event.add("summary", f"{hearing.get_format_display()}: {hearing.theme}")
    countries = ", ".join(country.name for country in hearing.countries)
    ngos = ", ".join(interest.partner.name for interest in hearing.selected_interests)
    description = [hearing.description, "", countries]
    if ngos:
        description.append(ngos)
    description.append(url)
    event.add("description", "\n".join(str(line) for line in description))
    location = ", ".join(part for part in (hearing.place, hearing.online_link) if part)
    if location:
        event.add("location", location)
    event.add("url", url)
    event.add("status", "CONFIRMED")
    cal.add_component(event)
    return cal.to_ical()
