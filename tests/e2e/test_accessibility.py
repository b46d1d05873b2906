"""axe-core on every page each role can reach, in the three languages.

The pages come from the in-process crawl (tests/gates/crawler.py) run as the
same role: every HTML page a visitor reaches, and for each signed-in role one
page per route and language (a partner's profile is one template, whoever
the partner). No violation of impact serious or critical against WCAG 2.1 A
and AA may remain.
"""

import json

import pytest
from django.test import Client

from tests.conftest import sign_in
from tests.e2e.journey import E2E, Journey
from tests.gates.checks import REPO_ROOT, axe_failures
from tests.gates.crawler import crawl, route_of
from tests.permission_matrix import ROLES

pytestmark = E2E

STARTS = ["/fr/", "/en/", "/es/"]
SIGNED_IN_STARTS = ["/fr/my/", "/en/my/", "/es/my/"]


def html_pages(world, role) -> dict:
    client = Client()
    user = world["users"][role]
    starts = list(STARTS)
    if user is not None:
        sign_in(client, user)
        starts += SIGNED_IN_STARTS
    return {
        path: visit
        for path, visit in crawl(client, starts).items()
        if visit.html and visit.language
    }


# What the visitor reaches: the same for every test's (identical) world.
_PUBLIC_KEYS: set = set()


def key(path: str, visit) -> tuple:
    return (route_of(path), visit.language, "?" in path)


def pages_for(world, role) -> list[str]:
    """A visitor: every page. A signed-in role: its home page in each language
    (the signed-in header) and one page per route and language that the
    visitor does not reach (the visitor's sweep covers the public ones)."""
    pages = html_pages(world, role)
    if role == "visitor":
        return sorted(pages)
    if not _PUBLIC_KEYS:
        _PUBLIC_KEYS.update(
            key(path, visit) for path, visit in html_pages(world, "visitor").items()
        )
    public = _PUBLIC_KEYS
    chosen, seen = [], set()
    for path, visit in sorted(pages.items()):
        if path in STARTS or (key(path, visit) not in public | seen):
            chosen.append(path)
            seen.add(key(path, visit))
    return chosen


@pytest.mark.parametrize("role", ROLES)
def test_axe_finds_no_serious_or_critical_violation(journey, world, role):
    paths = pages_for(world, role)
    assert any(path.startswith("/fr/") for path in paths)
    assert any(path.startswith("/es/") for path in paths)
    page = journey.as_user(world["users"][role], axe=True)
    failures = {}
    for path in paths:
        page.goto(journey.url(path))
        results = journey.axe_run(page)
        Journey.axe_pages += 1
        for violation in results["violations"]:
            impact = violation.get("impact") or "unknown"
            Journey.axe_totals[impact] = Journey.axe_totals.get(impact, 0) + len(violation["nodes"])
        if found := axe_failures(results):
            failures[path] = found
    summary = REPO_ROOT / "test-results" / "gates" / f"axe-{role}.json"
    summary.parent.mkdir(parents=True, exist_ok=True)
    summary.write_text(json.dumps({"pages": len(paths), "failures": failures}, indent=2))
    print(f"axe {role}: {len(paths)} pages, totals so far {Journey.axe_totals}")
    assert failures == {}, "\n".join(f"{p}: {f}" for p, f in failures.items())
