"""The file as a stream of rows, whatever its format.

Nothing is loaded whole: a CSV file is decoded line by line, an XLSX workbook
is read with openpyxl's read-only mode, which parses each sheet's XML as it
goes. Each reading starts again from the beginning of the file, so the
importer can read it twice (check, then write) without keeping rows.

The checks on the bytes are the foundation's (foundation.uploads): the size
limit, and for a zip archive the entry count and the decompressed size, so
a zip bomb posing as XLSX is refused before openpyxl opens it.
"""

import csv
import io
import pickle
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.template.defaultfilters import filesizeformat
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from foundation.languages import language_codes
from foundation.uploads import XLSX, check_upload
from partners.search import normalize

# A directory of a few thousand partners fits many times over; a file past
# these is a mistake, not a list of partners.
MAX_ROWS = 20_000
MAX_COLUMNS = 100

NOT_A_SPREADSHEET = _(
    "This file is neither a CSV file (UTF-8) nor an Excel workbook (XLSX). "
    "Save it as CSV UTF-8 or XLSX and try again."
)
TOO_LARGE = _("The file is %(size)s; the limit is %(limit)s. Split the list into several files.")
# UTF-8, with or without the byte order mark spreadsheet programs write.
ENCODING = "utf-8-sig"
TOO_MANY_ROWS = _("The file holds more than %(limit)s rows. Split the list into several files.")


class FileRefused(Exception):
    """The file cannot be read at all; `message` says why, in the user's language."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


PARTNERS = "partners"
DECISIONS = "decisions"
SHEET_TITLES = {PARTNERS: _("Partners"), DECISIONS: _("Decisions")}


@dataclass
class Source:
    """One uploaded or local file, checked; `sheets` says where each sheet is."""

    handle: object  # a binary file object, seekable
    kind: str  # "csv" or "xlsx"
    delimiter: str = ","
    sheet_names: dict | None = None  # for XLSX: {PARTNERS: title, DECISIONS: title}
    # Parsing a sheet's XML is the slow part of reading a workbook, and the
    # importer reads each sheet several times: the first reading spools the
    # rows to a temporary file, the others read that back.
    _spools: dict = field(default_factory=dict, repr=False, compare=False)

    def rows(self, sheet: str) -> Iterator[list]:
        """The rows of `sheet` (headings first), each a list of cell values."""
        if self.kind == "csv":
            yield from self._csv_rows()
        else:
            yield from self._xlsx_rows(sheet)

    def has(self, sheet: str) -> bool:
        """Whether a workbook holds `sheet`; a CSV file holds the partners only."""
        return bool(self.sheet_names and self.sheet_names.get(sheet))

    def _csv_rows(self) -> Iterator[list]:
        self.handle.seek(0)
        text = io.TextIOWrapper(self.handle, encoding=ENCODING, newline="")
        try:
            for count, row in enumerate(csv.reader(text, delimiter=self.delimiter)):
                if count > MAX_ROWS:
                    raise FileRefused(_lazy_params(TOO_MANY_ROWS, limit=MAX_ROWS))
                yield row[:MAX_COLUMNS]
        except UnicodeDecodeError:
            raise FileRefused(NOT_A_SPREADSHEET) from None
        except csv.Error:
            raise FileRefused(NOT_A_SPREADSHEET) from None
        finally:
            # The wrapper would close the caller's file when collected.
            text.detach()

    def _xlsx_rows(self, sheet: str) -> Iterator[list]:
        if sheet in self._spools:
            yield from _read_back(self._spools[sheet])
            return
        spool = tempfile.TemporaryFile()  # noqa: SIM115 -- kept for the next readings
        for row in self._parse_xlsx(sheet):
            pickle.dump(row, spool)
            yield row
        self._spools[sheet] = spool

    def _parse_xlsx(self, sheet: str) -> Iterator[list]:
        workbook = _workbook(self.handle)
        try:
            worksheet = workbook[self.sheet_names[sheet]]
            for count, row in enumerate(worksheet.iter_rows(values_only=True)):
                if count > MAX_ROWS:
                    raise FileRefused(_lazy_params(TOO_MANY_ROWS, limit=MAX_ROWS))
                yield list(row[:MAX_COLUMNS])
        except FileRefused:
            raise
        except Exception:  # noqa: BLE001 -- a broken sheet XML is the user's file, not a bug
            raise FileRefused(NOT_A_SPREADSHEET) from None
        finally:
            workbook.close()


def _read_back(spool) -> Iterator[list]:
    spool.seek(0)
    while True:
        try:
            yield pickle.load(spool)  # noqa: S301 -- our own temporary file
        except EOFError:
            return


def _workbook(handle):
    """The workbook, opened read-only (one row in memory at a time), its
    formulas as formulas (the cells refuse them); a zip archive is read from
    its end, wherever the handle stands."""
    from openpyxl import load_workbook  # noqa: PLC0415 -- only XLSX imports need it

    try:
        return load_workbook(handle, read_only=True)
    except Exception:  # noqa: BLE001 -- any unreadable workbook gets the same answer
        raise FileRefused(NOT_A_SPREADSHEET) from None


class _lazy_params:  # noqa: N801 -- a message with its parameters, rendered late
    def __init__(self, message, **params):
        self.message, self.params = message, params

    def __str__(self):
        return str(self.message) % self.params


def _sheet_names(handle) -> dict:
    workbook = _workbook(handle)
    titles = list(workbook.sheetnames)
    workbook.close()
    wanted = {}
    for sheet, label in SHEET_TITLES.items():
        names = set()
        for code in language_codes():
            with translation.override(code):
                names.add(normalize(str(label)))
        wanted[sheet] = next((title for title in titles if normalize(title) in names), None)
    if wanted[PARTNERS] is None:
        # The directory's export and most hand-made files have one sheet.
        wanted[PARTNERS] = next((t for t in titles if t != wanted[DECISIONS]), None)
    if wanted[PARTNERS] is None:
        raise FileRefused(NOT_A_SPREADSHEET)
    return wanted


def open_source(handle, *, name: str) -> Source:
    """Check a binary file object and say how to read it; raise FileRefused."""
    upload = File(handle, name=name)
    size = upload.size
    if size > settings.UPLOAD_MAX_BYTES:
        raise FileRefused(
            _lazy_params(
                TOO_LARGE,
                size=filesizeformat(size),
                limit=filesizeformat(settings.UPLOAD_MAX_BYTES),
            )
        )
    if size == 0:
        raise FileRefused(_("The file is empty."))
    upload.seek(0)
    head = upload.read(8192)
    if head.startswith(b"PK\x03\x04"):
        try:
            check_upload(upload, allowed=frozenset({XLSX}), not_accepted=NOT_A_SPREADSHEET)
        except ValidationError as error:
            raise FileRefused(error.messages[0]) from None
        return Source(handle=upload, kind="xlsx", sheet_names=_sheet_names(upload))
    # Text has no magic number: refuse what is recognisably something else,
    # then let decoding refuse the rest.
    if b"\x00" in head or filetype.guess(head) is not None:
        raise FileRefused(NOT_A_SPREADSHEET)
    try:
        decoded = head.decode(ENCODING)
    except UnicodeDecodeError as error:
        # The head may end inside a character; anything earlier is not UTF-8.
        if error.start < len(head) - 4:
            raise FileRefused(NOT_A_SPREADSHEET) from None
        decoded = head[: error.start].decode(ENCODING)
    first_line = (decoded.splitlines() or [""])[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    return Source(handle=upload, kind="csv", delimiter=delimiter)
