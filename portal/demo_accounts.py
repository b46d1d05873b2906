"""Demo accounts for `seed_demo --with-accounts` (DEBUG only).

The Secretariat account gets a fixed TOTP secret, printed, so that a demo
user can add it to an authenticator app and reach the Secretariat pages.
"""

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from django.utils import timezone

from foundation.accounts.demo import DEMO_PASSWORD
from foundation.accounts.models import DelegateProfile, User
from partners.models import Partner, PartnerEditor

DEMO_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"  # noqa: S105


def _user(email: str, **fields) -> User:
    user, created = User.objects.get_or_create(email=email, defaults=fields)
    # The demo's applicants and focal point exist without a password until here.
    if created or not user.has_usable_password():
        user.set_password(DEMO_PASSWORD)
        user.save()
    EmailAddress.objects.get_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    return user


def seed_accounts(*, stdout=None) -> None:
    secretariat = _user(
        "secretariat@demo.example.org",
        full_name="Secretariat (demo)",
        is_secretariat=True,
        is_staff=True,
        preferred_language="en",
    )
    if not Authenticator.objects.filter(user=secretariat, type=Authenticator.Type.TOTP).exists():
        TOTP.activate(secretariat, DEMO_TOTP_SECRET)
    wcll = Partner.objects.filter(slug="wcll").first()
    if wcll is not None:
        editor = _user(
            "editor@demo.example.org", full_name="Editor of CMA (demo)", preferred_language="fr"
        )
        PartnerEditor.objects.get_or_create(user=editor, defaults={"partner": wcll})
    delegate = _user(
        "delegate@demo.example.org", full_name="Delegate of Senegal (demo)", preferred_language="fr"
    )
    DelegateProfile.objects.get_or_create(
        user=delegate,
        defaults={
            "country": "SN",
            "body": DelegateProfile.Body.PERMANENT_DELEGATION,
            "verified_at": timezone.now(),
            "verified_by": secretariat,
        },
    )
    _user("applicant@demo.example.org", full_name="Aminata Diallo", preferred_language="fr")
    _user("focal-point@demo.example.org", preferred_language="en")
    if stdout is not None:
        stdout.write(
            "Demo accounts (password "
            f"{DEMO_PASSWORD!r}): secretariat@demo.example.org (TOTP secret {DEMO_TOTP_SECRET}), "
            "editor@demo.example.org, delegate@demo.example.org, applicant@demo.example.org, "
            "focal-point@demo.example.org"
        )
