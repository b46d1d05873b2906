"""Who a user is, as far as the whole portal is concerned.

Each app's own permissions.py answers "may this user do that to this
object"; this module answers the role questions they all build on.
"""

from allauth.mfa.models import Authenticator


def is_secretariat(user) -> bool:
    """A Secretariat account, whether or not it has set up two-factor yet."""
    return bool(user and user.is_authenticated and user.is_active and user.is_secretariat)


def has_mfa(user) -> bool:
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def can_act_as_secretariat(user) -> bool:
    """Secretariat pages need the role and two-factor authentication."""
    return is_secretariat(user) and has_mfa(user)


def verified_delegate_profile(user):
    """The user's verified DelegateProfile, or None."""
    if not (user and user.is_authenticated and user.is_active):
        return None
    profile = getattr(user, "delegate_profile", None)
    if profile is None or not profile.is_verified:
        return None
    return profile
