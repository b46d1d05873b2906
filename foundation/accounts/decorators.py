"""View guards for roles. Object-level checks live in each app's permissions.py."""

from functools import wraps

from allauth.account.decorators import reauthentication_required
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.http import urlencode

from foundation.accounts.permissions import (
    can_act_as_secretariat,
    is_secretariat,
    owns_second_factor,
    verified_delegate_profile,
)


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


def secretariat_required(view):
    """Secretariat in a session that passed two-factor; others get 403, or the login page.

    A Secretariat session without the second factor is sent to the
    second-factor step first (`second_factor_step`).
    """

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        user = request.user
        if not user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not is_secretariat(user):
            raise PermissionDenied
        if not can_act_as_secretariat(user):
            return second_factor_step(request)
        return view(request, *args, **kwargs)

    return wrapper


# Changing a password, an address, a role or a permission, approving a
# newsletter, declining a request, deleting a document, granting membership:
# the POST waits for a fresh sign-in (password or TOTP code) within
# ACCOUNT_REAUTHENTICATION_TIMEOUT; allauth keeps the POST and replays it.
fresh_authentication_required = reauthentication_required(allow_get=True)


def verified_delegate_required(view):
    """A Member State delegate whom the Secretariat has verified."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if verified_delegate_profile(request.user) is None:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper
