"""Reviews, suspension and end of a partnership (partners.lifecycle.reviews) and
what follows in the directory, the profile, the API and the exports."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from partners.lifecycle import reviews
from partners.lifecycle.models import PeriodicReport, ReviewCase
from partners.models import StatusChange
from partners.services import partner_set_standing, partner_set_status
from partners.tasks import open_review_cases
from tests.conftest import sign_in
from tests.factories import PartnerFactory
from tests.foundation.accounts.helpers import mark_reauthenticated

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 1, 15)


def _admitted(partner, on=datetime.date(2018, 3, 1), status="consultative"):
    partner_set_status(
        partner=partner, status=status, decided_on=on, reference="DG/ADM/1", admission=True
    )
    partner.refresh_from_db()
    return partner


@pytest.fixture
def due(partner_a):
    """Partner A admitted in 2018, its period ending within the notice."""
    _admitted(partner_a)
    partner_a.next_review_date = datetime.date(2026, 5, 1)
    partner_a.save()
    return partner_a


# --- Opening ---------------------------------------------------------------------------


def test_review_cases_open_once_for_active_partners_within_the_notice(due, partner_b):
    far = PartnerFactory(next_review_date=datetime.date(2027, 6, 1))
    suspended = PartnerFactory(next_review_date=datetime.date(2026, 3, 1), standing="suspended")
    assert open_review_cases(TODAY.isoformat()) == 1
    assert open_review_cases(TODAY.isoformat()) == 0
    case = ReviewCase.objects.get()
    assert (case.partner, case.period_ends_on, case.is_open) == (
        due,
        datetime.date(2026, 5, 1),
        True,
    )
    assert not ReviewCase.objects.filter(partner__in=[far, suspended, partner_b]).exists()


def test_review_list_shows_the_partners_reports(client, due, secretariat):
    reviews.review_cases_open_due(today=TODAY)
    PeriodicReport.objects.create(
        partner=due,
        period_start=datetime.date(2018, 3, 1),
        period_end=datetime.date(2022, 3, 1),
        due_on=datetime.date(2022, 3, 1),
        state="accepted",
    )
    sign_in(client, secretariat)
    page = client.get("/en/my/secretariat/reviews/")
    assert due.name in page.text
    assert "2022" in page.text and "Accepted" in page.text


@pytest.mark.parametrize("count", [1, 3])
def test_review_list_query_count_is_constant(
    client, secretariat, count, django_assert_max_num_queries
):
    for _index in range(count):
        partner = PartnerFactory(next_review_date=datetime.date(2026, 2, 1))
        PeriodicReport.objects.create(
            partner=partner,
            period_start=datetime.date(2018, 1, 1),
            period_end=datetime.date(2022, 1, 1),
            due_on=datetime.date(2022, 1, 1),
        )
    reviews.review_cases_open_due(today=TODAY)
    sign_in(client, secretariat)
    with django_assert_max_num_queries(6):
        assert client.get("/en/my/secretariat/reviews/").status_code == 200


# --- Every outcome -------------------------------------------------------------------------


def _decide(client, secretariat, case, **data):
    sign_in(client, secretariat)
    mark_reauthenticated(client, secretariat)
    return client.post(
        f"/en/my/secretariat/reviews/{case.pk}/",
        {"decided_on": "2026-02-10", "reference": "DG/REV/1", **data},
    )


@pytest.fixture
def case(due):
    reviews.review_cases_open_due(today=TODAY)
    return ReviewCase.objects.get(partner=due)


def test_renewed_gives_a_new_period(client, secretariat, case):
    response = _decide(client, secretariat, case, decision="status", status="consultative")
    assert response.status_code == 302
    case.refresh_from_db()
    partner = case.partner
    partner.refresh_from_db()
    assert case.outcome == "renewed" and case.closed_at is not None
    assert case.decision.kind == StatusChange.Kind.RENEWAL
    assert partner.next_review_date == datetime.date(2034, 2, 10)
    assert partner.since == datetime.date(2018, 3, 1)  # the first admission stays


def test_status_changed(client, secretariat, case):
    response = _decide(client, secretariat, case, decision="status", status="associate")
    assert response.status_code == 302
    case.refresh_from_db()
    case.partner.refresh_from_db()
    assert case.outcome == "status-changed"
    assert case.decision.kind == StatusChange.Kind.STATUS_CHANGE
    assert case.partner.status == "associate"
    assert case.partner.status_since == datetime.date(2026, 2, 10)


def test_suspended_with_reason_and_date(client, secretariat, case):
    response = _decide(client, secretariat, case, decision="suspended", note="No report.")
    assert response.status_code == 302
    case.refresh_from_db()
    case.partner.refresh_from_db()
    assert case.outcome == "suspended"
    assert case.decision.kind == StatusChange.Kind.SUSPENSION
    assert case.decision.note == "No report."
    assert (case.partner.standing, case.partner.standing_since) == (
        "suspended",
        datetime.date(2026, 2, 10),
    )


def test_terminated_with_reason_date_and_reference(client, secretariat, case):
    response = _decide(
        client, secretariat, case, decision="terminated", note="Dissolved.", reference="DG/END/9"
    )
    assert response.status_code == 302
    case.refresh_from_db()
    partner = case.partner
    partner.refresh_from_db()
    assert case.outcome == "terminated"
    assert case.decision.reference == "DG/END/9"
    assert partner.standing == "ended"
    assert partner.next_review_date is None and partner.next_report_due is None
    # History kept.
    assert partner.status_changes.count() == 2


def test_a_decided_case_cannot_be_decided_again(client, secretariat, case):
    _decide(client, secretariat, case, decision="status", status="consultative")
    response = _decide(client, secretariat, case, decision="terminated", note="x")
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.outcome == "renewed"
    assert case.partner.status_changes.count() == 2


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"decision": "suspended"}, "Give the reason for this decision."),
        ({"decision": "terminated", "note": "   "}, "Give the reason for this decision."),
        ({"decision": "pardoned"}, "Select a valid choice."),
        ({"decision": "status", "status": "honorary"}, "Select a valid choice."),
        ({"decision": "status", "status": "official-relations"}, "official relations"),
        ({"decision": "status", "decided_on": "2026-02-30"}, "Enter a valid date."),
        ({"decision": "reinstated", "note": "Back."}, "cannot become active"),
        (
            {"decision": "status", "status": "consultative", "next_review_date": "2020-02-29"},
            "The next review must come after the decision.",
        ),
    ],
)
def test_hostile_decisions_change_nothing(client, secretariat, case, data, message):
    response = _decide(client, secretariat, case, **data)
    assert response.status_code == 400
    assert message.lower() in response.text.lower().replace("&#x27;", "'")
    case.refresh_from_db()
    assert case.is_open
    assert case.partner.status_changes.count() == 1


def test_29_february_decision_sets_the_period_end_to_28_february(client, secretariat, case):
    sign_in(client, secretariat)
    mark_reauthenticated(client, secretariat)
    response = client.post(
        f"/en/my/secretariat/reviews/{case.pk}/",
        {
            "decision": "status",
            "status": "associate",
            "decided_on": "2024-02-29",
            "reference": "EB/1",
        },
    )
    assert response.status_code == 302
    case.partner.refresh_from_db()
    assert case.partner.next_review_date == datetime.date(2032, 2, 29)
    PartnerFactory()  # unrelated
    partner = _admitted(PartnerFactory(), on=datetime.date(2024, 2, 29))
    assert partner.next_review_date == datetime.date(2032, 2, 29)
    assert partner.next_report_due == datetime.date(2028, 2, 29)


def test_status_page_records_suspension_then_its_end(client, secretariat, due):
    url = f"/en/my/secretariat/partners/{due.slug}/status/"
    sign_in(client, secretariat)
    mark_reauthenticated(client, secretariat)
    data = {"decided_on": "2026-01-10", "reference": "DG/S/1", "note": "Inactive."}
    assert client.post(url, {**data, "decision": "suspended"}).status_code == 302
    due.refresh_from_db()
    assert due.standing == "suspended"
    assert client.post(url, {**data, "decision": "reinstated"}).status_code == 302
    due.refresh_from_db()
    assert due.standing == "active"
    kinds = list(due.status_changes.order_by("created_at").values_list("kind", flat=True))
    assert kinds == ["admission", "suspension", "reinstatement"]


def test_status_page_decision_closes_the_open_review(client, secretariat, case):
    sign_in(client, secretariat)
    mark_reauthenticated(client, secretariat)
    response = client.post(
        f"/en/my/secretariat/partners/{case.partner.slug}/status/",
        {
            "decision": "status",
            "status": "consultative",
            "decided_on": "2026-01-10",
            "reference": "DG/R",
        },
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.outcome == "renewed"


def test_decisions_need_the_secretariat_with_its_second_factor(
    due, editor_a, secretariat_without_mfa
):
    for user in (editor_a, secretariat_without_mfa):
        with pytest.raises(PermissionDenied):
            reviews.review_decide(
                case=None,
                partner=due,
                user=user,
                outcome="terminated",
                decided_on=TODAY,
                reference="X",
                note="x",
            )


def test_ended_partnership_cannot_be_renewed(due, secretariat):
    partner_set_standing(
        partner=due, standing="ended", decided_on=TODAY, reference="DG/E", note="Dissolved."
    )
    with pytest.raises(ValidationError):
        reviews.review_decide(
            case=None,
            partner=due,
            user=secretariat,
            outcome="renewed",
            decided_on=TODAY,
            reference="DG/R",
        )


# --- Directory, profile, API, exports -------------------------------------------------------


@pytest.fixture
def standings(db):
    active = _admitted(PartnerFactory(name_en="Active NGO"))
    suspended = _admitted(PartnerFactory(name_en="Suspended NGO"))
    partner_set_standing(
        partner=suspended, standing="suspended", decided_on=TODAY, reference="S/1", note="x"
    )
    ended = _admitted(PartnerFactory(name_en="Ended NGO"))
    partner_set_standing(
        partner=ended, standing="ended", decided_on=TODAY, reference="E/1", note="Dissolved."
    )
    foundation = PartnerFactory(
        name_en="Some Foundation", kind="foundation", status="official-relations"
    )
    return {"active": active, "suspended": suspended, "ended": ended, "foundation": foundation}


def _names(response):
    return response.text


def test_default_directory_leaves_ended_partnerships_out(client, standings):
    page = client.get("/en/partners/")
    assert "Active NGO" in page.text and "Suspended NGO" in page.text
    assert "Ended NGO" not in page.text
    assert "Partnership suspended" in page.text


def test_former_filter_lists_only_ended_partnerships_with_their_dates(client, standings):
    page = client.get("/en/partners/?status=former")
    assert "Ended NGO" in page.text
    assert "Active NGO" not in page.text and "Suspended NGO" not in page.text
    assert "Partnership ended in 2026" in page.text


def test_official_relations_filter_lists_foundations(client, standings):
    page = client.get("/en/partners/?status=official-relations")
    assert "Some Foundation" in page.text
    assert "Active NGO" not in page.text


@pytest.mark.parametrize("value", ["ended", "FORMER", "<script>", "retired", "x" * 5000])
def test_hostile_status_value_gives_an_empty_result_not_an_error(client, standings, value):
    page = client.get("/en/partners/", {"status": value})
    assert page.status_code == 200
    assert "Active NGO" not in page.text and "Ended NGO" not in page.text
    api = client.get("/api/v1/partners/", {"status": value})
    assert api.status_code == 400


def test_api_and_exports_carry_standing_and_latest_decision(client, standings):
    data = client.get("/api/v1/partners/?status=former").json()
    (row,) = data["results"]
    assert row["standing"] == "ended"
    assert row["since"] == "2018-03-01"
    assert row["latest_decision"] == {
        "kind": "termination",
        "status": "consultative",
        "decided_on": "2026-01-15",
        "decided_by": "",
        "reference": "E/1",
    }
    detail = client.get(f"/api/v1/partners/{standings['suspended'].slug}/").json()
    assert detail["standing"] == "suspended"
    assert detail["latest_decision"]["kind"] == "suspension"
    response = client.get("/en/partners/export.csv?status=former")
    csv = b"".join(response.streaming_content).decode()
    assert "Ended" in csv and "End of partnership 2026-01-15 (E/1)" in csv


def test_profile_timeline_keeps_the_first_admission_apart(
    client, partner_a, django_assert_max_num_queries
):
    _admitted(partner_a, on=datetime.date(2012, 5, 4))
    partner_set_status(
        partner=partner_a,
        status="associate",
        decided_on=datetime.date(2024, 6, 1),
        reference="EB/219/5",
        decided_by="executive-board",
    )
    partner_set_standing(
        partner=partner_a,
        standing="suspended",
        decided_on=datetime.date(2025, 7, 1),
        reference="DG/S/3",
        note="x",
    )
    # The partner, its sectors, contacts, delegates, actions and their
    # sectors, the timeline, and the session's two.
    with django_assert_max_num_queries(9):
        page = client.get("/fr/partners/partner-a/")
    text = page.text
    assert "Partenaire depuis le 4 mai 2012" in text
    assert "Partenariat suspendu depuis le 1 juillet 2025" in text or "1er juillet 2025" in text
    admission = text.index("DG/ADM/1")
    change = text.index("EB/219/5")
    suspension = text.index("DG/S/3")
    assert admission < change < suspension


@pytest.mark.parametrize("count", [1, 5])
def test_profile_query_count_does_not_grow_with_the_timeline(
    client, partner_a, count, django_assert_max_num_queries
):
    _admitted(partner_a)
    for index in range(count):
        partner_set_status(
            partner=partner_a,
            status="consultative",
            decided_on=datetime.date(2019 + index, 1, 1),
            reference=f"DG/R/{index}",
        )
    with django_assert_max_num_queries(9):
        assert client.get("/en/partners/partner-a/").status_code == 200


@pytest.mark.parametrize("outcome", ["renewed", "suspended", "terminated"])
def test_each_decision_records_who_took_it_and_who_recorded_it(due, secretariat, outcome):
    decision = reviews.review_decide(
        case=None,
        partner=due,
        user=secretariat,
        outcome=outcome,
        decided_on=TODAY,
        reference="DG/REV/9",
        note="Reason given.",
        decided_by="executive-board",
    )
    stored = StatusChange.objects.get(pk=decision.pk)
    assert (stored.changed_by, stored.decided_by) == (secretariat, "executive-board")
    if outcome == "suspended":
        back = reviews.review_decide(
            case=None,
            partner=due,
            user=secretariat,
            outcome=reviews.REINSTATED,
            decided_on=TODAY,
            reference="DG/REV/10",
            note="Reports received.",
            decided_by="director-general",
        )
        stored = StatusChange.objects.get(pk=back.pk)
        assert (stored.changed_by, stored.decided_by) == (secretariat, "director-general")
