"""Every kind of bad input: reported with its sheet, row, column and value, in
the user's language, and nothing written."""

import io
import zipfile

import pytest
from django.utils import translation

from partners.imports.reader import FileRefused
from partners.models import Partner, StatusChange
from tests.factories import PartnerFactory
from tests.partners.imports.helpers import HEAD, csv_bytes, problems, run, source, xlsx_bytes

pytestmark = pytest.mark.django_db

GOOD = "alpha,Alpha NGO,ONG Alpha,ALPHA,consultative,2015-03-01,education,SN,Dakar\n"


def one_problem(report):
    assert report.problem_count == 1, report.problems
    return report.problems[0]


@pytest.mark.parametrize(
    ("row", "column", "value", "english", "french"),
    [
        (
            "beta,Beta,Beta,B,consultative,2015-03-01,education,Atlantis,X\n",
            "country",
            "Atlantis",
            "Unknown country",
            "Pays inconnu",
        ),
        (
            "beta,Beta,Beta,B,consultative,2015-03-01,education; Astrology,SN,X\n",
            "sectors",
            "education; Astrology",
            "Unknown sector “Astrology”",
            "Secteur inconnu « Astrology »",
        ),
        (
            "beta,Beta,Beta,B,observer,2015-03-01,education,SN,X\n",
            "status",
            "observer",
            "Unknown status",
            "Statut inconnu",
        ),
        (
            "beta,Beta,Beta,B,consultative,31/02/2015,education,SN,X\n",
            "since",
            "31/02/2015",
            "This is not a date",
            "Ce n’est pas une date",
        ),
        (
            "beta,Beta,Beta,B,consultative,yesterday,education,SN,X\n",
            "since",
            "yesterday",
            "This is not a date",
            "Ce n’est pas une date",
        ),
        (
            'beta,"=HYPERLINK(""http://evil.example"")",Beta,B,consultative,2015-03-01,,SN,X\n',
            "name_en",
            '=HYPERLINK("http://evil.example")',
            "formula",
            "formule",
        ),
        (
            "beta,Beta,Beta,B,consultative,2015-03-01,,SN,@SUM(A1)\n",
            "city",
            "@SUM(A1)",
            "formula",
            "formule",
        ),
    ],
)
def test_a_bad_cell_is_reported_with_row_column_and_value_in_two_languages(
    row, column, value, english, french
):
    data = csv_bytes(HEAD + GOOD + row)
    for language, words in (("en", english), ("fr", french)):
        report = run(data, language=language)
        problem = one_problem(report)
        assert (problem.row, problem.column, problem.value) == (3, column, value)
        assert words in problem.message
        assert problem.sheet == ("Partners" if language == "en" else "Partenaires")
    assert Partner.objects.count() == 0


def test_with_any_problem_nothing_is_written():
    data = csv_bytes(HEAD + GOOD + "beta,Beta,Beta,B,consultative,2015-03-01,,Atlantis,X\n")
    report = run(data, dry_run=False)
    assert report.problem_count == 1
    assert not report.applied
    assert Partner.objects.count() == 0


def test_the_valid_rows_only_when_the_secretariat_chooses():
    data = csv_bytes(HEAD + GOOD + "beta,Beta,Beta,B,consultative,2015-03-01,,Atlantis,X\n")
    report = run(data, dry_run=False, valid_only=True)
    assert report.applied
    assert (report.created, report.skipped) == (1, 1)
    assert list(Partner.objects.values_list("slug", flat=True)) == ["alpha"]
    assert problems(report)[("Partners", 3, "country")].startswith("Unknown country")
    assert report.problem_count == 1


def test_valid_rows_only_leaves_out_a_duplicate_and_reports_it_once():
    data = csv_bytes(HEAD + GOOD + GOOD)
    report = run(data, dry_run=False, valid_only=True)
    assert (report.created, report.skipped, report.problem_count) == (1, 1, 1)
    assert Partner.objects.count() == 1


