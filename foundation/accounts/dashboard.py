"""Account panels of the dashboard at /<lang>/my/: role status and delegate sign-ups."""

from foundation.accounts.permissions import (
    can_act_as_secretariat,
    is_secretariat,
    owns_second_factor,
)
from foundation.accounts.selectors import delegates_unverified

PANEL_ITEMS = 10


def panels(request) -> list[dict]:
    user = request.user
    result = []
    if is_secretariat(user) and not can_act_as_secretariat(user):
        result.append(
            {
                "template": "accounts/dashboard/mfa_needed.html",
                "context": {"owns_authenticator": owns_second_factor(user)},
            }
        )
    profile = getattr(user, "delegate_profile", None)
    if profile is not None and not profile.is_verified:
        result.append(
            {
                "template": "accounts/dashboard/delegate_pending.html",
                "context": {"profile": profile},
            }
        )
    if can_act_as_secretariat(user):
        unverified = delegates_unverified()
        result.append(
            {
                "template": "accounts/dashboard/secretariat.html",
                "context": {
                    "delegates": list(unverified[:PANEL_ITEMS]),
                    "delegate_count": unverified.count(),
                },
            }
        )
    result.append({"template": "accounts/dashboard/account.html", "context": {}})
    return result
