"""An NGO editor proposes a new mission; the Secretariat signs in with its
password and TOTP code, re-authenticates, approves, and the public profile
shows the new text."""

from tests.e2e.journey import E2E, PASSWORD, totp_code

pytestmark = E2E

NEW_MISSION = "Brings lifelong learning to rural communities in forty countries."


def reauthenticate(journey, page, user):
    if page.locator("input[name=password]").count():
        page.locator("input[name=password]").fill(PASSWORD)
    else:
        page.locator("input[name=code]").fill(totp_code(user))
    page.locator("form:has(input[name=password], input[name=code]) [type=submit]").first.click()
    page.wait_for_load_state()


def test_editor_proposes_mission_and_secretariat_approves_with_totp(journey, world):
    partner = world["partner_a"]
    editor = journey.as_user(world["users"]["editor_a"], axe=True)
    editor.goto(journey.url("/en/my/organisation/"))
    editor.locator("textarea[name=mission_en]").fill(NEW_MISSION)
    editor.get_by_role("button", name="Submit for review").click()
    editor.wait_for_load_state()
    assert partner.revisions.filter(proposed__mission_en=NEW_MISSION).exists(), editor.locator(
        "main"
    ).inner_text()[:2000]
    journey.axe_check(editor)
    assert NEW_MISSION not in journey.page.goto(journey.url(f"/en/partners/{partner.slug}/")).text()

    secretariat_user = world["users"]["secretariat"]
    secretariat = journey.as_user(secretariat_user, via="form", axe=True)
    secretariat.goto(journey.url("/en/my/secretariat/revisions/"))
    journey.axe_check(secretariat)
    secretariat.locator("main a[href*='/my/secretariat/revisions/']").filter(
        has_text=partner.name_en
    ).first.click()
    secretariat.wait_for_load_state()
    assert NEW_MISSION in secretariat.locator("main").inner_text()
    journey.axe_check(secretariat)
    detail_url = secretariat.url
    secretariat.get_by_role("button", name="Approve and publish").click()
    secretariat.wait_for_load_state()
    if "reauthenticate" in secretariat.url:
        reauthenticate(journey, secretariat, secretariat_user)
        if secretariat.url != detail_url and "/revisions/" not in secretariat.url:
            secretariat.goto(detail_url)
        if secretariat.get_by_role("button", name="Approve and publish").count():
            secretariat.get_by_role("button", name="Approve and publish").click()
            secretariat.wait_for_load_state()

    public = journey.page
    public.goto(journey.url(f"/en/partners/{partner.slug}/"))
    assert NEW_MISSION in public.locator("main").inner_text()
