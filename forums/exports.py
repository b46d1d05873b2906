"""Registrations of an event as CSV or XLSX for the Secretariat.

Every cell goes through partners.exports.neutralize: what an NGO typed must
never run as a spreadsheet formula.
"""

import csv
import tempfile
from collections.abc import Iterator

from django.http import FileResponse, StreamingHttpResponse
from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import Workbook

from partners.exports import neutralize
from partners.regions import region_label


def header_row(event) -> list[str]:
    row = [
        _("Organisation"),
        _("Acronym"),
        _("Country"),
        _("Region"),
        _("Full name"),
        _("Email"),
        _("Position"),
    ]
    if event.is_ciong:
        row.append(_("Voting delegate"))
    row.append(_("Registered on"))
    return row


def rows(event, registrations) -> Iterator[list[str]]:
    for registration in registrations.iterator(chunk_size=500):
        partner = registration.partner
        row = [
            partner.name,
            partner.acronym,
            partner.country.name,
            region_label(partner.region) if partner.region else "",
            registration.full_name,
            registration.email,
            registration.position,
        ]
        if event.is_ciong:
            row.append(_("yes") if registration.is_voting_delegate else "")
        row.append(registration.created_at.date().isoformat())
        yield [neutralize(value) for value in row]


class _Echo:
    def write(self, value):
        return value


def csv_response(event, registrations) -> StreamingHttpResponse:
    writer = csv.writer(_Echo())
    language = translation.get_language()

    def stream():
        with translation.override(language):
            yield "\ufeff"
            yield writer.writerow(header_row(event))
            for row in rows(event, registrations):
                yield writer.writerow(row)

    response = StreamingHttpResponse(stream(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="registrations-{event.slug}.csv"'
    return response


def xlsx_response(event, registrations) -> FileResponse:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=_("Registrations")[:31])
    sheet.append(header_row(event))
    for row in rows(event, registrations):
        sheet.append(row)
    handle = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes it
    workbook.save(handle)
    handle.seek(0)
    return FileResponse(
        handle,
        as_attachment=True,
        filename=f"registrations-{event.slug}.xlsx",
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
