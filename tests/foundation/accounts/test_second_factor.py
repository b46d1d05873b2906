"""Staff pages open only for a session that passed the second factor, by every path."""

import re

import pytest
from allauth.mfa.models import Authenticator
from django.core import mail

from tests.conftest import PASSWORD, add_totp, sign_in, verified
from tests.factories import UserFactory
from tests.foundation.accounts.helpers import sign_in as sign_in_with_form
from tests.foundation.accounts.helpers import totp_code

pytestmark = pytest.mark.django_db

STAFF_PAGES = [
    "/admin/",
    "/admin/partners/partner/",
    "/en/my/secretariat/revisions/",
    "/en/dialogue/secretariat/",
    "/fr/my/secretariat/delegates/",
]


@pytest.fixture
def chief(db):
    user = verified(UserFactory(email="chief@unesco.example", is_secretariat=True, is_staff=True))
    user.set_password(PASSWORD)
    user.save()
    return user


@pytest.mark.parametrize("path", STAFF_PAGES)
def test_session_from_another_login_view_is_sent_to_the_second_factor(client, chief, path):
    add_totp(chief)
    client.force_login(chief)
    response = client.get(path)
    assert response.status_code == 302
    assert "/accounts/2fa/reauthenticate/" in response["Location"]
    assert f"next={path.replace('/', '%2F')}" in response["Location"]


@pytest.mark.parametrize("path", STAFF_PAGES)
def test_session_that_passed_both_factors_opens_staff_pages(client, chief, path):
    add_totp(chief)
    sign_in(client, chief)
    assert client.get(path).status_code == 200


def test_admin_has_no_login_form_of_its_own(client, chief):
    add_totp(chief)
    response = client.get("/admin/login/?next=/admin/partners/")
    assert response.status_code == 302
    assert response["Location"].startswith("/en/accounts/login/")
    assert "next=/admin/partners/" in response["Location"]
    # Posting the password to the admin's old form signs no one in.
    response = client.post(
        "/admin/login/?next=/admin/", {"username": chief.email, "password": PASSWORD}
    )
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session
    assert client.get("/admin/").status_code == 302


def test_password_alone_through_the_portal_login_does_not_sign_in_a_totp_owner(client, chief):
    secret = add_totp(chief)
    response = sign_in_with_form(client, chief.email)
    assert response.status_code == 302
    assert "/accounts/2fa/authenticate/" in response["Location"]
    assert "_auth_user_id" not in client.session
    assert client.get("/admin/")["Location"].startswith("/en/accounts/login/")
    response = client.post("/en/accounts/2fa/authenticate/", {"code": totp_code(secret)})
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200
    # A sign-in that just passed both factors counts as fresh: changing a
    # member's password in the admin asks for nothing more.
    other = UserFactory(email="other@unesco.example", is_secretariat=True)
    page = client.get(f"/admin/accounts/user/{other.pk}/password/")
    assert page.status_code == 200
    assert "reauthenticate" not in page.get("Location", "")


def test_second_factor_step_records_the_factor_and_returns_to_the_page(client, chief):
    secret = add_totp(chief)
    client.force_login(chief)
    step = client.get("/en/my/secretariat/revisions/")["Location"]
    response = client.post(step, {"code": totp_code(secret)})
    assert response.status_code == 302
    assert response["Location"] == "/en/my/secretariat/revisions/"
    assert client.get("/en/my/secretariat/revisions/").status_code == 200


def test_admin_password_change_of_another_member_needs_a_fresh_sign_in(client, chief):
    """A session that passed both factors long ago must sign in again."""
    import time

    from allauth.account.authentication import AUTHENTICATION_METHODS_SESSION_KEY

    add_totp(chief)
    other = verified(UserFactory(email="other@unesco.example", is_secretariat=True))
    other.set_password("the other member's own passphrase")
    other.save()
    sign_in(client, chief)
    session = client.session
    old = time.time() - 16 * 60
    session[AUTHENTICATION_METHODS_SESSION_KEY] = [
        {"method": "password", "at": old},
        {"method": "mfa", "at": old, "type": "totp", "reauthenticated": True},
    ]
    session.save()
    response = client.post(
        f"/admin/accounts/user/{other.pk}/password/",
        {"password1": "a stolen new passphrase 99", "password2": "a stolen new passphrase 99"},
    )
    assert response.status_code == 302
    # The account has an authenticator: its code is asked first.
    assert "/accounts/2fa/reauthenticate/" in response["Location"]
    other.refresh_from_db()
    assert other.check_password("the other member's own passphrase")


def test_reauthentication_window_is_fifteen_minutes_by_default(settings):
    assert settings.ACCOUNT_REAUTHENTICATION_TIMEOUT == 15 * 60


def test_first_authenticator_of_a_secretariat_account_needs_the_emailed_code(client, chief):
    sign_in(client, chief)
    response = client.get("/en/my/secretariat/revisions/")
    assert "/accounts/2fa/totp/activate/" in response["Location"]
    response = client.get(response["Location"])
    assert response.status_code == 302
    assert "/accounts/2fa/enrol/" in response["Location"]
    enrol = response["Location"]
    # Guessing is refused, in the user's language, and nothing is enrolled.
    page = client.post("/fr/accounts/2fa/enrol/", {"code": "000000"})
    assert page.status_code == 400
    assert "Ce code a expiré" in page.content.decode()
    client.post(enrol, {"action": "send"})
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [chief.email]
    code = re.search(r"\b(\d{6})\b", mail.outbox[0].body).group(1)
    wrong = "111111" if code != "111111" else "222222"
    assert client.post(enrol, {"code": wrong}).status_code == 400
    response = client.post(enrol, {"code": code})
    assert response.status_code == 302
    assert "/accounts/2fa/totp/activate/" in response["Location"]
    assert client.get(response["Location"]).status_code == 200
    assert not Authenticator.objects.filter(user=chief).exists()


def test_enrolment_code_allows_five_tries(client, chief):
    sign_in(client, chief)
    client.post("/en/accounts/2fa/enrol/", {"action": "send"})
    code = re.search(r"\b(\d{6})\b", mail.outbox[0].body).group(1)
    wrong = "111111" if code != "111111" else "222222"
    for _ in range(5):
        client.post("/en/accounts/2fa/enrol/", {"code": wrong})
    response = client.post("/en/accounts/2fa/enrol/", {"code": code})
    assert response.status_code == 400
    assert "Too many wrong codes" in response.content.decode()


def test_recovery_codes_are_shown_once(settings):
    assert settings.MFA_RECOVERY_CODES_SHOW_ONCE is True
    assert "recovery_codes" in settings.MFA_SUPPORTED_TYPES


def test_non_secretariat_is_refused_by_the_admin(client, editor_a):
    sign_in(client, editor_a)
    assert client.get("/admin/").status_code == 403
    assert client.get("/admin/login/").status_code == 403
