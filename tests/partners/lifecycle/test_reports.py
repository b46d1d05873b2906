"""Periodic reports: the cycle, every transition by role, reminders, deadlines,
focal points, attachments and hostile input (partners.lifecycle.reports)."""

import datetime
import itertools

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from partners import permissions
from partners.lifecycle import reports, rules, selectors
from partners.lifecycle.models import (
    FocalPointComment,
    PeriodicReport,
    ReportAttachment,
    SectorFocalPoint,
)
from partners.tasks import send_report_reminders
from tests.conftest import sign_in, verified
from tests.factories import ActionFactory, PartnerFactory, UserFactory
from tests.partners.factories import sector_for

pytestmark = pytest.mark.django_db

State = PeriodicReport.State
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
REPORT_URL = "/en/my/organisation/report/"
DUE = datetime.date(2026, 3, 15)


@pytest.fixture
def reporting(partner_a, partner_b):
    """Partners A and B, both in Education, with a report due on 15 March 2026."""
    for partner in (partner_a, partner_b):
        partner.sectors.set([sector_for("education")])
        partner.next_report_due = DUE
        partner.save()
    return partner_a


@pytest.fixture
def focal_point(db):
    user = verified(UserFactory(email="focal@unesco.example.org"))
    SectorFocalPoint.objects.create(user=user, sector=sector_for("education"))
    return user


@pytest.fixture
def culture_focal_point(db):
    user = verified(UserFactory(email="culture@unesco.example.org"))
    SectorFocalPoint.objects.create(user=user, sector=sector_for("culture"))
    return user


def _report(partner, state=State.DRAFT, **fields) -> PeriodicReport:
    report = reports.report_for_due_date(partner=partner)
    PeriodicReport.objects.filter(pk=report.pk).update(
        state=state, cooperation=fields.pop("cooperation", "Joint literacy work."), **fields
    )
    report.refresh_from_db()
    return report


# --- The table, written out -------------------------------------------------------


def test_transition_table_is_exactly_the_documented_one():
    assert reports.TRANSITIONS == {
        ("draft", "submitted"): "editor",
        ("more-information", "submitted"): "editor",
        ("submitted", "accepted"): "secretariat",
        ("submitted", "more-information"): "secretariat",
    }


ALLOWED = {
    # (from, to, role)
    ("draft", "submitted", "editor_a"),
    ("more-information", "submitted", "editor_a"),
    ("submitted", "accepted", "secretariat"),
    ("submitted", "more-information", "secretariat"),
}
ROLES = ["editor_a", "editor_b", "focal_point", "secretariat", "secretariat_without_mfa"]


@pytest.mark.parametrize(
    ("from_state", "to_state", "role"),
    [(f, t, r) for (f, t), r in itertools.product(itertools.permutations(State.values, 2), ROLES)]
    + [(s, s, r) for s in State.values for r in ("editor_a", "secretariat")],
)
def test_every_transition_allowed_or_refused_by_role(
    request, reporting, from_state, to_state, role
):
    user = request.getfixturevalue(role)
    report = _report(reporting, state=from_state)
    if (from_state, to_state, role) in ALLOWED:
        reports.report_transition(report=report, user=user, to_state=to_state, message="Why?")
        report.refresh_from_db()
        assert report.state == to_state
        return
    expected = (
        ValidationError if (from_state, to_state) not in reports.TRANSITIONS else (PermissionDenied)
    )
    with pytest.raises(expected):
        reports.report_transition(report=report, user=user, to_state=to_state, message="Why?")
    report.refresh_from_db()
    assert report.state == from_state


def test_allowed_targets_follow_the_table(reporting, editor_a, secretariat, focal_point):
    report = _report(reporting, state=State.SUBMITTED)
    assert reports.allowed_targets(report=report, user=editor_a) == []
    assert reports.allowed_targets(report=report, user=focal_point) == []
    assert reports.allowed_targets(report=report, user=secretariat) == [
        "accepted",
        "more-information",
    ]


