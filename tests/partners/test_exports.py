import csv
import datetime
import gc
import io
import tracemalloc

import pytest
from openpyxl import load_workbook

from partners.models import Contact, Partner
from tests.factories import ContactFactory, PartnerFactory, sector_for

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


@pytest.mark.parametrize(
    "dangerous",
    ['=HYPERLINK("http://evil")', "+1+1", "-2+3", "@SUM(A1)", "\t=1+1", "\r=1+1"],
    ids=["equals", "plus", "minus", "at", "tab", "carriage-return"],
)
def test_exports_neutralise_formulas(client, dangerous):
    PartnerFactory(name_en=dangerous, city=dangerous)
    rows = read_csv(client.get("/en/partners/export.csv"))
    assert rows[1][0] == "'" + dangerous
    response = client.get("/en/partners/export.xlsx")
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True)
    values = [cell.value for cell in next(workbook.active.iter_rows(min_row=2, max_row=2))]
    in_xml = dangerous.replace("\r", "\n")  # an XML parser reads a carriage return as a newline
    assert values[0] == "'" + in_xml
    assert values[6] == "'" + in_xml


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


@pytest.mark.parametrize(("chunk_size", "queries"), [(500, 3), (10, 5)])
def test_export_costs_two_queries_plus_one_per_chunk(
    client, django_assert_num_queries, monkeypatch, chunk_size, queries
):
    # Sector names, the rows (one server-side cursor), then the sector links
    # of each chunk: 30 rows are one chunk of 500 or three chunks of 10.
    from partners import exports

    monkeypatch.setattr(exports, "CHUNK_SIZE", chunk_size)
    for index in range(30):
        partner = PartnerFactory(name_en=f"Org {index:02}", sectors=["culture", "education"])
        ContactFactory(partner=partner, email=f"org{index}@example.org", is_public=True)
    with django_assert_num_queries(queries):
        rows = read_csv(client.get("/en/partners/export.csv?sector=culture"))
    assert len(rows) == 31
    assert rows[30] == [
        "Org 29",
        partner.acronym,
        "Consultative status",
        "2017-03-15",
        "Education; Culture",
        "France",
        "Paris",
        "",
        "org29@example.org",
        "Active",
        "",
    ]


def test_markup_is_kept_as_text_in_exports(client):
    PartnerFactory(name_en="<b>Bold</b> Org")
    rows = read_csv(client.get("/en/partners/export.csv"))
    assert rows[1][0] == "<b>Bold</b> Org"


def bulk_partners(count):
    """`count` published partners, one in five associate, each with a sector and
    a public contact; inserted in bulk, without the search vectors the export
    does not read."""
    sectors = [sector_for(code) for code in ("education", "culture", "natural-sciences")]
    partners = Partner.objects.bulk_create(
        Partner(
            slug=f"bulk-{index}",
            name_en=f"Bulk Association {index:05}",
            name_fr=f"Association en nombre {index:05}",
            acronym=f"BA{index}",
            status="associate" if index % 5 == 0 else "consultative",
            since=datetime.date(2000 + index % 25, 1, 1),
            country="SN" if index % 2 else "FR",
            city="City",
            website=f"https://bulk-{index}.example.org",
        )
        for index in range(count)
    )
    Partner.sectors.through.objects.bulk_create(
        Partner.sectors.through(partner_id=partner.pk, sector_id=sectors[index % 3].pk)
        for index, partner in enumerate(partners)
    )
    Contact.objects.bulk_create(
        Contact(
            partner=partner, name="Contact", email=f"c@{partner.slug}.example.org", is_public=True
        )
        for partner in partners
    )


def export_peak_memory(client, query):
    """Rows and peak traced Python memory of one CSV export, after a warm-up."""
    b"".join(client.get("/en/partners/export.csv" + query).streaming_content)
    gc.collect()
    tracemalloc.start()
    try:
        response = client.get("/en/partners/export.csv" + query)
        rows = sum(chunk.count(b"\n") for chunk in response.streaming_content) - 1
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    return rows, peak


def test_export_memory_does_not_grow_with_rows(client):
    # Model instances with prefetch caches form reference cycles, which only
    # the cyclic garbage collector frees: memory then grew with the row count
    # (6 MB for 1,000 rows, 23 MB for 5,000). Rows read as tuples, chunk by
    # chunk, keep the peak bounded by the chunk size.
    bulk_partners(5000)
    small_rows, small_peak = export_peak_memory(client, "?status=associate")
    all_rows, all_peak = export_peak_memory(client, "")
    assert (small_rows, all_rows) == (1000, 5000)
    assert all_peak < 1.5 * small_peak, (small_peak, all_peak)


@pytest.mark.parametrize("extension", ["csv", "xlsx"])
def test_export_never_shows_a_partners_private_email(client, extension):
    # The partner's own address is an internal one (not on its public page);
    # with no public contact, the cell stays empty rather than falling back.
    partner = PartnerFactory(name_en="Quiet Org", email="office@quiet.example.org")
    ContactFactory(partner=partner, email="private@quiet.example.org", is_public=False)
    response = client.get(f"/en/partners/export.{extension}")
    if extension == "csv":
        rows = read_csv(response)
    else:
        workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True)
        rows = [[cell.value or "" for cell in row] for row in workbook.active.iter_rows()]
    assert rows[1][0] == "Quiet Org"
    assert rows[1][8] == ""
    assert "quiet.example.org" not in str(rows)
