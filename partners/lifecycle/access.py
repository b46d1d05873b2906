"""Who may read, fill, assess and comment on periodic reports, and decide reviews.

Kept beside partners.permissions (which says who edits profiles and actions)
so the two halves of the lifecycle can grow apart without colliding. The
rules:

- an NGO editor fills and submits the reports of the one partner they edit;
- a sector focal point reads and comments on the reports of partners working
  in their sector, once submitted (a draft is the partner's own);
- the Secretariat, with its second factor, reads every report, assesses it,
  and decides reviews.

Every lookup goes through these rules: a report of another partner, or of a
sector the focal point does not follow, is not found (404), not forbidden.
"""

from django.http import Http404

from foundation.accounts.permissions import can_act_as_secretariat
from foundation.roles import focal_point_sector_ids, roles_for
from partners.lifecycle.models import PeriodicReport

# A draft is the partner's own: nobody else reads it before it is submitted.
VISIBLE_TO_OTHERS = (
    PeriodicReport.State.SUBMITTED,
    PeriodicReport.State.MORE_INFORMATION,
    PeriodicReport.State.ACCEPTED,
)


def focal_sector_ids(user) -> frozenset[int]:
    """The sectors `user` follows as a sector focal point (foundation.roles, cached)."""
    return focal_point_sector_ids(user)


def is_focal_point(user) -> bool:
    return bool(focal_sector_ids(user))


def can_assess_reports(user) -> bool:
    return can_act_as_secretariat(user)


def can_decide_reviews(user) -> bool:
    return can_act_as_secretariat(user)


def is_editor_of(user, partner_id: int) -> bool:
    return roles_for(user).edited_partner_id == partner_id


def can_fill_report(user, report: PeriodicReport) -> bool:
    return is_editor_of(user, report.partner_id) and report.is_editable_by_partner


def can_read_report(user, report: PeriodicReport, *, partner_sector_ids=None) -> bool:
    """The partner's editors, the Secretariat, and focal points of the partner's sectors."""
    if is_editor_of(user, report.partner_id) or can_assess_reports(user):
        return True
    if report.state not in VISIBLE_TO_OTHERS:
        return False
    sectors = focal_sector_ids(user)
    if not sectors:
        return False
    if partner_sector_ids is None:
        partner_sector_ids = report.partner.sectors.values_list("pk", flat=True)
    return bool(sectors & set(partner_sector_ids))


def can_comment_report(user, report: PeriodicReport, sector) -> bool:
    """A focal point comments in their own sector, on a submitted report of a partner
    working in that sector."""
    if report.state not in VISIBLE_TO_OTHERS or sector is None:
        return False
    if sector.pk not in focal_sector_ids(user):
        return False
    return report.partner.sectors.filter(pk=sector.pk).exists()


def get_readable_report_or_404(user, pk) -> PeriodicReport:
    """The report `pk` if `user` may read it; otherwise 404 (never 403: ids are not probed)."""
    report = (
        PeriodicReport.objects.select_related("partner", "submitted_by", "assessed_by")
        .filter(pk=pk)
        .first()
    )
    if report is None or not can_read_report(user, report):
        raise Http404
    return report


def get_own_report_or_404(user, pk) -> PeriodicReport:
    """One of the reports of the partner `user` edits; another partner's id gives 404."""
    partner_id = roles_for(user).edited_partner_id
    if partner_id is None:
        raise Http404
    report = PeriodicReport.objects.filter(partner_id=partner_id, pk=pk).first()
    if report is None:
        raise Http404
    return report