def test_duplicates_inside_the_file_name_the_first_row():
    data = csv_bytes(HEAD + GOOD + GOOD.replace("alpha,", "alpha,", 1))
    problem = one_problem(run(data))
    assert (problem.row, problem.column) == (3, "slug")
    assert problem.message == "Duplicate: row 2 already describes this partner."
    with translation.override("fr"):
        problem = one_problem(run(data, language="fr"))
    assert problem.message == "Doublon : la ligne 2 décrit déjà ce partenaire."


def test_same_acronym_and_country_twice_in_the_file_is_a_duplicate():
    data = csv_bytes(HEAD + GOOD + ",Alpha Again,,ALPHA,consultative,2015-03-01,,SN,X\n")
    problem = one_problem(run(data))
    assert problem.row == 3
    assert "row 2" in problem.message


def test_an_ambiguous_match_is_an_error_never_a_guess():
    PartnerFactory(acronym="TWIN", country="SN", slug="twin-1", name_en="Twin One")
    PartnerFactory(acronym="TWIN", country="SN", slug="twin-2", name_en="Twin Two")
    data = csv_bytes(HEAD + ",Twin,,TWIN,consultative,2015-03-01,,SN,X\n")
    problem = one_problem(run(data))
    assert (problem.row, problem.column, problem.value) == (2, "acronym", "TWIN")
    assert "More than one partner" in problem.message
    problem = one_problem(run(data, language="es"))
    assert "Más de un socio" in problem.message


def test_a_slug_naming_nobody_while_the_name_names_someone_is_refused():
    PartnerFactory(slug="alpha-real", name_en="Alpha NGO", acronym="ALPHA", country="SN")
    problem = one_problem(run(csv_bytes(HEAD + GOOD)))
    assert (problem.row, problem.column, problem.value) == (2, "slug", "alpha")


def test_unknown_and_repeated_columns_are_reported_on_row_one():
    data = csv_bytes("slug,name_en,colour,name_en\nalpha,Alpha,red,Alpha\n")
    report = run(data)
    assert problems(report) == {
        ("Partners", 1, "colour"): "Unknown column.",
        ("Partners", 1, "name_en"): "This column appears twice.",
    }


def test_a_new_partner_needs_its_status_date_country_and_name():
    data = csv_bytes("name_en,status,since,country\nAlpha,,2015-01-01,SN\n")
    problem = one_problem(run(data))
    assert (problem.row, problem.column, problem.message) == (
        2,
        "status",
        "Required for a new partner.",
    )


def test_a_region_that_is_not_the_countrys_is_refused():
    data = csv_bytes(
        "name_en,status,since,country,region\nAlpha,consultative,2015-01-01,SN,Arab States\n"
    )
    problem = one_problem(run(data))
    assert (problem.row, problem.column) == (2, "region")


def test_a_formula_cell_in_a_workbook_is_refused():
    data = xlsx_bytes(
        [
            ["name_en", "status", "since", "country", "city"],
            ["Alpha", "consultative", "2015-01-01", "SN", "=1+1"],
        ]
    )
    problem = one_problem(run(data, name="p.xlsx"))
    assert (problem.row, problem.column, problem.value) == (2, "city", "=1+1")
    assert "formula" in problem.message


@pytest.mark.parametrize(
    "data",
    [
        b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj <<>> endobj\n",
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
        "nom,pays\nAssociation française,Sénégal\n".encode("latin-1"),
        b"PK\x03\x04 not really a zip",
    ],
    ids=["pdf", "png", "latin-1", "broken-zip"],
)
def test_a_file_that_is_neither_csv_nor_xlsx_is_refused_in_the_users_language(data):
    for language, words in (("en", "neither a CSV file"), ("fr", "ni un fichier CSV")):
        with translation.override(language):
            try:
                report = run(data, language=language)
            except FileRefused as refusal:
                message = str(refusal.message)
            else:
                message = report.refused
        assert words in message


