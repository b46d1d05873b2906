"""The registrations of an event as the Secretariat downloads them: the
columns in the page's language, each registration's row, and the files'
names (forums.exports)."""

import csv
import io

import pytest
from openpyxl import load_workbook

from forums.models import Event
from tests.conftest import add_totp, sign_in, verified
from tests.factories import PartnerFactory, UserFactory
from tests.forums.factories import EventFactory, RegistrationFactory

pytestmark = pytest.mark.django_db

CIONG_HEADER_EN = [
    "Organisation",
    "Acronym",
    "Country",
    "Region",
    "Full name",
    "Email",
    "Position",
    "Voting delegate",
    "Registered on",
]


@pytest.fixture
def signed_in_secretariat(client):
    user = verified(UserFactory(is_secretariat=True))
    add_totp(user)
    sign_in(client, user)
    return client


@pytest.fixture
def ciong():
    event = EventFactory(slug="ciong-2026", kind=Event.Kind.CIONG)
    partner = PartnerFactory(
        name_en="Adult Learning Network",
        name_fr="Réseau d'apprentissage des adultes",
        name_es="Red de Aprendizaje de Adultos",
        acronym="ALN",
        country="SN",
    )
    RegistrationFactory(
        event=event,
        partner=partner,
        full_name="Awa Diop",
        email="awa@example.org",
        position="Secretary-General",
        is_voting_delegate=True,
    )
    return event


def _csv(client, url):
    response = client.get(url)
    assert response["Content-Disposition"] == 'attachment; filename="registrations-ciong-2026.csv"'
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def test_the_csv_of_a_conference_session_has_every_column_and_each_registration(
    signed_in_secretariat, ciong
):
    header, row = _csv(signed_in_secretariat, "/en/forums/ciong-2026/registrations.csv")
    assert header == CIONG_HEADER_EN
    registered_on = ciong.registrations.get().created_at.date().isoformat()
    assert row == [
        "Adult Learning Network",
        "ALN",
        "Senegal",
        "Africa",
        "Awa Diop",
        "awa@example.org",
        "Secretary-General",
        "yes",
        registered_on,
    ]


def test_a_cell_with_nothing_to_say_is_empty(signed_in_secretariat, ciong):
    # An NGO whose country is not filled in yet (so no region either), and a
    # representative who is not the voting delegate.
    RegistrationFactory(
        event=ciong,
        partner=PartnerFactory(name_en="Polar Science Link", country=""),
        is_voting_delegate=False,
    )
    _header, *rows = _csv(signed_in_secretariat, "/en/forums/ciong-2026/registrations.csv")
    polar = next(row for row in rows if row[0] == "Polar Science Link")
    assert polar[2:4] == ["", ""]
    assert polar[7] == ""


def test_the_csv_speaks_the_language_of_the_page(signed_in_secretariat, ciong):
    header, row = _csv(signed_in_secretariat, "/fr/forums/ciong-2026/registrations.csv")
    assert header == [
        "Organisation",
        "Sigle",
        "Pays",
        "Région",
        "Nom complet",
        "Courriel",
        "Fonction",
        "Délégué votant",
        "Inscrit le",
    ]
    assert row[0] == "Réseau d'apprentissage des adultes"
    assert row[2:4] == ["Sénégal", "Afrique"] and row[7] == "oui"


def test_a_forum_has_no_voting_delegate_column(signed_in_secretariat):
    forum = EventFactory(slug="forum-2026", kind=Event.Kind.FORUM)
    RegistrationFactory(event=forum, partner=PartnerFactory(country="FR"), is_voting_delegate=True)
    response = signed_in_secretariat.get("/en/forums/forum-2026/registrations.csv")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    header, row = list(csv.reader(io.StringIO(text)))
    assert header == [name for name in CIONG_HEADER_EN if name != "Voting delegate"]
    assert len(row) == len(header) and row[3] == "Europe and North America"


def test_the_xlsx_holds_the_same_rows_on_a_sheet_named_in_the_page_language(
    signed_in_secretariat, ciong
):
    response = signed_in_secretariat.get("/es/forums/ciong-2026/registrations.xlsx")
    assert response["Content-Disposition"] == (
        'attachment; filename="registrations-ciong-2026.xlsx"'
    )
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True)
    (sheet,) = workbook.worksheets
    rows = list(sheet.iter_rows(values_only=True))
    assert sheet.title == "Inscripciones"
    assert rows[0][:3] == ("Organización", "Sigla", "País")
    assert rows[1][:4] == ("Red de Aprendizaje de Adultos", "ALN", "Senegal", "África")
    assert rows[1][7] == "sí"