def test_submitting_needs_the_cooperation_described(reporting, editor_a):
    report = _report(reporting, cooperation="")
    with pytest.raises(ValidationError, match="Describe your cooperation"):
        reports.report_transition(report=report, user=editor_a, to_state=State.SUBMITTED)


def test_asking_for_more_information_needs_a_message(reporting, secretariat):
    report = _report(reporting, state=State.SUBMITTED)
    with pytest.raises(ValidationError, match="Message is required"):
        reports.report_transition(
            report=report, user=secretariat, to_state=State.MORE_INFORMATION, message="  "
        )


def test_accepting_moves_the_next_due_date_a_cycle_on(reporting, secretariat):
    report = _report(reporting, state=State.SUBMITTED)
    reports.report_transition(report=report, user=secretariat, to_state=State.ACCEPTED)
    reporting.refresh_from_db()
    assert reporting.next_report_due == DUE.replace(
        year=DUE.year + rules.rule("REPORT_CYCLE_YEARS")
    )


def test_accepting_an_older_report_does_not_move_the_due_date_back(reporting, secretariat):
    report = _report(reporting, state=State.SUBMITTED)
    reporting.next_report_due = datetime.date(2030, 3, 15)
    reporting.save()
    reports.report_transition(report=report, user=secretariat, to_state=State.ACCEPTED)
    reporting.refresh_from_db()
    assert reporting.next_report_due == datetime.date(2030, 3, 15)


def test_more_information_returns_the_report_to_the_editor_with_the_message(
    client, reporting, editor_a, secretariat, django_capture_on_commit_callbacks
):
    editor_a.preferred_language = "es"
    editor_a.save()
    report = _report(reporting, state=State.SUBMITTED)
    with django_capture_on_commit_callbacks(execute=True):
        reports.report_transition(
            report=report,
            user=secretariat,
            to_state=State.MORE_INFORMATION,
            message="Add the financial report.",
        )
    (email,) = mail.outbox
    assert email.to == [editor_a.email]
    assert "Add the financial report." in email.body
    assert "más información" in email.subject
    sign_in(client, editor_a)
    page = client.get(REPORT_URL)
    assert "Add the financial report." in page.text
    assert 'name="submit"' in page.text


# --- The cycle and its dates ---------------------------------------------------------


def test_first_report_covers_the_cycle_from_the_admission(partner_a):
    partner_a.since = datetime.date(2024, 2, 29)
    partner_a.next_report_due = rules.report_due_after(partner_a.since)
    partner_a.save()
    assert partner_a.next_report_due == datetime.date(2028, 2, 29)
    report = reports.report_for_due_date(partner=partner_a)
    assert (report.period_start, report.period_end) == (
        datetime.date(2024, 2, 29),
        datetime.date(2028, 2, 29),
    )


def test_29_february_period_boundary_in_a_common_year(partner_a, settings):
    # A three-year cycle from 29 February ends on 28 February of a common year.
    settings.PARTNERSHIP_RULES = {"REPORT_CYCLE_YEARS": 3}
    assert rules.report_due_after(datetime.date(2024, 2, 29)) == datetime.date(2027, 2, 28)
    partner_a.since = datetime.date(2010, 1, 1)
    partner_a.next_report_due = datetime.date(2028, 2, 29)
    partner_a.save()
    report = reports.report_for_due_date(partner=partner_a)
    assert report.period_start == datetime.date(2025, 2, 28)
    assert report.due_on == datetime.date(2028, 2, 29)


def test_opening_twice_makes_one_report_with_the_periods_actions_ticked(reporting):
    inside = ActionFactory(
        partner=reporting, start_date=datetime.date(2024, 5, 1), end_date=datetime.date(2024, 5, 3)
    )
    ActionFactory(
        partner=reporting, start_date=datetime.date(2015, 5, 1), end_date=datetime.date(2015, 5, 3)
    )
    ActionFactory(partner=PartnerFactory(), start_date=datetime.date(2024, 5, 1))
    first = reports.report_for_due_date(partner=reporting)
    second = reports.report_for_due_date(partner=reporting)
    assert first.pk == second.pk
    assert list(first.actions.all()) == [inside]
    assert PeriodicReport.objects.count() == 1


