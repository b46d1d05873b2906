"""What review_decide stores for each outcome (every field of the decision, who
took it and who recorded it, the case it closes) and the exact words of its
refusals; and opening the review cases past a partner that cannot get one."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from partners.lifecycle import reviews
from partners.lifecycle.models import ReviewCase
from partners.models import StatusChange
from partners.services import partner_set_standing, partner_set_status
from tests.factories import PartnerFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 1, 15)
DECIDED_ON = datetime.date(2026, 2, 10)


def _admitted(partner, on=datetime.date(2018, 3, 1)):
    partner_set_status(
        partner=partner, status="consultative", decided_on=on, reference="DG/ADM/1", admission=True
    )
    partner.refresh_from_db()
    return partner


@pytest.fixture
def due(partner_a):
    _admitted(partner_a)
    partner_a.next_review_date = datetime.date(2026, 5, 1)
    partner_a.save()
    return partner_a


@pytest.fixture
def case(due):
    assert reviews.review_cases_open_due(today=TODAY) == 1
    return ReviewCase.objects.get(partner=due)


def _decide(case, partner, user, **fields):
    values = {
        "case": case,
        "partner": partner,
        "user": user,
        "decided_on": DECIDED_ON,
        "reference": "DG/REV/7",
    }
    return reviews.review_decide(**{**values, **fields})


def _stored(decision):
    change = StatusChange.objects.get(pk=decision.pk)
    return {
        "kind": change.kind,
        "status": change.status,
        "previous_status": change.previous_status,
        "decided_on": change.decided_on,
        "reference": change.reference,
        "executive_board_session": change.executive_board_session,
        "note": change.note,
        "changed_by": change.changed_by,
        "decided_by": change.decided_by,
    }


# --- What each outcome stores ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "outcome", "kind", "previous"),
    [
        ("consultative", "renewed", "renewal", ""),
        ("associate", "status-changed", "status-change", "consultative"),
    ],
)
def test_a_status_decision_stores_every_field_and_closes_the_case(
    case, secretariat, status, outcome, kind, previous
):
    before = timezone.now()
    decision = _decide(
        case,
        case.partner,
        secretariat,
        outcome="status",
        status=status,
        executive_board_session=221,
        decided_by="executive-board",
        next_review_date=datetime.date(2031, 6, 30),
        note="Reports read.",
    )
    assert _stored(decision) == {
        "kind": kind,
        "status": status,
        "previous_status": previous,
        "decided_on": DECIDED_ON,
        "reference": "DG/REV/7",
        "executive_board_session": 221,
        "note": "Reports read.",
        "changed_by": secretariat,
        "decided_by": "executive-board",
    }
    partner = case.partner
    partner.refresh_from_db()
    assert (partner.status, partner.next_review_date) == (status, datetime.date(2031, 6, 30))
    case.refresh_from_db()
    assert (case.outcome, case.decision_id, case.notes) == (outcome, decision.pk, "Reports read.")
    assert before <= case.closed_at <= timezone.now()


@pytest.mark.parametrize(
    ("outcome", "kind", "standing"),
    [("suspended", "suspension", "suspended"), ("terminated", "termination", "ended")],
)
def test_a_standing_decision_stores_every_field_and_closes_the_case(
    case, secretariat, outcome, kind, standing
):
    decision = _decide(
        case,
        case.partner,
        secretariat,
        outcome=outcome,
        decided_by="director-general",
        note=" No report since 2022. ",
    )
    assert _stored(decision) == {
        "kind": kind,
        "status": "consultative",
        "previous_status": "",
        "decided_on": DECIDED_ON,
        "reference": "DG/REV/7",
        "executive_board_session": None,
        "note": "No report since 2022.",
        "changed_by": secretariat,
        "decided_by": "director-general",
    }
    partner = case.partner
    partner.refresh_from_db()
    assert (partner.standing, partner.standing_since) == (standing, DECIDED_ON)
    case.refresh_from_db()
    assert (case.outcome, case.decision_id, case.notes) == (
        outcome,
        decision.pk,
        "No report since 2022.",
    )
    assert case.closed_at is not None


def test_a_renewal_without_a_note_closes_the_case_with_empty_notes(case, secretariat):
    _decide(case, case.partner, secretariat, outcome="renewed")
    case.refresh_from_db()
    assert (case.outcome, case.notes) == ("renewed", "")


def test_the_end_of_a_suspension_stores_its_fields_and_closes_no_case(due, secretariat):
    partner_set_standing(
        partner=due, standing="suspended", decided_on=TODAY, reference="DG/S/1", note="x"
    )
    # A case opened by hand while suspended: the end of a suspension is not a
    # review's outcome and leaves it open.
    open_case = ReviewCase.objects.create(partner=due, period_ends_on=due.next_review_date)
    decision = _decide(
        None,
        due,
        secretariat,
        outcome="reinstated",
        decided_by="director-general",
        note="Reports received.",
    )
    assert _stored(decision) == {
        "kind": "reinstatement",
        "status": "consultative",
        "previous_status": "",
        "decided_on": DECIDED_ON,
        "reference": "DG/REV/7",
        "executive_board_session": None,
        "note": "Reports received.",
        "changed_by": secretariat,
        "decided_by": "director-general",
    }
    due.refresh_from_db()
    assert (due.standing, due.standing_since) == ("active", DECIDED_ON)
    open_case.refresh_from_db()
    assert open_case.is_open and open_case.decision is None


def test_a_decision_without_a_case_closes_the_partners_open_case_only(case, partner_b, secretariat):
    # Both come before the open case in the cases' order (by end of period).
    _admitted(partner_b)
    other = ReviewCase.objects.create(partner=partner_b, period_ends_on=datetime.date(2026, 3, 1))
    earlier = ReviewCase.objects.create(
        partner=case.partner, period_ends_on=datetime.date(2018, 3, 1), outcome="renewed"
    )
    decision = _decide(None, case.partner, secretariat, outcome="suspended", note="No report.")
    case.refresh_from_db()
    assert (case.outcome, case.decision_id, case.notes) == ("suspended", decision.pk, "No report.")
    assert case.closed_at is not None
    other.refresh_from_db()
    assert other.is_open and other.closed_at is None and other.decision is None
    earlier.refresh_from_db()
    assert (earlier.outcome, earlier.closed_at, earlier.decision) == ("renewed", None, None)


# --- Refusals, in their words, storing nothing ---------------------------------------------------


def _nothing_stored(case):
    case.refresh_from_db()
    assert case.is_open and case.decision is None
    assert case.partner.status_changes.count() == 1


@pytest.mark.parametrize("outcome", ["pardoned", "", "open"])
def test_an_unknown_outcome_is_refused(case, secretariat, outcome):
    with pytest.raises(ValidationError) as refused:
        _decide(case, case.partner, secretariat, outcome=outcome, note="x")
    assert refused.value.messages == ["Choose an outcome."]
    _nothing_stored(case)


def test_a_decided_case_is_refused_by_the_service_too(case, secretariat):
    _decide(case, case.partner, secretariat, outcome="renewed")
    with pytest.raises(ValidationError) as refused:
        _decide(case, case.partner, secretariat, outcome="terminated", note="Dissolved.")
    assert refused.value.messages == ["This review has already been decided."]
    case.refresh_from_db()
    assert case.outcome == "renewed"
    assert case.partner.status_changes.count() == 2


def test_another_partners_case_is_refused(case, partner_b, secretariat):
    _admitted(partner_b)
    with pytest.raises(PermissionDenied):
        _decide(case, partner_b, secretariat, outcome="terminated", note="Dissolved.")
    _nothing_stored(case)
    partner_b.refresh_from_db()
    assert partner_b.standing == "active"
    assert partner_b.status_changes.count() == 1


@pytest.mark.parametrize("outcome", ["renewed", "status"])
def test_an_ended_partnership_is_refused_in_these_words(due, secretariat, outcome):
    partner_set_standing(
        partner=due, standing="ended", decided_on=TODAY, reference="DG/E", note="Dissolved."
    )
    with pytest.raises(ValidationError) as refused:
        _decide(None, due, secretariat, outcome=outcome, status="consultative")
    assert refused.value.messages == ["This partnership has ended; it can no longer be renewed."]
    assert due.status_changes.count() == 2


def test_a_change_to_the_same_status_is_refused_on_the_status_field(case, secretariat):
    with pytest.raises(ValidationError) as refused:
        _decide(case, case.partner, secretariat, outcome="status-changed", status="consultative")
    assert refused.value.message_dict == {"status": ["Choose a status other than the current one."]}
    _nothing_stored(case)


# --- Opening -------------------------------------------------------------------------------------


def test_opening_goes_on_past_a_partner_that_already_has_an_open_case(due):
    # Partner A's period ends first but it still has the open case of an
    # earlier period (one open case per partner): the run skips it and opens
    # the next partner's.
    ReviewCase.objects.create(partner=due, period_ends_on=datetime.date(2025, 5, 1))
    later = _admitted(PartnerFactory())
    later.next_review_date = datetime.date(2026, 6, 1)
    later.save()
    assert reviews.review_cases_open_due(today=TODAY) == 1
    assert ReviewCase.objects.get(partner=later).period_ends_on == datetime.date(2026, 6, 1)
    assert ReviewCase.objects.filter(partner=due).count() == 1


def test_opening_counts_every_case_it_opens(due):
    later = _admitted(PartnerFactory())
    later.next_review_date = datetime.date(2026, 6, 1)
    later.save()
    assert reviews.review_cases_open_due(today=TODAY) == 2
    assert set(ReviewCase.objects.values_list("partner_id", flat=True)) == {due.pk, later.pk}
