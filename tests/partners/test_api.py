import pytest

from tests.factories import ContactFactory, DelegateFactory, PartnerFactory

pytestmark = pytest.mark.django_db


def test_api_lists_published_partners_paginated(client):
    for index in range(30):
        PartnerFactory(name_en=f"Org {index:02}")
    PartnerFactory(name_en="Hidden", published=False)
    data = client.get("/api/v1/partners/").json()
    assert data["count"] == 30
    assert len(data["results"]) == 25
    assert data["next"]
    assert "Hidden" not in str(data)


def test_api_filters_like_the_directory(client):
    PartnerFactory(name_en="Alpha", status="associate", sectors=["culture"])
    PartnerFactory(name_en="Beta", status="consultative")
    data = client.get("/api/v1/partners/?status=associate&sector=culture").json()
    assert [item["name"] for item in data["results"]] == ["Alpha"]
    assert data["results"][0]["sectors"][0]["code"] == "culture"


def test_api_rejects_unknown_filter_with_400(client):
    response = client.get("/api/v1/partners/?region=atlantis")
    assert response.status_code == 400
    assert "region" in response.json()


def test_api_detail_shows_public_fields_only(client):
    partner = PartnerFactory(slug="wcll", phone="+33 1 00 00 00 00")
    ContactFactory(partner=partner, email="public@example.org", is_public=True)
    ContactFactory(
        partner=partner, email="private@example.org", is_public=False, newsletter_opt_in=True
    )
    DelegateFactory(partner=partner, country="SN")
    data = client.get("/api/v1/partners/wcll/").json()
    assert data["slug"] == "wcll"
    assert [c["email"] for c in data["contacts"]] == ["public@example.org"]
    assert data["delegates"][0]["country"] == "SN"
    assert "private@example.org" not in str(data)
    assert "newsletter_opt_in" not in str(data)
    assert "+33 1" not in str(data)


def test_api_detail_of_unpublished_partner_is_404(client):
    PartnerFactory(slug="hidden", published=False)
    assert client.get("/api/v1/partners/hidden/").status_code == 404


def test_api_schema_is_openapi_3(client):
    response = client.get("/api/v1/schema/?format=json")
    assert response.status_code == 200
    assert b"openapi" in response.content
    assert b"/api/v1/partners/" in response.content


def test_api_list_query_count_is_constant(client, django_assert_max_num_queries):
    for index in range(40):
        PartnerFactory(name_en=f"Org {index}", sectors=["education"])
    # Count, page, sectors, and the decisions behind `latest_decision`.
    with django_assert_max_num_queries(4):
        client.get("/api/v1/partners/")


@pytest.mark.parametrize("size", ["100000", "-1", "abc", "\x00"])
def test_api_page_size_is_fixed_whatever_is_asked(client, size):
    for index in range(30):
        PartnerFactory(name_en=f"Org {index:02}")
    response = client.get("/api/v1/partners/", {"page_size": size, "limit": size})
    assert response.status_code == 200
    assert len(response.json()["results"]) == 25