def test_ended_partnership_has_no_report(reporting):
    reporting.standing = "ended"
    reporting.save()
    assert reports.report_for_due_date(partner=reporting) is None


# --- The editor's page ------------------------------------------------------------------


def test_opening_the_report_page_stores_nothing(client, reporting, editor_a):
    inside = ActionFactory(partner=reporting, start_date=datetime.date(2025, 1, 10))
    sign_in(client, editor_a)
    page = client.get(REPORT_URL)
    assert page.status_code == 200
    # The due period's empty form, its actions ticked as the first save will store them.
    assert "Period from" in page.text and "due on" in page.text
    assert f'value="{inside.pk}" id="id_actions_0" checked' in page.text
    assert "No document attached." in page.text
    assert not PeriodicReport.objects.exists()


def test_the_first_save_makes_the_draft_with_what_the_form_ticked(client, reporting, editor_a):
    inside = ActionFactory(partner=reporting, start_date=datetime.date(2025, 1, 10))
    sign_in(client, editor_a)
    data = {"cooperation": "Joint work.", "sectors": ["culture"], "save": ""}
    assert client.post(REPORT_URL, data).status_code == 302
    report = PeriodicReport.objects.get()
    assert (report.state, report.cooperation, report.due_on) == (State.DRAFT, "Joint work.", DUE)
    assert [s.code for s in report.sectors.all()] == ["culture"]
    assert inside not in report.actions.all()  # unticked in the form, so not linked


def test_the_first_attachment_makes_the_draft(client, reporting, editor_a, private_storage_dir):
    sign_in(client, editor_a)
    response = client.post(
        "/en/my/organisation/report/attachments/", {"file": SimpleUploadedFile("a.pdf", PDF)}
    )
    assert response.status_code == 302
    report = PeriodicReport.objects.get()
    assert report.state == State.DRAFT
    assert [a.original_name for a in report.attachments.all()] == ["a.pdf"]


def test_an_unsaved_report_is_not_made_for_someone_else(reporting, partner_b, editor_b):
    due = reports.report_due(partner=reporting)
    assert due.pk is None
    with pytest.raises(PermissionDenied):
        reports.report_save(report=due, user=editor_b, data={"cooperation": "Forged."})
    assert not PeriodicReport.objects.exists()


def test_editor_fills_saves_and_submits(client, reporting, editor_a):
    action = ActionFactory(partner=reporting, start_date=datetime.date(2025, 1, 10))
    sign_in(client, editor_a)
    page = client.get(REPORT_URL)
    assert page.status_code == 200
    assert action.title in page.text
    data = {
        "cooperation": "Three joint workshops.",
        "joint_activities": "With the Education Sector.",
        "sectors": ["education", "culture"],
        "actions": [str(action.pk)],
    }
    assert client.post(REPORT_URL, {**data, "save": ""}).status_code == 302
    report = PeriodicReport.objects.get()
    assert report.state == State.DRAFT
    assert {s.code for s in report.sectors.all()} == {"education", "culture"}
    assert client.post(REPORT_URL, {**data, "submit": ""}).status_code == 302
    report.refresh_from_db()
    assert report.state == State.SUBMITTED
    assert report.submitted_by == editor_a
    page = client.get(REPORT_URL)
    assert (
        "in the Secretariat&#x27;s hands" in page.text or "in the Secretariat's hands" in page.text
    )
    # Submitted: a forged POST changes nothing.
    response = client.post(REPORT_URL, {**data, "cooperation": "Rewritten", "save": ""})
    assert response.status_code == 400
    report.refresh_from_db()
    assert report.cooperation == "Three joint workshops."