def _zip_bomb() -> bytes:
    handle = io.BytesIO()
    with zipfile.ZipFile(handle, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        with archive.open("xl/worksheets/sheet1.xml", "w") as member:
            for _ in range(101):
                member.write(b"\0" * (1024 * 1024))
    return handle.getvalue()


def test_a_zip_bomb_posing_as_xlsx_is_refused():
    data = _zip_bomb()
    assert len(data) < 1024 * 1024
    with pytest.raises(FileRefused) as refused:
        source(data, "partners.xlsx")
    assert "unreasonable size" in str(refused.value.message)
    with translation.override("fr"), pytest.raises(FileRefused) as refused:
        source(data, "partners.xlsx")
    assert "taille excessive" in str(refused.value.message)


def test_fifty_megabytes_of_rows_are_refused_before_reading(tmp_path):
    path = tmp_path / "huge.csv"
    row = GOOD.encode() * 1000
    with path.open("wb") as handle:
        handle.write(HEAD.encode())
        while handle.tell() < 50 * 1024 * 1024:
            handle.write(row)
    with path.open("rb") as handle, pytest.raises(FileRefused) as refused:
        source(handle.read(), "huge.csv")
    assert "the limit is 10.0\xa0MB" in str(refused.value.message)


def test_more_rows_than_the_limit_are_refused(settings):
    from partners.imports import reader

    data = csv_bytes("name_en\n" + "x\n" * (reader.MAX_ROWS + 1))
    report = run(data)
    assert "more than 20000 rows" in report.refused
    assert Partner.objects.count() == 0


def test_a_refused_file_writes_nothing_even_when_only_the_valid_rows_are_asked(monkeypatch):
    from partners.imports import reader

    monkeypatch.setattr(reader, "MAX_ROWS", 2)
    too_long = GOOD + GOOD.replace("alpha", "beta") + GOOD.replace("alpha", "gamma")
    report = run(csv_bytes(HEAD + too_long), dry_run=False, valid_only=True)
    assert "more than 2 rows" in report.refused
    assert not report.applied
    # The partners are read, then the decisions refused: still nothing written.
    decisions = csv_bytes(DECISIONS_HEAD + "alpha,admission,consultative,2015-03-01,DG/1,\n" * 3)
    report = run(csv_bytes(HEAD + GOOD), decisions=decisions, dry_run=False, valid_only=True)
    assert "more than 2 rows" in report.refused
    assert not report.applied
    assert Partner.objects.count() == 0


DECISIONS_HEAD = "slug,decision,status,decided_on,reference,note\n"


def test_decision_problems_are_reported_on_the_decisions_sheet():
    data = csv_bytes(HEAD + GOOD)
    decisions = csv_bytes(
        DECISIONS_HEAD
        + "alpha,admission,consultative,2015-03-01,DG/1,\n"
        + "alpha,,associate,someday,DG/2,\n"
        + "nobody,,associate,2016-01-01,DG/3,\n"
        + "alpha,suspension,,2017-01-01,DG/4,\n"
    )
    report = run(data, decisions=decisions)
    found = problems(report)
    assert found[("Decisions", 3, "decided_on")].startswith("This is not a date")
    assert found[("Decisions", 4, "slug")].startswith("No partner")
    assert found[("Decisions", 5, "note")] == "Give the reason for this decision."
    report = run(data, decisions=decisions, dry_run=False)
    assert Partner.objects.count() == 0
    assert StatusChange.objects.count() == 0


def test_a_status_the_decisions_contradict_is_refused():
    data = csv_bytes(HEAD + GOOD)
    decisions = csv_bytes(
        DECISIONS_HEAD
        + "alpha,,consultative,2015-03-01,DG/1,\n"
        + "alpha,,associate,2020-01-01,DG/2,\n"
    )
    problem = one_problem(run(data, decisions=decisions))
    assert (problem.sheet, problem.row, problem.column) == ("Partners", 2, "status")
    assert "Associate status" in problem.message


def test_a_status_change_without_its_decision_is_refused():
    PartnerFactory(slug="alpha", name_en="Alpha NGO", acronym="ALPHA", country="SN")
    data = csv_bytes("slug,status\nalpha,associate\n")
    problem = one_problem(run(data))
    assert (problem.row, problem.column) == (2, "status")
    assert "needs its decision" in problem.message
