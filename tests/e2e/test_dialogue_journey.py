"""A hearing from request to public page, in the browser.

A delegate of Senegal submits a request in Spanish; the Secretariat reviews
and accepts it; an NGO editor expresses interest in French; the Secretariat
selects the NGO and schedules the hearing; the public English page shows it.
"""

import datetime

from django.utils import timezone

from dialogue.models import DialogueRequest, State
from tests.conftest import verified
from tests.dialogue.factories import make_delegate
from tests.e2e.journey import E2E
from tests.factories import PartnerEditorFactory, PartnerFactory, UserFactory

pytestmark = E2E


def submit_form(page, action_suffix: str) -> None:
    page.locator(f'form[action$="{action_suffix}"] button[type="submit"]').first.click()
    page.wait_for_load_state("load")


def submit_only_form(page) -> None:
    page.locator('main form.stacked-form button[type="submit"]').first.click()
    page.wait_for_load_state("load")


def test_delegate_request_becomes_a_public_hearing(journey):
    from tests.conftest import add_totp

    delegate = make_delegate("delegado@example.org", "SN")
    secretariat = verified(UserFactory(email="sec@example.org", is_secretariat=True))
    add_totp(secretariat)
    wcll = PartnerFactory(
        slug="wcll", name_en="World Committee for Lifelong Learning", sectors=["education"]
    )
    editor = verified(PartnerEditorFactory(partner=wcll, user__email="editeur@example.org").user)
    today = timezone.localdate()

    # The delegate writes in Spanish.
    page = journey.as_user(delegate, language="es", axe=True)
    page.goto(journey.url("/es/dialogue/requests/new/"))
    assert page.locator("html").get_attribute("lang") == "es"
    page.fill('form [name="theme"]', "Aprendizaje a lo largo de toda la vida")
    page.fill('form [name="description"]', "Un debate temático sobre la alfabetización de adultos.")
    page.check('input[name="sectors"][value="education"]')
    page.select_option('form [name="setting"]', "png-committee")
    page.fill('form [name="executive_board_session"]', "222")
    page.select_option('form [name="format"]', "thematic-debate")
    page.fill('form [name="preferred_from"]', (today + datetime.timedelta(days=60)).isoformat())
    page.fill('form [name="preferred_until"]', (today + datetime.timedelta(days=90)).isoformat())
    page.fill('form [name="expertise_sought"]', "Programas de alfabetización de adultos.")
    journey.axe_check(page)
    submit_only_form(page)
    request = DialogueRequest.objects.get()
    assert request.country.code == "SN"
    assert request.original_language == "es"

    # The Secretariat gives an English theme, reviews and accepts.
    page = journey.as_user(secretariat, language="en", axe=True)
    triage = f"/en/dialogue/secretariat/{request.pk}/"
    page.goto(journey.url(triage))
    page.fill('form [name="theme_en"]', "Lifelong learning for all")
    submit_form(page, "/edit/")
    for state in (State.UNDER_REVIEW, State.ACCEPTED):
        page.goto(journey.url(triage))
        page.select_option('form [name="to_state"]', state)
        submit_form(page, "/decision/")
    request.refresh_from_db()
    assert request.state == State.ACCEPTED
    journey.axe_check(page)

    # The NGO editor expresses interest in French.
    page = journey.as_user(editor, language="fr", axe=True)
    page.goto(journey.url(f"/fr/dialogue/{request.pk}/interest/"))
    assert page.locator("html").get_attribute("lang") == "fr"
    page.fill('form [name="statement"]', "Nous animons des cercles d'alphabétisation au Sénégal.")
    page.fill('form [name="proposed_speaker"]', "Awa Ndiaye")
    page.check('input[name="languages"][value="fr"]')
    journey.axe_check(page)
    submit_only_form(page)
    assert request.interests.filter(partner=wcll).exists()

    # The Secretariat selects the NGO and schedules the hearing.
    page = journey.as_user(secretariat, language="en")
    page.goto(journey.url(triage))
    page.check(f'input[name="partners"][value="{wcll.pk}"]')
    submit_form(page, "/participants/")
    page.goto(journey.url(triage))
    page.fill('form [name="date"]', "2030-10-14")
    page.fill('form [name="start_time"]', "15:00")
    page.fill('form [name="end_time"]', "17:00")
    page.fill('form [name="place"]', "UNESCO Headquarters, Room X")
    submit_form(page, "/schedule/")
    request.refresh_from_db()
    assert request.state == State.SCHEDULED

    # A visitor reads it on the public English page.
    page = journey.new_page(language="en", axe=True)
    page.goto(journey.url("/en/dialogue/"))
    assert page.get_by_text("Lifelong learning for all").first.is_visible()
    page.get_by_role("link", name="Lifelong learning for all").first.click()
    page.wait_for_load_state("load")
    assert page.get_by_text("World Committee for Lifelong Learning").first.is_visible()
    journey.axe_check(page)