def test_another_partners_action_id_is_never_linked(client, reporting, editor_a):
    foreign = ActionFactory(partner=PartnerFactory(), start_date=datetime.date(2025, 1, 10))
    sign_in(client, editor_a)
    client.get(REPORT_URL)
    response = client.post(
        REPORT_URL, {"cooperation": "x", "actions": [str(foreign.pk)], "save": ""}
    )
    assert response.status_code == 400  # not one of the offered choices
    assert not PeriodicReport.objects.exists()  # a refused first save makes no draft
    report = reports.report_for_due_date(partner=reporting)
    reports.report_save(
        report=report, user=editor_a, data={"cooperation": "x", "actions": [foreign.pk]}
    )
    assert not report.actions.exists()


def test_attachment_pdf_stored_and_readable_by_secretariat_only_when_submitted(
    client, reporting, editor_a, editor_b, private_storage_dir
):
    sign_in(client, editor_a)
    response = client.post(
        "/en/my/organisation/report/attachments/",
        {"file": SimpleUploadedFile("../../etc/annual report.pdf", PDF, "text/plain")},
    )
    assert response.status_code == 302
    attachment = ReportAttachment.objects.get()
    assert attachment.original_name == "annual report.pdf"
    assert attachment.content_type == "application/pdf"
    assert attachment.file.name.endswith(".pdf") and "etc" not in attachment.file.name
    download = client.get(f"/en/my/reports/attachments/{attachment.pk}/")
    assert download.status_code == 200
    assert download["Cache-Control"] == "private, no-store"
    sign_in(client, editor_b)
    assert client.get(f"/en/my/reports/attachments/{attachment.pk}/").status_code == 404


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("photo.pdf", PNG),
        ("script.pdf", b"<script>alert(1)</script>"),
        ("empty.pdf", b""),
    ],
)
def test_wrong_kinds_of_file_are_refused(
    client, reporting, editor_a, private_storage_dir, name, content
):
    sign_in(client, editor_a)
    response = client.post(
        "/en/my/organisation/report/attachments/", {"file": SimpleUploadedFile(name, content)}
    )
    # The report's page again, the refusal beside the field.
    assert response.status_code == 400
    assert 'id="id_file_error"' in response.text
    assert not ReportAttachment.objects.exists()
    assert "is not a PDF" in response.text or "file is empty" in response.text


@pytest.mark.parametrize(
    ("language", "words"), [("fr", "fichier PDF, Word (DOCX)"), ("es", "archivo PDF, Word (DOCX)")]
)
def test_a_refused_attachment_is_shown_in_the_editors_language_and_nothing_is_stored(
    client, reporting, editor_a, private_storage_dir, language, words
):
    sign_in(client, editor_a)
    response = client.post(
        f"/{language}/my/organisation/report/attachments/",
        {"file": SimpleUploadedFile("photo.pdf", PNG)},
    )
    assert response.status_code == 400
    assert 'class="form-errors error-summary"' in response.text
    assert words in response.text
    assert not ReportAttachment.objects.exists()
    assert not [path for path in private_storage_dir.rglob("*") if path.is_file()]


def test_forged_attachment_id_of_another_partner_is_404(
    client, reporting, partner_b, editor_a, editor_b, private_storage_dir
):
    report_b = reports.report_for_due_date(partner=partner_b)
    attachment = reports.report_add_attachment(
        report=report_b, user=editor_b, upload=SimpleUploadedFile("b.pdf", PDF)
    )
    sign_in(client, editor_a)
    url = f"/en/my/organisation/report/attachments/{attachment.pk}/delete/"
    assert client.post(url).status_code == 404
    assert ReportAttachment.objects.filter(pk=attachment.pk).exists()


def test_forged_report_id_of_another_partner_is_404(client, reporting, partner_b, editor_a):
    report_b = _report(partner_b, state=State.SUBMITTED)
    own = _report(reporting, state=State.SUBMITTED)
    sign_in(client, editor_a)
    assert client.get(f"/en/my/reports/{report_b.pk}/").status_code == 404
    assert client.get(f"/en/my/reports/{own.pk}/").status_code == 200
    assert client.get("/en/my/reports/999999/").status_code == 404


