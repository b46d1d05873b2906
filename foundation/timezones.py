"""A short list of time zones, by city and UTC offset, for people to choose from.

The IANA database has about 600 names ("America/Argentina/ComodRivadavia",
"W-SU", "localtime"…); a delegate scheduling a hearing wants a city they know
and its offset. One city per offset where UNESCO's Member States meet, more
where several capitals share an offset but not the same summer time. Any valid
IANA name stays accepted (a value stored earlier is offered back as it is).
"""

import datetime
import zoneinfo

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

CITIES = {
    "Pacific/Honolulu": _("Honolulu"),
    "America/Anchorage": _("Anchorage"),
    "America/Los_Angeles": _("Los Angeles"),
    "America/Denver": _("Denver"),
    "America/Mexico_City": _("Mexico City"),
    "America/Chicago": _("Chicago"),
    "America/Bogota": _("Bogotá"),
    "America/Lima": _("Lima"),
    "America/New_York": _("New York"),
    "America/Caracas": _("Caracas"),
    "America/Port_of_Spain": _("Port of Spain"),
    "America/Santiago": _("Santiago"),
    "America/Sao_Paulo": _("São Paulo"),
    "America/Argentina/Buenos_Aires": _("Buenos Aires"),
    "Atlantic/Cape_Verde": _("Praia"),
    "UTC": _("Coordinated Universal Time"),
    "Europe/London": _("London"),
    "Africa/Dakar": _("Dakar"),
    "Africa/Abidjan": _("Abidjan"),
    "Europe/Paris": _("Paris"),
    "Europe/Berlin": _("Berlin"),
    "Africa/Lagos": _("Lagos"),
    "Africa/Kinshasa": _("Kinshasa"),
    "Africa/Cairo": _("Cairo"),
    "Africa/Johannesburg": _("Johannesburg"),
    "Europe/Athens": _("Athens"),
    "Europe/Kyiv": _("Kyiv"),
    "Europe/Istanbul": _("Istanbul"),
    "Europe/Moscow": _("Moscow"),
    "Africa/Nairobi": _("Nairobi"),
    "Asia/Riyadh": _("Riyadh"),
    "Asia/Tehran": _("Tehran"),
    "Asia/Dubai": _("Dubai"),
    "Asia/Kabul": _("Kabul"),
    "Asia/Karachi": _("Karachi"),
    "Asia/Tashkent": _("Tashkent"),
    "Asia/Kolkata": _("New Delhi"),
    "Asia/Kathmandu": _("Kathmandu"),
    "Asia/Dhaka": _("Dhaka"),
    "Asia/Yangon": _("Yangon"),
    "Asia/Bangkok": _("Bangkok"),
    "Asia/Jakarta": _("Jakarta"),
    "Asia/Shanghai": _("Beijing"),
    "Asia/Singapore": _("Singapore"),
    "Asia/Manila": _("Manila"),
    "Asia/Tokyo": _("Tokyo"),
    "Asia/Seoul": _("Seoul"),
    "Pacific/Port_Moresby": _("Port Moresby"),
    "Australia/Sydney": _("Sydney"),
    "Pacific/Noumea": _("Nouméa"),
    "Pacific/Fiji": _("Suva"),
    "Pacific/Auckland": _("Wellington"),
    "Pacific/Tongatapu": _("Nuku'alofa"),
}


def utc_offset(name: str, when: datetime.datetime | None = None) -> datetime.timedelta:
    when = when or timezone.now()
    return when.astimezone(zoneinfo.ZoneInfo(name)).utcoffset() or datetime.timedelta(0)


def _format_offset(offset: datetime.timedelta) -> str:
    minutes = int(offset.total_seconds()) // 60
    sign = "+" if minutes >= 0 else "−"
    hours, minutes = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours:02d}:{minutes:02d}"


def label(name: str, when: datetime.datetime | None = None) -> str:
    """'(UTC+01:00) Paris': the offset on `when` (now by default), then the city."""
    city = CITIES.get(name, name)
    return f"({_format_offset(utc_offset(name, when))}) {city}"


def time_zone_choices(
    current: str = "", when: datetime.datetime | None = None
) -> list[tuple[str, str]]:
    """The short list, ordered by offset then city; `current` added if outside it."""
    names = list(CITIES)
    # "localtime" and the like are files of the database, not zones to offer.
    if (
        current
        and current not in CITIES
        and "/" in current
        and current in zoneinfo.available_timezones()
    ):
        names.append(current)
    return sorted(
        ((name, label(name, when)) for name in names),
        key=lambda choice: (utc_offset(choice[0], when), choice[1]),
    )
