"""Browser fixtures: Debian's headless Chromium driven by Playwright against
pytest-django's live server.

A journey is short to write:

    pytestmark = E2E   # from tests.e2e.journey: e2e marker + transactional db

    def test_editor_edits_mission(journey, world):
        page = journey.as_user(world["users"]["editor_a"])   # signed in, session cookie
        page.goto(journey.url("/en/my/"))
        ...
        journey.axe_check(page)                               # WCAG 2.1 AA, serious/critical

`journey.page` is a visitor's page; `journey.as_user(user, via="form")` signs
in through the real login form (and the TOTP step for the Secretariat).
Every page opened through `journey` records Content-Security-Policy
violations and uncaught JavaScript errors; the journey fails at the end if
there were any.

Playwright's sync API runs an event loop in the test thread, so Django's
"async unsafe" guard must be lifted for ORM calls made while the browser is
open (DJANGO_ALLOW_ASYNC_UNSAFE, tests only). The live server needs committed
data, so browser tests use a transactional database with serialized
rollback (the sectors and other data migrations come back after each flush).
The browser is never downloaded: /usr/bin/chromium comes from Debian.
"""

import os
from pathlib import Path

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
os.environ.setdefault("DJANGO_LIVE_TEST_SERVER_ADDRESS", "127.0.0.1")
# Never let Playwright fetch a browser of its own.
os.environ.setdefault("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
TIMEOUT_MS = 15_000


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: apt-get install chromium")
    playwright = sync_playwright().start()
    browser = playwright.chromium.launch(
        executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
    )
    yield browser
    browser.close()
    playwright.stop()


@pytest.fixture
def world(transactional_db):
    from tests.gates.world import build_gate_world

    return build_gate_world()


@pytest.fixture
def journey(browser, live_server, settings):
    from tests.e2e.journey import Journey

    # The live server speaks plain HTTP on 127.0.0.1: production's Secure
    # cookie flags stay on (Chromium treats 127.0.0.1 as a secure context),
    # only the redirect to HTTPS is off.
    settings.SECURE_SSL_REDIRECT = False
    journey = Journey(browser=browser, base_url=live_server.url, timeout_ms=TIMEOUT_MS)
    yield journey
    journey.close()
    journey.assert_no_page_errors()


@pytest.fixture
def page(journey):
    return journey.page
