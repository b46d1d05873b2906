import datetime

import pytest
from allauth.account.models import EmailAddress
from django.conf import settings
from django.core import mail
from django.utils import timezone

from foundation.accounts.models import User
from partners import services
from partners.models import PartnerEditor, PartnerInvitation
from partners.tasks import invitation_token
from tests.conftest import sign_in
from tests.foundation.accounts.helpers import mark_reauthenticated
from tests.partners.factories import PartnerInvitationFactory

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "un mot de passe assez long 42"


def link_in(message) -> str:
    line = next(line for line in message.body.splitlines() if "/join/" in line)
    return line.split(settings.SITE_URL, 1)[-1].strip()


def accept(client, path, **extra):
    data = {"full_name": "Awa Diop", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    return client.post(path, {**data, **extra})


def test_secretariat_invites_from_admin_and_email_is_in_contacts_language(
    client, secretariat, partner_a, django_capture_on_commit_callbacks
):
    sign_in(client, secretariat)
    mark_reauthenticated(client, secretariat)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/admin/partners/partnerinvitation/add/",
            {
                "partner": partner_a.pk,
                "email": "Awa@Example.org",
                "full_name": "Awa Diop",
                "language": "fr",
            },
        )
    assert response.status_code == 302
    invitation = PartnerInvitation.objects.get()
    assert invitation.email == "awa@example.org"
    assert invitation.created_by == secretariat
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["awa@example.org"]
    # French model content: the email was rendered under the contact's language.
    assert partner_a.name_fr in message.subject
    assert "/fr/my/organisation/join/" in message.body


def test_accepting_creates_verified_editor_and_signs_in(
    client, partner_a, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.invitation_create(
            partner=partner_a, email="awa@example.org", full_name="Awa Diop", language="fr"
        )
    path = link_in(mail.outbox[0])
    page = client.get(path)
    assert page.status_code == 200
    assert "awa@example.org" in page.text
    response = accept(client, path)
    assert response.status_code == 302
    user = User.objects.get(email="awa@example.org")
    assert user.check_password(NEW_PASSWORD)
    assert user.preferred_language == "fr"
    assert EmailAddress.objects.get(user=user).verified
    assert PartnerEditor.objects.get(user=user).partner == partner_a
    assert client.get("/en/my/organisation/").status_code == 200


def test_replayed_link_is_refused_clearly(client, partner_a):
    invitation = PartnerInvitationFactory(partner=partner_a)
    path = f"/en/my/organisation/join/{invitation_token(invitation)}/"
    accept(client, path)
    client.logout()
    response = client.get(path)
    assert response.status_code == 410
    assert "This invitation link has already been used." in response.text
    assert accept(client, path).status_code == 410
    assert PartnerEditor.objects.filter(partner=partner_a).count() == 1


def test_expired_link_is_refused(client, partner_a):
    invitation = PartnerInvitationFactory(
        partner=partner_a, expires_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    path = f"/en/my/organisation/join/{invitation_token(invitation)}/"
    response = accept(client, path)
    assert response.status_code == 410
    assert "This invitation link has expired." in response.text
    assert not User.objects.filter(email=invitation.email).exists()


def test_expired_link_message_in_french(client, partner_a):
    invitation = PartnerInvitationFactory(
        partner=partner_a, expires_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    response = client.get(f"/fr/my/organisation/join/{invitation_token(invitation)}/")
    assert response.status_code == 410
    assert '<html lang="fr"' in response.text


@pytest.mark.parametrize(
    "token",
    ["forged", "eyJpIjoxLCJuIjoieCJ9:1abc:deadbeef", "%00", "x" * 5000, "<script>"],
)
def test_tampered_link_is_refused(client, partner_a, token):
    PartnerInvitationFactory(partner=partner_a)
    response = client.get(f"/en/my/organisation/join/{token}/")
    assert response.status_code in {400, 404}
    assert "<script>" not in response.text.split("<main", 1)[-1]


def test_resending_invalidates_the_older_link(client, partner_a):
    invitation = PartnerInvitationFactory(partner=partner_a)
    old_path = f"/en/my/organisation/join/{invitation_token(invitation)}/"
    services.invitation_send(invitation=invitation)
    invitation.refresh_from_db()
    old = client.get(old_path)
    assert old.status_code == 410
    assert "This link has been replaced by a newer one." in old.text
    new_path = f"/en/my/organisation/join/{invitation_token(invitation)}/"
    assert client.get(new_path).status_code == 200


def test_weak_or_mismatched_password_is_refused(client, partner_a):
    invitation = PartnerInvitationFactory(partner=partner_a, email="weak@example.org")
    path = f"/en/my/organisation/join/{invitation_token(invitation)}/"
    response = accept(client, path, password1="123", password2="123")
    assert response.status_code == 400
    assert "This password is too short" in response.text
    response = accept(client, path, password2="something else entirely")
    assert "The two passwords differ." in response.text
    assert not User.objects.filter(email="weak@example.org").exists()


def test_signed_in_as_someone_else_cannot_accept(client, editor_b, partner_a):
    invitation = PartnerInvitationFactory(partner=partner_a)
    sign_in(client, editor_b)
    path = f"/en/my/organisation/join/{invitation_token(invitation)}/"
    assert accept(client, path).status_code == 403
    assert PartnerEditor.objects.get(user=editor_b).partner.slug == "partner-b"


def test_existing_account_signs_in_then_joins(client, partner_a, verified_delegate):
    invitation = PartnerInvitationFactory(partner=partner_a, email="delegate@example.org")
    path = f"/en/my/organisation/join/{invitation_token(invitation)}/"
    page = client.get(path)
    assert "An account already exists for this address" in page.text
    sign_in(client, verified_delegate)
    assert client.post(path).status_code == 302
    assert PartnerEditor.objects.get(user=verified_delegate).partner == partner_a


def test_editor_of_another_partner_cannot_be_invited(partner_b, editor_a):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.invitation_create(partner=partner_b, email="EDITOR-A@example.org")
