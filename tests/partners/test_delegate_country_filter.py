"""The directory's delegate-country filter (`delegate_country=XX`): the partners
with an active delegate in a country, wherever their headquarters. `country`
keeps its meaning (headquarters). The HTML directory, the exports and the API
share the filter."""

import csv
import io

import pytest

from tests.factories import DelegateFactory, PartnerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def delegations(db):
    # Headquartered in France, two delegates in Senegal: listed once.
    paris = PartnerFactory(name_en="Paris Org", country="FR", slug="paris")
    DelegateFactory(partner=paris, country="SN", name="Awa Diop")
    DelegateFactory(partner=paris, country="SN", name="Moussa Sow")
    # Headquartered in Senegal, no delegate there: not a delegate-country match.
    PartnerFactory(name_en="Dakar Org", country="SN", slug="dakar")
    # A delegate who is no longer active does not count.
    lima = PartnerFactory(name_en="Lima Org", country="PE", slug="lima")
    DelegateFactory(partner=lima, country="SN", name="Former Delegate", is_active=False)
    # An unpublished partner stays out whatever its delegates.
    hidden = PartnerFactory(name_en="Hidden Org", country="FR", published=False, slug="hidden")
    DelegateFactory(partner=hidden, country="SN", name="Hidden Delegate")
    nairobi = PartnerFactory(name_en="Nairobi Org", country="KE", slug="nairobi")
    DelegateFactory(partner=nairobi, country="BR", name="Ana Souza")


def test_directory_lists_partners_with_an_active_delegate_in_the_country(client, delegations):
    text = client.get("/en/partners/", {"delegate_country": "SN"}).text
    assert "Paris Org" in text
    assert "1 partner found" in text
    for absent in ("Dakar Org", "Lima Org", "Hidden Org", "Nairobi Org"):
        assert absent not in text


def test_country_still_means_headquarters_and_both_combine(client, delegations):
    assert "Dakar Org" in client.get("/en/partners/", {"country": "SN"}).text
    assert "Paris Org" not in client.get("/en/partners/", {"country": "SN"}).text
    both = client.get("/en/partners/", {"country": "FR", "delegate_country": "SN"}).text
    assert "Paris Org" in both and "1 partner found" in both
    none = client.get("/en/partners/", {"country": "KE", "delegate_country": "SN"}).text
    assert "0 partners found" in none


def test_the_form_offers_the_filter_in_each_language(client, delegations):
    english = client.get("/en/partners/", {"delegate_country": "SN"}).text
    assert 'name="delegate_country"' in english
    assert "Country of delegates" in english
    assert '<option value="SN" selected>' in english
    assert "Pays des délégués" in client.get("/fr/partners/").text
    assert "País de los delegados" in client.get("/es/partners/").text


def test_each_country_has_its_own_cached_page(client, delegations):
    assert "Paris Org" in client.get("/en/partners/?delegate_country=SN").text
    brazil = client.get("/en/partners/?delegate_country=BR").text
    assert "Nairobi Org" in brazil and "Paris Org" not in brazil


HOSTILE = ["XX", "sn", "Senegal", "' OR 1=1 --", "SN\x00X", "%00", "x" * 5000]


@pytest.mark.parametrize("value", HOSTILE)
def test_an_unknown_country_is_a_form_error_with_no_result(client, delegations, value):
    response = client.get("/en/partners/", {"delegate_country": value})
    assert response.status_code == 200
    assert "Select a valid choice" in response.text
    assert "Paris Org" not in response.text


def test_the_csv_export_follows_the_filter(client, delegations):
    response = client.get("/en/partners/export.csv", {"delegate_country": "SN"})
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert [row[0] for row in rows[1:]] == ["Paris Org"]


def test_the_api_follows_the_filter_and_refuses_an_unknown_country(client, delegations):
    data = client.get("/api/v1/partners/", {"delegate_country": "SN"}).json()
    assert [item["name"] for item in data["results"]] == ["Paris Org"]
    response = client.get("/api/v1/partners/", {"delegate_country": "XX"})
    assert response.status_code == 400
    assert "delegate_country" in response.json()


@pytest.mark.parametrize("count", [1, 30])
def test_the_query_count_does_not_grow_with_partners(client, django_assert_max_num_queries, count):
    for index in range(count):
        partner = PartnerFactory(name_en=f"Org {index}", sectors=["education"])
        DelegateFactory(partner=partner, country="SN", name="One")
        DelegateFactory(partner=partner, country="SN", name="Two")
    with django_assert_max_num_queries(6):
        response = client.get("/en/partners/", {"delegate_country": "SN", "sector": "education"})
    assert f"{count} partner" in response.text
