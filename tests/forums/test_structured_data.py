"""The event page's schema.org Event (forums/structured_data.py)."""

import json
import re

import pytest

from tests.conftest import sign_in
from tests.factories import PartnerFactory
from tests.forums.factories import EventFactory, ProgrammeItemFactory

pytestmark = pytest.mark.django_db


def json_ld(page: str) -> list[dict]:
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    return [json.loads(block) for block in blocks]


def test_event_page_has_the_properties_rich_results_need(client):
    event = EventFactory(slug="forum-youth", title_en="Forum on youth", city="Paris", country="FR")
    event.organisers.set([PartnerFactory(name_en="Youth NGO", slug="youth-ngo")])
    ProgrammeItemFactory(event=event, interpretation=["en", "fr"])
    [data] = json_ld(client.get("/en/forums/forum-youth/").content.decode())
    assert data["@type"] == "Event"
    assert data["name"] == "Forum on youth"
    assert data["startDate"] == event.start_date.isoformat()
    assert data["endDate"] == event.end_date.isoformat()
    assert data["eventStatus"] == "https://schema.org/EventScheduled"
    assert data["eventAttendanceMode"] == "https://schema.org/OfflineEventAttendanceMode"
    assert data["location"] == {
        "@type": "Place",
        "name": "UNESCO Headquarters",
        "address": {"@type": "PostalAddress", "addressLocality": "Paris", "addressCountry": "FR"},
    }
    assert data["organizer"][0]["name"] == "UNESCO"
    assert data["organizer"][1] == {
        "@type": "NGO",
        "name": "Youth NGO",
        "url": "https://portal.test/en/partners/youth-ngo/",
    }
    assert data["inLanguage"] == ["fr", "en"]
    assert data["url"] == "https://portal.test/en/forums/forum-youth/"


def test_an_event_without_a_place_is_online_at_its_page(client):
    EventFactory(slug="online", venue="", city="", country="")
    [data] = json_ld(client.get("/es/forums/online/").content.decode())
    assert data["eventAttendanceMode"] == "https://schema.org/OnlineEventAttendanceMode"
    assert data["location"] == {
        "@type": "VirtualLocation",
        "url": "https://portal.test/es/forums/online/",
    }


def test_a_hostile_title_stays_inside_the_data_block(client):
    hostile = '</script><img src=x onerror=alert(1)> "Forum"'
    EventFactory(slug="hostile", title_en=hostile)
    page = client.get("/en/forums/hostile/").content.decode()
    assert "<img src=x" not in page
    [data] = json_ld(page)
    assert data["name"] == hostile


def test_an_unpublished_event_is_described_to_no_search_engine(client, secretariat):
    EventFactory(slug="hidden", published=False)
    sign_in(client, secretariat)
    response = client.get("/en/forums/hidden/")
    assert response.status_code == 200
    assert json_ld(response.content.decode()) == []
