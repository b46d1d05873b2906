import csv
import io

import pytest
from openpyxl import load_workbook

from tests.factories import ContactFactory, PartnerFactory

pytestmark = pytest.mark.django_db


def read_csv(response):
    content = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(content)))


def test_csv_export_follows_the_current_filter(client):
    culture = PartnerFactory(
        name_en="Culture Org", sectors=["culture"], website="https://c.example.org"
    )
    ContactFactory(partner=culture, email="public@c.example.org", is_public=True)
    ContactFactory(partner=culture, email="private@c.example.org", is_public=False)
    PartnerFactory(name_en="Education Org", sectors=["education"])
    response = client.get("/en/partners/export.csv?sector=culture")
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = read_csv(response)
    assert rows[0][0] == "Name"
    assert len(rows) == 2
    assert rows[1][0] == "Culture Org"
    assert rows[1][4] == "Culture"
    assert rows[1][8] == "public@c.example.org"
    assert "private@c.example.org" not in str(rows)


@pytest.mark.parametrize("dangerous", ['=HYPERLINK("http://evil")', "+1+1", "-2+3", "@SUM(A1)"])
def test_exports_neutralise_formulas(client, dangerous):
    PartnerFactory(name_en=dangerous, city=dangerous)
    rows = read_csv(client.get("/en/partners/export.csv"))
    assert rows[1][0] == "'" + dangerous
    response = client.get("/en/partners/export.xlsx")
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True)
    values = [cell.value for cell in next(workbook.active.iter_rows(min_row=2, max_row=2))]
    assert values[0] == "'" + dangerous
    assert values[6] == "'" + dangerous


def test_csv_headers_are_translated(client):
    PartnerFactory()
    rows = read_csv(client.get("/fr/partners/export.csv"))
    assert rows[0][0] == "Nom"


def test_export_query_count_does_not_grow_with_rows(client, django_assert_max_num_queries):
    for index in range(30):
        PartnerFactory(name_en=f"Org {index}", sectors=["culture"])
    with django_assert_max_num_queries(8):
        rows = read_csv(client.get("/en/partners/export.csv"))
    assert len(rows) == 31


def test_markup_is_kept_as_text_in_exports(client):
    PartnerFactory(name_en="<b>Bold</b> Org")
    rows = read_csv(client.get("/en/partners/export.csv"))
    assert rows[1][0] == "<b>Bold</b> Org"
