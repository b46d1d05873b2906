"""The schema lists every answer and says where a field may be null
(foundation/api_schema.py); Schemathesis checks the answers keep it
(tests/portal/test_api_contract.py)."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.fixture
def schema(client):
    return client.get("/api/v1/schema/?format=json").json()


def _gets(schema):
    for path, item in schema["paths"].items():
        yield path, item["get"]


def test_every_read_lists_the_shared_answers_with_their_bodies(schema):
    paths = [path for path, _ in _gets(schema)]
    assert "/api/v1/hearings/" in paths
    assert "/api/v1/newsletters/{month}/" in paths
    for path, operation in _gets(schema):
        responses = operation["responses"]
        assert {"200", "304", "404", "406", "429"} <= set(responses), path
        assert "content" not in responses["304"]
        error = responses["404"]["content"]["application/json"]["schema"]
        assert error == {"$ref": "#/components/schemas/Error"}, path
        assert "ETag" in responses["200"]["headers"]
        assert "security" not in operation


def test_a_filter_that_can_refuse_documents_its_400(schema):
    with_400 = {path for path, operation in _gets(schema) if "400" in operation["responses"]}
    assert with_400 == {"/api/v1/partners/", "/api/v1/hearings/"}
    body = schema["paths"]["/api/v1/hearings/"]["get"]["responses"]["400"]["content"]
    assert body["application/json"]["schema"] == {"$ref": "#/components/schemas/ValidationError"}
    assert schema["components"]["schemas"]["ValidationError"]["additionalProperties"] == {
        "type": "array",
        "items": {"type": "string"},
    }


def test_filter_values_are_listed_with_the_empty_all(schema):
    parameters = {p["name"]: p for p in schema["paths"]["/api/v1/partners/"]["get"]["parameters"]}
    assert parameters["region"]["schema"]["enum"][:2] == ["", "africa"]
    assert "SN" in parameters["country"]["schema"]["enum"]
    assert parameters["q"]["schema"]["maxLength"] > 0
    hearing = {p["name"]: p for p in schema["paths"]["/api/v1/hearings/"]["get"]["parameters"]}
    assert hearing["state"]["schema"]["enum"] == ["", "accepted", "held", "scheduled"]
    assert "cursor" in hearing


@pytest.mark.parametrize(
    "component, field",
    [
        ("WorkingGroup", "coordinating_partner"),
        ("Hearing", "event"),
        ("Hearing", "scheduled_at"),
        ("Speaker", "partner"),
        ("Partner", "latest_decision"),
    ],
)
def test_fields_that_may_be_null_say_so(schema, component, field):
    properties = schema["components"]["schemas"][component]["properties"]
    assert properties[field].get("nullable") is True