# --- Focal points ------------------------------------------------------------------------


def test_focal_point_reads_and_comments_in_their_sector_only(
    client, reporting, focal_point, culture_focal_point
):
    report = _report(reporting, state=State.SUBMITTED)
    sign_in(client, focal_point)
    assert reporting.name in client.get("/en/my/reports/").text
    assert client.get(f"/en/my/reports/{report.pk}/").status_code == 200
    education = sector_for("education")
    response = client.post(
        f"/en/my/reports/{report.pk}/comment/", {"sector": education.pk, "text": "Good work."}
    )
    assert response.status_code == 302
    comment = FocalPointComment.objects.get()
    assert (comment.report, comment.sector, comment.author) == (report, education, focal_point)
    sign_in(client, culture_focal_point)
    assert reporting.name not in client.get("/en/my/reports/").text
    assert client.get(f"/en/my/reports/{report.pk}/").status_code == 404
    culture = sector_for("culture")
    response = client.post(
        f"/en/my/reports/{report.pk}/comment/", {"sector": culture.pk, "text": "Mine."}
    )
    assert response.status_code == 404
    assert FocalPointComment.objects.count() == 1


def test_focal_point_cannot_read_a_draft_nor_comment_in_another_sector(reporting, focal_point):
    report = _report(reporting, state=State.DRAFT)

    assert not permissions.can_read_report(focal_point, report)
    PeriodicReport.objects.filter(pk=report.pk).update(state=State.SUBMITTED)
    report.refresh_from_db()
    with pytest.raises(PermissionDenied):
        reports.report_comment(
            report=report, user=focal_point, sector=sector_for("culture"), text="Hello"
        )


# --- Secretariat assessment through the page -----------------------------------------------


def test_secretariat_assesses_through_the_page(client, reporting, secretariat):
    report = _report(reporting, state=State.SUBMITTED)
    sign_in(client, secretariat)
    assert "Assess the report" in client.get(f"/en/my/reports/{report.pk}/").text
    response = client.post(
        f"/en/my/reports/{report.pk}/assess/", {"decision": "more-information", "message": ""}
    )
    assert response.status_code == 400
    assert "Say what information is missing." in response.text
    response = client.post(f"/en/my/reports/{report.pk}/assess/", {"decision": "accepted"})
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.state == State.ACCEPTED
    assert report.assessed_by == secretariat
    # Assessed already: the table refuses a second decision.
    response = client.post(f"/en/my/reports/{report.pk}/assess/", {"decision": "accepted"})
    assert response.status_code == 400


@pytest.mark.parametrize("decision", ["rejected", "", "accepted\x00"])
def test_hostile_assessment_values_change_nothing(client, reporting, secretariat, decision):
    report = _report(reporting, state=State.SUBMITTED)
    sign_in(client, secretariat)
    response = client.post(f"/en/my/reports/{report.pk}/assess/", {"decision": decision})
    assert response.status_code == 400
    report.refresh_from_db()
    assert report.state == State.SUBMITTED


# --- Reminders ------------------------------------------------------------------------------


def test_reminders_once_before_and_once_after_in_each_editors_language(
    reporting, editor_a, django_capture_on_commit_callbacks
):
    editor_a.preferred_language = "fr"
    editor_a.save()
    days = rules.rule("REPORT_REMINDER_DAYS_BEFORE")
    before = (DUE - datetime.timedelta(days=days)).isoformat()
    with django_capture_on_commit_callbacks(execute=True):
        assert send_report_reminders(before)["before"] == 2  # partners A and B
        assert send_report_reminders(before) == {"before": 0, "after": 0}
        assert send_report_reminders("2026-03-01") == {"before": 0, "after": 0}
    to_a = [m for m in mail.outbox if m.to == [editor_a.email]]
    assert len(to_a) == 1
    assert "rapport périodique" in to_a[0].subject
    assert reporting.name_fr in to_a[0].subject
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert send_report_reminders("2026-03-16")["after"] == 2
        assert send_report_reminders("2026-03-16") == {"before": 0, "after": 0}
        assert send_report_reminders("2026-05-01") == {"before": 0, "after": 0}
    to_a = [m for m in mail.outbox if m.to == [editor_a.email]]
    assert len(to_a) == 1
    assert "en retard" in to_a[0].subject
    report = PeriodicReport.objects.get(partner=reporting)
    assert report.reminded_before_at and report.reminded_after_at


