"""The directory's export imports back as it is; the same file twice changes
nothing; decisions build the status history in date order."""

import datetime

import pytest

from partners.models import Contact, Partner, StatusChange
from tests.factories import PartnerFactory
from tests.partners.factories import sector_for
from tests.partners.imports.helpers import csv_bytes, run

pytestmark = pytest.mark.django_db


@pytest.fixture
def directory():
    alpha = PartnerFactory(
        name_en="Alpha Network",
        name_fr="Réseau Alpha",
        acronym="ALPHA",
        country="SN",
        city="Dakar",
        status="associate",
    )
    alpha.sectors.set([sector_for("education"), sector_for("culture")])
    Contact.objects.create(partner=alpha, name="Awa", email="awa@alpha.example.org", is_public=True)
    # Text a spreadsheet would run as a formula: exported with an apostrophe.
    PartnerFactory(
        name_en="=Equals Foundation", slug="equals", acronym="-EQ", country="FR", city="+33 Paris"
    )
    # Namesakes in two countries, told apart by acronym and country.
    PartnerFactory(name_en="Same Name", slug="same-br", acronym="SN1", country="BR", city="")
    PartnerFactory(name_en="Same Name", slug="same-mx", acronym="SN2", country="MX", city="")
    return alpha


@pytest.mark.parametrize("language", ["en", "fr", "es"])
@pytest.mark.parametrize("extension", ["csv", "xlsx"])
def test_the_export_imports_back_with_no_change(client, directory, language, extension):
    response = client.get(f"/{language}/partners/export.{extension}")
    data = b"".join(response.streaming_content)
    before = list(Partner.objects.order_by("pk").values())
    report = run(data, name=f"export.{extension}", language=language, dry_run=False)
    assert not report.has_errors, report.problems
    assert report.language == language
    assert (report.created, report.updated, report.unchanged) == (0, 0, 4)
    assert report.nothing_to_change
    assert list(Partner.objects.order_by("pk").values()) == before


def test_an_edited_export_updates_only_what_changed(client, directory):
    data = b"".join(client.get("/fr/partners/export.csv").streaming_content)
    data = data.replace(b"Dakar", b"Thi\xc3\xa8s")
    report = run(data, language="fr", dry_run=False)
    assert (report.created, report.updated, report.unchanged) == (0, 1, 3)
    change = report.changes[0]
    assert (change.partner, change.action) == ("Réseau Alpha", "update")
    assert change.fields == [("Ville", "Dakar", "Thiès")]
    directory.refresh_from_db()
    assert directory.city == "Thiès"
    assert directory.profile_version == 2


PARTNERS = (
    "slug,name_en,name_fr,acronym,status,since,sectors,country,city,contact_email,contact_name\n"
    "gamma,Gamma Forum,Forum Gamma,GAM,associate,2012-05-05,Éducation; culture,Brésil,Rio,"
    "info@gamma.example.org,Info desk\n"
    "delta,Delta Foundation,Fondation Delta,DEL,official-relations,2010-01-01,,FR,Paris,,\n"
)
DECISIONS = (
    "slug,decision,status,decided_on,reference,board_session,decided_by,note\n"
    # Out of order on purpose: the history is written by date.
    "gamma,,associate,2019-01-01,DG/2/19/2,206,executive-board,\n"
    "gamma,admission,consultative,2012-05-05,DG/2/12/2,190,director-general,\n"
    "gamma,suspension,,2021-01-01,DG/2/21/2,,,No report for two cycles\n"
)


def test_decisions_build_the_status_history_in_order():
    report = run(csv_bytes(PARTNERS), decisions=csv_bytes(DECISIONS), dry_run=False)
    assert not report.has_errors, report.problems
    assert (report.created, report.decisions_added) == (2, 3)
    gamma = Partner.objects.get(slug="gamma")
    history = list(
        gamma.status_changes.order_by("decided_on").values_list(
            "kind", "status", "previous_status", "reference", "executive_board_session"
        )
    )
    assert history == [
        ("admission", "consultative", "", "DG/2/12/2", 190),
        ("status-change", "associate", "consultative", "DG/2/19/2", 206),
        ("suspension", "associate", "", "DG/2/21/2", None),
    ]
    assert (gamma.status, gamma.standing) == ("associate", "suspended")
    assert gamma.since == datetime.date(2012, 5, 5)
    assert gamma.status_since == datetime.date(2019, 1, 1)
    assert gamma.standing_since == datetime.date(2021, 1, 1)
    assert gamma.country.code == "BR"
    assert sorted(gamma.sectors.values_list("code", flat=True)) == ["culture", "education"]
    assert gamma.contacts.get().email == "info@gamma.example.org"
    delta = Partner.objects.get(slug="delta")
    assert (delta.kind, delta.status) == ("foundation", "official-relations")
    assert not delta.status_changes.exists()
    # The search index follows: French sector names find the new partner.
    assert "education" in gamma.search_text


def test_the_same_file_twice_changes_nothing_and_says_so():
    run(csv_bytes(PARTNERS), decisions=csv_bytes(DECISIONS), dry_run=False)
    count = StatusChange.objects.count()
    report = run(csv_bytes(PARTNERS), decisions=csv_bytes(DECISIONS), dry_run=False)
    assert report.nothing_to_change
    assert (report.unchanged, report.decisions_unchanged) == (2, 3)
    assert not report.applied
    assert StatusChange.objects.count() == count
    from partners.imports.report import summary_lines

    assert summary_lines(report) == [
        "Nothing to change: the directory already holds what this file says (2 rows)."
    ]


def test_a_later_decision_moves_an_existing_partner():
    run(csv_bytes(PARTNERS), decisions=csv_bytes(DECISIONS), dry_run=False)
    more = (
        "slug,decision,status,decided_on,reference,note\n"
        "gamma,reinstatement,,2022-02-02,DG/22,Reports received\n"
    )
    report = run(csv_bytes("slug\ngamma\n"), decisions=csv_bytes(more), dry_run=False)
    assert not report.has_errors, report.problems
    assert report.decisions_added == 1
    assert Partner.objects.get(slug="gamma").standing == "active"
    older = "slug,status,decided_on,reference\ngamma,associate,2020-01-01,DG/20\n"
    report = run(csv_bytes("slug\ngamma\n"), decisions=csv_bytes(older))
    assert "older than the partner's latest recorded decision" in report.problems[0].message


def test_each_decision_imported_names_who_confirmed_the_import(secretariat):
    report = run(
        csv_bytes(PARTNERS), decisions=csv_bytes(DECISIONS), dry_run=False, user=secretariat
    )
    assert report.decisions_added == 3
    assert set(StatusChange.objects.values_list("changed_by", flat=True)) == {secretariat.pk}
