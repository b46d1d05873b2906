"""partners.lifecycle.selectors: an applicant's request, the examination queue
for each reader, the Executive Board's list, the reports due and overdue, the
reports each reader may see, the reviews coming due, and a partner's decisions,
each in the order a page shows it."""

import datetime

import pytest
from django.utils import timezone

from partners.lifecycle import letters, rules, selectors
from partners.lifecycle.models import Application, PeriodicReport, ReviewCase
from partners.models import StatusChange
from tests.factories import PartnerFactory, UserFactory
from tests.partners.factories import sector_for
from tests.partners.lifecycle.factories import complete_application, focal_point, report_due

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 6, 15)
DAY = datetime.timedelta(days=1)
State = Application.State
Report = PeriodicReport.State


def _application(name, state=State.SUBMITTED, sectors=("education",), **fields):
    submitted_on = fields.pop("submitted_on", "as made")
    application = complete_application(organisation_name=name, state=state, **fields)
    application.sectors.set([sector_for(code) for code in sectors])
    if submitted_on != "as made":
        application.submitted_on = submitted_on
        application.save(update_fields=["submitted_on"])
    return application


def _names(applications) -> list[str]:
    return [application.organisation_name for application in applications]


# --- Applications -------------------------------------------------------------------------------


def test_an_applicants_open_request_is_the_one_not_yet_decided():
    applicant = UserFactory()
    for state in (State.ADMITTED, State.DECLINED, State.WITHDRAWN):
        _application(f"Closed: {state}", state=state, applicant=applicant)
    assert selectors.application_open_for(applicant) is None
    for state in (State.DRAFT, State.INCOMPLETE, State.RECOMMENDED):
        Application.objects.filter(applicant=applicant, state=state).delete()
        open_one = _application("Open", state=state, applicant=applicant)
        assert selectors.application_open_for(applicant) == open_one
        open_one.delete()


def test_an_applicants_requests_come_latest_first_and_are_their_own():
    applicant = UserFactory()
    first = _application("First", state=State.DECLINED, applicant=applicant)
    second = _application("Second", state=State.DRAFT, applicant=applicant)
    _application("Someone else's")
    Application.objects.filter(pk=first.pk).update(created_at=second.created_at - DAY)
    assert list(selectors.applications_of(applicant)) == [second, first]


def test_an_application_page_reads_its_documents_by_kind(django_assert_num_queries):
    application = _application(
        "Page",
        state=State.ADMITTED,
        partner=PartnerFactory(),
        decided_on=datetime.date(2017, 3, 15),
        decision_reference="DG/7/17/1815",
    )
    letter = letters.draft_letter(application)
    application.steps.create(
        from_state=State.SUBMITTED,
        to_state=State.ADMITTED,
        by=UserFactory(email="dg@unesco.org"),
        at=timezone.now(),
    )
    reader = focal_point("education", email="uil@unesco.org")
    application.comments.create(author=reader, sector=sector_for("education"), text="Known.")
    with django_assert_num_queries(5):
        found = selectors.application_for_page(application.pk)
    with django_assert_num_queries(0):
        kinds = [document.kind for document in found.documents.all()]
        assert kinds == sorted(kinds) and len(kinds) > 1
        assert found.applicant == application.applicant
        assert found.partner == application.partner
        assert found.letter == letter
        assert [s.code for s in found.sectors.all()] == ["education"]
        assert [step.by.email for step in found.steps.all()] == ["dg@unesco.org"]
        assert [(c.author.email, c.sector.code) for c in found.comments.all()] == [
            ("uil@unesco.org", "education")
        ]
    assert selectors.application_for_page(application.pk + 1000) is None


