"""Each role at 390 pixels wide, in its language: the menu, a filtered list,
a form refused with its error, axe on every page, and a screenshot of each
step kept in artefacts/screenshots/ (CI keeps the folder with the run)."""

from pathlib import Path

import pytest

from tests.conftest import add_totp, verified
from tests.dialogue.factories import make_delegate
from tests.e2e.journey import E2E
from tests.factories import PartnerEditorFactory, PartnerFactory, UserFactory

pytestmark = E2E

PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 1, "is_mobile": True}
SCREENSHOTS = Path(__file__).resolve().parents[2] / "artefacts" / "screenshots"


def _shot(page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=False)


def _no_horizontal_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def _people():
    partner = PartnerFactory(slug="wcll", name_en="World Committee for Lifelong Learning")
    secretariat = verified(UserFactory(email="sec-phone@example.org", is_secretariat=True))
    add_totp(secretariat)
    return {
        "visitor": (None, "fr"),
        "editor": (
            verified(PartnerEditorFactory(partner=partner, user__email="ed@example.org").user),
            "es",
        ),
        "delegate": (make_delegate("del-phone@example.org", "SN"), "fr"),
        "secretariat": (secretariat, "en"),
    }


# A form each role can reach, and a value it refuses.
FORMS = {
    "visitor": ("/{lang}/accounts/login/", {"login": "nobody@example.org", "password": "wrong"}),
    "editor": ("/{lang}/my/organisation/actions/new/", {"title": ""}),
    "delegate": ("/{lang}/dialogue/requests/new/", {"theme": ""}),
    "secretariat": ("/{lang}/partnership/apply/", {}),
}


@pytest.mark.parametrize("role", ["visitor", "editor", "delegate", "secretariat"])
def test_each_role_on_a_phone(journey, role):
    user, language = _people()[role]
    page = journey.new_page(language=language, axe=True, **PHONE)
    if user is not None:
        journey.as_user(user, language=language, page=page)
    page.goto(journey.url(f"/{language}/"))
    assert page.locator("html").get_attribute("lang") == language
    assert page.locator("nav.main-nav").count() == 1
    journey.axe_check(page)
    _shot(page, f"{role}-home")
    page.goto(journey.url(f"/{language}/partners/?sector=education&region=europe-north-america"))
    journey.axe_check(page)
    assert _no_horizontal_scroll(page)
    _shot(page, f"{role}-directory-filtered")
    path, data = FORMS[role]
    page.goto(journey.url(path.format(lang=language)))
    form = page.locator("main form[method=post]").first
    for name, value in data.items():
        field = form.locator(f'[name="{name}"]')
        if field.count():
            field.first.fill(value)
    form.locator('button[type="submit"]').first.click()
    page.wait_for_load_state("load")
    errors = page.locator(".errorlist, .error-summary, [role=alert]")
    assert errors.count() >= 1
    journey.axe_check(page)
    assert _no_horizontal_scroll(page)
    _shot(page, f"{role}-form-error")
