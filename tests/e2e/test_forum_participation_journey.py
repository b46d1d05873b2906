"""A forum from the call for proposals to the door, in the browser (issue 19).

A Spanish delegate registers their delegation; a French NGO proposes a
session and sees it accepted by the organisers; a person on the waiting list
is promoted when someone cancels, and confirms; a staff member checks them
in on a 390-pixel phone screen, twice (recorded once).
"""

from forums import services_attendance
from forums.models import CheckIn, Proposal, Registration
from tests.conftest import verified
from tests.dialogue.factories import make_delegate
from tests.e2e.journey import E2E
from tests.factories import PartnerEditorFactory, PartnerFactory, UserFactory
from tests.forums.factories import CallForProposalsFactory, EventFactory, RegistrationTypeFactory

pytestmark = E2E


def submit(page, selector="main form button[type=submit]"):
    page.locator(selector).first.click()
    page.wait_for_load_state("load")


def test_forum_from_proposal_to_check_in(journey):
    organiser_ngo = PartnerFactory(slug="organiser", name_en="Organising NGO")
    organiser = verified(
        PartnerEditorFactory(partner=organiser_ngo, user__email="org@example.org").user
    )
    french_ngo = PartnerFactory(slug="ong-fr", name_en="ONG française", name_fr="ONG française")
    french_editor = verified(
        PartnerEditorFactory(partner=french_ngo, user__email="ong@example.org").user
    )
    delegate = make_delegate("delegado@example.org", "ES", language="es")
    event = EventFactory(slug="forum-journey", title_es="Foro de prueba", title_fr="Forum test")
    event.organisers.add(organiser_ngo)
    CallForProposalsFactory(event=event)
    delegation = RegistrationTypeFactory(
        event=event, kind="delegation", name_es="Delegaciones", name_en="Delegations"
    )
    public = RegistrationTypeFactory(
        event=event, kind="public", capacity=1, name_en="Public", name_es="Público"
    )

    # 1. A Spanish delegate registers a member of the delegation.
    page = journey.as_user(delegate, language="es", axe=True)
    page.goto(journey.url("/es/forums/forum-journey/participate/"))
    assert page.locator("html").get_attribute("lang") == "es"
    page.select_option('[name="registration_type"]', str(delegation.pk))
    page.fill('[name="full_name"]', "María Delegada")
    page.fill('[name="email"]', "maria@example.org")
    page.select_option('[name="language"]', "es")
    page.select_option('[name="listening_language"]', "es")
    journey.axe_check(page)
    submit(page)
    registration = Registration.objects.get(registration_type=delegation)
    assert registration.country == "ES" and registration.status == "confirmed"
    assert "Confirmada" in page.content()

    # 2. A French NGO proposes a session...
    page = journey.as_user(french_editor, language="fr", axe=True)
    page.goto(journey.url("/fr/forums/forum-journey/call/propose/"))
    page.fill('[name="title"]', "Jeunesse et citoyenneté mondiale")
    page.fill('[name="abstract"]', "Un panel de jeunes responsables.")
    page.select_option('[name="theme"]', "Éducation")  # the French themes under /fr/
    page.select_option('[name="format"]', "panel")
    page.fill('[name="speakers"]', "Amina Diallo, ONG française")
    page.select_option('[name="language"]', "fr")
    page.check('input[name="interpretation"][value="en"]')
    page.select_option('[name="room_size"]', "medium")
    journey.axe_check(page)
    submit(page)
    proposal = Proposal.objects.get()
    assert proposal.partner == french_ngo and proposal.proposer_language == "fr"

    # ... the organisers accept it ...
    review = journey.as_user(organiser, language="en", axe=True)
    review.goto(journey.url(f"/en/forums/forum-journey/proposals/{proposal.pk}/"))
    review.select_option('[name="score"]', "5")
    submit(review)
    review.check('input[name="decision"][value="accept"]')
    review.fill('[name="message"]', "Bienvenue au programme !")
    submit(review, 'form[action$="/decide/"] button[type=submit]')
    journey.axe_check(review)
    proposal.refresh_from_db()
    assert proposal.state == "accepted"

    # ... and the French NGO sees it accepted.
    page.goto(journey.url("/fr/forums/forum-journey/call/"))
    assert "Acceptée" in page.content() and "Bienvenue au programme" in page.content()

    # 3. The only public place is taken; a second person joins the waiting list.
    first = UserFactory(email="first@example.org")
    taken = services_attendance.register(
        registration_type=public, user=first, full_name="First", email=first.email, language="en"
    )
    second = verified(UserFactory(email="second@example.org", full_name="Second Person"))
    waiting_page = journey.as_user(second, language="en", axe=True)
    waiting_page.goto(journey.url("/en/forums/forum-journey/participate/"))
    waiting_page.select_option('[name="registration_type"]', str(public.pk))
    waiting_page.fill('[name="full_name"]', "Second Person")
    submit(waiting_page)
    waiting = Registration.objects.get(registration_type=public, email="second@example.org")
    assert waiting.status == "waiting"
    assert "waiting list" in waiting_page.content()

    # The first person cancels in the browser; the place is offered to the second.
    first_page = journey.as_user(verified(first), language="en")
    first_page.goto(journey.url(f"/en/forums/forum-journey/participation/{taken.pk}/"))
    submit(first_page, 'form[action$="/cancel/"] button[type=submit]')
    waiting.refresh_from_db()
    assert waiting.status == "offered"
    waiting_page.goto(journey.url(f"/en/forums/forum-journey/participation/{waiting.pk}/"))
    submit(waiting_page, 'form[action$="/confirm/"] button[type=submit]')
    waiting.refresh_from_db()
    assert waiting.status == "confirmed"
    journey.axe_check(waiting_page)

    # 4. At the door, on a phone: the code typed, then again.
    door = journey.as_user(
        organiser,
        language="en",
        axe=True,
        page=journey.new_page(language="en", axe=True, viewport={"width": 390, "height": 844}),
    )
    door.goto(journey.url("/en/forums/forum-journey/check-in/"))
    code = services_attendance.badge_code(waiting)
    door.fill('[name="code"]', code)
    door.locator("#check-in-form button[type=submit]").click()
    door.wait_for_selector("#check-in-result p.success")
    assert "Second Person" in door.inner_text("#check-in-result")
    assert "Checked in." in door.inner_text("#check-in-result")
    door.fill('[name="code"]', code)
    door.locator("#check-in-form button[type=submit]").click()
    # A locator, not wait_for_function: the page's CSP forbids eval.
    door.locator("#check-in-result p", has_text="Already checked in").wait_for()
    assert CheckIn.objects.filter(registration=waiting).count() == 1
    assert door.evaluate("document.documentElement.scrollWidth") <= 390
    journey.axe_check(door)
    journey.assert_no_page_errors()
