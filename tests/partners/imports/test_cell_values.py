"""Each kind of cell the import reads, rule by rule: the value read, or the
words that refuse it."""

import datetime

import pytest
from django.utils import translation

from partners.imports import values as cells
from partners.imports.values import CellError
from partners.models import Sector

FORMULA = (
    "This cell holds a formula or starts like one; formulas are refused. "
    "Type an apostrophe before the text to keep it as text."
)
NOT_A_DATE = "This is not a date: write it as YYYY-MM-DD (2024-11-30)."
NOT_WHOLE = "This is not a whole number."
OUT_OF_RANGE = "The number must be between 1 and 999."


def refusal(read, value, language="en") -> str:
    with pytest.raises(CellError) as error:
        read(value)
    with translation.override(language):
        return error.value.text()


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, ""),
        (" Dakar ", "Dakar"),
        (12.0, "12"),
        (12.5, "12.5"),
        (7, "7"),
        (datetime.datetime(2024, 11, 30, 10, 5), "2024-11-30"),
        (datetime.date(2024, 11, 30), "2024-11-30"),
        ("'=SUM(A1)", "=SUM(A1)"),
        ("'+33 1 45 68 10 00", "+33 1 45 68 10 00"),
        ("'plain", "'plain"),
        ("Al\x00pha", "Alpha"),
    ],
)
def test_a_cell_read_as_text(value, expected):
    assert cells.text(value) == expected


@pytest.mark.parametrize("value", ["=1+1", "+33", "-5", "@SUM(A1)", "\tx", "\rx"])
def test_a_formula_is_refused(value):
    assert refusal(cells.text, value) == FORMULA


def test_a_refusal_reads_in_the_users_language():
    assert refusal(cells.text, "=1", language="fr").startswith("Cette cellule contient une formule")
    assert refusal(cells.date, "someday", language="fr") != NOT_A_DATE


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (datetime.datetime(2024, 11, 30, 23, 0), datetime.date(2024, 11, 30)),
        (datetime.date(2024, 11, 30), datetime.date(2024, 11, 30)),
        ("2024-11-30", datetime.date(2024, 11, 30)),
        ("30/11/2024", datetime.date(2024, 11, 30)),
        ("30.11.2024", datetime.date(2024, 11, 30)),
        (" 2024-11-30 ", datetime.date(2024, 11, 30)),
        ("1900-01-01", datetime.date(1900, 1, 1)),
        ("2100-12-31", datetime.date(2100, 12, 31)),
        ("", None),
        (None, None),
    ],
)
def test_a_date(value, expected):
    assert cells.date(value) == expected


@pytest.mark.parametrize(
    "value", ["1899-12-31", "2101-01-01", "11/30/2024", "2024-02-30", "someday", 45000]
)
def test_not_a_date(value):
    assert refusal(cells.date, value) == NOT_A_DATE


def board_session(value):
    return cells.whole_number(value, low=1, high=999)


@pytest.mark.parametrize(
    ("value", "expected"),
    [(1, 1), (999, 999), (" 42 ", 42), (42.0, 42), ("007", 7), ("", None), (None, None)],
)
def test_a_whole_number(value, expected):
    assert board_session(value) == expected


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (True, NOT_WHOLE),
        (False, NOT_WHOLE),
        (4.5, NOT_WHOLE),
        ("4.5", NOT_WHOLE),
        ("12 bis", NOT_WHOLE),
        ("1234567", NOT_WHOLE),
        ("-1", FORMULA),
        (0, OUT_OF_RANGE),
        ("1000", OUT_OF_RANGE),
    ],
)
def test_not_a_whole_number_in_range(value, message):
    assert refusal(board_session, value) == message


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (True, True),
        (False, False),
        ("yes", True),
        ("Oui", True),
        ("sí", True),
        ("SI", True),
        ("x", True),
        (1, True),
        (1.0, True),
        ("no", False),
        ("Non", False),
        (0, False),
        ("", None),
        (None, None),
    ],
)
def test_yes_or_no(value, expected):
    assert cells.boolean(value) is expected


def test_neither_yes_nor_no():
    assert refusal(cells.boolean, "maybe") == "Write yes or no."


@pytest.fixture
def vocabulary(db):
    return cells.Vocabulary()


@pytest.mark.parametrize(
    ("read", "value", "expected"),
    [
        ("status", "associate", "associate"),
        ("status", "Associate status", "associate"),
        ("status", "STATUT D'ASSOCIATION", "associate"),
        ("status", "Estatus consultivo", "consultative"),
        ("status", "", None),
        ("standing", "suspended", "suspended"),
        ("standing", "Terminé", "ended"),
        ("standing", "activa", "active"),
        ("kind", "foundation", "foundation"),
        ("kind", "Organisation non gouvernementale", "ngo"),
        ("decision_kind", "status-change", "status-change"),
        ("decision_kind", "Fin de la suspension", "reinstatement"),
        ("decision_kind", "cambio de estatus", "status-change"),
        ("decider", "executive-board", "executive-board"),
        ("decider", "Directeur général", "director-general"),
        ("decider", "consejo ejecutivo", "executive-board"),
        ("region", "arab-states", "arab-states"),
        ("region", "Etats arabes", "arab-states"),
        ("region", "América Latina y el Caribe", "latin-america-caribbean"),
        ("country", "SN", "SN"),
        ("country", "sn", "SN"),
        ("country", "Sénégal", "SN"),
        ("country", "senegal", "SN"),
        ("country", "Brazil", "BR"),
        ("country", "Brésil", "BR"),
        ("country", "Brasil", "BR"),
        ("country", None, None),
    ],
)
def test_an_accepted_value_by_its_code_or_its_label_in_any_language(
    vocabulary, read, value, expected
):
    assert getattr(vocabulary, read)(value) == expected


@pytest.mark.parametrize(
    ("read", "message"),
    [
        ("status", "Unknown status: use consultative, associate or official-relations."),
        ("standing", "Unknown standing: use active, suspended or ended."),
        ("kind", "Unknown kind: use ngo or foundation."),
        (
            "decision_kind",
            "Unknown decision: use admission, status-change, renewal, suspension, "
            "reinstatement or termination.",
        ),
        ("decider", "Unknown decision maker: use director-general or executive-board."),
        (
            "region",
            "Unknown region: use africa, arab-states, asia-pacific, europe-north-america "
            "or latin-america-caribbean.",
        ),
        ("country", "Unknown country: use its two-letter ISO code (SN) or its name."),
    ],
)
def test_an_unknown_value_names_the_accepted_ones(vocabulary, read, message):
    assert refusal(getattr(vocabulary, read), "Atlantis") == message


def test_sectors_by_code_or_name_in_order_once_each(vocabulary):
    pks = dict(Sector.objects.values_list("code", "pk"))
    assert vocabulary.sector_list("culture; Éducation; education") == [
        pks["culture"],
        pks["education"],
    ]
    assert vocabulary.sector_list(" ; Sciences exactes et naturelles ;") == [
        pks["natural-sciences"]
    ]
    assert vocabulary.sector_list("natural-sciences;Communication and Information") == [
        pks["natural-sciences"],
        pks["communication-information"],
    ]
    assert vocabulary.sector_list("") == []
    assert vocabulary.sector_codes[pks["culture"]] == "culture"


def test_an_unknown_sector_is_named(vocabulary):
    assert refusal(vocabulary.sector_list, "education; Astrology ") == (
        "Unknown sector “Astrology”: use education, natural-sciences, social-human-sciences, "
        "culture or communication-information, separated by semicolons."
    )
