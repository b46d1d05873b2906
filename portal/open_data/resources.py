"""What the open-data dump holds: one tabular resource per CSV file, each with
the Table Schema that datapackage.json publishes and the rows that fill it.

Only public data, read through the same public filters as the pages: published
partners (their public decisions, public actions, sectors and the countries of
their active delegates, counted, never named), published events and their
programme, hearings in a public state, working groups and the metadata of
their published documents, and the statistics page's figures. No person's
email, phone or name is in the dump: public contacts are shown on a profile
one by one, not handed out in bulk under an open licence.

Lists (a partner's sectors, an event's organisers) are link
tables of their own rather than cells to split, so that the foreign keys hold
and a spreadsheet user can join them.
"""

from __future__ import annotations

from collections.abc import Callable

from django.db.models import Case, CharField, Count, F, QuerySet, When
from django.urls import reverse

from dialogue.models import PUBLIC_STATES, CoSponsor, DialogueRequest
from dialogue.selectors import hearing_list_public
from forums.models import Document, Event, ProgrammeItem, WorkingGroup
from forums.selectors import event_list_public
from partners.models import Action, Delegate, Partner, Sector, StatusChange
from partners.regions import region_of
from partners.selectors import action_list_public, partner_list_public
from portal.open_data.statistics import EVENT, statistics_resources
from portal.open_data.tables import Field, Resource, absolute, cell, stream, translated


def _partner_url(slug):
    return absolute(reverse("partners:detail", kwargs={"slug": slug}))


def _event_url(slug):
    return absolute(reverse("forums:detail", kwargs={"slug": slug}))


def _group_url(slug):
    return absolute(reverse("working_groups:detail", kwargs={"slug": slug}))


def _hearing_url(pk):
    return absolute(reverse("dialogue:detail", kwargs={"pk": pk}))


def _document_url(group, pk):
    return absolute(reverse("working_groups:document", kwargs={"slug": group, "pk": pk}))


def _logo_url(name):
    if not name:
        return ""
    return absolute(Partner._meta.get_field("logo").storage.url(name))


def _countries(value) -> list[str]:
    """A multiple CountryField's value as ISO codes."""
    if not value:
        return []
    if isinstance(value, str):
        return [code for code in value.split(",") if code]
    return [getattr(country, "code", country) for country in value]


# ---------------------------------------------------------------- public rows


def _partners() -> QuerySet:
    return partner_list_public().order_by("slug")


def _events() -> QuerySet:
    return event_list_public().order_by("start_date", "slug")


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


def _documents() -> QuerySet:
    return Document.objects.filter(published_version__isnull=False).order_by("pk")


def _groups() -> QuerySet:
    return WorkingGroup.objects.annotate(
        public_coordinator=Case(
            When(coordinating_partner__published=True, then=F("coordinating_partner__slug")),
            default=None,
            output_field=CharField(),
        )
    ).order_by("slug")


PARTNER = Field("partner", "string", "The partner's slug (partners.slug).", required=True)
SECTOR = Field("sector", "string", "The UNESCO sector's code (sectors.code).", required=True)


