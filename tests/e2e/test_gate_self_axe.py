"""The browser gates fail on a broken page: axe on a missing `alt`, and the
journey's CSP recorder on an inline script blocked by the policy."""

from pathlib import Path

from tests.e2e.journey import E2E
from tests.gates.checks import axe_failures

pytestmark = E2E

FIXTURES = Path(__file__).parents[1] / "gates" / "fixtures"
POLICY = "default-src 'self'; script-src 'self'; object-src 'none'; base-uri 'none'"


def serve(page, url, html):
    page.route(
        url,
        lambda route: route.fulfill(
            status=200,
            content_type="text/html; charset=utf-8",
            headers={"Content-Security-Policy": POLICY},
            body=html,
        ),
    )
    page.goto(url)


def test_axe_gate_fails_on_missing_alt_and_passes_the_good_twin(journey):
    page = journey.new_page(axe=True)
    serve(page, "http://gate.test/broken", (FIXTURES / "broken_fr.html").read_text())
    failures = axe_failures(journey.axe_run(page))
    assert any("image-alt" in failure for failure in failures), failures
    serve(page, "http://gate.test/good", (FIXTURES / "good_fr.html").read_text())
    assert axe_failures(journey.axe_run(page)) == []
    journey.errors.clear()  # the broken page's inline script, tested below


def test_csp_recorder_catches_an_inline_script(journey):
    page = journey.new_page()
    serve(page, "http://gate.test/broken", (FIXTURES / "broken_fr.html").read_text())
    page.wait_for_timeout(200)
    assert any("Content Security Policy" in error for error in journey.errors), journey.errors
    assert page.title() == "Page cassée · UNESCO"  # the inline script did not run
    journey.errors.clear()
