"""Reviews of partnerships whose period ends: opening the case, recording its outcome.

The Directives provide for the review, renewal and termination of
partnerships (36 C/Res.108, 2011; see docs/partnership.md). A review case
opens REVIEW_NOTICE_DAYS before a partner's period ends (the beat task and
the demo call `review_cases_open_due`); the Secretariat reads the partner's
reports and records one outcome, which is a decision on the partnership
(partners.services.partner_set_status / partner_set_standing) linked to the
case that it closes.
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from partners import permissions
from partners.lifecycle.models import ReviewCase
from partners.lifecycle.selectors import partners_due_for_review
from partners.models import Partner, Standing, StatusChange
from partners.services import partner_set_standing, partner_set_status

Outcome = ReviewCase.Outcome

# Each outcome and the standing it leads to (None: the status decides).
OUTCOME_STANDING: dict[str, str | None] = {
    Outcome.RENEWED: None,
    Outcome.STATUS_CHANGED: None,
    Outcome.SUSPENDED: Standing.SUSPENDED,
    Outcome.TERMINATED: Standing.ENDED,
}
# The end of a suspension is a decision too, but not the outcome of a review:
# it never closes a case.
REINSTATED = "reinstated"
# A status decided, whichever it is: a renewal when it is the current one.
STATUS = "status"


def review_cases_open_due(*, today: datetime.date) -> int:
    """Open a review case for each active partner whose period ends within the notice.

    Idempotent: the unique constraints (one case per partner and end of
    period; one open case per partner) make a second run open nothing.
    Side effects: creates ReviewCase rows.
    """
    opened = 0
    for partner in partners_due_for_review(today=today).iterator(chunk_size=200):
        try:
            with transaction.atomic():
                ReviewCase.objects.create(partner=partner, period_ends_on=partner.next_review_date)
        except IntegrityError:
            continue
        opened += 1
    return opened


@transaction.atomic
def review_decide(
    *,
    case: ReviewCase | None,
    partner: Partner,
    user,
    outcome: str,
    decided_on: datetime.date,
    reference: str,
    status: str = "",
    note: str = "",
    executive_board_session: int | None = None,
    decided_by: str = "",
    next_review_date: datetime.date | None = None,
) -> StatusChange:
    """Record a decision on a partnership and close its open review case, if any.

    renewed: the same status for a new period; status-changed: another
    status; suspended and terminated need a reason (`note`). Without a case
    (a decision taken outside a review, from the status page) the same rules
    apply. Side effects: a StatusChange through partners.services; the
    partner's status, standing and dates; the case closed and linked.
    """
    if not permissions.can_decide_reviews(user):
        raise PermissionDenied
    if outcome == REINSTATED:
        return partner_set_standing(
            partner=partner,
            standing=Standing.ACTIVE,
            decided_on=decided_on,
            reference=reference,
            note=note,
            changed_by=user,
            decided_by=decided_by,
        )
    if outcome == STATUS:
        outcome = Outcome.RENEWED if status == partner.status else Outcome.STATUS_CHANGED
    if outcome not in OUTCOME_STANDING:
        raise ValidationError(_("Choose an outcome."))
    if case is not None:
        case = ReviewCase.objects.select_for_update().get(pk=case.pk)
        if not case.is_open:
            raise ValidationError(_("This review has already been decided."))
        if case.partner_id != partner.pk:
            raise PermissionDenied
    partner = Partner.objects.select_for_update().get(pk=partner.pk)
    if outcome in {Outcome.RENEWED, Outcome.STATUS_CHANGED}:
        if partner.standing == Standing.ENDED:
            raise ValidationError(_("This partnership has ended; it can no longer be renewed."))
        status = partner.status if outcome == Outcome.RENEWED else status
        if outcome == Outcome.STATUS_CHANGED and status == partner.status:
            raise ValidationError({"status": _("Choose a status other than the current one.")})
        decision = partner_set_status(
            partner=partner,
            status=status,
            decided_on=decided_on,
            reference=reference,
            executive_board_session=executive_board_session,
            next_review_date=next_review_date,
            note=note,
            changed_by=user,
            decided_by=decided_by,
        )
    else:
        decision = partner_set_standing(
            partner=partner,
            standing=OUTCOME_STANDING[outcome],
            decided_on=decided_on,
            reference=reference,
            note=note,
            changed_by=user,
            decided_by=decided_by,
        )
    if case is None:
        case = ReviewCase.objects.select_for_update().filter(partner=partner, outcome="").first()
    if case is not None:
        case.outcome = outcome
        case.closed_at = timezone.now()
        case.decision = decision
        case.notes = (note or "").strip()
        case.save()
    return decision
