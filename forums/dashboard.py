"""Panels this app adds to the signed-in user's dashboard at /<lang>/my/."""

from forums import permissions, selectors
from forums.elections import dashboard as elections_dashboard
from forums.models import Event, WorkingGroup
from foundation.roles import roles_for


def panels(request) -> list[dict]:
    """A list of {"template": ..., "context": {...}} to render, in order."""
    user = request.user
    result = []
    group_ids = permissions.readable_group_ids(user)
    if group_ids:
        groups = WorkingGroup.objects.filter(pk__in=group_ids).order_by("name")
        result.append({"template": "forums/panel_groups.html", "context": {"groups": groups}})
    if roles_for(user).edited_partner_id is not None:
        events = selectors.event_list_public().filter(state=Event.State.REGISTRATION_OPEN)
        if events.exists():
            result.append(
                {"template": "forums/panel_registration.html", "context": {"events": events}}
            )
    # The elections' reminders: nominate, vote, results (a constant number of queries).
    result += elections_dashboard.panels(request)
    if permissions.is_secretariat(user):
        documents = list(selectors.documents_awaiting_review()[:20])
        if documents:
            result.append(
                {"template": "forums/panel_review.html", "context": {"documents": documents}}
            )
    return result
