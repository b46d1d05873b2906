"""View guards for roles. Object-level checks live in each app's permissions.py."""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect

from foundation.accounts.permissions import has_mfa, is_secretariat, verified_delegate_profile


def secretariat_required(view):
    """Secretariat with two-factor authentication; others get 403, or the login page.

    A Secretariat account without two-factor is sent to set it up first.
    """

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        user = request.user
        if not user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not is_secretariat(user):
            raise PermissionDenied
        if not has_mfa(user):
            return redirect("mfa_activate_totp")
        return view(request, *args, **kwargs)

    return wrapper


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
