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


def _read_all(client, url):
    items, pages = [], 0
    while url:
        data = client.get(url).json()
        items += data["results"]
        url, pages = data["next"], pages + 1
    return items, pages, data


def test_api_pages_partners_with_a_cursor_in_slug_order_on_request(client):
    for index in range(30):
        PartnerFactory(name_en=f"Org {index:02}", slug=f"org-{29 - index:02}")
    first = client.get("/api/v1/partners/?paging=cursor").json()
    assert first["count"] == 30
    assert "cursor=" in first["next"] and "paging=cursor" in first["next"]
    assert first["previous"] is None
    items, pages, last = _read_all(client, "/api/v1/partners/?paging=cursor")
    assert [p["slug"] for p in items] == [f"org-{index:02}" for index in range(30)]
    assert pages == 2
    back = client.get(last["previous"] if last["previous"] else "").json()
    assert [p["slug"] for p in back["results"]] == [f"org-{index:02}" for index in range(25)]


def test_api_page_numbers_are_unchanged_by_default(client):
    for index in range(30):
        PartnerFactory(name_en=f"Org {index:02}", slug=f"org-{29 - index:02}")
    data = client.get("/api/v1/partners/?page=2").json()
    # The directory's order (names), page numbers, as in v1.0.
    assert [p["name"] for p in data["results"]] == [f"Org {index}" for index in range(25, 30)]
    assert data["count"] == 30
    assert "page=" in data["previous"] or data["previous"].endswith("/api/v1/partners/")


def test_api_cursor_with_a_search_filters_and_pages_in_slug_order(client):
    PartnerFactory(name_en="Ocean Trust", slug="b-ocean", mission_en="ocean ocean ocean")
    PartnerFactory(name_en="Blue Ocean", slug="a-ocean")
    PartnerFactory(name_en="Mountain", slug="c-mountain")
    data = client.get("/api/v1/partners/", {"q": "ocean", "paging": "cursor"}).json()
    assert [p["slug"] for p in data["results"]] == ["a-ocean", "b-ocean"]
    assert data["count"] == 2


def test_api_cursor_list_query_count_is_constant(client, django_assert_max_num_queries):
    for index in range(40):
        PartnerFactory(name_en=f"Org {index}", sectors=["education"])
    first = client.get("/api/v1/partners/?paging=cursor").json()
    # Page, count, sectors, decisions: however deep.
    with django_assert_max_num_queries(4):
        client.get(first["next"])


def _cursor_of(client, url):
    return _query(client.get(url).json()["next"], "cursor")


def _query(url, name):
    from urllib.parse import parse_qs, urlsplit

    return parse_qs(urlsplit(url).query)[name][0]


@pytest.mark.parametrize(
    "params",
    [
        {"cursor": "garbage"},
        {"cursor": ""},
        {"cursor": "\x00"},
        {"cursor": "%%%"},
        {"cursor": "A" * 5000},
        # DRF's own cursor format, without the list's tag.
        {"cursor": "cD1vcmctMDU="},
        {"paging": "cursor", "cursor": "cD0yMDI2"},
        {"page": "99999999"},
        {"page": "9" * 30},
        {"page": "-1"},
        {"page": "0"},
    ],
)
def test_api_refuses_hostile_paging_with_404(client, params):
    for index in range(30):
        PartnerFactory(name_en=f"Org {index:02}")
    response = client.get("/api/v1/partners/", params)
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json()["detail"] in {"Invalid cursor", "Invalid page."}


@pytest.mark.parametrize("value", ["", "cursors", "page\x00", "CURSOR"])
def test_api_refuses_unknown_paging_with_400(client, value):
    response = client.get("/api/v1/partners/", {"paging": value})
    assert response.status_code == 400
    assert list(response.json()) == ["paging"]


def test_api_cursor_from_another_list_or_order_is_404_never_500(client):
    import base64
    from urllib.parse import urlencode

    from tests.dialogue.factories import DialogueRequestFactory
    from tests.forums.factories import WorkingGroupFactory

    WorkingGroupFactory(slug="any")

    for index in range(30):
        PartnerFactory(name_en=f"Org {index:02}")
        DialogueRequestFactory(state="accepted")
    partner_cursor = _cursor_of(client, "/api/v1/partners/?paging=cursor")
    hearing_cursor = _cursor_of(client, "/api/v1/hearings/")
    assert client.get("/api/v1/partners/", {"cursor": partner_cursor}).status_code == 200
    for url, cursor in [
        ("/api/v1/hearings/", partner_cursor),
        ("/api/v1/newsletters/", partner_cursor),
        ("/api/v1/partners/", hearing_cursor),
        ("/api/v1/working-groups/any/documents/", hearing_cursor),
    ]:
        response = client.get(url, {"cursor": cursor})
        assert response.status_code == 404, url
        assert response.json() == {"detail": "Invalid cursor"}
    # A forged cursor with the right tag but a position of the wrong type.
    tokens = dict(
        item.split("=") for item in base64.urlsafe_b64decode(hearing_cursor).decode().split("&")
    )
    for position in ["org-05", "\x00", "1.5"]:
        forged = base64.urlsafe_b64encode(urlencode({**tokens, "p": position}).encode()).decode()
        response = client.get("/api/v1/hearings/", {"cursor": forged})
        assert response.status_code == 404, position
        assert response.json() == {"detail": "Invalid cursor"}
    # An id past any integer column is no row, not an error.
    forged = base64.urlsafe_b64encode(urlencode({**tokens, "p": "9" * 40}).encode()).decode()
    assert client.get("/api/v1/hearings/", {"cursor": forged}).status_code == 200


def test_api_huge_cursor_offset_is_capped_not_an_error(client):
    import base64

    for index in range(30):
        PartnerFactory(name_en=f"Org {index:02}")
    cursor = _cursor_of(client, "/api/v1/partners/?paging=cursor")
    tokens = base64.urlsafe_b64decode(cursor).decode()
    forged = base64.urlsafe_b64encode(f"{tokens}&o={10**12}".encode()).decode()
    response = client.get("/api/v1/partners/", {"cursor": forged})
    assert response.status_code == 200
    assert response.json()["results"] == []
