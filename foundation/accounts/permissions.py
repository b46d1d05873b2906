"""Who a user is, as far as the whole portal is concerned.

Each app's own permissions.py answers "may this user do that to this
object"; this module answers the role questions they all build on.

Secretariat powers need a session that passed the second factor, not only an
account that owns one: `SecondFactorMiddleware` reads the session's
authentication records (kept by allauth) once per request and marks the user,
so that every rule below answers for this session. A user object that did not
come from a request (a task, a shell) carries no mark and has no Secretariat
powers. The roles themselves are worked out once, in `foundation.roles`.
"""

from allauth.account.authentication import get_authentication_records
from allauth.mfa.models import Authenticator

from foundation.roles import SECOND_FACTOR_MARK, mark_second_factor, roles_for

__all__ = [
    "SECOND_FACTOR_MARK",
    "can_act_as_secretariat",
    "is_secretariat",
    "mark_second_factor",
    "owns_second_factor",
    "session_passed_second_factor",
    "verified_delegate_profile",
]


def is_secretariat(user) -> bool:
    """A Secretariat account, whether or not this session passed two-factor."""
    return roles_for(user).is_secretariat


def owns_second_factor(user) -> bool:
    """The account has an authenticator app (TOTP) set up."""
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def session_passed_second_factor(request, user) -> bool:
    """The signed-in `user`'s session: its sign-in (or a later re-authentication)
    included a TOTP or recovery code. A session made by any other login view
    has no such record."""
    return any(
        record.get("method") == "mfa" for record in get_authentication_records(request, user)
    )


def can_act_as_secretariat(user) -> bool:
    """Secretariat pages need the role and a session that passed two-factor."""
    return roles_for(user).secretariat


def verified_delegate_profile(user):
    """The user's verified DelegateProfile, or None."""
    if not roles_for(user).verified_delegate:
        return None
    # roles_for put the profile in the user's relation cache: no query here.
    return user.delegate_profile
