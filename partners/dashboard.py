"""Panels this app adds to the signed-in user's dashboard at /<lang>/my/."""

from partners.lifecycle.models import ReviewCase
from partners.lifecycle.selectors import (
    partners_overdue,
    partners_report_due_soon,
    reports_for_reader,
)
from partners.models import Action, PartnerRevision
from partners.permissions import can_review_revisions, editor_partner, is_focal_point
from partners.selectors import partner_reviews_due, revision_pending_for, revision_queue

PANEL_ITEMS = 10


def _editor_panel(partner) -> dict:
    actions = list(
        Action.objects.filter(partner=partner).order_by("-created_at", "-pk")[:PANEL_ITEMS]
    )
    return {
        "template": "partners/dashboard/editor.html",
        "context": {
            "partner": partner,
            "pending": revision_pending_for(partner),
            "last_decided": partner.revisions.exclude(state=PartnerRevision.State.PENDING)
            .order_by("-decided_at")
            .first(),
            "actions": actions,
            "action_count": Action.objects.filter(partner=partner).count(),
        },
    }


def _secretariat_panel() -> dict:
    queue = revision_queue()
    due = partner_reviews_due().filter(published=True)
    overdue = partners_overdue()
    return {
        "template": "partners/dashboard/secretariat.html",
        "context": {
            "revisions": list(queue[:PANEL_ITEMS]),
            "revision_count": queue.count(),
            "reviews_due": list(due[:PANEL_ITEMS]),
            "reviews_due_count": due.count(),
            # Issue 18 (8): overdue reports apart from those due within six months.
            "reports_overdue": list(overdue[:PANEL_ITEMS]),
            "reports_overdue_count": overdue.count(),
            "reports_due_soon_count": partners_report_due_soon().count(),
            "open_reviews_count": ReviewCase.objects.filter(outcome="").count(),
        },
    }


def _focal_point_panel(user) -> dict:
    reports = reports_for_reader(user)
    return {
        "template": "partners/dashboard/focal_point.html",
        "context": {"reports": list(reports[:PANEL_ITEMS]), "report_count": reports.count()},
    }


def panels(request) -> list[dict]:
    """A list of {"template": ..., "context": {...}} to render, in order."""
    result = []
    partner = editor_partner(request.user)
    if partner is not None:
        result.append(_editor_panel(partner))
    if can_review_revisions(request.user):
        result.append(_secretariat_panel())
    elif is_focal_point(request.user):
        result.append(_focal_point_panel(request.user))
    return result
