"""Lighthouse (npm `lighthouse`, pinned in package.json) on the public pages, as
a phone sees them: accessibility, best practices and SEO at 100, performance
at least 95 (issue 15; the forum participation issue adds the public
programme and registration pages of an event).

The live server holds the demo data (`seed_demo`) plus 300 synthetic partners
with delegates in most countries, so that the statistics page draws about as
many countries, rows and bars as the portal does. Lighthouse drives Debian's
Chromium (`--chrome-path`), headless, in its default mobile form factor with
simulated throttling.

Performance is measured on a shared CI machine whose load varies from run to
run: each page gets up to three runs and keeps its best performance score;
the thresholds themselves never move. The other three categories do not
depend on load, so any run below 100 fails. Every run's scores are printed.
Each page is requested once before Lighthouse, as a deployed server is warm
(the world map's geometry decoded, the page cache filled).
"""

import json
import os
import subprocess
import urllib.request

import pytest
from django.core.management import call_command

from tests.e2e.conftest import CHROMIUM
from tests.e2e.journey import E2E
from tests.gates.checks import NODE_MODULES, REPO_ROOT

pytestmark = E2E

LIGHTHOUSE = NODE_MODULES / ".bin" / "lighthouse"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
FULL_MARKS = ("accessibility", "best-practices", "seo")
MIN_PERFORMANCE = 95
ATTEMPTS = 3


@pytest.fixture
def demo(settings):
    from forums.models import Event
    from partners.synthetic import generate_partners

    settings.SECURE_SSL_REDIRECT = False
    call_command("seed_demo", verbosity=0)
    generate_partners(count=300, seed=3)
    forum = Event.objects.filter(slug__in=_forum_slugs()).order_by("-start_date").first()
    assert forum is not None, "seed_demo made no upcoming forum with a call"
    return {"forum": forum.slug}


def _forum_slugs() -> list[str]:
    from forums.models import Event

    # The demo's forums with registration types; the latest is the upcoming one.
    return list(
        Event.objects.filter(registration_types__isnull=False)
        .values_list("slug", flat=True)
        .distinct()
    )


def lighthouse(url: str, output) -> dict | None:
    """One Lighthouse run: each category's score out of 100 and the failed
    audits, or None when Lighthouse itself failed to record the load (it
    says so, e.g. NO_NAVSTART on a starved machine: no score to judge)."""
    command = [
        str(LIGHTHOUSE),
        url,
        f"--chrome-path={CHROMIUM}",
        "--chrome-flags=--headless=new --no-sandbox --disable-gpu",
        "--form-factor=mobile",
        f"--only-categories={','.join(CATEGORIES)}",
        "--output=json",
        f"--output-path={output}",
        "--quiet",
        "--max-wait-for-load=30000",
    ]
    env = dict(os.environ, CHROME_PATH=CHROMIUM)
    done = subprocess.run(command, cwd=REPO_ROOT, env=env, check=False, timeout=180)  # noqa: S603
    if done.returncode or not output.exists():
        return None
    report = json.loads(output.read_text(encoding="utf-8"))
    if report.get("runtimeError"):
        return None
    scores = {name: round((report["categories"][name]["score"] or 0) * 100) for name in CATEGORIES}
    failed = [
        f"{category['id']}: {ref['id']}"
        for category in report["categories"].values()
        if category["id"] in FULL_MARKS
        for ref in category["auditRefs"]
        if ref["weight"] and (report["audits"][ref["id"]]["score"] or 0) < 1
    ]
    tbt = report["audits"]["total-blocking-time"].get("displayValue", "")
    return {**scores, "failed": failed, "tbt": tbt}


def test_public_pages_score_full_marks_on_a_phone(live_server, demo, tmp_path):
    if not LIGHTHOUSE.exists():
        pytest.fail(f"{LIGHTHOUSE} is missing: npm ci --ignore-scripts")
    forum = demo["forum"]
    pages = {
        "home": "/en/",
        "directory": "/en/partners/",
        "profile": "/en/partners/wcll/",
        "statistics": "/en/statistics/",
        "event": f"/en/forums/{forum}/",
        "programme": f"/en/forums/{forum}/programme/",
        "registration": f"/en/forums/{forum}/participate/",
    }
    problems = []
    for name, path in pages.items():
        # A deployed server is warm: the first request of a process decodes
        # the world map's geometry and fills the page cache, seconds on a
        # loaded machine, which Lighthouse would count as the page's own.
        with urllib.request.urlopen(live_server.url + path, timeout=60) as response:  # noqa: S310
            assert response.status == 200, path
        best = None
        for attempt in range(1, ATTEMPTS + 1):
            run = lighthouse(live_server.url + path, tmp_path / f"{name}-{attempt}.json")
            if run is None:
                print(f"lighthouse {name:<13} run {attempt}: Lighthouse failed, no scores")
                continue
            print(
                f"lighthouse {name:<13} run {attempt}: "
                + " ".join(f"{c}={run[c]}" for c in CATEGORIES)
                + f" (total blocking time {run['tbt']})"
            )
            if run["failed"]:
                problems.append(f"{path}: {', '.join(run['failed'])}")
            if best is None or run["performance"] > best["performance"]:
                best = run
            if best["performance"] >= MIN_PERFORMANCE:
                break
        if best is None:
            problems.append(f"{path}: Lighthouse failed in all {ATTEMPTS} runs")
        elif best["performance"] < MIN_PERFORMANCE:
            problems.append(
                f"{path}: performance {best['performance']} < {MIN_PERFORMANCE} "
                f"(best of {ATTEMPTS})"
            )
    assert not problems, "\n".join(problems)
