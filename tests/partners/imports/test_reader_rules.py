"""The reader's rules one by one: which files it refuses and in which words,
how it finds a workbook's sheets and a CSV file's delimiter."""

import io
import zipfile

import pytest
from django.utils import translation
from openpyxl import Workbook

from partners.imports import reader
from partners.imports.reader import FileRefused, open_source
from partners.models import Partner, StatusChange
from tests.partners.imports.helpers import HEAD, csv_bytes, run, xlsx_bytes

pytestmark = pytest.mark.django_db

ROW = "alpha,Alpha NGO,ONG Alpha,ALPHA,consultative,2015-03-01,education,SN,Dakar\n"
PARTNER_ROWS = [HEAD.strip().split(","), ROW.strip().split(",")]
DECISION_ROWS = [
    ["slug", "decision", "status", "decided_on", "reference"],
    ["alpha", "admission", "consultative", "2015-03-01", "DG/1/15/1"],
]
NOT_A_SPREADSHEET = (
    "This file is neither a CSV file (UTF-8) nor an Excel workbook (XLSX). "
    "Save it as CSV UTF-8 or XLSX and try again."
)
NOT_A_SPREADSHEET_FR = (
    "Ce fichier n'est ni un fichier CSV (UTF-8) ni un classeur Excel (XLSX). "
    "Enregistrez-le en CSV UTF-8 ou en XLSX et réessayez."
)


def refusal(data: bytes, name: str = "p.csv", language: str = "en") -> str:
    """What the Secretariat is told, whether the file is refused on opening or on reading."""
    with translation.override(language):
        try:
            report = run(data, name=name, language=language)
        except FileRefused as refused:
            return str(refused.message)
        return report.refused


def workbook(sheets: dict[str, list[list]]) -> bytes:
    book = Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    handle = io.BytesIO()
    book.save(handle)
    return handle.getvalue()


def cut_short(part: str) -> bytes:
    """A workbook whose parts are all there, one of them cut in half."""
    original = zipfile.ZipFile(io.BytesIO(xlsx_bytes(PARTNER_ROWS)))
    handle = io.BytesIO()
    with zipfile.ZipFile(handle, "w", zipfile.ZIP_DEFLATED) as copy:
        for item in original.infolist():
            data = original.read(item)
            if item.filename == part:
                data = data[: len(data) // 2]
            copy.writestr(item, data)
    return handle.getvalue()


def broken_sheet_xml() -> bytes:
    return cut_short("xl/worksheets/sheet1.xml")


LONG_CSV = HEAD + ROW * 120  # past the 8 KB the opening check reads


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"", "p.csv", "The file is empty."),
        (b"%PDF-1.7\n1 0 obj <<>> endobj\n", "p.csv", NOT_A_SPREADSHEET),
        (b"PK\x03\x04 not really a zip", "p.xlsx", NOT_A_SPREADSHEET),
        # Valid UTF-8 in the first 8 KB, Latin-1 after: refused while reading.
        (csv_bytes(LONG_CSV) + "Sénégal\n".encode("latin-1"), "p.csv", NOT_A_SPREADSHEET),
        # A quoted cell past the csv module's field limit.
        (csv_bytes(HEAD + '"' + "x" * 200_000 + '"\n'), "p.csv", NOT_A_SPREADSHEET),
        (broken_sheet_xml(), "p.xlsx", NOT_A_SPREADSHEET),
        (cut_short("xl/workbook.xml"), "p.xlsx", NOT_A_SPREADSHEET),
        (csv_bytes(HEAD) + b"alpha,\x00Alpha\n", "p.csv", NOT_A_SPREADSHEET),
        (workbook({"Decisions": DECISION_ROWS}), "p.xlsx", NOT_A_SPREADSHEET),
    ],
    ids=[
        "empty",
        "pdf",
        "broken-zip",
        "latin-1-after-the-head",
        "endless-cell",
        "broken-sheet",
        "broken-workbook",
        "nul-in-text",
        "decisions-only",
    ],
)
def test_each_refusal_says_why(data, name, message):
    assert refusal(data, name) == message
    assert Partner.objects.count() == 0


def test_a_refusal_is_in_the_users_language():
    assert refusal(b"", language="fr") == "Le fichier est vide."
    assert refusal(broken_sheet_xml(), "p.xlsx", language="fr") == NOT_A_SPREADSHEET_FR


