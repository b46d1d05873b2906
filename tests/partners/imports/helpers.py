"""Files for the import tests, built in memory."""

import io

from django.utils import translation
from openpyxl import Workbook

from partners.imports.reader import open_source
from partners.imports.services import import_partners

HEAD = "slug,name_en,name_fr,acronym,status,since,sectors,country,city\n"


def source(data: bytes, name: str = "partners.csv"):
    return open_source(io.BytesIO(data), name=name)


def csv_bytes(text: str) -> bytes:
    return text.encode("utf-8")


def xlsx_bytes(partners: list[list], decisions: list[list] | None = None) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Partners"
    for row in partners:
        sheet.append(row)
    if decisions is not None:
        second = workbook.create_sheet("Decisions")
        for row in decisions:
            second.append(row)
    handle = io.BytesIO()
    workbook.save(handle)
    return handle.getvalue()


def run(data: bytes, *, decisions: bytes | None = None, language="en", name="p.csv", **options):
    """Import `data` (a dry run unless told otherwise) with `language` active."""
    options.setdefault("dry_run", True)
    with translation.override(language):
        return import_partners(
            source=source(data, name),
            decisions=source(decisions, "d.csv") if decisions is not None else None,
            **options,
        )


def problems(report) -> dict[tuple[str, int, str], str]:
    """{(sheet, row, column): message}."""
    return {(p.sheet, p.row, p.column): p.message for p in report.problems}
