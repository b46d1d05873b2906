"""The hearings' files of the dump: dialogue requests of Member States in a
public state (accepted, scheduled, held), their sectors and the Member
States that joined them.

Only the public columns are read: never the internal notes, nor the account
that made the request. A hearing's event is given only when that event is
published, so that the foreign key to events.csv holds.
"""

from __future__ import annotations

from django.db.models import Case, CharField, F, QuerySet, When

from dialogue.models import PUBLIC_STATES, CoSponsor, DialogueRequest
from dialogue.selectors import hearing_list_public
from portal.open_data.tables import (
    EVENT_FK,
    SECTOR,
    SECTOR_FK,
    Field,
    Resource,
    cell,
    link_table,
    page_url,
    rows_of,
    translated,
)

HEARING_FK = ("hearing", "hearings", "id")


def _hearing_url(pk):
    return page_url("dialogue:detail", pk=pk)


def _hearing(source: str) -> Field:
    """The column naming a hearing, read through ``source``."""
    return Field("hearing", "integer", "The hearing (hearings.id).", source=source, required=True)


# ---------------------------------------------------------------- public rows


def _hearings() -> QuerySet:
    # Only the public columns are read (values_list), never the internal notes.
    return (
        hearing_list_public()
        .prefetch_related(None)
        .annotate(
            public_event=Case(
                When(event__published=True, then=F("event__slug")),
                default=None,
                output_field=CharField(),
            )
        )
        .order_by("pk")
    )


def _hearing_sectors() -> QuerySet:
    return DialogueRequest.sectors.through.objects.filter(
        dialoguerequest__state__in=PUBLIC_STATES
    ).order_by("dialoguerequest_id", "sector__position")


def _cosponsors() -> QuerySet:
    return (
        CoSponsor.objects.filter(joined_at__isnull=False, request__state__in=PUBLIC_STATES)
        .order_by("request_id", "country")
        .distinct()
    )


# ---------------------------------------------------------------- fields


def _hearing_fields() -> list[Field]:
    return [
        Field("id", "integer", "Identifier of the hearing.", required=True),
        Field(
            "country",
            "string",
            "Member State that asked for it (ISO 3166-1 alpha-2).",
            convert=cell,
        ),
        *translated("theme", "string", "Theme"),
        *translated("description", "string", "Description"),
        Field("original_language", "string", "Language the request was written in."),
        Field(
            "setting",
            "string",
            "Where it takes place: 'png-committee', "
            "'general-conference', 'ciong', 'national-commission' or 'other'.",
        ),
        Field("format", "string", "'hearing', 'thematic-debate' or 'round-table'."),
        Field("state", "string", "'accepted', 'scheduled' or 'held'."),
        Field("scheduled_at", "datetime", "Start (UTC), once scheduled."),
        Field("ends_at", "datetime", "End (UTC), once scheduled."),
        Field("time_zone", "string", "IANA time zone of the place."),
        Field("place", "string", "Place."),
        Field(
            "event",
            "string",
            "The forum or CIONG session it is part of (events.slug), if any.",
            source="public_event",
        ),
        *translated("summary", "string", "Summary of the outcome"),
        *translated("follow_up", "string", "Follow-up actions"),
        Field(
            "url",
            "string",
            "Address of the hearing's page (English).",
            source="pk",
            convert=_hearing_url,
        ),
    ]


# ---------------------------------------------------------------- files


def hearing_resources() -> list[Resource]:
    """The hearings' files, in the order of datapackage.json."""
    hearing_fields = _hearing_fields()
    return [
        Resource(
            "hearings",
            "Hearings and debates with Member States",
            "Dialogue requests of Member States that UNESCO accepted, scheduled or held.",
            hearing_fields,
            rows_of(_hearings, hearing_fields),
            primary_key=["id"],
            foreign_keys=[EVENT_FK],
        ),
        link_table(
            "hearing_sectors",
            "Sectors of each hearing",
            "The UNESCO sectors a hearing concerns.",
            _hearing_sectors,
            [_hearing("dialoguerequest_id"), SECTOR],
            [HEARING_FK, SECTOR_FK],
        ),
        link_table(
            "hearing_cosponsors",
            "Co-sponsoring Member States of each hearing",
            "Member States that joined a hearing's request besides the one that made it.",
            _cosponsors,
            [
                _hearing("request_id"),
                Field(
                    "country",
                    "string",
                    "Member State (ISO 3166-1 alpha-2).",
                    convert=cell,
                    required=True,
                ),
            ],
            [HEARING_FK],
        ),
    ]
