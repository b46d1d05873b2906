"""Panels this app adds to the signed-in user's dashboard at /<lang>/my/."""

from dialogue import selectors
from dialogue.models import CoSponsor
from foundation.accounts.permissions import can_act_as_secretariat, verified_delegate_profile
from foundation.roles import roles_for
from partners.permissions import editor_partner

PANEL_LIMIT = 10


def panels(request) -> list[dict]:
    """A list of {"template": ..., "context": {...}} to render, in order."""
    user = request.user
    found = []
    profile = verified_delegate_profile(user)
    if profile is not None:
        found.append(
            {
                "template": "dialogue/panels/delegate.html",
                "context": {
                    "requests": list(
                        selectors.request_list_for_delegate(user=user, profile=profile)[
                            :PANEL_LIMIT
                        ]
                    ),
                    "invitations": list(
                        CoSponsor.objects.filter(user=user, joined_at__isnull=True)
                        .select_related("request")
                        .exclude(request__state__in=["held", "declined", "withdrawn"])
                    ),
                },
            }
        )
    # Calls for interest are for published partners only (foundation.roles).
    partner = editor_partner(user) if roles_for(user).public_partner_id else None
    if partner is not None:
        found.append(
            {
                "template": "dialogue/panels/editor.html",
                "context": {
                    "calls": list(selectors.open_calls_for_partner(partner=partner)[:PANEL_LIMIT]),
                    "interests": list(
                        selectors.interests_of_partner(partner=partner)[:PANEL_LIMIT]
                    ),
                },
            }
        )
    if can_act_as_secretariat(user):
        found.append(
            {
                "template": "dialogue/panels/secretariat.html",
                "context": {
                    "items": selectors.with_waiting(selectors.request_queue()[:PANEL_LIMIT]),
                    "overdue": selectors.request_list_stale().count(),
                },
            }
        )
    return found
