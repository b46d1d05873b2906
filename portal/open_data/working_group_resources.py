"""The working groups' files of the dump: the Liaison Committee's working
groups, their member NGOs (published partners only) and the metadata of
their published documents, not the documents' files (each document's page
links them).

A group's coordinating NGO is given only when it is a published partner, so
that the foreign key to partners.csv holds.
"""

from __future__ import annotations

from django.db.models import Case, CharField, F, QuerySet, When

from forums.models import Document, WorkingGroup
from portal.open_data.tables import (
    PARTNER,
    PARTNER_FK,
    Field,
    Resource,
    link_table,
    page_url,
    rows_of,
    translated,
)

WORKING_GROUP_FK = ("working_group", "working_groups", "slug")


def _group_url(slug):
    return page_url("working_groups:detail", slug=slug)


def _document_url(group, pk):
    return page_url("working_groups:document", slug=group, pk=pk)


def _working_group(source: str) -> Field:
    """The column naming a working group, read through ``source``."""
    return Field(
        "working_group",
        "string",
        "The working group (working_groups.slug).",
        source=source,
        required=True,
    )


# ---------------------------------------------------------------- public rows


def _groups() -> QuerySet:
    return WorkingGroup.objects.annotate(
        public_coordinator=Case(
            When(coordinating_partner__published=True, then=F("coordinating_partner__slug")),
            default=None,
            output_field=CharField(),
        )
    ).order_by("slug")


def _members() -> QuerySet:
    return WorkingGroup.member_partners.through.objects.filter(partner__published=True).order_by(
        "workinggroup__slug", "partner__slug"
    )


def _documents() -> QuerySet:
    return Document.objects.filter(published_version__isnull=False).order_by("pk")


# ---------------------------------------------------------------- fields


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
        _working_group("working_group__slug"),
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


# ---------------------------------------------------------------- files


def working_group_resources() -> list[Resource]:
    """The working groups' files, in the order of datapackage.json."""
    group_fields = _group_fields()
    document_fields = _document_fields()
    return [
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
            _members,
            [_working_group("workinggroup__slug"), PARTNER],
            [WORKING_GROUP_FK, PARTNER_FK],
        ),
        Resource(
            "documents",
            "Published working-group documents (metadata)",
            "Guides, proposals, reports and minutes the working groups published: their "
            "description, not their files (linked from each document's page).",
            document_fields,
            rows_of(_documents, document_fields),
            primary_key=["id"],
            foreign_keys=[WORKING_GROUP_FK],
        ),
    ]
