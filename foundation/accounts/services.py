"""Writes to accounts and roles."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from foundation.accounts import emails
from foundation.accounts.models import DelegateProfile, User


@transaction.atomic
def delegate_register(
    *, user: User, full_name: str, country: str, body: str, position: str
) -> DelegateProfile:
    """Record a new sign-up as a Member State delegate, unverified.

    Side effects: saves the user's name; creates an unverified DelegateProfile.
    """
    user.full_name = full_name.strip()
    user.save(update_fields=["full_name"])
    profile = DelegateProfile(user=user, country=country, body=body, position=position.strip())
    profile.full_clean()
    profile.save()
    return profile


@transaction.atomic
def delegate_verify(*, profile: DelegateProfile, verified_by: User) -> DelegateProfile:
    """The Secretariat confirms that a person belongs to their delegation.

    Side effects: sets verified_at/verified_by; emails the delegate after commit.
    """
    profile = DelegateProfile.objects.select_for_update().get(pk=profile.pk)
    if profile.is_verified:
        raise ValidationError(_("This delegate is already verified."))
    if not profile.user.is_active:
        raise ValidationError(_("This account is deactivated."))
    profile.verified_at = timezone.now()
    profile.verified_by = verified_by
    profile.save(update_fields=["verified_at", "verified_by"])
    emails.delegate_verified(profile)
    return profile
