"""View guards for roles (one decorator, `role_required`). Object-level checks
live in each app's permissions.py; the roles come from `foundation.roles`."""

from functools import wraps

from allauth.account.decorators import reauthentication_required
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.http import urlencode

from foundation.accounts.permissions import owns_second_factor
from foundation.roles import roles_for


def second_factor_step(request, next_url: str | None = None) -> HttpResponseRedirect:
    """Where a Secretariat session without the second factor goes.

    An account that owns an authenticator enters its code (allauth's MFA
    re-authentication, which records the factor in the session); one that
    has none is sent to set one up, behind the emailed-code check of
    `foundation.accounts.views_enrolment`.
    """
    next_url = next_url or request.get_full_path()
    if owns_second_factor(request.user):
        target = reverse("mfa_reauthenticate")
    else:
        target = reverse("mfa_activate_totp")
    return HttpResponseRedirect(f"{target}?{urlencode({REDIRECT_FIELD_NAME: next_url})}")


# Changing a password, an address, a role or a permission, approving a
# newsletter, declining a request, deleting a document, granting membership:
# the POST waits for a fresh sign-in (password or TOTP code) within
# ACCOUNT_REAUTHENTICATION_TIMEOUT; allauth keeps the POST and replays it.
fresh_authentication_required = reauthentication_required(allow_get=True)


def fresh_authentication_required_when(predicate):
    """The same, only for the POSTs `predicate(request)` picks (declining a
    request among the triage decisions, say)."""
    return reauthentication_required(allow_get=True, enabled=predicate)


ROLES = ("secretariat", "editor", "verified_delegate")


def role_required(*roles: str):
    """The view is for users holding any of `roles`; the others get 403, or the login page.

    "secretariat" needs a session that passed two-factor: a Secretariat
    session without it is sent to the second-factor step first
    (`second_factor_step`), unless the user holds another of `roles`.
    "editor" is an NGO editor, of a published partner or not (see
    `foundation.roles`); "verified_delegate" a Member State delegate whom the
    Secretariat has verified.
    """
    unknown = set(roles) - set(ROLES)
    if not roles or unknown:
        raise ValueError(f"role_required: unknown roles {sorted(unknown)}; known: {ROLES}")

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            user = request.user
            if not user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            held = roles_for(user)
            if any(getattr(held, role) for role in roles):
                return view(request, *args, **kwargs)
            if "secretariat" in roles and held.is_secretariat:
                return second_factor_step(request)
            raise PermissionDenied

        return wrapper

    return decorator


secretariat_required = role_required("secretariat")
