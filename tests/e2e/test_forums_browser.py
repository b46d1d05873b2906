"""A visitor walks from a forum's programme to a speaker NGO's profile, in Spanish.

Written by the forums branch; moved onto the shared journey helper (one
Chromium for the run, CSP recording, axe) so that it does not start a second
Playwright in the same thread.
"""

import datetime

from tests.e2e.journey import E2E
from tests.factories import PartnerFactory
from tests.forums.factories import EventFactory, ProgrammeItemFactory, SpeakerFactory

pytestmark = E2E


def test_visitor_goes_from_programme_to_speaker_ngo_in_spanish(journey):
    partner = PartnerFactory(
        slug="wcll",
        name_es="Comité Mundial para el Aprendizaje a lo largo de la Vida",
        mission_es="Promueve el aprendizaje a lo largo de toda la vida.",
    )
    event = EventFactory(slug="foro-2026", start_date=datetime.date(2026, 9, 1))
    item = ProgrammeItemFactory(event=event, title_es="Sesión plenaria de apertura", room="Sala I")
    SpeakerFactory(item=item, name="Ana Oradora", partner=partner)

    page = journey.new_page(language="es", axe=True)
    page.goto(journey.url("/es/forums/foro-2026/"))
    assert page.locator("html").get_attribute("lang") == "es"
    assert page.get_by_role("heading", name="Sala I").is_visible()
    journey.axe_check(page)
    page.get_by_role("link", name="Ana Oradora").click()
    page.wait_for_url("**/es/partners/wcll/")
    assert page.get_by_role(
        "heading", level=1, name="Comité Mundial para el Aprendizaje a lo largo de la Vida"
    ).is_visible()
    assert page.get_by_text("Promueve el aprendizaje a lo largo de toda la vida.").is_visible()
    # And back: the profile lists the event the NGO spoke at.
    assert page.locator('a[href="/es/forums/foro-2026/"]').count() == 1
    journey.axe_check(page)
