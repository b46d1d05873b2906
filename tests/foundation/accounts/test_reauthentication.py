"""Re-authentication: fresh right after a two-factor sign-in, by the
authenticator code, and back to the action asked for with the input kept."""

import re

import pytest

from partners.models import PartnerRevision
from tests.conftest import PASSWORD, add_totp, sign_in, verified
from tests.factories import UserFactory
from tests.foundation.accounts.helpers import sign_in as sign_in_with_form
from tests.foundation.accounts.helpers import totp_code
from tests.partners.factories import PartnerRevisionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def chief(db):
    user = verified(UserFactory(email="chief@unesco.example", is_secretariat=True, is_staff=True))
    user.set_password(PASSWORD)
    user.save()
    return user


def _reject(client, revision, comment="Please give the address in full."):
    return client.post(
        f"/en/my/secretariat/revisions/{revision.pk}/reject/",
        {
            "lock_version": revision.lock_version,
            "profile_version": revision.partner.profile_version,
            "comment": comment,
        },
    )


def _hidden_fields(html: str) -> dict:
    return dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', html))


def test_a_sign_in_that_passed_both_factors_counts_as_fresh(client, chief, partner_a):
    secret = add_totp(chief)
    sign_in_with_form(client, chief.email)
    client.post("/en/accounts/2fa/authenticate/", {"code": totp_code(secret)})
    revision = PartnerRevisionFactory(partner=partner_a)
    response = _reject(client, revision)
    assert response.status_code == 302
    assert "reauthenticate" not in response["Location"]
    revision.refresh_from_db()
    assert revision.state == PartnerRevision.State.REJECTED


def test_stale_session_confirms_with_the_code_and_resumes_with_its_input(client, chief, partner_a):
    secret = add_totp(chief)
    sign_in(client, chief, fresh=False)
    revision = PartnerRevisionFactory(partner=partner_a)
    action = f"/en/my/secretariat/revisions/{revision.pk}/reject/"

    response = _reject(client, revision, comment="Écrivez l'adresse complète, s'il vous plaît.")
    assert response.status_code == 302
    step = response["Location"]
    assert step.startswith("/en/accounts/2fa/reauthenticate/?next=")
    page = client.get(step)
    assert 'name="code"' in page.text
    # The password stays offered as the alternative.
    assert "/en/accounts/reauthenticate/?next=" in page.text

    confirmed = client.post(step, {"code": totp_code(secret)})
    assert confirmed.status_code == 200
    assert f'action="{action}"' in confirmed.text
    fields = _hidden_fields(confirmed.text)
    assert fields["comment"] == "Écrivez l&#x27;adresse complète, s&#x27;il vous plaît."
    assert "js/resubmit.js" in confirmed.text
    revision.refresh_from_db()
    assert revision.state == PartnerRevision.State.PENDING  # nothing done behind the user's back

    # The browser sends the kept form to its own address.
    kept = {
        "lock_version": fields["lock_version"],
        "profile_version": fields["profile_version"],
        "comment": "Écrivez l'adresse complète, s'il vous plaît.",
    }
    done = client.post(action, kept)
    assert done.status_code == 302
    assert done["Location"] == "/en/my/secretariat/revisions/"
    revision.refresh_from_db()
    assert revision.state == PartnerRevision.State.REJECTED
    assert revision.decision_comment == "Écrivez l'adresse complète, s'il vous plaît."


def test_password_re_authentication_resumes_the_same_way(client, chief, partner_a):
    add_totp(chief)
    sign_in(client, chief, fresh=False)
    revision = PartnerRevisionFactory(partner=partner_a)
    step = _reject(client, revision)["Location"].replace("/2fa/reauthenticate/", "/reauthenticate/")
    confirmed = client.post(step, {"password": PASSWORD})
    assert confirmed.status_code == 200
    assert f'action="/en/my/secretariat/revisions/{revision.pk}/reject/"' in confirmed.text


def test_a_wrong_code_resumes_nothing(client, chief, partner_a):
    add_totp(chief)
    sign_in(client, chief, fresh=False)
    revision = PartnerRevisionFactory(partner=partner_a)
    step = _reject(client, revision)["Location"]
    response = client.post(step, {"code": "000000"})
    assert response.status_code == 200
    assert 'id="resume-form"' not in response.text
    revision.refresh_from_db()
    assert revision.state == PartnerRevision.State.PENDING


def test_without_a_kept_form_the_user_goes_back_to_the_page(client, chief):
    secret = add_totp(chief)
    sign_in(client, chief, fresh=False)
    response = client.post(
        "/en/accounts/2fa/reauthenticate/?next=/en/my/", {"code": totp_code(secret)}
    )
    assert response.status_code == 302
    assert response["Location"] == "/en/my/"


def test_a_foreign_next_is_not_used_as_the_form_address(client, chief, partner_a):
    secret = add_totp(chief)
    sign_in(client, chief, fresh=False)
    revision = PartnerRevisionFactory(partner=partner_a)
    _reject(client, revision)
    response = client.post(
        "/en/accounts/2fa/reauthenticate/?next=https://evil.example/steal",
        {"code": totp_code(secret)},
    )
    assert "evil.example" not in response.get("Location", "")
    assert "evil.example" not in response.content.decode()
