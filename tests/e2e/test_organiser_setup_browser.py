"""The Chair sets up a forum the Liaison Committee co-organises, in the browser:
the call in three languages, a registration type, a session; axe on each page."""

from forums.models import CallForProposals, CommitteeSeat, RegistrationType
from tests.conftest import verified
from tests.e2e.journey import E2E
from tests.factories import UserFactory
from tests.forums.factories import CommitteeTermFactory, EventFactory
from tests.partners.factories import PartnerFactory

pytestmark = E2E


def submit(page):
    page.locator("main form[method=post] button[type=submit]").first.click()
    page.wait_for_load_state("load")


def test_chair_sets_up_a_co_organised_forum(journey):
    chair = verified(UserFactory(email="chair@example.org", full_name="Jane Chair"))
    term = CommitteeTermFactory(chair_account=chair, chair_person="Jane Chair")
    CommitteeSeat.objects.create(term=term, kind="consultative", partner=PartnerFactory())
    event = EventFactory(slug="forum-setup", committee_co_organises=True)
    start = event.start_date.isoformat()

    page = journey.as_user(chair, language="fr", axe=True)
    page.goto(journey.url("/fr/forums/forum-setup/call/edit/"))
    journey.axe_check(page)
    page.fill('[name="opens_on"]', start)
    page.fill('[name="closes_on"]', start)
    page.fill('[name="description_fr"]', "Proposez une session.")
    page.fill('[name="description_es"]', "Proponga una sesión.")
    page.fill('[name="themes_fr"]', "Éducation")
    page.check('input[name="formats"][value="panel"]')
    submit(page)
    call = CallForProposals.objects.get(event=event)
    assert call.description_es == "Proponga una sesión." and call.formats == ["panel"]

    page.goto(journey.url("/fr/forums/forum-setup/registration-types/new/"))
    journey.axe_check(page)
    page.select_option('[name="kind"]', "public")
    page.fill('[name="name_fr"]', "Grand public")
    page.fill('[name="capacity"]', "50")
    page.fill('[name="opens_on"]', start)
    page.fill('[name="closes_on"]', start)
    submit(page)
    assert RegistrationType.objects.get(event=event).name_fr == "Grand public"
    assert "Grand public" in page.content()
    journey.axe_check(page)

    page.goto(journey.url("/fr/forums/forum-setup/programme/sessions/new/"))
    journey.axe_check(page)
    page.fill('[name="day"]', start)
    page.fill('[name="start_time"]', "09:30")
    page.fill('[name="end_time"]', "10:30")
    page.fill('[name="room"]', "Salle I")
    page.fill('[name="title_fr"]', "Ouverture")
    submit(page)
    assert event.programme.get().title_fr == "Ouverture"
    assert "Ouverture" in page.content()

    page.goto(journey.url("/fr/forums/forum-setup/participants/"))
    journey.axe_check(page)
    journey.assert_no_page_errors()
