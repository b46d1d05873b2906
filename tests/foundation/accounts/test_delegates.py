import datetime

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.utils import timezone

from foundation.accounts.models import DelegateProfile, User
from foundation.accounts.selectors import delegates_unverified
from tests.conftest import sign_in
from tests.foundation.accounts.helpers import mark_reauthenticated
from tests.foundation.factories import DelegateProfileFactory

pytestmark = pytest.mark.django_db

PASSWORD = "a long enough passphrase 2025"


def signup_data(**changes):
    data = {
        "full_name": "María Pérez",
        "email": "maria@delegation.example",
        "country": "CO",
        "body": "national-commission",
        "position": "Secretaria general",
        "password1": PASSWORD,
        "password2": PASSWORD,
    }
    data.update(changes)
    return data


def test_signup_page_asks_country_and_body_with_labels(client):
    response = client.get("/es/accounts/signup/")
    assert response.status_code == 200
    assert '<html lang="es"' in response.text
    assert 'class="skip-link"' in response.text
    for field in ["id_full_name", "id_country", "id_email", "id_password1"]:
        assert f'for="{field}"' in response.text
    assert "<legend>" in response.text


def test_signup_creates_unverified_delegate_and_sends_verification(client):
    response = client.post("/es/accounts/signup/", signup_data())
    assert response.status_code == 302
    user = User.objects.get(email="maria@delegation.example")
    assert user.full_name == "María Pérez"
    assert user.preferred_language == "es"
    profile = user.delegate_profile
    assert profile.country.code == "CO"
    assert profile.body == "national-commission"
    assert profile.verified_at is None
    assert not EmailAddress.objects.get(user=user).verified
    assert len(mail.outbox) == 1


def test_nobody_gives_themselves_a_role_at_signup(client, partner_a):
    client.post(
        "/en/accounts/signup/",
        signup_data(
            is_secretariat="on",
            is_staff="on",
            is_superuser="on",
            verified_at="2020-01-01T00:00:00Z",
            partner=str(partner_a.pk),
        ),
    )
    user = User.objects.get(email="maria@delegation.example")
    assert not user.is_secretariat and not user.is_staff and not user.is_superuser
    assert user.delegate_profile.verified_at is None
    assert not hasattr(user, "partner_editor")


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"country": "XX"}, "Select a valid choice."),
        ({"body": "embassy"}, "Select a valid choice."),
        ({"full_name": ""}, "This field is required."),
        ({"full_name": "x" * 10_000}, "Ensure this value has at most 200 characters"),
        ({"position": "a\x00b"}, "Null characters are not allowed."),
    ],
)
def test_hostile_signup_is_refused_and_stores_nothing(client, changes, message):
    response = client.post("/en/accounts/signup/", signup_data(**changes))
    assert response.status_code == 200
    assert message in response.text
    assert 'role="alert"' in response.text
    assert not User.objects.filter(email="maria@delegation.example").exists()


def test_secretariat_lists_and_verifies_delegate_after_reauthentication(
    client, secretariat, unverified_delegate, django_capture_on_commit_callbacks
):
    profile = unverified_delegate.delegate_profile
    sign_in(client, secretariat, fresh=False)
    listing = client.get("/en/my/secretariat/delegates/")
    assert "delegate-new@example.org" in listing.text
    url = f"/en/my/secretariat/delegates/{profile.pk}/verify/"
    response = client.post(url)
    assert "/reauthenticate/" in response["Location"]
    mark_reauthenticated(client, secretariat)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, follow=True)
    assert "is verified as a Member State delegate" in response.text
    profile.refresh_from_db()
    assert profile.verified_by == secretariat
    assert mail.outbox[0].to == ["delegate-new@example.org"]
    assert "delegate-new@example.org" not in client.get("/en/my/secretariat/delegates/").text


def test_admin_action_verifies_delegates(client, secretariat, unverified_delegate):
    sign_in(client, secretariat)
    mark_reauthenticated(client, secretariat)
    profile = unverified_delegate.delegate_profile
    response = client.post(
        "/admin/accounts/delegateprofile/",
        {"action": "verify", "_selected_action": [profile.pk]},
    )
    assert response.status_code == 302
    profile.refresh_from_db()
    assert profile.verified_at is not None


def test_role_change_in_admin_needs_reauthentication(client, secretariat, editor_a):
    sign_in(client, secretariat, fresh=False)
    response = client.post(
        f"/admin/accounts/user/{editor_a.pk}/change/",
        {"email": editor_a.email, "is_secretariat": "on", "is_active": "on"},
    )
    assert response.status_code == 302
    assert "/reauthenticate/" in response["Location"]
    editor_a.refresh_from_db()
    assert not editor_a.is_secretariat


def test_unverified_delegate_sees_waiting_panel(client, unverified_delegate):
    sign_in(client, unverified_delegate)
    assert "Your delegate account awaits verification" in client.get("/en/my/").text
    assert DelegateProfile.objects.get(user=unverified_delegate).verified_at is None


def test_the_verification_queue_holds_active_unverified_sign_ups_oldest_first(
    django_assert_num_queries,
):
    now = timezone.now()

    def signed_up(email, days_ago, **fields):
        return DelegateProfileFactory(
            user__email=email, user__date_joined=now - datetime.timedelta(days=days_ago), **fields
        )

    recent = signed_up("recent@delegation.example", 1)
    oldest = signed_up("oldest@delegation.example", 9)
    signed_up("verified@delegation.example", 20, verified_at=now)
    signed_up("closed@delegation.example", 30, user__is_active=False)

    with django_assert_num_queries(1):
        queue = [(profile, profile.user.email) for profile in delegates_unverified()]
    assert queue == [
        (oldest, "oldest@delegation.example"),
        (recent, "recent@delegation.example"),
    ]


def test_a_sign_up_keeps_the_position_trimmed_and_writes_nothing_else_of_the_user():
    from foundation.accounts.services import delegate_register

    user = User.objects.create_user(email="ana@delegation.example", password=PASSWORD)
    # Changed by another request since this copy was read: left as it is.
    User.objects.filter(pk=user.pk).update(preferred_language="fr")
    profile = delegate_register(
        user=user,
        full_name="  Ana Gómez ",
        country="CO",
        body="permanent-delegation",
        position="  Consejera  ",
    )
    profile.refresh_from_db()
    assert profile.position == "Consejera"
    user.refresh_from_db()
    assert (user.full_name, user.preferred_language) == ("Ana Gómez", "fr")


@pytest.mark.parametrize(
    ("state", "message"),
    [
        ({"verified_at": timezone.now()}, "This delegate is already verified."),
        ({"user__is_active": False}, "This account is deactivated."),
    ],
    ids=["verified", "deactivated"],
)
def test_verifying_twice_or_a_deactivated_account_says_why(client, secretariat, state, message):
    profile = DelegateProfileFactory(user__email="again@example.org", country="BR", **state)
    before = DelegateProfile.objects.values("verified_at", "verified_by").get(pk=profile.pk)
    sign_in(client, secretariat)
    mark_reauthenticated(client, secretariat)
    response = client.post(f"/en/my/secretariat/delegates/{profile.pk}/verify/", follow=True)
    assert f'<li class="message message-error">{message}</li>' in response.text
    assert "is verified as a Member State delegate" not in response.text
    assert DelegateProfile.objects.values("verified_at", "verified_by").get(pk=profile.pk) == before
    assert mail.outbox == []
