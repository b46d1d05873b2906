"""The hearings in the read-only API (dialogue/api.py): what /<lang>/dialogue/ shows."""

import pytest

from dialogue.models import State
from tests.dialogue.factories import (
    CoSponsorFactory,
    DialogueRequestFactory,
    ExpressionOfInterestFactory,
)
from tests.factories import PartnerFactory

pytestmark = pytest.mark.django_db


def test_api_lists_only_public_hearings_newest_first(client):
    DialogueRequestFactory(theme_en="Still submitted")
    DialogueRequestFactory(theme_en="Declined one", state=State.DECLINED)
    accepted = DialogueRequestFactory(theme_en="Accepted one", state=State.ACCEPTED)
    held = DialogueRequestFactory(theme_en="Held one", state=State.HELD)
    data = client.get("/api/v1/hearings/").json()
    assert [item["theme"] for item in data["results"]] == ["Held one", "Accepted one"]
    assert [item["id"] for item in data["results"]] == [held.pk, accepted.pk]
    assert "Still submitted" not in str(data)
    assert "Declined one" not in str(data)


def test_api_hearing_shows_public_fields_and_never_internal_notes(client):
    hearing = DialogueRequestFactory(
        state=State.SCHEDULED,
        country="SN",
        internal_notes="Secretariat only: call the ambassador",
        sectors=["culture"],
    )
    CoSponsorFactory(request=hearing, country="BR")
    selected = PartnerFactory(slug="selected-ngo", name_en="Selected NGO")
    ExpressionOfInterestFactory(request=hearing, partner=selected, status="selected")
    ExpressionOfInterestFactory(request=hearing, partner=PartnerFactory(slug="not-chosen"))
    data = client.get(f"/api/v1/hearings/{hearing.pk}/").json()
    assert data["countries"] == ["SN", "BR"]
    assert data["sectors"] == [{"code": "culture", "name": "Culture"}]
    assert data["participants"] == [{"slug": "selected-ngo", "name": "Selected NGO"}]
    assert data["url"].endswith(f"/dialogue/{hearing.pk}/")
    assert data["scheduled_at"]
    assert data["event"] is None
    text = str(data)
    assert "call the ambassador" not in text
    assert "not-chosen" not in text
    assert "requester" not in text


def test_api_filters_hearings_with_the_pages_filter(client):
    DialogueRequestFactory(theme_en="Accepted one", state=State.ACCEPTED)
    DialogueRequestFactory(theme_en="Held one", state=State.HELD)
    api = client.get("/api/v1/hearings/?state=held").json()
    page = client.get("/en/dialogue/?state=held").text
    assert [item["theme"] for item in api["results"]] == ["Held one"]
    assert "Held one" in page
    assert "Accepted one" not in page


@pytest.mark.parametrize("value", ["submitted", "declined", "nope", "held\x00", "x" * 500])
def test_api_refuses_unknown_state_with_described_400(client, value):
    DialogueRequestFactory(state=State.HELD)
    response = client.get("/api/v1/hearings/", {"state": value})
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert list(response.json()) == ["state"]
    assert isinstance(response.json()["state"][0], str)


def test_html_page_still_shows_the_unknown_state_notice(client):
    DialogueRequestFactory(theme_en="Held one", state=State.HELD)
    response = client.get("/en/dialogue/?state=nope")
    assert response.status_code == 200
    assert "Unknown stage" in response.text
    assert "Held one" not in response.text


def test_api_pages_hearings_with_a_cursor(client):
    for index in range(30):
        DialogueRequestFactory(theme_en=f"Hearing {index:02}", state=State.ACCEPTED)
    first = client.get("/api/v1/hearings/").json()
    assert len(first["results"]) == 25
    assert "cursor=" in first["next"]
    assert "count" not in first
    second = client.get(first["next"]).json()
    assert len(second["results"]) == 5
    assert second["next"] is None
    themes = [item["theme"] for item in first["results"] + second["results"]]
    assert sorted(themes) == [f"Hearing {index:02}" for index in range(30)]


@pytest.mark.parametrize("cursor", ["garbage", "", "cD0yMDI2", "\x00", "%%%", "A" * 5000])
def test_api_answers_garbage_cursor_with_404(client, cursor):
    DialogueRequestFactory(state=State.HELD)
    response = client.get("/api/v1/hearings/", {"cursor": cursor})
    assert response.status_code in {200, 404}
    assert response["Content-Type"] == "application/json"
    if response.status_code == 404:
        assert response.json() == {"detail": "Invalid cursor"}


@pytest.mark.parametrize("path", ["abc", "0", "99999999999", "1.5", "-1"])
def test_api_unknown_hearing_is_a_json_404(client, path):
    response = client.get(f"/api/v1/hearings/{path}/")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}


def test_api_unpublished_partner_and_event_are_not_named(client):
    from tests.forums.factories import EventFactory

    hearing = DialogueRequestFactory(
        state=State.HELD, event=EventFactory(slug="secret-event", published=False)
    )
    hidden = PartnerFactory(slug="hidden-ngo", published=False)
    ExpressionOfInterestFactory(request=hearing, partner=hidden, status="selected")
    data = client.get(f"/api/v1/hearings/{hearing.pk}/").json()
    assert data["event"] is None
    assert data["participants"] == []
    assert "secret-event" not in str(data)
    assert "hidden-ngo" not in str(data)


@pytest.mark.parametrize("count", [1, 3])
def test_api_hearing_list_query_count_is_constant(client, django_assert_num_queries, count):
    for _ in range(count):
        hearing = DialogueRequestFactory(state=State.SCHEDULED, sectors=["education", "culture"])
        CoSponsorFactory(request=hearing)
        ExpressionOfInterestFactory(request=hearing, status="selected")
    # The page, then sectors, co-sponsors and selected participants.
    with django_assert_num_queries(4):
        response = client.get("/api/v1/hearings/")
    assert len(response.json()["results"]) == count
