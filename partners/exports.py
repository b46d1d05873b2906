"""Directory exports as CSV and XLSX, streamed row by row.

Cells that a spreadsheet would evaluate (starting with =, +, -, @, a tab or
a carriage return) are prefixed with an apostrophe: partner data must never
run as a formula on a Secretariat computer.
"""

import csv
import tempfile
from collections.abc import Iterator

from django.http import FileResponse, StreamingHttpResponse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from openpyxl import Workbook

from partners.models import Contact, Partner

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
CHUNK_SIZE = 500


def neutralize(value) -> str:
    text = "" if value is None else str(value)
    text = text.replace("\x00", "")
    if text.startswith(FORMULA_PREFIXES):
        return "'" + text
    return text


def header_row() -> list[str]:
    return [
        _("Name"),
        _("Acronym"),
        _("Status"),
        _("Since"),
        _("Sectors"),
        _("Country"),
        _("City"),
        _("Website"),
        _("Public contact email"),
    ]


def partner_rows(queryset) -> Iterator[list[str]]:
    from django.db.models import Prefetch

    queryset = queryset.prefetch_related(
        Prefetch(
            "contacts",
            queryset=Contact.objects.filter(is_public=True).order_by("pk"),
            to_attr="export_contacts",
        ),
    )
    for partner in queryset.iterator(chunk_size=CHUNK_SIZE):
        contact_email = partner.export_contacts[0].email if partner.export_contacts else ""
        yield [
            neutralize(value)
            for value in (
                partner.name,
                partner.acronym,
                partner.get_status_display(),
                partner.since.isoformat(),
                "; ".join(sector.name for sector in partner.sectors.all()),
                partner.country.name,
                partner.city,
                partner.website,
                contact_email or partner.email,
            )
        ]


class _Echo:
    def write(self, value):
        return value


def _filename(extension: str) -> str:
    return f"unesco-ngo-partners-{timezone.localdate().isoformat()}.{extension}"


def csv_response(queryset) -> StreamingHttpResponse:
    writer = csv.writer(_Echo())
    # The body is produced after the view returns, when the request's
    # language may no longer be active: capture it now.
    language = translation.get_language()

    def stream():
        with translation.override(language):
            # A byte-order mark so that spreadsheet programs read UTF-8.
            yield "\ufeff"
            yield writer.writerow(header_row())
            for row in partner_rows(queryset):
                yield writer.writerow(row)

    response = StreamingHttpResponse(stream(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_filename("csv")}"'
    return response


def xlsx_response(queryset: "Partner") -> FileResponse:
    # openpyxl's write-only mode keeps one row in memory; the workbook is
    # assembled in a temporary file and streamed from there.
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=_("Partners")[:31])
    sheet.append(header_row())
    for row in partner_rows(queryset):
        sheet.append(row)
    handle = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes it
    workbook.save(handle)
    handle.seek(0)
    return FileResponse(
        handle,
        as_attachment=True,
        filename=_filename("xlsx"),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
