import itertools
from urllib.parse import urlencode

import pytest
from django.http import QueryDict
from django.urls import reverse

from tests.factories import ActionFactory, DelegateFactory, PartnerFactory

pytestmark = pytest.mark.django_db


def test_directory_lists_published_partners_only(client):
    PartnerFactory(name_en="Visible Council")
    PartnerFactory(name_en="Hidden Council", published=False)
    response = client.get("/en/partners/")
    assert response.status_code == 200
    assert "Visible Council" in response.text
    assert "Hidden Council" not in response.text


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("fr", "Promeut les apprentissages"),
        ("en", "Promotes lifelong learning"),
        ("es", "Promueve el aprendizaje"),
    ],
)
def test_profile_shows_mission_in_each_language(client, language, expected):
    PartnerFactory(slug="wcll")
    response = client.get(f"/{language}/partners/wcll/")
    assert response.status_code == 200
    assert expected in response.text
    assert f'<html lang="{language}"' in response.text


def test_profile_falls_back_to_english_when_translation_missing(client):
    PartnerFactory(slug="wcll", mission_es="", mission_en="English mission only.")
    response = client.get("/es/partners/wcll/")
    assert "English mission only." in response.text


def test_unpublished_profile_is_not_found(client):
    PartnerFactory(slug="secret", published=False)
    assert client.get("/en/partners/secret/").status_code == 404


def test_filter_by_status_sector_country_region(client):
    PartnerFactory(name_en="Alpha", status="associate", country="SN", sectors=["culture"])
    PartnerFactory(name_en="Beta", status="consultative", country="FR", sectors=["education"])
    assert "Alpha" in client.get("/en/partners/?status=associate").text
    assert "Beta" not in client.get("/en/partners/?status=associate").text
    assert "Beta" in client.get("/en/partners/?sector=education").text
    assert "Alpha" not in client.get("/en/partners/?sector=education").text
    assert "Alpha" in client.get("/en/partners/?country=SN").text
    assert "Beta" not in client.get("/en/partners/?region=africa").text
    assert "Alpha" in client.get("/en/partners/?region=africa").text


def test_search_ignores_case_and_accents(client):
    PartnerFactory(name_en="Council for Éducation", acronym="ONG-E", mission_en="")
    PartnerFactory(name_en="Ocean Trust", acronym="OT", mission_en="")
    for query in ["education", "Éducation", "EDUCATION", "ong-e", "ONG-E"]:
        text = client.get("/en/partners/", {"q": query}).text
        assert "Council for Éducation" in text, query
        assert "Ocean Trust" not in text, query


def test_search_finds_french_words_in_french(client):
    PartnerFactory(
        name_fr="Comité mondial pour les apprentissages",
        name_en="World Committee for Lifelong Learning",
        mission_fr="Promouvoir l'éducation des adultes.",
    )
    text = client.get("/fr/partners/", {"q": "education adultes"}).text
    assert "Comité mondial pour les apprentissages" in text


def test_search_ranks_name_match_first(client, settings):
    from partners.search import uses_postgres

    PartnerFactory(name_en="Heritage Friends", mission_en="We also talk about oceans.")
    PartnerFactory(name_en="Ocean Alliance", mission_en="Oceans and seas.")
    text = client.get("/en/partners/", {"q": "ocean"}).text
    assert "Ocean Alliance" in text and "Heritage Friends" in text
    if uses_postgres():
        assert text.index("Ocean Alliance") < text.index("Heritage Friends")


def test_profile_groups_delegates_by_region_and_escapes_markup(client):
    partner = PartnerFactory(slug="p", mission_en="<script>alert(1)</script>")
    DelegateFactory(partner=partner, country="SN", name="Awa Diop")
    DelegateFactory(partner=partner, country="BR", name="<b>Bold</b> Name")
    text = client.get("/en/partners/p/").text
    assert "<script>alert(1)</script>" not in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    assert "&lt;b&gt;Bold&lt;/b&gt; Name" in text
    assert text.index("Africa") < text.index("Latin America and the Caribbean")


