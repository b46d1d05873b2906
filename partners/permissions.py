"""Who may do what to which partner object. Views, the admin and tasks ask here.

An NGO editor works on exactly one partner (PartnerEditor is one-to-one with
the user); every object an editor reaches is looked up *through* that
partner, so another partner's id in a URL or a form finds nothing (404).
Only the Secretariat, with two-factor authentication, changes statuses,
decides on revisions, hides actions and invites editors.
"""

from django.http import Http404

from foundation.accounts.permissions import can_act_as_secretariat
from foundation.roles import focal_point_sector_ids, roles_for
from partners.models import Action, Partner, PeriodicReport


def editor_partner(user) -> Partner | None:
    """The partner whose profile `user` keeps current, published or not
    (self-service: see `foundation.roles`), or None."""
    if not roles_for(user).editor:
        return None
    # roles_for joined the link and its partner into the user's relation cache.
    return user.partner_editor.partner


def can_review_revisions(user) -> bool:
    return can_act_as_secretariat(user)


def get_own_action_or_404(user, pk) -> Action:
    """The action `pk` if it belongs to the user's partner; otherwise 404."""
    partner_id = roles_for(user).edited_partner_id
    if partner_id is None:
        raise Http404
    action = Action.objects.filter(partner_id=partner_id, pk=pk).prefetch_related("sectors").first()
    if action is None:
        raise Http404
    return action


# --- The partnership lifecycle: applications -----------------------------


def can_examine_applications(user) -> bool:
    """The Secretariat (with its second factor) examines and decides."""
    return can_act_as_secretariat(user)


def is_applicant_of(user, application) -> bool:
    return bool(user.is_authenticated and user.is_active and application.applicant_id == user.pk)


def follows_any_sector_of(user, sector_ids) -> bool:
    """Whether `user` is the focal point of one of these sectors."""
    return bool(focal_point_sector_ids(user) & set(sector_ids))


def can_view_application(user, application, *, sector_ids=None) -> bool:
    """The applicant, the Secretariat, and the focal points of the request's sectors
    once it is submitted (a draft is the applicant's own)."""
    if is_applicant_of(user, application) or can_examine_applications(user):
        return True
    if application.state in {"draft", "withdrawn"}:
        return False
    if sector_ids is None:
        sector_ids = application.sectors.values_list("pk", flat=True)
    return follows_any_sector_of(user, sector_ids)


def can_comment_application(user, application, sector) -> bool:
    """A focal point comments in their own sector, on a request of that sector under way."""
    if application.state not in {"submitted", "incomplete", "examination", "recommended"}:
        return False
    if sector is None or sector.pk not in focal_point_sector_ids(user):
        return False
    return application.sectors.filter(pk=sector.pk).exists()


# --- The partnership lifecycle: periodic reports and reviews ----------------
# An NGO editor fills and submits the reports of the one partner they edit; a
# sector focal point reads and comments on the reports of partners working in
# their sector once submitted (a draft is the partner's own); the Secretariat,
# with its second factor, reads every report, assesses it and decides reviews.
# A report of another partner, or of a sector the focal point does not
# follow, is not found (404), not forbidden.

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
