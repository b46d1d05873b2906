"""The events' files of the dump: published forums, CIONG sessions and
meetings, their organising NGOs (published partners only) and their
programme. No registration, delegate or speaker is in them.
"""

from __future__ import annotations

from django.db.models import QuerySet

from forums.models import Event, ProgrammeItem
from forums.selectors import event_list_public
from portal.open_data.tables import (
    EVENT,
    EVENT_FK,
    PARTNER,
    PARTNER_FK,
    Field,
    Resource,
    cell,
    link_table,
    page_url,
    rows_of,
    translated,
)


def _event_url(slug):
    return page_url("forums:detail", slug=slug)


# ---------------------------------------------------------------- public rows


def _events() -> QuerySet:
    return event_list_public().order_by("start_date", "slug")


def _organisers() -> QuerySet:
    return Event.organisers.through.objects.filter(
        event__published=True, partner__published=True
    ).order_by("event__start_date", "event__slug", "partner__slug")


def _programme() -> QuerySet:
    return ProgrammeItem.objects.filter(event__published=True).order_by(
        "event__start_date", "event__slug", "day", "start_time", "room", "pk"
    )


# ---------------------------------------------------------------- fields


def _event_fields() -> list[Field]:
    return [
        Field("slug", "string", "Stable identifier of the event, used in its URL.", required=True),
        Field(
            "kind",
            "string",
            "'forum' (International NGO Forum), 'ciong' (session of the "
            "International Conference of NGOs) or 'meeting'.",
        ),
        *translated("title", "string", "Title"),
        *translated("theme", "string", "Theme"),
        *translated("description", "string", "Description"),
        Field("start_date", "date", "First day.", required=True),
        Field("end_date", "date", "Last day.", required=True),
        Field("time_zone", "string", "IANA time zone of the programme's times."),
        Field("venue", "string", "Venue."),
        Field("city", "string", "City."),
        Field("country", "string", "Country (ISO 3166-1 alpha-2).", convert=cell),
        Field("host_country", "string", "Host Member State (ISO 3166-1 alpha-2).", convert=cell),
        Field(
            "state",
            "string",
            "'announced', 'open' (registration open), 'closed' (registration closed) or 'held'.",
        ),
        Field(
            "url",
            "string",
            "Address of the event's page (English).",
            source="slug",
            convert=_event_url,
        ),
    ]


def _programme_fields() -> list[Field]:
    return [
        Field("id", "integer", "Identifier of the programme item.", required=True),
        EVENT,
        Field("day", "date", "Day.", required=True),
        Field("start_time", "time", "Start time, in the event's time zone.", required=True),
        Field("end_time", "time", "End time, in the event's time zone.", required=True),
        *translated("title", "string", "Title"),
        *translated("description", "string", "Description"),
        Field("room", "string", "Room."),
        Field("kind", "string", "'plenary', 'parallel', 'workshop', 'break' or 'social'."),
        Field(
            "interpretation", "string", "Interpretation languages (ISO 639-1, separated by ';')."
        ),
    ]


# ---------------------------------------------------------------- files


def event_resources() -> list[Resource]:
    """The events' files, in the order of datapackage.json."""
    event_fields = _event_fields()
    programme_fields = _programme_fields()
    return [
        Resource(
            "events",
            "Forums and sessions of the International Conference of NGOs",
            "International NGO Forums, sessions of the International Conference of NGOs "
            "and other published meetings.",
            event_fields,
            rows_of(_events, event_fields),
            primary_key=["slug"],
        ),
        link_table(
            "event_organisers",
            "Organising NGOs of each event",
            "The partners that organise an event.",
            _organisers,
            [EVENT, PARTNER],
            [EVENT_FK, PARTNER_FK],
        ),
        Resource(
            "programme",
            "Programme of the events",
            "Time slots of each event's programme: plenaries, parallel sessions, workshops, "
            "breaks.",
            programme_fields,
            rows_of(_programme, programme_fields),
            primary_key=["id"],
            foreign_keys=[EVENT_FK],
        ),
    ]