def test_the_secretariat_examines_every_request_under_way_oldest_first(
    secretariat, django_assert_num_queries
):
    for state in (State.DRAFT, State.ADMITTED, State.DECLINED, State.WITHDRAWN):
        _application(f"Not under way: {state}", state=state)
    newer = _application("Newer", submitted_on=TODAY)
    older = _application("Older", state=State.INCOMPLETE, submitted_on=TODAY - DAY)
    recommended = _application(
        "Recommended", state=State.RECOMMENDED, kind="associate", submitted_on=TODAY
    )
    examined = _application("Examined", state=State.UNDER_EXAMINATION, submitted_on=None)

    for text in ("Known to UIL.", "Active in CONFINTEA."):
        older.comments.create(
            author=focal_point("education"), sector=sector_for("education"), text=text
        )

    expected = [older, newer, recommended, examined]
    applicants = [application.applicant.email for application in expected]
    # The reader's roles, the requests with their applicants, their sectors.
    with django_assert_num_queries(3):
        queue = list(selectors.examination_queue(user=secretariat))
        assert [application.applicant.email for application in queue] == applicants

    assert queue == expected
    # Each counted once, though documents and comments are joined together.
    assert (queue[0].document_count, queue[0].comment_count) == (older.documents.count(), 2)
    assert queue[0].document_count > 1
    assert (queue[1].document_count, queue[1].comment_count) == (newer.documents.count(), 0)
    assert list(selectors.examination_queue(user=secretariat, kind="associate")) == [recommended]
    assert list(selectors.examination_queue(user=secretariat, state=State.INCOMPLETE)) == [older]
    # A state outside the queue, or an unknown kind, filters nothing.
    assert len(selectors.examination_queue(user=secretariat, state=State.DRAFT)) == 4
    assert len(selectors.examination_queue(user=secretariat, kind="<script>")) == 4


def test_a_focal_point_examines_the_requests_of_their_sectors_each_once():
    reader = focal_point("education")
    both = _application("Both sectors", sectors=("education", "culture"))
    _application("Culture only", sectors=("culture",))
    assert list(selectors.examination_queue(user=reader)) == [both]


def test_anyone_else_examines_nothing():
    _application("Under way")
    assert list(selectors.examination_queue(user=UserFactory())) == []


def test_the_boards_list_holds_the_years_consultative_admissions_and_its_associate_batch(
    django_assert_num_queries,
):
    def admitted(name, decided_on, kind="consultative"):
        return _application(
            name,
            state=State.ADMITTED,
            kind=kind,
            decided_on=decided_on,
            partner=PartnerFactory(name_en=name),
        )

    late = admitted("B late", datetime.date(2026, 11, 2))
    early = admitted("Z early", datetime.date(2026, 1, 5))
    same_day = admitted("A early", datetime.date(2026, 1, 5))
    _application("Declined", state=State.DECLINED, decided_on=datetime.date(2026, 6, 1))
    admitted("Last year", datetime.date(2025, 12, 31))
    admitted("Associate", datetime.date(2026, 3, 1), kind="associate")
    batch = [
        _application(name, state=state, kind="associate", batch_year=2026, partner=partner)
        for name, state, partner in [
            ("Recommended", State.RECOMMENDED, PartnerFactory(name_en="Consultative since 2015")),
            ("Examined", State.SUBMITTED, None),
        ]
    ]
    _application("Draft", state=State.DRAFT, kind="associate", batch_year=2026)
    _application("Withdrawn", state=State.WITHDRAWN, kind="associate", batch_year=2026)
    _application("Next batch", kind="associate", batch_year=2027)

    with django_assert_num_queries(2):
        board = selectors.executive_board_list(year=2026)
        assert [a.partner and a.partner.name for a in board["associate"]] == [
            None,
            "Consultative since 2015",
        ]
        assert [a.partner.name for a in board["admissions"]] == ["A early", "Z early", "B late"]

    assert board["year"] == 2026
    assert board["admissions"] == [same_day, early, late]
    assert board["associate"] == [batch[1], batch[0]]


# --- Reports due, overdue and in hand ------------------------------------------------------------


