"""The downloadable template: an XLSX workbook with a Partners sheet, a
Decisions sheet and, hidden, the lists that their cells offer (statuses,
sectors, countries, regions… in the language of the download; the import
accepts them in any configured language, and the codes too)."""

import tempfile

from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from foundation.countries import UNCountries
from partners.imports.columns import decision_columns, partner_columns
from partners.imports.reader import DECISIONS, PARTNERS, SHEET_TITLES
from partners.models import Partner, PartnershipStatus, Sector, Standing, StatusChange
from partners.regions import Region

ROWS = 5000


def _lists() -> dict[str, list[str]]:
    return {
        "status": [str(label) for _value, label in PartnershipStatus.choices],
        "kind": [str(label) for _value, label in Partner.Kind.choices],
        "standing": [str(label) for _value, label in Standing.choices],
        "sectors": [sector.name for sector in Sector.objects.order_by("position", "code")],
        "country": [str(name) for _code, name in UNCountries()],
        "region": [str(label) for _value, label in Region.choices],
        "decision": [str(label) for _value, label in StatusChange.Kind.choices],
        "decided_by": [str(label) for _value, label in StatusChange.DecidedBy.choices],
    }


def _sheet(workbook, title, columns, lists, ranges, *, strict_except=()):
    sheet = workbook.create_sheet(title=str(title)[:31])
    sheet.append([str(column.label) for column in columns])
    # Help goes in comments: a second row of text would be read as a partner.
    for cell, column in zip(sheet[1], columns, strict=True):
        cell.font = Font(bold=True)
        if column.help:
            cell.comment = Comment(str(column.help), "UNESCO")
    for position, column in enumerate(columns, start=1):
        letter = get_column_letter(position)
        sheet.column_dimensions[letter].width = max(14, len(str(column.label)) + 2)
        if column.key not in lists:
            continue
        validation = DataValidation(
            type="list",
            formula1=ranges[column.key],
            allow_blank=True,
            # Several sectors go in one cell: the list suggests, it does not refuse.
            showErrorMessage=column.key not in strict_except,
        )
        validation.error = _("Choose a value from the list.")
        sheet.add_data_validation(validation)
        validation.add(f"{letter}2:{letter}{ROWS + 1}")
    sheet.freeze_panes = "A2"
    return sheet


def template_workbook():
    """The template as a temporary file, at position 0."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    lists = _lists()
    values = workbook.create_sheet(title=_("Lists")[:31])
    ranges = {}
    for position, (key, items) in enumerate(lists.items(), start=1):
        letter = get_column_letter(position)
        values.cell(row=1, column=position, value=key)
        for row, item in enumerate(items, start=2):
            values.cell(row=row, column=position, value=item)
        ranges[key] = f"'{values.title}'!${letter}$2:${letter}${len(items) + 1}"
    partner_lists = {
        key: lists[key] for key in ("status", "kind", "standing", "sectors", "country", "region")
    }
    decision_lists = {key: lists[key] for key in ("decision", "decided_by", "country")}
    decision_ranges = {**ranges, "status": ranges["status"]}
    _sheet(
        workbook,
        SHEET_TITLES[PARTNERS],
        partner_columns(),
        partner_lists,
        ranges,
        strict_except={"sectors"},
    )
    _sheet(
        workbook,
        SHEET_TITLES[DECISIONS],
        decision_columns(),
        {**decision_lists, "status": lists["status"]},
        decision_ranges,
    )
    values.sheet_state = "hidden"
    workbook.move_sheet(values, offset=2)
    handle = tempfile.TemporaryFile()  # noqa: SIM115 - the response closes it
    workbook.save(handle)
    handle.seek(0)
    return handle


def template_filename() -> str:
    return f"unesco-ngo-partners-import-template-{translation.get_language()}.xlsx"