def _partner_fields() -> list[Field]:
    return [
        Field(
            "slug", "string", "Stable identifier of the partner, used in its URL.", required=True
        ),
        *translated("name", "string", "Name of the organisation"),
        Field("acronym", "string", "Acronym, if any."),
        Field("kind", "string", "'ngo' (non-governmental organisation) or 'foundation'."),
        Field(
            "status",
            "string",
            "Partnership status: 'consultative', 'associate' or 'official-relations' "
            "(foundations).",
        ),
        Field("status_since", "date", "Date since which the current status applies."),
        Field("standing", "string", "'active', 'suspended' or 'ended'."),
        Field("standing_since", "date", "Date since which the standing applies."),
        Field("since", "date", "Date of the first admission to the partnership."),
        Field("admission_decision_date", "date", "Date of the admission decision."),
        Field(
            "admission_reference",
            "string",
            "Reference of the admission decision, e.g. DG/7/17/1815.",
            source="decision_reference",
        ),
        Field(
            "admission_executive_board_session",
            "integer",
            "Number of the Executive Board session informed of the admission.",
            source="executive_board_session",
        ),
        Field("next_review_date", "date", "Date by which the partnership is next reviewed."),
        Field("address", "string", "Street address of the headquarters."),
        Field("city", "string", "City of the headquarters."),
        Field(
            "country", "string", "Country of the headquarters (ISO 3166-1 alpha-2).", convert=cell
        ),
        Field(
            "region",
            "string",
            "UNESCO region of the headquarters: 'africa', 'arab-states', "
            "'asia-pacific', 'europe-north-america' or 'latin-america-caribbean'.",
            source="country",
            convert=lambda c: region_of(cell(c)) or "",
        ),
        Field(
            "website",
            "string",
            "The organisation's website.",
        ),
        Field("founding_year", "integer", "Year the organisation was founded."),
        *translated("mission", "string", "Mission statement"),
        Field("logo_url", "string", "Address of the logo image.", source="logo", convert=_logo_url),
        Field(
            "profile_url",
            "string",
            "Address of the public profile (English).",
            source="slug",
            convert=_partner_url,
        ),
        Field("updated_at", "datetime", "Last change of the profile (UTC)."),
    ]


def _history_fields() -> list[Field]:
    kinds = ", ".join(f"'{value}'" for value in StatusChange.Kind.values)
    return [
        Field("id", "integer", "Identifier of the decision.", required=True),
        Field("partner", "string", PARTNER.description, source="partner__slug", required=True),
        Field("decision", "string", f"Kind of decision: {kinds}.", source="kind"),
        Field("decided_by", "string", "'director-general' or 'executive-board', if known."),
        Field("status", "string", "Status after the decision."),
        Field("previous_status", "string", "Status before the decision, if any."),
        Field("decided_on", "date", "Date of the decision.", required=True),
        Field("reference", "string", "Reference of the decision."),
        Field("executive_board_session", "integer", "Executive Board session, if any."),
    ]


def _action_fields() -> list[Field]:
    return [
        Field("id", "integer", "Identifier of the action.", required=True),
        Field("partner", "string", PARTNER.description, source="partner__slug", required=True),
        *translated("title", "string", "Title"),
        *translated("text", "string", "Description"),
        Field("start_date", "date", "Start date, if given."),
        Field("end_date", "date", "End date, if given."),
        Field(
            "countries",
            "string",
            "Countries of the action (ISO 3166-1 alpha-2, separated by ';').",
            convert=_countries,
        ),
        Field("link", "string", "Link to more information."),
    ]


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
        Field("event", "string", EVENT.description, source="event__slug", required=True),
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


def _group_fields() -> list[Field]:
    return [
        Field("slug", "string", "Stable identifier of the working group.", required=True),
        *translated("name", "string", "Name"),
        *translated("mandate", "string", "Mandate"),
        Field("created_on", "date", "Date the group was set up."),
        Field(
            "coordinating_partner",
            "string",
            "Coordinating NGO (partners.slug), if it is a published partner.",
            source="public_coordinator",
        ),
        Field("active", "boolean", "Whether the group is active.", source="is_active"),
        Field(
            "url",
            "string",
            "Address of the group's page (English).",
            source="slug",
            convert=_group_url,
        ),
    ]


def _document_fields() -> list[Field]:
    return [
        Field("id", "integer", "Identifier of the document.", required=True),
        Field(
            "working_group",
            "string",
            "The working group (working_groups.slug).",
            source="working_group__slug",
            required=True,
        ),
        Field("kind", "string", "'guide', 'proposal', 'report' or 'minutes'."),
        *translated("title", "string", "Title"),
        *translated("summary", "string", "Summary"),
        Field("document_date", "date", "Date of the document."),
        Field("published_at", "datetime", "When the published version was published (UTC)."),
        Field(
            "version",
            "integer",
            "Number of the published version.",
            source="published_version__number",
        ),
        Field(
            "url",
            "string",
            "Address of the document's page (English).",
            source=("working_group__slug", "pk"),
            convert=_document_url,
        ),
    ]


# ---------------------------------------------------------------- the package


def _rows(queryset_factory: Callable[[], QuerySet], fields: list[Field]) -> Callable:
    return lambda: stream(queryset_factory(), fields)


