from tests.e2e.journey import E2E

pytestmark = E2E


def test_home_in_the_browser_passes_axe(journey, world):
    page = journey.page
    page.goto(journey.url("/en/"))
    assert page.locator("h1").first.is_visible()
    journey.axe_check(page)


def test_signed_in_by_cookie_reaches_dashboard(journey, world):
    page = journey.as_user(world["users"]["editor_a"])
    page.goto(journey.url("/en/my/"))
    assert "/accounts/login" not in page.url
