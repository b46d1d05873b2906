"""Spreadsheet downloads for every app: CSV streamed row by row, XLSX built in
write-only mode, and cells that can never run as formulas.

Cells that a spreadsheet would evaluate (starting with =, +, -, @, a tab or a
carriage return) are prefixed with an apostrophe by `neutralize`: what a
partner or a participant typed must never run as a formula on a Secretariat
computer. Each app's rows pass their cells through it; these responses only
write what they are given.
"""

import csv
import tempfile
from collections.abc import Iterable, Sequence

from django.http import FileResponse, StreamingHttpResponse
from django.utils import translation
from openpyxl import Workbook

from foundation.uploads import XLSX

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralize(value) -> str:
    text = "" if value is None else str(value)
    text = text.replace("\x00", "")
    if text.startswith(FORMULA_PREFIXES):
        return "'" + text
    return text


class _Echo:
    """A file that hands back what is written to it: csv.writer then formats one row at a time."""

    def write(self, value):
        return value


def csv_response(rows: Iterable[Sequence], *, filename: str) -> StreamingHttpResponse:
    """`rows` as a CSV attachment, streamed: memory stays flat however many rows.

    UTF-8 with a byte-order mark, so that spreadsheet programs read it. `rows`
    is read after the view returns, when the request's language may no longer
    be active: the language of the call is kept for it (lazy rows, such as a
    generator over a queryset's iterator, are translated as the page would be).
    """
    writer = csv.writer(_Echo())
    language = translation.get_language()

    def stream():
        with translation.override(language):
            yield "\ufeff"
            for row in rows:
                yield writer.writerow(row)

    response = StreamingHttpResponse(stream(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def xlsx_response(rows: Iterable[Sequence], *, filename: str, sheet_title: str) -> FileResponse:
    """`rows` as a one-sheet XLSX attachment.

    openpyxl's write-only mode keeps one row in memory; the workbook is
    assembled in a temporary file and streamed from there.
    """
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=sheet_title[:31])  # the longest title Excel accepts
    for row in rows:
        sheet.append(row)
    handle = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes it
    workbook.save(handle)
    handle.seek(0)
    return FileResponse(handle, as_attachment=True, filename=filename, content_type=XLSX)
