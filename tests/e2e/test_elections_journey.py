"""An election of the Liaison Committee, in the browser.

An NGO editor nominates their NGO in French; the Secretariat validates the
candidature and closes the roll; a voting delegate votes in Spanish and gets
a receipt; the Secretariat counts; the English results page shows the new
Committee; the elected NGO's editor manages the working group it coordinates.
"""

import datetime

from django.utils import timezone

from forums.models import Ballot, Candidature
from tests.conftest import add_totp, verified
from tests.e2e.journey import E2E
from tests.factories import PartnerEditorFactory, PartnerFactory, UserFactory
from tests.forums.elections.factories import ElectionFactory, close_voting, open_voting
from tests.forums.factories import RegistrationFactory, WorkingGroupFactory, pdf_bytes

pytestmark = E2E


def click(page, selector: str) -> None:
    page.locator(selector).first.click()
    page.wait_for_load_state("load")


def test_editor_nominates_secretariat_validates_delegate_votes_committee_is_elected(
    journey, tmp_path
):
    secretariat = verified(UserFactory(email="sec@example.org", is_secretariat=True))
    add_totp(secretariat)
    ocean = PartnerFactory(
        slug="ocean", name_en="Ocean Literacy Network", name_fr="Réseau pour l'océan",
        name_es="Red por el océano", status="consultative", country="SN",
    )  # fmt: skip
    editor = verified(PartnerEditorFactory(partner=ocean, user__email="editrice@example.org").user)
    group = WorkingGroupFactory(slug="oceans", name_en="Oceans", coordinating_partner=ocean)
    election = ElectionFactory(
        slug="ciong-2026", title_en="Election 2026", title_es="Elección 2026"
    )
    voter_ngo = PartnerFactory(slug="voters", status="associate", country="CL")
    voter = verified(UserFactory(email="delegada@example.org"))
    RegistrationFactory(
        event=election.event, partner=voter_ngo, email=voter.email, is_voting_delegate=True
    )
    cv = tmp_path / "cv.pdf"
    cv.write_bytes(pdf_bytes("CV"))

    # The editor nominates the NGO in French.
    page = journey.as_user(editor, language="fr", axe=True)
    page.goto(journey.url("/fr/elections/ciong-2026/nominate/"))
    assert page.locator("html").get_attribute("lang") == "fr"
    page.select_option('form [name="seat_kind"]', "consultative")
    page.fill('form [name="statement_fr"]', "Nous porterons la voix des ONG africaines.")
    page.set_input_files('form [name="cv"]', str(cv))
    journey.axe_check(page)
    click(page, 'main form button[type="submit"]')
    candidature = Candidature.objects.get()
    assert candidature.statement_fr == "Nous porterons la voix des ONG africaines."
    assert candidature.state == Candidature.State.SUBMITTED
    assert "Réseau pour l'océan" in page.content()

    # The Secretariat validates and closes the roll.
    page = journey.as_user(secretariat, via="form", language="en", axe=True)
    page.goto(journey.url("/en/elections/ciong-2026/review/"))
    page.check('input[name="decision"][value="validate"]')
    journey.axe_check(page)
    click(page, 'form[action$="/decide/"] button[type="submit"]')
    candidature.refresh_from_db()
    assert candidature.state == Candidature.State.VALIDATED
    page.goto(journey.url("/en/elections/ciong-2026/"))
    click(page, 'form[action$="/roll/close/"] button[type="submit"]')
    election.refresh_from_db()
    assert election.roll_closed

    # Voting day: the delegate votes in Spanish.
    open_voting(election)
    page = journey.as_user(voter, language="es", axe=True)
    page.goto(journey.url("/es/elections/ciong-2026/vote/"))
    assert page.locator("html").get_attribute("lang") == "es"
    page.check(f'input[name="consultative"][value="{candidature.code}"]')
    journey.axe_check(page)
    click(page, 'main form button[type="submit"]')
    assert "Red por el océano" in page.locator("main").inner_text()
    click(page, 'main form button[type="submit"]')
    receipt = page.locator("#receipt").inner_text()
    assert Ballot.objects.get().receipt == receipt
    journey.axe_check(page)

    # The vote closes; the term starts today; the Secretariat counts.
    close_voting(election)
    election.term_start = timezone.localdate() - datetime.timedelta(days=1)
    election.save()
    page = journey.as_user(secretariat, language="en", page=page)
    page.goto(journey.url("/en/elections/ciong-2026/"))
    click(page, 'form[action$="/count/"] button[type="submit"]')

    # The public English page shows the new Committee; the receipt is found.
    page = journey.as_user(None, language="en", axe=True)
    page.goto(journey.url("/en/elections/ciong-2026/"))
    results = page.locator("#results-heading + h3 + ul").inner_text()
    assert "Ocean Literacy Network" in results
    journey.axe_check(page)
    page.goto(journey.url(f"/en/elections/ciong-2026/ballots/?receipt={receipt}"))
    assert "Your ballot is in the list." in page.content()

    # The elected NGO's editor manages the working group it coordinates.
    page = journey.as_user(editor, language="fr")
    page.goto(journey.url(f"/fr/working-groups/{group.slug}/meetings/new/"))
    page.fill('form [name="date"]', timezone.localdate().isoformat())
    page.check('form [name="online"]')
    click(page, 'main form button[type="submit"]')
    assert group.meetings.count() == 1