def test_overdue_partners_are_past_their_date_without_the_report_in_hand_oldest_first():
    def partner(name, due, **fields):
        return PartnerFactory(name_en=name, next_report_due=due, **fields)

    yesterday = partner("Yesterday", TODAY - DAY)
    long_ago = partner("Long ago", TODAY - 300 * DAY)
    partner("Due today", TODAY)
    partner("Ended", TODAY - DAY, standing="ended")
    suspended = partner("Suspended", TODAY - DAY, standing="suspended")
    sent = partner("Sent", TODAY - DAY)
    report_due(sent, TODAY - DAY, Report.SUBMITTED)
    accepted = partner("Accepted", TODAY - DAY)
    report_due(accepted, TODAY - DAY, Report.ACCEPTED)
    asked = partner("Asked for more", TODAY - DAY)
    report_due(asked, TODAY - DAY, Report.MORE_INFORMATION)
    earlier_report = partner("Sent an earlier one", TODAY - DAY)
    report_due(earlier_report, TODAY - 400 * DAY, Report.ACCEPTED)
    PartnerFactory(name_en="Nothing due", next_report_due=None)

    overdue = list(selectors.partners_overdue(today=TODAY))

    assert overdue == [long_ago, asked, earlier_report, suspended, yesterday]


def test_reports_due_soon_are_due_today_up_to_the_window_bounds_included():
    today = PartnerFactory(name_en="Today", next_report_due=TODAY)
    same_day = PartnerFactory(name_en="Also today", next_report_due=TODAY)
    last = PartnerFactory(name_en="Last day", next_report_due=TODAY + 183 * DAY)
    PartnerFactory(name_en="Day after", next_report_due=TODAY + 184 * DAY)
    PartnerFactory(name_en="Overdue", next_report_due=TODAY - DAY)
    in_hand = PartnerFactory(name_en="In hand", next_report_due=TODAY + DAY)
    report_due(in_hand, TODAY + DAY, Report.SUBMITTED)

    assert list(selectors.partners_report_due_soon(today=TODAY)) == [same_day, today, last]
    assert list(selectors.partners_report_due_soon(today=TODAY, within_days=0)) == [
        same_day,
        today,
    ]


def test_reports_awaiting_assessment_are_the_submitted_ones_first_sent_first():
    now = datetime.datetime(2026, 6, 1, tzinfo=datetime.UTC)
    later = report_due(PartnerFactory(), TODAY, Report.SUBMITTED, submitted_at=now)
    first = report_due(PartnerFactory(), TODAY, Report.SUBMITTED, submitted_at=now - DAY)
    report_due(PartnerFactory(), TODAY, Report.MORE_INFORMATION, submitted_at=now - DAY)
    report_due(PartnerFactory(), TODAY, Report.DRAFT)

    assert list(selectors.reports_awaiting_assessment()) == [first, later]


def test_readers_see_the_reports_sent_the_secretariat_all_a_focal_point_their_sectors(
    secretariat,
):
    now = datetime.datetime(2026, 6, 1, tzinfo=datetime.UTC)
    education = PartnerFactory(sectors=["education", "culture"])
    culture = PartnerFactory(sectors=["culture"])
    newest = report_due(education, TODAY, Report.ACCEPTED, submitted_at=now)
    asked = report_due(culture, TODAY, Report.MORE_INFORMATION, submitted_at=now - DAY)
    sent = report_due(education, TODAY - 900 * DAY, Report.SUBMITTED, submitted_at=now - 2 * DAY)
    report_due(PartnerFactory(sectors=["education"]), TODAY, Report.DRAFT)

    assert list(selectors.reports_for_reader(secretariat)) == [newest, asked, sent]
    assert list(selectors.reports_for_reader(focal_point("education"))) == [newest, sent]
    assert list(selectors.reports_for_reader(UserFactory())) == []


