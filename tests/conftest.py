"""Fixtures shared by the whole suite: one user per role.

The roles mirror DESIGN.md; the permission matrix tests walk every URL with
each of them.
"""

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.utils import timezone

from tests.factories import (
    DelegateProfileFactory,
    PartnerEditorFactory,
    PartnerFactory,
    UserFactory,
)

PASSWORD = "correct horse battery staple"


def verified(user):
    EmailAddress.objects.get_or_create(
        user=user, email=user.email, defaults={"verified": True, "primary": True}
    )
    return user


@pytest.fixture
def partner_a(db):
    return PartnerFactory(name_en="Partner A", slug="partner-a", acronym="PA")


@pytest.fixture
def partner_b(db):
    return PartnerFactory(name_en="Partner B", slug="partner-b", acronym="PB", country="SN")


@pytest.fixture
def editor_a(partner_a):
    return verified(
        PartnerEditorFactory(partner=partner_a, user__email="editor-a@example.org").user
    )


@pytest.fixture
def editor_b(partner_b):
    return verified(
        PartnerEditorFactory(partner=partner_b, user__email="editor-b@example.org").user
    )


@pytest.fixture
def unverified_delegate(db):
    profile = DelegateProfileFactory(user__email="delegate-new@example.org", country="BR")
    return verified(profile.user)


@pytest.fixture
def verified_delegate(db):
    profile = DelegateProfileFactory(
        user__email="delegate@example.org", country="SN", verified_at=timezone.now()
    )
    return verified(profile.user)


@pytest.fixture
def secretariat_without_mfa(db):
    return verified(
        UserFactory(email="secretariat-nomfa@example.org", is_secretariat=True, is_staff=True)
    )


def add_totp(user):
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return secret


@pytest.fixture
def secretariat(db):
    user = verified(
        UserFactory(email="secretariat@example.org", is_secretariat=True, is_staff=True)
    )
    add_totp(user)
    assert Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
    return user


@pytest.fixture
def visitor_client(client):
    return client
