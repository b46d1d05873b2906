"""CORS, conditional requests and JSON errors of the API (foundation/api_http.py)."""

import pytest

from tests.factories import PartnerFactory

pytestmark = pytest.mark.django_db


def test_api_get_is_open_to_every_origin_without_credentials(client):
    PartnerFactory()
    response = client.get("/api/v1/partners/", HTTP_ORIGIN="https://example.net")
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "ETag" in response["Access-Control-Expose-Headers"]
    assert "Access-Control-Allow-Credentials" not in response


def test_api_preflight_allows_reading_only(client):
    response = client.options(
        "/api/v1/hearings/",
        HTTP_ORIGIN="https://example.net",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="if-none-match",
    )
    assert response.status_code == 204
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response["Access-Control-Allow-Methods"] == "GET, HEAD, OPTIONS"
    assert "If-None-Match" in response["Access-Control-Allow-Headers"]


def test_api_write_gets_no_cors_header(client):
    response = client.post("/api/v1/partners/", {}, HTTP_ORIGIN="https://example.net")
    assert response.status_code == 405
    assert "Access-Control-Allow-Origin" not in response


@pytest.mark.parametrize("path", ["/en/partners/", "/en/", "/healthz", "/en/statistics/"])
def test_pages_outside_the_api_carry_no_cors_header(client, path):
    response = client.get(path, HTTP_ORIGIN="https://example.net")
    assert response.status_code == 200
    assert "Access-Control-Allow-Origin" not in response


def test_cached_api_answer_revalidates_with_304(client):
    PartnerFactory()
    first = client.get("/api/v1/partners/")
    assert first["X-Public-Cache"] == "miss"
    assert first["Last-Modified"]
    again = client.get("/api/v1/partners/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert again.content == b""


def test_uncached_api_answer_revalidates_with_304(client, settings):
    # A session cookie bypasses the shared cache: the ETag comes from the body.
    PartnerFactory()
    client.cookies[settings.SESSION_COOKIE_NAME] = "anything"
    first = client.get("/api/v1/working-groups/")
    assert "X-Public-Cache" not in first
    assert first["ETag"]
    again = client.get("/api/v1/working-groups/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    changed = client.get("/api/v1/working-groups/", HTTP_IF_NONE_MATCH='"stale"')
    assert changed.status_code == 200
    assert changed.json() == first.json()


@pytest.mark.parametrize(
    "path", ["/api/v1/nothing/", "/api/v1/partners/a.b/", "/api/v2/partners/", "/api/"]
)
def test_unknown_api_url_is_a_json_404(client, path):
    response = client.get(path)
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": "Not found."}


@pytest.mark.parametrize("page", ["", "last", "-1", "0", "abc", "1.5", "\x00", "9" * 30])
def test_page_number_that_is_no_page_is_a_json_404(client, page):
    PartnerFactory()
    response = client.get("/api/v1/partners/", {"page": page})
    assert response.status_code == 404
    assert response.json()["detail"].startswith("Invalid page")


def test_deprecated_path_announces_its_sunset(client, settings):
    settings.API_DEPRECATIONS = {"/api/v1/forums/": ("2027-01-01", "2027-07-01")}
    settings.API_DEPRECATION_POLICY_URL = "https://example.org/api-policy"
    response = client.get("/api/v1/forums/")
    assert response.status_code == 200
    assert response["Deprecation"] == "@1798761600"
    assert response["Sunset"] == "Thu, 01 Jul 2027 00:00:00 GMT"
    assert response["Link"] == '<https://example.org/api-policy>; rel="deprecation"'
    assert "Deprecation" not in client.get("/api/v1/partners/")
