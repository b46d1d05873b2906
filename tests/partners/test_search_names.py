"""The directory's search by sector name, its echo of the query, the language
switcher after a live filter change, and names sorted as each language sorts."""

import re

import pytest
from django.core.management import call_command

from partners.models import Partner, Sector
from partners.search import uses_postgres
from tests.factories import PartnerFactory

pytestmark = pytest.mark.django_db


def names_in(html, *names):
    return sorted((html.index(name), name) for name in names)


@pytest.mark.parametrize(
    ("language", "query"),
    [("fr", "éducation"), ("fr", "Education"), ("en", "education"), ("es", "educación")],
)
def test_search_finds_partners_by_sector_name(client, language, query):
    PartnerFactory(
        name_en="Teachers Without Borders",
        name_fr="Teachers Without Borders",
        name_es="Teachers Without Borders",
        mission_en="Trains teachers.",
        mission_fr="Forme des enseignants.",
        mission_es="Forma docentes.",
        sectors=["education"],
    )
    PartnerFactory(name_en="Heritage Watch", mission_en="Protects sites.", sectors=["culture"])
    html = client.get(f"/{language}/partners/", {"q": query}).text
    assert "Teachers Without Borders" in html
    assert "Heritage Watch" not in html


def test_search_follows_a_change_of_sectors(client):
    partner = PartnerFactory(name_en="Quiet Council", mission_en="Meets.", sectors=["culture"])
    assert "Quiet Council" not in client.get("/en/partners/", {"q": "education"}).text
    partner.sectors.add(Sector.objects.get(code="education"))
    assert "Quiet Council" in client.get("/en/partners/", {"q": "education"}).text
    partner.sectors.clear()
    assert "Quiet Council" not in client.get("/en/partners/", {"q": "education"}).text


def test_search_follows_a_renamed_sector(client):
    PartnerFactory(name_en="Stage Guild", mission_en="Plays.", sectors=["culture"])
    culture = Sector.objects.get(code="culture")
    culture.name_en = "Performing arts"
    culture.save()
    assert "Stage Guild" in client.get("/en/partners/", {"q": "performing"}).text


def test_rebuild_command_brings_existing_data_up_to_date(client):
    partner = PartnerFactory(name_en="Old Data Trust", mission_en="Meets.", sectors=["culture"])
    Partner.objects.filter(pk=partner.pk).update(search_text="")
    if uses_postgres():
        Partner.objects.filter(pk=partner.pk).update(search_en=None, search_fr=None, search_es=None)
    assert "Old Data Trust" not in client.get("/en/partners/", {"q": "culture"}).text
    call_command("rebuild_search", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert "Old Data Trust" in client.get("/en/partners/", {"q": "culture"}).text


@pytest.mark.parametrize(
    ("language", "query", "expected"),
    [
        ("en", "education", "2 partners for “education”"),
        ("fr", "éducation", "2\u00a0partenaires pour «\u00a0éducation\u00a0»"),
        ("es", "educación", "2 ONG asociadas para «educación»"),
    ],
)
def test_result_count_echoes_the_query(client, language, query, expected):
    PartnerFactory.create_batch(2, sectors=["education"])
    html = client.get(f"/{language}/partners/", {"q": query}).text
    assert expected in html


def test_echoed_query_is_escaped(client):
    html = client.get("/en/partners/", {"q": "<b>x</b>"}).text
    assert "“&lt;b&gt;x&lt;/b&gt;”" in html
    assert "<b>x</b>" not in html


def test_live_filter_change_sends_the_language_switcher_with_the_query(client):
    PartnerFactory(sectors=["education"])
    response = client.get(
        "/en/partners/", {"sector": "education", "q": "world"}, headers={"HX-Request": "true"}
    )
    html = response.text
    assert '<section id="results"' in html
    assert 'id="language-switcher" class="language-switcher" data-hx-swap-oob="true"' in html
    switcher = html.split('id="language-switcher"')[1]
    assert switcher.count("sector=education&amp;q=world") == 3


def test_full_page_switcher_is_not_out_of_band(client):
    html = client.get("/en/partners/", {"q": "world"}).text
    assert 'id="language-switcher" class="language-switcher" aria-label' in html
    assert "data-hx-swap-oob" not in html


@pytest.mark.skipif(not uses_postgres(), reason="ICU collations are PostgreSQL's")
@pytest.mark.parametrize("language", ["fr", "en", "es"])
def test_names_sort_as_the_language_sorts_them(client, language):
    names = [
        "Forumzz des jeunes",
        "Fédérationzz des écoles",
        "écolezz ouverte",
        "Zèbrezz",
        "Élanzz",
    ]
    for number, name in enumerate(names):
        PartnerFactory(slug=f"p{number}", **{"name_en": f"x{number}", f"name_{language}": name})
    html = client.get(f"/{language}/partners/", {"sort": "name"}).text
    expected = ["écolezz", "Élanzz", "Fédérationzz", "Forumzz", "Zèbrezz"]
    assert [name for _index, name in names_in(html, *expected)] == expected


@pytest.mark.parametrize(
    ("language", "query", "expected"),
    [
        ("en", "education", "More than 3 partners for “education”; the first 3 are listed."),
        (
            "fr",
            "éducation",
            "Plus de 3\u00a0partenaires pour «\u00a0éducation\u00a0»\u00a0; "
            "les 3\u00a0premiers sont listés.",
        ),
        ("es", "educación", "Más de 3 ONG asociadas para «educación»; se muestran las 3 primeras."),
    ],
)
def test_search_count_is_capped(client, monkeypatch, language, query, expected):
    """Past the cap the page says "more than" and pages over the first matches only."""
    monkeypatch.setattr("partners.views.SEARCH_COUNT_CAP", 3)
    monkeypatch.setattr("partners.views.PAGE_SIZE", 2)
    for index in range(5):
        name = f"Learning Circle {index}"
        PartnerFactory(name_en=name, name_fr=name, name_es=name, sectors=["education"])
    html = client.get(f"/{language}/partners/", {"q": query}).text
    assert expected in re.sub(r"[ \n]+", " ", html)
    assert "page=2" in html
    last = client.get(f"/{language}/partners/", {"q": query, "page": "9"}).text
    # The second page is the last: it holds the third match only.
    assert sum(f"Learning Circle {index}" in last for index in range(5)) == 1
    assert "page=3" not in last


def test_search_count_under_the_cap_is_exact(client, monkeypatch):
    monkeypatch.setattr("partners.views.SEARCH_COUNT_CAP", 3)
    PartnerFactory.create_batch(3, sectors=["education"])
    html = client.get("/en/partners/", {"q": "education"}).text
    assert "3 partners for “education”" in html
    assert "More than" not in html
