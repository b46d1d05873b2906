import csv
import io

import pytest

from tests.conftest import sign_in
from tests.factories import PartnerFactory

pytestmark = pytest.mark.django_db

HOSTILE_VALUES = [
    "' OR 1=1 --",
    "'; DROP TABLE partners_partner; --",
    "<script>alert('x')</script>",
    "x" * 10_000,
    "a\x00b",
    "%00",
    "éducation & <b>culture</b>",
    "!!!:*&|",
    "\u202e\u0000",
    "-1",
]


@pytest.fixture
def some_partner(db):
    return PartnerFactory(name_en="Steady Org")


@pytest.mark.parametrize(
    "param", ["q", "sector", "status", "country", "delegate_country", "region", "sort"]
)
@pytest.mark.parametrize("value", HOSTILE_VALUES)
def test_directory_survives_hostile_parameters(client, some_partner, param, value):
    response = client.get("/en/partners/", {param: value})
    assert response.status_code == 200
    assert "<script>alert('x')</script>" not in response.text
    assert "Directory of partner NGOs" in response.text


@pytest.mark.parametrize("page", ["-1", "0", "99999999999999999999", "abc", "1.5", "\x00"])
def test_directory_survives_hostile_page_numbers(client, some_partner, page):
    response = client.get("/en/partners/", {"page": page})
    assert response.status_code == 200
    assert "Steady Org" in response.text


def test_unknown_filter_value_shows_an_error_and_no_result(client, some_partner):
    response = client.get("/en/partners/", {"sector": "astrology"})
    assert response.status_code == 200
    assert "Select a valid choice" in response.text
    assert "Steady Org" not in response.text


def test_unknown_filter_value_error_is_translated(client, some_partner):
    response = client.get("/fr/partners/", {"status": "imaginary"})
    assert "Sélectionnez un choix valide" in response.text


def test_overlong_search_is_refused_with_a_message(client, some_partner):
    response = client.get("/en/partners/", {"q": "x" * 10_000})
    assert response.status_code == 200
    assert "Ensure this value has at most 200 characters" in response.text


@pytest.mark.parametrize(
    "path", ["/xx/partners/", "/zz/", "/en/partners/%00/", "/en/partners/../../etc/passwd"]
)
def test_unknown_language_or_path_is_not_found(client, path):
    assert client.get(path).status_code == 404


@pytest.mark.parametrize(
    "param", ["q", "sector", "status", "country", "delegate_country", "region", "page"]
)
@pytest.mark.parametrize("value", HOSTILE_VALUES)
def test_exports_survive_hostile_parameters(client, some_partner, param, value):
    response = client.get("/en/partners/export.csv", {param: value})
    assert response.status_code == 200
    content = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(content)))
    assert rows[0][:3] == ["Name", "Acronym", "Status"]
    assert {len(row) for row in rows} == {len(rows[0])}
    names = [row[0] for row in rows[1:]]
    # A filter either matches the one partner or nothing; a page number is no filter.
    assert names == ["Steady Org"] if param == "page" else names in ([], ["Steady Org"])
    assert "<script>" not in content


@pytest.mark.parametrize(
    "param", ["q", "sector", "status", "country", "delegate_country", "region", "page"]
)
@pytest.mark.parametrize("value", HOSTILE_VALUES)
def test_api_answers_hostile_parameters_with_200_or_400(client, some_partner, param, value):
    response = client.get("/api/v1/partners/", {param: value})
    assert response.status_code in {200, 400, 404}
    assert response["Content-Type"].startswith("application/json")


@pytest.mark.parametrize("value", ["Line one\nLine two", "Tab\there", "Escape\x1b[31m", "A\u2029B"])
def test_single_line_fields_refuse_line_breaks_in_the_users_language(client, value):
    from partners.models import Action
    from tests.conftest import verified
    from tests.factories import ContactFactory, PartnerEditorFactory
    from tests.partners.test_actions import action_data
    from tests.partners.test_revisions import profile_data

    editor = verified(PartnerEditorFactory(partner=PartnerFactory(slug="lines")).user)
    partner = editor.partner_editor.partner
    ContactFactory(partner=partner, email="contact@lines.example.org", is_public=True)
    sign_in(client, editor)
    expected = "Une seule ligne, sans retour à la ligne ni caractère de contrôle."
    response = client.post("/fr/my/organisation/actions/new/", action_data(title_fr=value))
    assert response.status_code == 400
    assert expected in response.text
    assert not Action.objects.exists()
    response = client.post(
        "/fr/my/organisation/contacts/", profile_data(partner, **{"contacts-0-name": value})
    )
    assert expected in response.text
    assert not partner.revisions.exists()


def test_single_line_model_fields_refuse_line_breaks(db):
    from django.core.exceptions import ValidationError

    partner = PartnerFactory(name_en="Name\nBcc: someone@example.org")
    with pytest.raises(ValidationError) as error:
        partner.full_clean()
    assert "name_en" in error.value.message_dict