def test_a_report_page_reads_its_details_and_a_partners_reports_come_latest_first(
    django_assert_num_queries,
):
    partner = PartnerFactory(sectors=["education"])
    old = report_due(partner, TODAY - 1461 * DAY, Report.ACCEPTED)
    new = report_due(partner, TODAY, Report.DRAFT)
    report_due(PartnerFactory(), TODAY, Report.DRAFT)

    new.sectors.set([sector_for("culture")])
    new.submitted_by = UserFactory(email="editor@ngo.example.org")
    new.assessed_by = UserFactory(email="assessor@unesco.org")
    new.save()
    new.comments.create(
        author=focal_point("culture", email="culture@unesco.org"),
        sector=sector_for("culture"),
        text="Useful.",
    )

    with django_assert_num_queries(6):
        found = selectors.report_with_details(new)
    with django_assert_num_queries(0):
        assert found == new
        assert found.submitted_by.email == "editor@ngo.example.org"
        assert found.assessed_by.email == "assessor@unesco.org"
        assert [s.code for s in found.partner.sectors.all()] == ["education"]
        assert [s.code for s in found.sectors.all()] == ["culture"]
        assert list(found.actions.all()) == list(found.attachments.all()) == []
        assert [(c.author.email, c.sector.code) for c in found.comments.all()] == [
            ("culture@unesco.org", "culture")
        ]
    assert list(selectors.reports_of_partner(partner)) == [new, old]


# --- Reviews -------------------------------------------------------------------------------------


def test_open_review_cases_come_nearest_end_first_with_the_partners_reports(
    django_assert_num_queries,
):
    partner = PartnerFactory()
    old = report_due(partner, TODAY - 1461 * DAY, Report.ACCEPTED)
    new = report_due(partner, TODAY, Report.SUBMITTED)
    later = ReviewCase.objects.create(partner=partner, period_ends_on=TODAY + 90 * DAY)
    sooner = ReviewCase.objects.create(partner=PartnerFactory(), period_ends_on=TODAY)
    ReviewCase.objects.create(
        partner=PartnerFactory(), period_ends_on=TODAY, outcome=ReviewCase.Outcome.RENEWED
    )

    with django_assert_num_queries(2):
        cases = list(selectors.review_cases_open())
        assert cases == [sooner, later]
        assert cases[1].partner.report_list == [new, old]
        assert cases[0].partner.report_list == []


def test_active_partners_come_due_for_review_within_the_notice_once_per_period():
    notice = datetime.timedelta(days=rules.rule("REVIEW_NOTICE_DAYS"))
    last = PartnerFactory(name_en="Last day", next_review_date=TODAY + notice)
    PartnerFactory(name_en="Day after", next_review_date=TODAY + notice + DAY)
    past = PartnerFactory(name_en="Past", next_review_date=TODAY - DAY)
    PartnerFactory(name_en="Suspended", next_review_date=TODAY, standing="suspended")
    PartnerFactory(name_en="No date", next_review_date=None)
    opened = PartnerFactory(name_en="Case open", next_review_date=TODAY)
    ReviewCase.objects.create(partner=opened, period_ends_on=TODAY)
    earlier_case = PartnerFactory(name_en="Earlier period's case", next_review_date=TODAY)
    ReviewCase.objects.create(partner=earlier_case, period_ends_on=TODAY - 1461 * DAY)

    due = list(selectors.partners_due_for_review(today=TODAY))

    assert due == [past, earlier_case, last]


# --- A partner's decisions -----------------------------------------------------------------------


def test_a_partners_decisions_in_the_order_taken_and_the_latest():
    partner = PartnerFactory()

    def decision(kind, decided_on, reference):
        return StatusChange.objects.create(
            partner=partner,
            kind=kind,
            status="consultative",
            decided_on=decided_on,
            reference=reference,
        )

    renewal = decision("renewal", datetime.date(2024, 1, 1), "DG/2")
    admission = decision("admission", datetime.date(2017, 3, 15), "DG/1")
    same_day = decision("status-change", datetime.date(2024, 1, 1), "DG/3")
    decision_elsewhere = StatusChange.objects.create(
        partner=PartnerFactory(),
        kind="admission",
        status="consultative",
        decided_on=datetime.date(2025, 1, 1),
        reference="DG/9",
    )

    assert selectors.partner_timeline(partner) == [admission, renewal, same_day]
    assert selectors.latest_decision(partner) == same_day
    # History filled in later: the decision typed last is not the latest taken.
    decision("renewal", datetime.date(2020, 1, 1), "DG/0")
    assert selectors.latest_decision(partner) == same_day
    assert decision_elsewhere not in selectors.partner_timeline(partner)
    assert selectors.latest_decision(PartnerFactory()) is None