def test_submitted_report_and_far_due_dates_are_not_reminded(reporting, editor_a):
    _report(reporting, state=State.SUBMITTED)
    assert send_report_reminders("2026-03-16")["after"] == 1  # partner B only
    assert send_report_reminders("2020-01-01") == {"before": 0, "after": 0}


# --- Lists and their query counts ------------------------------------------------------------


def test_overdue_and_due_soon_are_apart(db):
    today = datetime.date(2026, 6, 1)
    late = PartnerFactory(next_report_due=datetime.date(2026, 5, 1))
    soon = PartnerFactory(next_report_due=datetime.date(2026, 9, 1))
    PartnerFactory(next_report_due=datetime.date(2027, 9, 1))
    PartnerFactory(next_report_due=datetime.date(2026, 5, 1), standing="ended")
    handed_in = PartnerFactory(next_report_due=datetime.date(2026, 5, 2))
    _report(handed_in, state=State.SUBMITTED)
    assert list(selectors.partners_overdue(today=today)) == [late]
    assert list(selectors.partners_report_due_soon(today=today)) == [soon]


@pytest.mark.parametrize("count", [1, 3])
def test_deadlines_page_query_count_is_constant(
    client, secretariat, count, django_assert_max_num_queries
):
    for index in range(count):
        partner = PartnerFactory(next_report_due=datetime.date(2020, 1, 1 + index))
        PartnerFactory(next_report_due=datetime.date.today() + datetime.timedelta(days=30 + index))
        _report(partner, state=State.SUBMITTED)
        PartnerFactory(next_report_due=datetime.date(2020, 2, 1 + index))
    sign_in(client, secretariat)
    with django_assert_max_num_queries(6):
        page = client.get("/en/my/secretariat/reports/")
    assert page.status_code == 200
    assert page.text.count("/status/") >= 2 * count


@pytest.mark.parametrize("count", [1, 3])
def test_report_list_and_detail_query_counts(
    client, secretariat, count, django_assert_max_num_queries, private_storage_dir
):
    for _index in range(count):
        partner = PartnerFactory(next_report_due=DUE, sectors=["education"])
        report = _report(partner, state=State.SUBMITTED)
        ActionFactory(partner=partner, start_date=datetime.date(2025, 1, 1))
        report.actions.set(partner.actions.all())
    sign_in(client, secretariat)
    with django_assert_max_num_queries(5):
        assert client.get("/en/my/reports/").status_code == 200
    with django_assert_max_num_queries(11):
        assert client.get(f"/en/my/reports/{report.pk}/").status_code == 200


def test_focal_point_dashboard_lists_the_reports_of_their_sectors(client, reporting, focal_point):
    _report(reporting, state=State.SUBMITTED)
    sign_in(client, focal_point)
    page = client.get("/en/my/")
    assert "1 periodic report in your sectors" in page.text
    assert reporting.name in page.text


@pytest.mark.parametrize("count", [1, 3])
def test_editor_report_page_query_count_is_constant(
    client, reporting, editor_a, count, django_assert_max_num_queries, private_storage_dir
):
    report = reports.report_for_due_date(partner=reporting)
    for index in range(count):
        ActionFactory(partner=reporting, start_date=datetime.date(2024, 1, 1 + index))
        reports.report_add_attachment(
            report=report, user=editor_a, upload=SimpleUploadedFile(f"{index}.pdf", PDF)
        )
    sign_in(client, editor_a)
    with django_assert_max_num_queries(13):
        page = client.get(REPORT_URL)
    assert page.status_code == 200
    assert page.text.count(".pdf") >= count
