"""The schema.org ``Event`` of a forum or CIONG session page (JSON-LD).

Google's Event rich results need ``name``, ``startDate`` and ``location``;
an event with neither venue nor city is described as online, at its page.
"""

from django.utils.html import strip_tags
from django.utils.text import Truncator

from foundation.languages import language_codes
from foundation.links import site_url

UNESCO = {"@type": "Organization", "name": "UNESCO", "url": "https://www.unesco.org"}


def _location(event, url: str) -> dict:
    if not (event.venue or event.city):
        return {"@type": "VirtualLocation", "url": url}
    return {
        "@type": "Place",
        "name": event.venue or event.city,
        "address": {
            "@type": "PostalAddress",
            "addressLocality": event.city,
            "addressCountry": event.country.code if event.country else "",
        },
    }


def event_json_ld(event, *, programme=()) -> dict:
    """Reads the event's prefetched organisers and programme (as
    ``forums.selectors.event_get`` loads them): no query of its own."""
    url = site_url(event.get_absolute_url())
    in_person = bool(event.venue or event.city)
    interpretation = {code for item in programme for code in item.interpretation}
    languages = [code for code in language_codes() if code in interpretation]
    organisers = [
        {"@type": "NGO", "name": partner.name, "url": site_url(partner.get_absolute_url())}
        for partner in event.organisers.all()
    ]
    return {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": event.title,
        "description": Truncator(strip_tags(event.theme or event.description or "")).words(60),
        "url": url,
        "startDate": event.start_date.isoformat(),
        "endDate": event.end_date.isoformat(),
        # Events are announced, open, closed or held: none is cancelled or moved.
        "eventStatus": "https://schema.org/EventScheduled",
        "eventAttendanceMode": (
            "https://schema.org/OfflineEventAttendanceMode"
            if in_person
            else "https://schema.org/OnlineEventAttendanceMode"
        ),
        "location": _location(event, url),
        "organizer": [UNESCO, *organisers],
        "inLanguage": languages or language_codes(),
    }
