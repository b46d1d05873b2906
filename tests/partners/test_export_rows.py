"""partners.exports cell by cell: the header in each language, every column of
a full row (labels, sectors in the UNESCO order, the first public contact,
the latest decision), an empty row, chunking, the file's name and sheet."""

import datetime
import io

import pytest
from django.utils import timezone, translation
from openpyxl import load_workbook

from partners import exports
from partners.models import Partner, Sector, StatusChange
from tests.factories import ContactFactory, PartnerFactory

pytestmark = pytest.mark.django_db

HEADER = {
    "en": [
        "Name",
        "Acronym",
        "Status",
        "Since",
        "Sectors",
        "Country",
        "City",
        "Website",
        "Public contact email",
        "Standing",
        "Latest decision",
    ],
    "fr": [
        "Nom",
        "Sigle",
        "Statut",
        "Depuis",
        "Secteurs",
        "Pays",
        "Ville",
        "Site web",
        "Courriel de contact public",
        "Situation",
        "Dernière décision",
    ],
    "es": [
        "Nombre",
        "Sigla",
        "Estatus",
        "Desde",
        "Sectores",
        "País",
        "Ciudad",
        "Sitio web",
        "Correo electrónico de contacto público",
        "Situación",
        "Última decisión",
    ],
}


@pytest.mark.parametrize("language", ["fr", "en", "es"])
def test_the_header_names_every_column_in_order_in_each_language(language):
    with translation.override(language):
        assert exports.header_row() == HEADER[language]


def _decision(partner, kind, decided_on, reference, **extra):
    return StatusChange.objects.create(
        partner=partner,
        kind=kind,
        status=partner.status,
        decided_on=decided_on,
        reference=reference,
        decided_by=StatusChange.DecidedBy.DIRECTOR_GENERAL,
        **extra,
    )


def test_a_full_row_shows_each_column_as_a_reader_expects():
    partner = PartnerFactory(
        name_en="World Association of Girl Guides",
        acronym="WAGGGS",
        status="associate",
        since=datetime.date(2012, 5, 4),
        sectors=["culture", "education"],
        country="SN",
        city="Dakar",
        website="https://wagggs.example.org",
        standing="suspended",
    )
    ContactFactory(partner=partner, email="private@example.org", is_public=False)
    ContactFactory(partner=partner, email="first@example.org", is_public=True)
    ContactFactory(partner=partner, email="second@example.org", is_public=True)
    _decision(partner, "suspension", datetime.date(2025, 7, 1), "DG/S/3")
    # Same day, entered later: the later entry is the latest decision.
    _decision(partner, "reinstatement", datetime.date(2025, 7, 1), "DG/R/4")
    # Entered last, decided long before: history filled in, not the latest.
    _decision(partner, "admission", datetime.date(2012, 5, 4), "DG/A/1")
    with translation.override("en"):
        [row] = list(exports.partner_rows(Partner.objects.filter(pk=partner.pk)))
    assert row == [
        "World Association of Girl Guides",
        "WAGGGS",
        "Associate status",
        "2012-05-04",
        "Education; Culture",
        "Senegal",
        "Dakar",
        "https://wagggs.example.org",
        "first@example.org",
        "Suspended",
        "End of suspension 2025-07-01 (DG/R/4)",
    ]


def test_sectors_follow_the_order_the_secretariat_gives_them_then_their_code():
    partner = PartnerFactory(sectors=["education", "culture", "natural-sciences"])
    # Culture moved up beside Education; a tie is broken by the code.
    # (Culture written last, so that a read without the code's tie-break would
    # meet it after Education.)
    Sector.objects.filter(code="education").update(position=1)
    Sector.objects.filter(code="culture").update(position=1)
    with translation.override("en"):
        [row] = list(exports.partner_rows(Partner.objects.filter(pk=partner.pk)))
    assert row[4] == "Culture; Education; Natural Sciences"


def test_a_row_without_sectors_contact_or_decisions_leaves_those_cells_empty():
    partner = PartnerFactory(name_en="Quiet NGO", sectors=[], status="consultative")
    ContactFactory(partner=partner, email="private@example.org", is_public=False)
    with translation.override("en"):
        [row] = list(exports.partner_rows(Partner.objects.filter(pk=partner.pk)))
    assert (row[2], row[4], row[8], row[9], row[10]) == (
        "Consultative status",
        "",
        "",
        "Active",
        "",
    )


def test_rows_keep_the_querysets_order_across_chunks(monkeypatch):
    monkeypatch.setattr(exports, "CHUNK_SIZE", 2)
    for letter in "EDCBA":
        PartnerFactory(name_en=f"Chunked {letter}", sectors=["education"])
    chunked = Partner.objects.filter(name_en__startswith="Chunked").order_by("name_en")
    assert [(row[0], row[4]) for row in exports.partner_rows(chunked)] == [
        (f"Chunked {letter}", "Education") for letter in "ABCDE"
    ]


def test_the_files_are_named_by_the_day_and_the_sheet_by_its_content(client):
    PartnerFactory(name_en="Named NGO")
    today = timezone.localdate().isoformat()
    csv = client.get("/en/partners/export.csv")
    assert f'filename="unesco-ngo-partners-{today}.csv"' in csv["Content-Disposition"]
    xlsx = client.get("/es/partners/export.xlsx")
    assert f'filename="unesco-ngo-partners-{today}.xlsx"' in xlsx["Content-Disposition"]
    workbook = load_workbook(io.BytesIO(b"".join(xlsx.streaming_content)), read_only=True)
    assert workbook.sheetnames == ["Asociados"]


def test_values_the_portal_no_longer_offers_are_shown_by_their_stored_names():
    partner = PartnerFactory(name_en="Old NGO")
    decision = _decision(partner, "admission", datetime.date(1998, 3, 2), "16 C/Res.11")
    # Rows imported from the old registry, under values the portal no longer lists.
    StatusChange.objects.filter(pk=decision.pk).update(kind="reclassification")
    Partner.objects.filter(pk=partner.pk).update(status="category-b", standing="dormant")
    with translation.override("en"):
        [row] = list(exports.partner_rows(Partner.objects.filter(pk=partner.pk)))
    assert (row[2], row[9], row[10]) == (
        "category-b",
        "dormant",
        "reclassification 1998-03-02 (16 C/Res.11)",
    )
