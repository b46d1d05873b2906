"""The door page without network: reloaded from its service worker, a typed
check-in is kept on the phone and sent when the connection returns.

The organiser here is a Liaison Committee member at a forum the Committee
co-organises (elections issue, point 6): the door is theirs to staff too.
"""

from forums import services_attendance
from forums.models import CheckIn, CommitteeSeat, Registration
from tests.conftest import verified
from tests.e2e.journey import E2E
from tests.factories import PartnerEditorFactory, PartnerFactory
from tests.forums.factories import CommitteeTermFactory, EventFactory, RegistrationTypeFactory

pytestmark = E2E


def test_door_page_reloads_offline_and_sends_the_check_in_when_back(journey):
    member_ngo = PartnerFactory(slug="committee-ngo", name_en="Committee NGO")
    term = CommitteeTermFactory()
    CommitteeSeat.objects.create(term=term, kind="consultative", partner=member_ngo)
    member = verified(PartnerEditorFactory(partner=member_ngo, user__email="cm@example.org").user)
    event = EventFactory(slug="forum-door", committee_co_organises=True)
    public = RegistrationTypeFactory(event=event, kind="public", name_en="Public")
    registration = Registration.objects.create(
        event=event,
        registration_type=public,
        full_name="Offline Person",
        email="offline@example.org",
    )
    code = services_attendance.badge_code(registration)

    door = journey.as_user(
        member,
        page=journey.new_page(language="en", viewport={"width": 390, "height": 844}),
    )
    door.goto(journey.url("/en/forums/forum-door/check-in/"))
    # The worker has kept the page and its scripts and styles.
    door.locator("#check-in-form[data-offline-ready=true]").wait_for()
    scope = door.evaluate("navigator.serviceWorker.getRegistration().then(r => r ? r.scope : '')")
    assert scope == journey.url("/en/forums/forum-door/check-in/")

    door.context.set_offline(True)
    reloaded = door.reload()
    assert reloaded is not None and reloaded.ok
    assert reloaded.from_service_worker
    door.locator("#check-in-form").wait_for()

    door.fill('[name="code"]', code)
    door.locator("#check-in-form button[type=submit]").click()
    door.locator("#check-in-result p", has_text="No network").wait_for()
    door.locator("#check-in-pending", has_text="1").wait_for()
    assert not CheckIn.objects.filter(registration=registration).exists()

    door.context.set_offline(False)
    door.evaluate("window.dispatchEvent(new Event('online'))")
    door.locator("#check-in-pending:empty").wait_for(state="attached")
    assert CheckIn.objects.filter(registration=registration).count() == 1
    journey.assert_no_page_errors()
