"""Panels this app adds to the signed-in user's dashboard at /<lang>/my/."""

from newsletter.models import Issue
from newsletter.permissions import can_manage_newsletter
from newsletter.selectors import issue_list_manage


def panels(request) -> list[dict]:
    """The Secretariat sees the issues waiting for approval or going out."""
    if not can_manage_newsletter(request.user):
        return []
    issues = list(
        issue_list_manage().filter(status__in=[Issue.Status.DRAFT, Issue.Status.SENDING])[:6]
    )
    return [{"template": "newsletter/_dashboard_panel.html", "context": {"issues": issues}}]
