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

from django.db.models import Case, CharField, F, QuerySet, When
from django.urls import reverse

from forums.models import Document, WorkingGroup
from portal.open_data.event_resources import event_resources
from portal.open_data.hearing_resources import hearing_resources
from portal.open_data.partner_resources import partner_resources
from portal.open_data.statistics import statistics_resources
from portal.open_data.tables import (
    PARTNER,
    PARTNER_FK,
    Field,
    Resource,
    absolute,
    link_table,
    rows_of,
    translated,
)


def _group_url(slug):
    return absolute(reverse("working_groups:detail", kwargs={"slug": slug}))


def _document_url(group, pk):
    return absolute(reverse("working_groups:document", kwargs={"slug": group, "pk": pk}))


# ---------------------------------------------------------------- public rows


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


def resources() -> list[Resource]:
    """Every resource of the dump, in the order of datapackage.json."""
    group_fields = _group_fields()
    document_fields = _document_fields()
    return [
        *partner_resources(),
        *event_resources(),
        *hearing_resources(),
        Resource(
            "working_groups",
            "Working groups of the Liaison Committee",
            "The Liaison Committee's working groups.",
            group_fields,
            rows_of(_groups, group_fields),
            primary_key=["slug"],
            foreign_keys=[("coordinating_partner", "partners", "slug")],
        ),
        link_table(
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
            [("working_group", "working_groups", "slug"), PARTNER_FK],
        ),
        Resource(
            "documents",
            "Published working-group documents (metadata)",
            "Guides, proposals, reports and minutes the working groups published: their "
            "description, not their files (linked from each document's page).",
            document_fields,
            rows_of(_documents, document_fields),
            primary_key=["id"],
            foreign_keys=[("working_group", "working_groups", "slug")],
        ),
        *statistics_resources(),
    ]