def _link(name, title, description, queryset_factory, fields, keys) -> Resource:
    return Resource(
        name,
        title,
        description,
        fields,
        _rows(queryset_factory, fields),
        primary_key=[f.name for f in fields if f.required],
        foreign_keys=keys,
    )


def resources() -> list[Resource]:
    """Every resource of the dump, in the order of datapackage.json."""
    partner_fields = _partner_fields()
    history_fields = _history_fields()
    action_fields = _action_fields()
    event_fields = _event_fields()
    programme_fields = _programme_fields()
    hearing_fields = _hearing_fields()
    group_fields = _group_fields()
    document_fields = _document_fields()
    sector_fields = [
        Field("code", "string", "Code of the UNESCO sector.", required=True),
        *translated("name", "string", "Name of the sector"),
    ]
    partner_ref = ("partner", "partners", "slug")
    return [
        Resource(
            "sectors",
            "UNESCO sectors",
            "The five programme sectors of UNESCO.",
            sector_fields,
            _rows(lambda: Sector.objects.order_by("position", "code"), sector_fields),
            primary_key=["code"],
        ),
        Resource(
            "partners",
            "Partners",
            "NGOs in official partnership with UNESCO and foundations in official relations, "
            "as their public profiles show them (ended partnerships included).",
            partner_fields,
            _rows(_partners, partner_fields),
            primary_key=["slug"],
        ),
        _link(
            "partner_sectors",
            "Sectors of each partner",
            "The UNESCO sectors a partner works in.",
            lambda: Partner.sectors.through.objects.filter(partner__published=True).order_by(
                "partner__slug", "sector__position"
            ),
            [
                Field(
                    "partner", "string", PARTNER.description, source="partner__slug", required=True
                ),
                Field("sector", "string", SECTOR.description, source="sector__code", required=True),
            ],
            [partner_ref, ("sector", "sectors", "code")],
        ),
        Resource(
            "partner_delegate_countries",
            "Countries of each partner's delegates",
            "The number of active delegates a partner has in a country (their names are "
            "on the profile, not in the dump).",
            [
                PARTNER,
                Field("country", "string", "Country (ISO 3166-1 alpha-2).", required=True),
                Field("delegates", "integer", "Active delegates in the country."),
            ],
            lambda: stream(
                Delegate.objects.filter(is_active=True, partner__published=True)
                .values("partner__slug", "country")
                .annotate(delegates=Count("pk"))
                .order_by("partner__slug", "country"),
                [
                    Field("partner", "string", "", source="partner__slug"),
                    Field("country", "string", ""),
                    Field("delegates", "integer", ""),
                ],
            ),
            primary_key=["partner", "country"],
            foreign_keys=[partner_ref],
        ),
        Resource(
            "status_history",
            "Decisions on the partnerships",
            "Each partner's admission, changes of status, renewals, suspensions and ends, "
            "as the profile's timeline shows them.",
            history_fields,
            _rows(
                lambda: StatusChange.objects.filter(partner__published=True).order_by(
                    "partner__slug", "decided_on", "created_at", "pk"
                ),
                history_fields,
            ),
            primary_key=["id"],
            foreign_keys=[partner_ref],
        ),
        Resource(
            "actions",
            "Actions reported by partners",
            "Field work the partners report, tied to UNESCO programmes.",
            action_fields,
            _rows(lambda: action_list_public().order_by("pk"), action_fields),
            primary_key=["id"],
            foreign_keys=[partner_ref],
        ),
        _link(
            "action_sectors",
            "Sectors of each action",
            "The UNESCO sectors an action concerns.",
            lambda: Action.sectors.through.objects.filter(
                action__in=action_list_public().order_by()
            ).order_by("action_id", "sector__position"),
            [
                Field(
                    "action",
                    "integer",
                    "The action (actions.id).",
                    source="action_id",
                    required=True,
                ),
                Field("sector", "string", SECTOR.description, source="sector__code", required=True),
            ],
            [("action", "actions", "id"), ("sector", "sectors", "code")],
        ),
        Resource(
            "events",
            "Forums and sessions of the International Conference of NGOs",
            "International NGO Forums, sessions of the International Conference of NGOs "
            "and other published meetings.",
            event_fields,
            _rows(_events, event_fields),
            primary_key=["slug"],
        ),
        _link(
            "event_organisers",
            "Organising NGOs of each event",
            "The partners that organise an event.",
            lambda: Event.organisers.through.objects.filter(
                event__published=True, partner__published=True
            ).order_by("event__start_date", "event__slug", "partner__slug"),
            [
                Field("event", "string", EVENT.description, source="event__slug", required=True),
                Field(
                    "partner", "string", PARTNER.description, source="partner__slug", required=True
                ),
            ],
            [("event", "events", "slug"), partner_ref],
        ),
        Resource(
            "programme",
            "Programme of the events",
            "Time slots of each event's programme: plenaries, parallel sessions, workshops, "
            "breaks.",
            programme_fields,
            _rows(
                lambda: ProgrammeItem.objects.filter(event__published=True).order_by(
                    "event__start_date", "event__slug", "day", "start_time", "room", "pk"
                ),
                programme_fields,
            ),
            primary_key=["id"],
            foreign_keys=[("event", "events", "slug")],
        ),
        Resource(
            "hearings",
            "Hearings and debates with Member States",
            "Dialogue requests of Member States that UNESCO accepted, scheduled or held.",
            hearing_fields,
            _rows(_hearings, hearing_fields),
            primary_key=["id"],
            foreign_keys=[("event", "events", "slug")],
        ),
        _link(
            "hearing_sectors",
            "Sectors of each hearing",
            "The UNESCO sectors a hearing concerns.",
            lambda: DialogueRequest.sectors.through.objects.filter(
                dialoguerequest__state__in=PUBLIC_STATES
            ).order_by("dialoguerequest_id", "sector__position"),
            [
                Field(
                    "hearing",
                    "integer",
                    "The hearing (hearings.id).",
                    source="dialoguerequest_id",
                    required=True,
                ),
                Field("sector", "string", SECTOR.description, source="sector__code", required=True),
            ],
            [("hearing", "hearings", "id"), ("sector", "sectors", "code")],
        ),
        _link(
            "hearing_cosponsors",
            "Co-sponsoring Member States of each hearing",
            "Member States that joined a hearing's request besides the one that made it.",
            lambda: (
                CoSponsor.objects.filter(joined_at__isnull=False, request__state__in=PUBLIC_STATES)
                .order_by("request_id", "country")
                .distinct()
            ),
            [
                Field(
                    "hearing",
                    "integer",
                    "The hearing (hearings.id).",
                    source="request_id",
                    required=True,
                ),
                Field(
                    "country",
                    "string",
                    "Member State (ISO 3166-1 alpha-2).",
                    convert=cell,
                    required=True,
                ),
            ],
            [("hearing", "hearings", "id")],
        ),
        Resource(
            "working_groups",
            "Working groups of the Liaison Committee",
            "The Liaison Committee's working groups.",
            group_fields,
            _rows(_groups, group_fields),
            primary_key=["slug"],
            foreign_keys=[("coordinating_partner", "partners", "slug")],
        ),
        _link(
            "working_group_members",
            "Member NGOs of each working group",
            "The partners that are members of a working group.",
            lambda: WorkingGroup.member_partners.through.objects.filter(
                partner__published=True
            ).order_by("workinggroup__slug", "partner__slug"),
            [
                Field(
                    "working_group",
                    "string",
                    "The working group (working_groups.slug).",
                    source="workinggroup__slug",
                    required=True,
                ),
                Field(
                    "partner", "string", PARTNER.description, source="partner__slug", required=True
                ),
            ],
            [("working_group", "working_groups", "slug"), partner_ref],
        ),
        Resource(
            "documents",
            "Published working-group documents (metadata)",
            "Guides, proposals, reports and minutes the working groups published: their "
            "description, not their files (linked from each document's page).",
            document_fields,
            _rows(_documents, document_fields),
            primary_key=["id"],
            foreign_keys=[("working_group", "working_groups", "slug")],
        ),
        *statistics_resources(),
    ]
