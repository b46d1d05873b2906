"""foundation.exports: the one CSV and XLSX download, and cells that never run as formulas."""

import io

from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import load_workbook

from foundation.exports import csv_response, neutralize, xlsx_response


def test_a_cell_that_a_spreadsheet_would_evaluate_is_kept_as_text():
    assert [neutralize(v) for v in ["=1+1", "+33 1", "-2", "@SUM", "\tx", None, 7, "a\x00b"]] == [
        "'=1+1",
        "'+33 1",
        "'-2",
        "'@SUM",
        "'\tx",
        "",
        "7",
        "ab",
    ]


def test_a_csv_is_streamed_with_a_byte_order_mark_in_the_language_of_the_request():
    def rows():
        yield [_("Name")]
        yield ["Comité"]

    with translation.override("fr"):
        response = csv_response(rows(), filename="partners.csv")
    # Read once the view has returned and its language is no longer active.
    with translation.override("en"):
        body = b"".join(response.streaming_content)
    assert response["Content-Disposition"] == 'attachment; filename="partners.csv"'
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert body.decode("utf-8").startswith("\ufeffNom\r\nComité\r\n")


def test_an_xlsx_holds_the_rows_on_one_named_sheet():
    response = xlsx_response(
        [["Name"], ["Comité"]],
        filename="partners.xlsx",
        sheet_title="A title longer than Excel allows",
    )
    assert response["Content-Disposition"] == 'attachment; filename="partners.xlsx"'
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    body = b"".join(response.streaming_content)
    # The whole file from its first byte: Python's zipfile would still read
    # one that lost its start, a spreadsheet program would not.
    assert body.startswith(b"PK\x03\x04")
    workbook = load_workbook(io.BytesIO(body), read_only=True)
    (sheet,) = workbook.worksheets
    assert sheet.title == "A title longer than Excel allows"[:31]
    assert list(sheet.iter_rows(values_only=True)) == [("Name",), ("Comité",)]
