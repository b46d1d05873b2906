"""The machinery of the dump's files: a column (``Field``) and a file
(``Resource``) with the Table Schema that datapackage.json publishes for them,
and ``stream``, which reads a queryset's rows as CSV cells; then what the
files of several apps share: the reference columns to partners, sectors and
events, link tables, and the addresses of public pages.

Rows are read as tuples from a server-side cursor (``values_list`` and
``iterator(chunk_size=…)``), never as model instances: the dump's memory
stays flat whatever the number of rows.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.urls import reverse

from foundation.languages import language_codes
from foundation.links import site_url

CHUNK_SIZE = 2000


@dataclass(frozen=True)
class Field:
    """A column: its Table Schema name, type and description, and where its
    value comes from (``source``, a ``values_list`` lookup, defaulting to the
    name; ``convert`` turns that value into the cell's)."""

    name: str
    type: str
    description: str
    source: str | tuple[str, ...] | None = None
    convert: Callable | None = None
    required: bool = False

    @property
    def sources(self) -> tuple[str, ...]:
        if self.source is None:
            return (self.name,)
        return self.source if isinstance(self.source, tuple) else (self.source,)

    def schema(self) -> dict:
        described = {"name": self.name, "type": self.type, "description": self.description}
        if self.required:
            described["constraints"] = {"required": True}
        return described


@dataclass(frozen=True)
class Resource:
    name: str
    title: str
    description: str
    fields: list[Field]
    rows: Callable[[], Iterable[list]]
    primary_key: list[str] = field(default_factory=list)
    # (field, resource, field of that resource)
    foreign_keys: list[tuple[str, str, str]] = field(default_factory=list)

    @property
    def path(self) -> str:
        return f"{self.name}.csv"

    def schema(self) -> dict:
        schema = {"fields": [f.schema() for f in self.fields]}
        if self.primary_key:
            schema["primaryKey"] = self.primary_key
        if self.foreign_keys:
            schema["foreignKeys"] = [
                {"fields": own, "reference": {"resource": resource, "fields": theirs}}
                for own, resource, theirs in self.foreign_keys
            ]
        return schema

    def descriptor(self) -> dict:
        return {
            "name": self.name,
            "path": self.path,
            "title": self.title,
            "description": self.description,
            "profile": "tabular-data-resource",
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            "schema": self.schema(),
        }


# ---------------------------------------------------------------- cells


def cell(value) -> str:
    """A value as the CSV writes it, in the Table Schema's default formats."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime.datetime):
        return value.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, datetime.time):
        return value.strftime("%H:%M:%S")
    if isinstance(value, list | tuple):
        return ";".join(cell(item) for item in value)
    code = getattr(value, "code", None)  # a django-countries Country
    if code is not None:
        return code or ""
    return str(value)


def page_url(view: str, **kwargs) -> str:
    """The absolute address of a public page (English, as the dump is built)."""
    return site_url(reverse(view, kwargs=kwargs))


def translated(name: str, type_: str, what: str, **kwargs) -> list[Field]:
    """One column per configured language: name_fr, name_en, name_es."""
    return [
        Field(f"{name}_{code}", type_, f"{what} in language '{code}' (ISO 639-1).", **kwargs)
        for code in language_codes()
    ]


def stream(queryset: QuerySet, fields: list[Field]) -> Iterator[list[str]]:
    """The rows of ``queryset`` for ``fields``, read chunk by chunk."""
    sources = list(dict.fromkeys(source for f in fields for source in f.sources))
    index = {source: i for i, source in enumerate(sources)}
    plan = [([index[source] for source in f.sources], f.convert or (lambda v: v)) for f in fields]
    for values in queryset.values_list(*sources).iterator(chunk_size=CHUNK_SIZE):
        yield [cell(convert(*(values[i] for i in at))) for at, convert in plan]


# ---------------------------------------------------------------- resources


def rows_of(queryset_factory: Callable[[], QuerySet], fields: list[Field]) -> Callable:
    """A resource's rows: ``queryset_factory``'s rows for ``fields``, read at build time."""
    return lambda: stream(queryset_factory(), fields)


def link_table(
    name: str,
    title: str,
    description: str,
    queryset_factory: Callable[[], QuerySet],
    fields: list[Field],
    foreign_keys: list[tuple[str, str, str]],
) -> Resource:
    """A file of pairs (a partner's sectors, a hearing's co-sponsors): its
    required columns are its primary key."""
    return Resource(
        name,
        title,
        description,
        fields,
        rows_of(queryset_factory, fields),
        primary_key=[f.name for f in fields if f.required],
        foreign_keys=foreign_keys,
    )


# ------------------------------------------------- references between files

# A column that names a row of another file, read through the model's foreign
# key of the same name; and that foreign key as Resource.foreign_keys lists it.
PARTNER = Field(
    "partner",
    "string",
    "The partner's slug (partners.slug).",
    source="partner__slug",
    required=True,
)
SECTOR = Field(
    "sector",
    "string",
    "The UNESCO sector's code (sectors.code).",
    source="sector__code",
    required=True,
)
EVENT = Field(
    "event",
    "string",
    "The event's slug (events.slug).",
    source="event__slug",
    required=True,
)
PARTNER_FK = ("partner", "partners", "slug")
SECTOR_FK = ("sector", "sectors", "code")
EVENT_FK = ("event", "events", "slug")
