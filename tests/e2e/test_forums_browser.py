"""A visitor walks from a forum's programme to a speaker NGO's profile, in Spanish."""

import datetime
import os
import shutil

import pytest

from tests.factories import PartnerFactory
from tests.forums.factories import EventFactory, ProgrammeItemFactory, SpeakerFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium")


@pytest.fixture
def page(monkeypatch):
    playwright = pytest.importorskip("playwright.sync_api")
    # Playwright's sync API runs an event loop in this thread; the test's own
    # database writes happen before it and the server runs in another thread.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with playwright.sync_playwright() as runner:
        try:
            browser = runner.chromium.launch(executable_path=CHROMIUM)
        except Exception as error:  # noqa: BLE001
            pytest.skip(f"no Chromium available: {error}")
        yield browser.new_page(locale="es-ES")
        browser.close()


def test_visitor_goes_from_programme_to_speaker_ngo_in_spanish(live_server, page):
    partner = PartnerFactory(
        slug="wcll",
        name_es="Comité Mundial para el Aprendizaje a lo largo de la Vida",
        mission_es="Promueve el aprendizaje a lo largo de toda la vida.",
    )
    event = EventFactory(slug="foro-2026", start_date=datetime.date(2026, 9, 1))
    item = ProgrammeItemFactory(event=event, title_es="Sesión plenaria de apertura", room="Sala I")
    SpeakerFactory(item=item, name="Ana Oradora", partner=partner)

    page.goto(f"{live_server.url}/es/forums/foro-2026/")
    assert page.locator("html").get_attribute("lang") == "es"
    assert page.get_by_role("heading", name="Sala I").is_visible()
    page.get_by_role("link", name="Ana Oradora").click()
    page.wait_for_url("**/es/partners/wcll/")
    assert page.get_by_role(
        "heading", level=1, name="Comité Mundial para el Aprendizaje a lo largo de la Vida"
    ).is_visible()
    assert page.get_by_text("Promueve el aprendizaje a lo largo de toda la vida.").is_visible()
    # And back: the profile lists the event the NGO spoke at.
    assert page.locator('a[href="/es/forums/foro-2026/"]').count() == 1
