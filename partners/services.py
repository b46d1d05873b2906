"""Writes to partner data. Every status change goes through here."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from partners.models import Partner, PartnershipStatus, StatusChange


@transaction.atomic
def partner_set_status(
    *,
    partner: Partner,
    status: str,
    decided_on: datetime.date,
    reference: str,
    executive_board_session: int | None = None,
    next_review_date: datetime.date | None = None,
    note: str = "",
    changed_by=None,
) -> StatusChange:
    """Change a partnership status and record the decision in the history.

    Side effects: updates the partner's status, since (on a change of
    status), decision fields and next review date; writes a StatusChange.
    """
    if status not in PartnershipStatus.values:
        raise ValidationError(_("Unknown partnership status."))
    if not reference.strip():
        raise ValidationError(_("A decision reference is required."))
    partner = Partner.objects.select_for_update().get(pk=partner.pk)
    change = StatusChange(
        partner=partner,
        status=status,
        previous_status=partner.status if partner.status != status else "",
        decided_on=decided_on,
        reference=reference.strip(),
        executive_board_session=executive_board_session,
        note=note,
        changed_by=changed_by,
    )
    change.full_clean()
    change.save()
    if partner.status != status:
        partner.since = decided_on
    partner.status = status
    partner.admission_decision_date = decided_on
    partner.decision_reference = change.reference
    partner.executive_board_session = executive_board_session
    if next_review_date is not None:
        partner.next_review_date = next_review_date
    elif status == PartnershipStatus.ASSOCIATE:
        # Associate status is granted for eight years.
        partner.next_review_date = decided_on.replace(year=decided_on.year + 8)
    partner.save()
    return change