@pytest.mark.parametrize("as_workbook", [False, True], ids=["csv", "xlsx"])
def test_the_row_limit_counts_the_rows_under_the_headings(monkeypatch, as_workbook):
    monkeypatch.setattr(reader, "MAX_ROWS", 2)
    rows = [ROW.replace("alpha", slug).strip() for slug in ("alpha", "beta", "gamma")]

    def data(count):
        if as_workbook:
            return xlsx_bytes([PARTNER_ROWS[0]] + [row.split(",") for row in rows[:count]])
        return csv_bytes(HEAD + "\n".join(rows[:count]) + "\n")

    name = "p.xlsx" if as_workbook else "p.csv"
    assert run(data(2), name=name).created == 2
    assert refusal(data(3), name) == (
        "The file holds more than 2 rows. Split the list into several files."
    )


def test_the_size_limit_is_the_largest_file_accepted(settings):
    data = csv_bytes(HEAD + ROW)
    settings.UPLOAD_MAX_BYTES = len(data)
    assert open_source(io.BytesIO(data), name="p.csv").kind == "csv"
    settings.UPLOAD_MAX_BYTES = len(data) - 1
    assert refusal(data) == (
        f"The file is {len(data)}\xa0bytes; the limit is {len(data) - 1}\xa0bytes. "
        "Split the list into several files."
    )


@pytest.mark.parametrize(
    ("partners", "decisions"),
    [
        ("Partners", "Decisions"),
        ("Partenaires", "Décisions"),
        ("Asociados", "Decisiones"),
        ("PARTENAIRES", "decisions"),
    ],
)
def test_a_workbooks_two_sheets_are_found_by_their_title_in_any_language(partners, decisions):
    # The decisions first: the order of the sheets does not matter.
    data = workbook({decisions: DECISION_ROWS, partners: PARTNER_ROWS})
    report = run(data, name="p.xlsx", dry_run=False)
    assert (report.created, report.decisions_added) == (1, 1), report.problems
    assert Partner.objects.get().name_en == "Alpha NGO"
    assert StatusChange.objects.get().reference == "DG/1/15/1"


def test_a_sheet_with_another_title_holds_the_partners():
    data = workbook({"Decisions": DECISION_ROWS, "Feuil1": PARTNER_ROWS})
    report = run(data, name="p.xlsx", dry_run=False)
    assert (report.created, report.decisions_added) == (1, 1), report.problems


def test_a_csv_file_has_no_decisions_sheet():
    source = open_source(io.BytesIO(csv_bytes(HEAD + ROW)), name="p.csv")
    assert not source.has(reader.DECISIONS)


@pytest.mark.parametrize(
    ("heading", "delimiter"),
    [("slug;name_en;country", ";"), ("slug,name_en,country", ","), ("slug;name_en,country", ",")],
)
def test_the_delimiter_is_the_headings_commonest(heading, delimiter):
    source = open_source(io.BytesIO(csv_bytes(heading + "\n")), name="p.csv")
    assert source.delimiter == delimiter


def test_a_semicolon_file_is_read_cell_by_cell():
    data = csv_bytes(HEAD.replace(",", ";") + ROW.replace(",", ";"))
    report = run(data, dry_run=False)
    assert report.created == 1, report.problems
    assert Partner.objects.get().city == "Dakar"


def test_a_character_cut_by_the_opening_check_is_not_a_refusal():
    heading = "slug;name_en\n"
    # "é" takes two bytes: its first is the check's last (byte 8,192).
    text = heading + "a" * (8191 - len(heading)) + "é;Alpha\n"
    source = open_source(io.BytesIO(text.encode("utf-8")), name="p.csv")
    assert (source.kind, source.delimiter) == ("csv", ";")


def test_a_csv_file_saved_with_a_byte_order_mark_is_read():
    report = run(b"\xef\xbb\xbf" + csv_bytes(HEAD + ROW), dry_run=False)
    assert report.created == 1, report.problems
    assert Partner.objects.get().slug == "alpha"


def test_a_line_break_inside_a_quoted_cell_is_kept_as_written():
    data = (
        "slug,name_en,status,since,country,mission_en\r\n"
        'alpha,Alpha NGO,consultative,2015-03-01,SN,"Literacy.\r\nAnd numeracy."\r\n'
    )
    report = run(csv_bytes(data), dry_run=False)
    assert report.created == 1, report.problems
    assert Partner.objects.get().mission_en == "Literacy.\r\nAnd numeracy."


def test_a_workbook_is_read_as_one_whatever_its_name():
    source = open_source(io.BytesIO(xlsx_bytes(PARTNER_ROWS)), name="partners.csv")
    assert source.kind == "xlsx"
    assert source.sheet_names == {"partners": "Partners", "decisions": None}
