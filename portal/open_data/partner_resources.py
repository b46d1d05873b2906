"""The partners' files of the dump: the UNESCO sectors, published partners
(ended partnerships included), their sectors, the decisions on each
partnership as the profile's timeline shows them, and their public actions.

A partner's delegates are counted per country, never named; a partner's own
email and phone are never selected.
"""

from __future__ import annotations

from django.db.models import Count, QuerySet

from foundation.countries import codes_of
from foundation.links import site_url
from partners.models import Action, Delegate, Partner, Sector, StatusChange
from partners.regions import region_of
from partners.selectors import action_list_public, partner_list_public
from portal.open_data.tables import (
    PARTNER,
    PARTNER_FK,
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


def _partner_url(slug):
    return page_url("partners:detail", slug=slug)


def _logo_url(name):
    if not name:
        return ""
    return site_url(Partner._meta.get_field("logo").storage.url(name))


# ---------------------------------------------------------------- public rows


def _sectors() -> QuerySet:
    return Sector.objects.order_by("position", "code")


def _partners() -> QuerySet:
    return partner_list_public().order_by("slug")


def _partner_sectors() -> QuerySet:
    return Partner.sectors.through.objects.filter(partner__published=True).order_by(
        "partner__slug", "sector__position"
    )


def _delegate_countries() -> QuerySet:
    return (
        Delegate.objects.filter(is_active=True, partner__published=True)
        .values("partner__slug", "country")
        .annotate(delegates=Count("pk"))
        .order_by("partner__slug", "country")
    )


def _history() -> QuerySet:
    return StatusChange.objects.filter(partner__published=True).order_by(
        "partner__slug", "decided_on", "created_at", "pk"
    )


def _actions() -> QuerySet:
    return action_list_public().order_by("pk")


def _action_sectors() -> QuerySet:
    return Action.sectors.through.objects.filter(
        action__in=action_list_public().order_by()
    ).order_by("action_id", "sector__position")


# ---------------------------------------------------------------- fields


def _sector_fields() -> list[Field]:
    return [
        Field("code", "string", "Code of the UNESCO sector.", required=True),
        *translated("name", "string", "Name of the sector"),
    ]


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


def _delegate_country_fields() -> list[Field]:
    return [
        PARTNER,
        Field("country", "string", "Country (ISO 3166-1 alpha-2).", required=True),
        Field("delegates", "integer", "Active delegates in the country."),
    ]


def _history_fields() -> list[Field]:
    kinds = ", ".join(f"'{value}'" for value in StatusChange.Kind.values)
    return [
        Field("id", "integer", "Identifier of the decision.", required=True),
        PARTNER,
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
        PARTNER,
        *translated("title", "string", "Title"),
        *translated("text", "string", "Description"),
        Field("start_date", "date", "Start date, if given."),
        Field("end_date", "date", "End date, if given."),
        Field(
            "countries",
            "string",
            "Countries of the action (ISO 3166-1 alpha-2, separated by ';').",
            convert=codes_of,
        ),
        Field("link", "string", "Link to more information."),
    ]


# ---------------------------------------------------------------- files


def partner_resources() -> list[Resource]:
    """The sectors, then the partners' files, in the order of datapackage.json."""
    sector_fields = _sector_fields()
    partner_fields = _partner_fields()
    delegate_country_fields = _delegate_country_fields()
    history_fields = _history_fields()
    action_fields = _action_fields()
    return [
        Resource(
            "sectors",
            "UNESCO sectors",
            "The five programme sectors of UNESCO.",
            sector_fields,
            rows_of(_sectors, sector_fields),
            primary_key=["code"],
        ),
        Resource(
            "partners",
            "Partners",
            "NGOs in official partnership with UNESCO and foundations in official relations, "
            "as their public profiles show them (ended partnerships included).",
            partner_fields,
            rows_of(_partners, partner_fields),
            primary_key=["slug"],
        ),
        link_table(
            "partner_sectors",
            "Sectors of each partner",
            "The UNESCO sectors a partner works in.",
            _partner_sectors,
            [PARTNER, SECTOR],
            [PARTNER_FK, SECTOR_FK],
        ),
        Resource(
            "partner_delegate_countries",
            "Countries of each partner's delegates",
            "The number of active delegates a partner has in a country (their names are "
            "on the profile, not in the dump).",
            delegate_country_fields,
            rows_of(_delegate_countries, delegate_country_fields),
            primary_key=["partner", "country"],
            foreign_keys=[PARTNER_FK],
        ),
        Resource(
            "status_history",
            "Decisions on the partnerships",
            "Each partner's admission, changes of status, renewals, suspensions and ends, "
            "as the profile's timeline shows them.",
            history_fields,
            rows_of(_history, history_fields),
            primary_key=["id"],
            foreign_keys=[PARTNER_FK],
        ),
        Resource(
            "actions",
            "Actions reported by partners",
            "Field work the partners report, tied to UNESCO programmes.",
            action_fields,
            rows_of(_actions, action_fields),
            primary_key=["id"],
            foreign_keys=[PARTNER_FK],
        ),
        link_table(
            "action_sectors",
            "Sectors of each action",
            "The UNESCO sectors an action concerns.",
            _action_sectors,
            [
                Field(
                    "action",
                    "integer",
                    "The action (actions.id).",
                    source="action_id",
                    required=True,
                ),
                SECTOR,
            ],
            [("action", "actions", "id"), SECTOR_FK],
        ),
    ]
