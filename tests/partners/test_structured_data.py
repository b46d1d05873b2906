"""The partner profile's schema.org description (partners/structured_data.py)."""

import json
import re

import pytest

from partners.models import Partner
from tests.factories import DelegateFactory, PartnerFactory, sector_for

pytestmark = pytest.mark.django_db


def json_ld(page: str) -> list[dict]:
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    return [json.loads(block) for block in blocks]


def test_profile_describes_the_ngo_with_what_rich_results_need(client):
    partner = PartnerFactory(
        name_en="Open Education Network",
        acronym="OEN",
        slug="open-education",
        website="https://open-education.example",
        founding_year=1987,
        city="Dakar",
        country="SN",
        address="12 rue des Écoles",
    )
    partner.sectors.set([sector_for("education")])
    DelegateFactory(partner=partner, country="BR")
    DelegateFactory(partner=partner, country="FR", is_active=False)
    page = client.get("/en/partners/open-education/").content.decode()
    [data] = json_ld(page)
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "NGO"
    assert data["name"] == "Open Education Network"
    assert data["alternateName"] == "OEN"
    assert data["url"] == "https://portal.test/en/partners/open-education/"
    assert data["sameAs"] == ["https://open-education.example"]
    assert data["foundingDate"] == "1987"
    assert data["address"] == {
        "@type": "PostalAddress",
        "streetAddress": "12 rue des Écoles",
        "addressLocality": "Dakar",
        "addressCountry": "SN",
    }
    assert data["areaServed"] == [{"@type": "Country", "name": "Brazil"}]
    assert data["knowsAbout"] == ["Education"]


def test_a_foundation_is_an_organization_in_the_page_language(client):
    PartnerFactory(
        name_fr="Fondation pour la paix",
        name_en="Foundation for Peace",
        slug="peace",
        kind=Partner.Kind.FOUNDATION,
    )
    [data] = json_ld(client.get("/fr/partners/peace/").content.decode())
    assert data["@type"] == "Organization"
    assert data["name"] == "Fondation pour la paix"
    assert data["url"] == "https://portal.test/fr/partners/peace/"


def test_a_hostile_name_stays_inside_the_data_block(client):
    hostile = 'Evil </script><script>alert(1)</script> "NGO"'
    PartnerFactory(name_en=hostile, slug="evil")
    page = client.get("/en/partners/evil/").content.decode()
    assert "<script>alert(1)" not in page
    [data] = json_ld(page)
    assert data["name"] == hostile
