"""Crawl the site as a visitor and as each role, in the three languages.

Every same-site link from `/` (and from `/<lang>/my/` for signed-in roles) is
followed: no 5xx, no link to a 4xx, the production security headers on every
response, no inline code, `lang`/`dir` right and no English interface phrase
under /fr/ or /es/, no raw code (country code, choice value, snake_case word)
shown as text. Then the Nu Html Checker validates the HTML of every
public page (and one page per route of each role) in a single Java run.
"""

import pytest
from django.apps import apps
from django_countries import countries

from tests.conftest import sign_in
from tests.gates.checks import (
    inline_code_problems,
    lang_dir_problems,
    raw_code_problems,
    security_header_problems,
    untranslated_phrase_problems,
    vnu_errors,
)
from tests.gates.crawler import crawl, crawl_problems, route_of
from tests.gates.world import build_gate_world
from tests.permission_matrix import ROLES

pytestmark = pytest.mark.django_db

LANGUAGE_STARTS = ["/", "/fr/", "/en/", "/es/"]


# One crawl per role and process: every test builds the same world, so the
# second test of a role reads the first one's visits (the Makefile runs this
# file in one xdist worker with --dist loadfile).
_CRAWLS: dict = {}


def crawl_as(client, role, world=None):
    if role in _CRAWLS:
        return _CRAWLS[role]
    world = world or build_gate_world()
    user = world["users"][role]
    client.logout()
    starts = list(LANGUAGE_STARTS)
    if user is not None:
        sign_in(client, user)
        starts += ["/fr/my/", "/en/my/", "/es/my/"]
    _CRAWLS[role] = crawl(client, starts)
    return _CRAWLS[role]


def report(problems: dict[str, list[str]]) -> str:
    lines = []
    for path, found in sorted(problems.items()):
        lines += [f"{path}:"] + [f"    {problem}" for problem in found]
    return "\n".join(lines[:200])


@pytest.mark.parametrize("role", ROLES)
def test_crawl_finds_no_5xx_no_broken_link_and_safe_pages(client, role):
    visits = crawl_as(client, role)
    html_pages = [visit for visit in visits.values() if visit.html]
    print(f"crawl {role}: {len(visits)} URLs, {len(html_pages)} HTML pages")
    assert len(html_pages) >= 10, sorted(visits)
    for language in ("fr", "en", "es"):
        assert any(visit.language == language for visit in html_pages), language

    assert crawl_problems(visits) == []
    problems = {}
    for visit in visits.values():
        found = []
        if visit.headers:
            found += security_header_problems(visit.headers)
        if visit.html:
            found += inline_code_problems(visit.html)
            if visit.language:
                found += lang_dir_problems(visit.html, visit.language)
        if found:
            problems[visit.path] = found
    assert not problems, report(problems)


def raw_values() -> frozenset[str]:
    """The stored values of the models' choices that read as codes (with "-" or "_")."""
    values = set()
    for model in apps.get_models():
        for field in model._meta.get_fields():
            for value, _label in getattr(field, "flatchoices", None) or ():
                if isinstance(value, str) and ("-" in value or "_" in value):
                    values.add(value)
    return frozenset(values)


@pytest.mark.parametrize("role", ROLES)
def test_crawl_shows_names_not_raw_codes(client, role):
    visits = crawl_as(client, role)
    country_codes = frozenset(code for code, _name in countries)
    values = raw_values()
    problems = {
        visit.path: found
        for visit in visits.values()
        if visit.html
        and (found := raw_code_problems(visit.html, country_codes=country_codes, raw_values=values))
    }
    assert not problems, report(problems)


@pytest.mark.parametrize("role", ROLES)
def test_crawl_finds_no_untranslated_interface_in_french_and_spanish(client, role):
    """Passes once locale/fr and locale/es carry the interface's translations."""
    visits = crawl_as(client, role)
    problems = {
        visit.path: found
        for visit in visits.values()
        if visit.html
        and visit.language in {"fr", "es"}
        and (found := untranslated_phrase_problems(visit.html, visit.language))
    }
    assert not problems, report(problems)


def test_every_page_is_valid_html_per_the_nu_checker(client):
    """All public pages, plus one page per route for each signed-in role; one Java run."""
    world = None if len(_CRAWLS) == len(ROLES) else build_gate_world()
    documents = {}
    seen_routes = set()
    for role in ROLES:
        for visit in crawl_as(client, role, world).values():
            if not visit.html:
                continue
            key = (route_of(visit.path), visit.language)
            if role == "visitor" or key not in seen_routes:
                documents[f"{role} {visit.path}"] = visit.html
                seen_routes.add(key)
    errors = vnu_errors(documents)
    print(f"Nu Html Checker: {len(documents)} pages, {sum(map(len, errors.values()))} errors")
    assert len(documents) >= 20
    assert not errors, report(errors)
