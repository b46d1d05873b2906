"""Registrations of an event as CSV or XLSX for the Secretariat.

Every cell goes through foundation.exports.neutralize: what an NGO typed must
never run as a spreadsheet formula.
"""

from collections.abc import Iterator

from django.http import FileResponse, StreamingHttpResponse
from django.utils.translation import gettext as _

from foundation import exports
from foundation.exports import neutralize


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
            partner.region_name,
            registration.full_name,
            registration.email,
            registration.position,
        ]
        if event.is_ciong:
            row.append(_("yes") if registration.is_voting_delegate else "")
        row.append(registration.created_at.date().isoformat())
        yield [neutralize(value) for value in row]


def _rows(event, registrations) -> Iterator[list[str]]:
    yield header_row(event)
    yield from rows(event, registrations)


def csv_response(event, registrations) -> StreamingHttpResponse:
    return exports.csv_response(
        _rows(event, registrations), filename=f"registrations-{event.slug}.csv"
    )


def xlsx_response(event, registrations) -> FileResponse:
    return exports.xlsx_response(
        _rows(event, registrations),
        filename=f"registrations-{event.slug}.xlsx",
        sheet_title=_("Registrations"),
    )