def test_profile_lists_published_actions_only(client):
    partner = PartnerFactory(slug="p")
    ActionFactory(partner=partner, title_en="Forum in Marrakech")
    ActionFactory(partner=partner, title_en="Draft action", published=False)
    ActionFactory(partner=partner, title_en="Hidden action", hidden_by_secretariat=True)
    text = client.get("/en/partners/p/").text
    assert "Forum in Marrakech" in text
    assert "Draft action" not in text
    assert "Hidden action" not in text


def test_language_switcher_keeps_page_and_query(client):
    PartnerFactory()
    text = client.get("/en/partners/?status=associate&q=ocean").text
    assert 'href="/fr/partners/?status=associate&amp;q=ocean"' in text
    assert 'hreflang="es"' in text


def test_root_redirects_by_browser_language(client):
    response = client.get("/", headers={"accept-language": "es"})
    assert response.status_code == 302
    assert response["Location"] == "/es/"
    assert client.get("/").headers["Location"] == "/en/"


@pytest.mark.parametrize("count", [1, 50])
def test_directory_query_count_is_constant(client, django_assert_max_num_queries, count):
    for index in range(count):
        PartnerFactory(sectors=["education", "culture"], name_en=f"Org {index}")
    with django_assert_max_num_queries(6):
        response = client.get("/en/partners/")
    assert response.status_code == 200
    with django_assert_max_num_queries(6):
        response = client.get(
            "/en/partners/", {"q": "org", "sector": "education", "sort": "-since"}
        )
    assert "Org 0" in response.text


def test_pagination_keeps_filters(client):
    for index in range(25):
        PartnerFactory(status="associate", name_en=f"Org {index:02}")
    text = client.get("/en/partners/?status=associate").text
    assert "?status=associate&amp;page=2" in text
    assert "25 partners found" in text


def test_htmx_request_gets_only_the_results_fragment(client):
    PartnerFactory(name_en="Fragment Org")
    response = client.get("/en/partners/", headers={"HX-Request": "true"})
    assert "Fragment Org" in response.text
    assert "<html" not in response.text


def test_directory_url_reverses(client):
    assert reverse("partners:directory") == "/en/partners/"


def naive_directory(*, sector=None, status=None, region=None, country=None):
    """The directory's filters, applied one partner at a time in Python."""
    from partners.models import Partner
    from partners.regions import region_of

    matches = [
        partner
        for partner in Partner.objects.prefetch_related("sectors")
        if partner.published
        and (sector is None or sector in {s.code for s in partner.sectors.all()})
        and (status is None or partner.status == status)
        and (region is None or region_of(partner.country.code) == region)
        and (country is None or partner.country.code == country)
    ]
    return [partner.pk for partner in sorted(matches, key=lambda partner: partner.name)]


@pytest.mark.parametrize(
    "params",
    [
        {"sector": "culture"},
        {"sector": "education", "region": "africa", "status": "consultative"},
        {"sector": "culture", "region": "africa", "status": "associate"},
        {"sector": "natural-sciences", "country": "FR"},
        {"region": "europe-north-america", "status": "associate"},
        {"sector": "communication-information"},
    ],
)
def test_filtered_directory_matches_a_naive_filter(params):
    from partners.selectors import partner_directory

    sector_sets = [
        [],
        ["culture"],
        ["education", "culture"],
        ["natural-sciences"],
        ["culture", "communication-information"],
    ]
    combinations = itertools.product(sector_sets, ["SN", "FR", "EG"], ["associate", "consultative"])
    for index, (sectors, country, status) in enumerate(combinations):
        PartnerFactory(
            name_en=f"Org {index:02}",
            country=country,
            status=status,
            sectors=sectors,
            published=index % 7 != 3,
        )
    _filterset, partners = partner_directory(params=QueryDict(urlencode(params)), language="en")
    expected = naive_directory(**params)
    assert expected, "each case must match something"
    assert [partner.pk for partner in partners] == expected
    assert partners.count() == len(expected)


def test_directory_varies_on_hx_request(client):
    PartnerFactory(name_en="Listed Org")
    full = client.get("/en/partners/")
    partial = client.get("/en/partners/", headers={"HX-Request": "true"})
    # The same URL answers a whole page or a fragment: a cache must keep both.
    assert "<html" in full.text and "<html" not in partial.text
    for response in (full, partial):
        assert "HX-Request" in response["Vary"]
