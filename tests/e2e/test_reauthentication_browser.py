"""A Secretariat member whose sign-in is older than the window rejects a
profile change: the portal asks for the authenticator code, then sends the
rejection (with its comment as typed) to its own address, and the member
lands on the queue with the result — no second click, no page shown under
/accounts/2fa/reauthenticate/."""

from urllib.parse import urlsplit

from tests.conftest import sign_in
from tests.e2e.journey import E2E, totp_code

pytestmark = E2E

COMMENT = "Merci d'écrire l'adresse complète du siège."


def _stale_session(journey, page, user):
    from django.conf import settings
    from django.test import Client

    client = Client()
    sign_in(client, user, fresh=False)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": cookie.value,
                "domain": urlsplit(journey.base_url).hostname,
                "path": "/",
                "httpOnly": True,
                "secure": settings.SESSION_COOKIE_SECURE,
                "sameSite": "Lax",
            }
        ]
    )


def test_stale_rejection_resumes_after_the_code_with_the_comment_kept(journey, world):
    from partners.models import PartnerRevision

    revision = world["revision_d"]
    user = world["users"]["secretariat"]
    page = journey.new_page(axe=True)
    _stale_session(journey, page, user)

    page.goto(journey.url(f"/en/my/secretariat/revisions/{revision.pk}/"))
    page.locator("textarea[name=comment]").fill(COMMENT)
    page.get_by_role("button", name="Reject").click()
    page.wait_for_load_state()
    assert "/accounts/2fa/reauthenticate/" in page.url
    journey.axe_check(page)

    page.locator("input[name=code]").fill(totp_code(user))
    page.locator("form:has(input[name=code]) [type=submit]").first.click()
    page.wait_for_url("**/my/secretariat/revisions/")
    assert "reauthenticate" not in page.url
    revision.refresh_from_db()
    assert revision.state == PartnerRevision.State.REJECTED
    assert revision.decision_comment == COMMENT
    journey.axe_check(page)
