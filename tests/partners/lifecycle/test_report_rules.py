"""partners.lifecycle.reports, rule by rule: the period and its actions, what
each write stores and refuses (in words a person reads), and the reminders'
boundaries. test_reports.py follows the report through its pages."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone, translation

from partners.lifecycle import reports
from partners.lifecycle.models import PeriodicReport, ReportAttachment, SectorFocalPoint
from tests.conftest import verified
from tests.factories import ActionFactory, PartnerFactory, UserFactory
from tests.partners.factories import sector_for

pytestmark = pytest.mark.django_db

State = PeriodicReport.State
DUE = datetime.date(2026, 3, 15)
CYCLE_START = datetime.date(2022, 3, 15)
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def partner(partner_a):
    partner_a.sectors.set([sector_for("education")])
    partner_a.since = datetime.date(2001, 1, 1)
    partner_a.next_report_due = DUE
    partner_a.save()
    return partner_a


def _pdf(name="report.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def _submitted(partner, **fields):
    report = reports.report_for_due_date(partner=partner)
    PeriodicReport.objects.filter(pk=report.pk).update(
        state=State.SUBMITTED, cooperation="Joint literacy work.", **fields
    )
    report.refresh_from_db()
    return report


# --- The period --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("since", "start"),
    [
        (None, CYCLE_START),
        (datetime.date(2001, 1, 1), CYCLE_START),
        (CYCLE_START, CYCLE_START),
        (datetime.date(2024, 6, 1), datetime.date(2024, 6, 1)),
        # Admitted on the due date itself: a period of one day.
        (DUE, DUE),
        # An admission after the due date does not shorten that period.
        (datetime.date(2026, 3, 16), CYCLE_START),
    ],
)
def test_the_period_starts_a_cycle_before_the_due_date_or_at_the_admission(since, start):
    partner = PartnerFactory.build(since=since)
    assert reports.report_period(partner=partner, due_on=DUE) == (start, DUE)


def _action(partner, start=None, end=None, created=None):
    action = ActionFactory(partner=partner, start_date=start, end_date=end)
    if created is not None:
        type(action).objects.filter(pk=action.pk).update(
            created_at=datetime.datetime.combine(created, datetime.time(12), tzinfo=datetime.UTC)
        )
    return action


def test_the_actions_of_a_period_are_those_that_ran_during_it(partner):
    d = datetime.date
    inside = {
        "spans the start": _action(partner, d(2021, 1, 1), d(2022, 3, 15)),
        "spans the end": _action(partner, d(2026, 3, 15), d(2027, 1, 1)),
        "spans the whole period": _action(partner, d(2020, 1, 1), d(2028, 1, 1)),
        "starts inside, no end": _action(partner, d(2024, 1, 1)),
        "started before, still running": _action(partner, d(2019, 1, 1)),
        "no dates, reported inside": _action(partner, created=d(2023, 1, 1)),
        "no dates, reported on the last day": _action(partner, created=DUE),
    }
    outside = {
        "ended the day before": _action(partner, d(2021, 1, 1), d(2022, 3, 14)),
        "starts the day after": _action(partner, d(2026, 3, 16), d(2026, 4, 1)),
        "starts after, no end": _action(partner, d(2026, 3, 16)),
        "no dates, reported before": _action(partner, created=d(2022, 3, 14)),
        "no dates, reported after": _action(partner, created=d(2026, 3, 16)),
        "dated before, reported inside": _action(
            partner, d(2015, 1, 1), d(2015, 2, 1), created=d(2023, 1, 1)
        ),
        "another partner's": _action(PartnerFactory(), d(2024, 1, 1), d(2024, 2, 1)),
    }
    found = set(reports.actions_in_period(partner, CYCLE_START, DUE))
    assert {name for name, action in inside.items() if action in found} == set(inside)
    assert {name for name, action in outside.items() if action in found} == set()


def test_the_due_report_is_an_unsaved_draft_until_its_first_save(partner):
    report = reports.report_due(partner=partner)
    assert report.pk is None
    assert (report.partner, report.period_start, report.period_end, report.due_on) == (
        partner,
        CYCLE_START,
        DUE,
        DUE,
    )
    assert report.state == State.DRAFT
    assert not PeriodicReport.objects.exists()
    made = reports.report_for_due_date(partner=partner)
    assert reports.report_due(partner=partner) == made


def test_no_report_is_due_without_a_due_date_or_after_the_end(partner):
    partner.next_report_due = None
    assert reports.report_due(partner=partner) is None
    assert reports.report_for_due_date(partner=partner) is None
    partner.next_report_due = DUE
    partner.standing = "ended"
    assert reports.report_due(partner=partner) is None
    assert not PeriodicReport.objects.exists()


def test_the_report_made_on_first_save_ticks_the_partners_sectors(partner):
    partner.sectors.set([sector_for("education"), sector_for("culture")])
    report = reports.report_for_due_date(partner=partner)
    assert set(report.sectors.values_list("code", flat=True)) == {"education", "culture"}
    stored = PeriodicReport.objects.get()
    assert (stored.period_start, stored.period_end, stored.due_on, stored.state) == (
        CYCLE_START,
        DUE,
        DUE,
        State.DRAFT,
    )


# --- Saving ---------------------------------------------------------------------------------


def test_saving_stores_the_texts_sectors_and_the_partners_own_actions(partner, editor_a):
    own = _action(partner, datetime.date(2024, 1, 1))
    ticked_before = _action(partner, datetime.date(2024, 2, 1))
    foreign = _action(PartnerFactory(), datetime.date(2024, 1, 1))
    reports.report_for_due_date(partner=partner)
    report = reports.report_save(
        report=reports.report_due(partner=partner),
        user=editor_a,
        data={
            "cooperation": "  Literacy camps with the Education Sector.  ",
            "joint_activities": "Teacher training.",
            "sectors": ["culture", "no-such-sector"],
            "actions": [str(own.pk), foreign.pk, "1; DROP TABLE", "-3", ""],
        },
    )
    stored = PeriodicReport.objects.get()
    assert report.pk == stored.pk
    assert stored.cooperation == "Literacy camps with the Education Sector."
    assert stored.joint_activities == "Teacher training."
    assert list(stored.sectors.values_list("code", flat=True)) == ["culture"]
    assert list(stored.actions.all()) == [own]
    assert ticked_before not in stored.actions.all()


def test_saving_nothing_clears_the_ticks(partner, editor_a):
    report = reports.report_for_due_date(partner=partner)
    _action(partner, datetime.date(2024, 1, 1))
    reports.report_save(report=report, user=editor_a, data={})
    stored = PeriodicReport.objects.get()
    assert (stored.cooperation, stored.joint_activities) == ("", "")
    assert not stored.sectors.exists() and not stored.actions.exists()


def test_a_text_of_10000_characters_is_kept_and_one_more_refused(partner, editor_a):
    report = reports.report_for_due_date(partner=partner)
    reports.report_save(report=report, user=editor_a, data={"joint_activities": "a" * 10000})
    assert len(PeriodicReport.objects.get().joint_activities) == 10000
    with pytest.raises(ValidationError) as refused:
        reports.report_save(report=report, user=editor_a, data={"cooperation": "b" * 10001})
    assert refused.value.messages == ["Cooperation with UNESCO must be at most 10000 characters."]
    with pytest.raises(ValidationError) as refused:
        reports.report_save(report=report, user=editor_a, data={"joint_activities": "b" * 10001})
    assert refused.value.messages == [
        "Joint activities with UNESCO sectors must be at most 10000 characters."
    ]
    assert len(PeriodicReport.objects.get().joint_activities) == 10000


def test_only_the_partners_editor_saves_and_only_before_submitting(
    partner, editor_a, editor_b, secretariat
):
    draft = reports.report_due(partner=partner)
    for outsider in (editor_b, secretariat):
        with pytest.raises(PermissionDenied):
            reports.report_save(report=draft, user=outsider, data={"cooperation": "x"})
    assert not PeriodicReport.objects.exists()  # not even the row
    report = _submitted(partner)
    with pytest.raises(ValidationError) as refused:
        reports.report_save(report=report, user=editor_a, data={"cooperation": "changed"})
    assert refused.value.messages == [
        "This report has been submitted and can no longer be changed."
    ]
    with translation.override("fr"), pytest.raises(ValidationError) as refused:
        reports.report_save(report=report, user=editor_a, data={"cooperation": "changed"})
    assert refused.value.messages == ["Ce rapport a été soumis et ne peut plus être modifié."]
    assert PeriodicReport.objects.get().cooperation == "Joint literacy work."


def test_a_report_returned_for_more_information_can_be_saved(partner, editor_a):
    report = _submitted(partner)
    PeriodicReport.objects.filter(pk=report.pk).update(state=State.MORE_INFORMATION)
    report.refresh_from_db()
    reports.report_save(report=report, user=editor_a, data={"cooperation": "With the budget."})
    assert PeriodicReport.objects.get().cooperation == "With the budget."


# --- Attachments -----------------------------------------------------------------------------


def test_ten_attachments_and_not_eleven(partner, editor_a, private_storage_dir):
    report = reports.report_for_due_date(partner=partner)
    for number in range(10):
        attachment = reports.report_add_attachment(
            report=report, user=editor_a, upload=_pdf(f"part-{number}.pdf")
        )
    assert attachment.uploaded_by == editor_a and attachment.report == report
    with pytest.raises(ValidationError) as refused:
        reports.report_add_attachment(report=report, user=editor_a, upload=_pdf())
    assert refused.value.messages == ["A report holds at most 10 attachments."]
    assert ReportAttachment.objects.count() == 10


def test_attachments_only_by_the_editor_and_before_submitting(
    partner, editor_a, editor_b, private_storage_dir
):
    draft = reports.report_due(partner=partner)
    with pytest.raises(PermissionDenied):
        reports.report_add_attachment(report=draft, user=editor_b, upload=_pdf())
    report = reports.report_for_due_date(partner=partner)
    attachment = reports.report_add_attachment(report=report, user=editor_a, upload=_pdf())
    with pytest.raises(PermissionDenied):
        reports.report_add_attachment(report=report, user=editor_b, upload=_pdf())
    with pytest.raises(PermissionDenied):
        reports.report_remove_attachment(attachment=attachment, user=editor_b)
    PeriodicReport.objects.filter(pk=report.pk).update(state=State.SUBMITTED)
    with pytest.raises(ValidationError, match="has been submitted"):
        reports.report_add_attachment(report=report, user=editor_a, upload=_pdf())
    with pytest.raises(ValidationError, match="has been submitted"):
        reports.report_remove_attachment(attachment=attachment, user=editor_a)
    assert list(ReportAttachment.objects.all()) == [attachment]
    PeriodicReport.objects.filter(pk=report.pk).update(state=State.DRAFT)
    reports.report_remove_attachment(attachment=attachment, user=editor_a)
    assert not ReportAttachment.objects.exists()


# --- Transitions -----------------------------------------------------------------------------


def test_a_move_off_the_table_is_refused_in_words(partner, editor_a, secretariat):
    report = reports.report_for_due_date(partner=partner)
    with pytest.raises(ValidationError) as refused:
        reports.report_transition(report=report, user=secretariat, to_state=State.ACCEPTED)
    assert refused.value.code == "transition"
    assert refused.value.messages == ["A report that is “Draft” cannot be moved to “Accepted”."]
    with translation.override("fr"), pytest.raises(ValidationError) as refused:
        reports.report_transition(report=report, user=editor_a, to_state="published")
    assert refused.value.messages == [
        "Un rapport «\xa0Brouillon\xa0» ne peut pas passer à «\xa0published\xa0»."
    ]
    assert PeriodicReport.objects.get().state == State.DRAFT


def test_submitting_records_who_and_when_and_tells_the_partner(
    partner, editor_a, django_capture_on_commit_callbacks
):
    report = reports.report_for_due_date(partner=partner)
    reports.report_save(report=report, user=editor_a, data={"cooperation": "Camps."})
    before = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        returned = reports.report_transition(report=report, user=editor_a, to_state=State.SUBMITTED)
    stored = PeriodicReport.objects.get()
    assert returned.state == stored.state == State.SUBMITTED
    assert stored.submitted_by == editor_a
    assert before <= stored.submitted_at <= timezone.now()
    assert (stored.assessed_at, stored.assessed_by, stored.assessment) == (None, None, "")
    assert [m.to for m in mail.outbox] == [[editor_a.email]]


def test_accepting_records_the_assessment_and_moves_a_due_date_reached_today(
    partner, editor_a, secretariat, django_capture_on_commit_callbacks
):
    report = _submitted(partner)
    before = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        reports.report_transition(
            report=report, user=secretariat, to_state=State.ACCEPTED, message=" Thank you. "
        )
    stored = PeriodicReport.objects.get()
    assert (stored.state, stored.assessed_by, stored.assessment) == (
        State.ACCEPTED,
        secretariat,
        "Thank you.",
    )
    assert before <= stored.assessed_at <= timezone.now()
    assert stored.submitted_at is None  # set by the submission, not by this step
    partner.refresh_from_db()
    assert partner.next_report_due == datetime.date(2030, 3, 15)
    assert before <= partner.updated_at
    assert [m.to for m in mail.outbox] == [[editor_a.email]]
    assert mail.outbox[0].subject.endswith("Partner A: periodic report accepted")


def test_accepting_leaves_a_partnership_without_a_due_date_alone(partner, secretariat):
    report = _submitted(partner)
    partner.next_report_due = None
    partner.save()
    reports.report_transition(report=report, user=secretariat, to_state=State.ACCEPTED)
    partner.refresh_from_db()
    assert partner.next_report_due is None
    # Accepted without a message: no assessment text.
    assert PeriodicReport.objects.get().assessment == ""


def test_asking_for_more_information_keeps_the_due_date(partner, secretariat):
    report = _submitted(partner)
    reports.report_transition(
        report=report, user=secretariat, to_state=State.MORE_INFORMATION, message="Add budget."
    )
    stored = PeriodicReport.objects.get()
    assert (stored.state, stored.assessment) == (State.MORE_INFORMATION, "Add budget.")
    partner.refresh_from_db()
    assert partner.next_report_due == DUE


def test_a_message_of_5000_characters_and_not_5001(partner, secretariat):
    report = _submitted(partner)
    with pytest.raises(ValidationError) as refused:
        reports.report_transition(
            report=report, user=secretariat, to_state=State.MORE_INFORMATION, message="m" * 5001
        )
    [message] = refused.value.messages
    assert message.startswith("Message")
    assert PeriodicReport.objects.get().state == State.SUBMITTED
    reports.report_transition(
        report=report, user=secretariat, to_state=State.MORE_INFORMATION, message="m" * 5000
    )
    assert len(PeriodicReport.objects.get().assessment) == 5000


def test_only_the_right_role_moves_a_report(partner, editor_a, editor_b, secretariat):
    report = reports.report_for_due_date(partner=partner)
    reports.report_save(report=report, user=editor_a, data={"cooperation": "Camps."})
    for outsider in (editor_b, secretariat):
        with pytest.raises(PermissionDenied):
            reports.report_transition(report=report, user=outsider, to_state=State.SUBMITTED)
    reports.report_transition(report=report, user=editor_a, to_state=State.SUBMITTED)
    with pytest.raises(PermissionDenied):
        reports.report_transition(report=report, user=editor_a, to_state=State.ACCEPTED)
    assert PeriodicReport.objects.get().state == State.SUBMITTED


def test_the_buttons_follow_the_table_for_each_role(partner, editor_a, editor_b, secretariat):
    report = reports.report_for_due_date(partner=partner)
    assert reports.allowed_targets(report=report, user=editor_a) == [State.SUBMITTED]
    assert reports.allowed_targets(report=report, user=editor_b) == []
    assert reports.allowed_targets(report=report, user=secretariat) == []
    report.state = State.SUBMITTED
    assert reports.allowed_targets(report=report, user=secretariat) == [
        State.ACCEPTED,
        State.MORE_INFORMATION,
    ]
    assert reports.allowed_targets(report=report, user=editor_a) == []
    report.state = State.MORE_INFORMATION
    assert reports.allowed_targets(report=report, user=editor_a) == [State.SUBMITTED]
    assert reports._actor_may("someone", secretariat, report) is False


# --- Focal points' comments -------------------------------------------------------------------


def test_a_focal_point_comments_in_their_sector_with_a_required_text(partner):
    user = verified(UserFactory(email="focal@unesco.example.org"))
    SectorFocalPoint.objects.create(user=user, sector=sector_for("education"))
    report = _submitted(partner)
    with pytest.raises(ValidationError) as refused:
        reports.report_comment(report=report, user=user, sector=sector_for("education"), text=" ")
    assert refused.value.messages == ["Comment is required."]
    comment = reports.report_comment(
        report=report, user=user, sector=sector_for("education"), text=" Well aligned. "
    )
    assert (comment.report, comment.sector, comment.author, comment.text) == (
        report,
        sector_for("education"),
        user,
        "Well aligned.",
    )
    with pytest.raises(PermissionDenied):
        reports.report_comment(
            report=report, user=user, sector=sector_for("culture"), text="Not mine."
        )
    assert report.comments.count() == 1


# --- Reminders -------------------------------------------------------------------------------


def test_reminders_start_exactly_sixty_days_before(partner, editor_a):
    sixty_one_before = DUE - datetime.timedelta(days=61)
    assert reports.reports_remind(today=sixty_one_before) == {"before": 0, "after": 0}
    assert not PeriodicReport.objects.exists()
    assert reports.reports_remind(today=DUE - datetime.timedelta(days=60)) == {
        "before": 1,
        "after": 0,
    }
    report = PeriodicReport.objects.get()
    assert report.reminded_before_at is not None and report.reminded_after_at is None


def test_the_due_day_itself_is_still_before_and_the_next_day_after(partner, editor_a):
    assert reports.reports_remind(today=DUE) == {"before": 1, "after": 0}
    assert reports.reports_remind(today=DUE) == {"before": 0, "after": 0}
    assert reports.reports_remind(today=DUE + datetime.timedelta(days=1)) == {
        "before": 0,
        "after": 1,
    }
    assert reports.reports_remind(today=DUE + datetime.timedelta(days=90)) == {
        "before": 0,
        "after": 0,
    }


def test_an_overdue_report_is_reminded_even_if_the_before_reminder_was_missed(partner, editor_a):
    assert reports.reports_remind(today=DUE + datetime.timedelta(days=1)) == {
        "before": 0,
        "after": 1,
    }
    report = PeriodicReport.objects.get()
    assert report.reminded_before_at is None and report.reminded_after_at is not None


def test_a_report_sent_back_for_more_information_is_still_reminded(partner, editor_a):
    report = _submitted(partner)
    PeriodicReport.objects.filter(pk=report.pk).update(state=State.MORE_INFORMATION)
    assert reports.reports_remind(today=DUE + datetime.timedelta(days=1)) == {
        "before": 0,
        "after": 1,
    }


def test_accepted_reports_and_ended_partnerships_are_not_reminded(partner, editor_a):
    report = _submitted(partner)
    PeriodicReport.objects.filter(pk=report.pk).update(state=State.ACCEPTED)
    ended = PartnerFactory(next_report_due=DUE, standing="ended")
    assert reports.reports_remind(today=DUE) == {"before": 0, "after": 0}
    assert not PeriodicReport.objects.filter(partner=ended).exists()


def test_a_reminder_is_claimed_once_for_its_own_report(partner, partner_b):
    report = reports.report_for_due_date(partner=partner)
    partner_b.next_report_due = DUE
    partner_b.save()
    other = reports.report_for_due_date(partner=partner_b)
    now = timezone.now()
    assert reports._claim(report, "reminded_after_at", now) is True
    assert reports._claim(report, "reminded_after_at", now) is False
    assert PeriodicReport.objects.get(pk=report.pk).reminded_after_at == now
    assert PeriodicReport.objects.get(pk=other.pk).reminded_after_at is None


def test_a_report_without_its_cooperation_is_not_submitted_and_the_field_says_why(
    partner, editor_a
):
    report = reports.report_for_due_date(partner=partner)
    with pytest.raises(ValidationError) as refused:
        reports.report_transition(report=report, user=editor_a, to_state=State.SUBMITTED)
    assert refused.value.message_dict == {
        "cooperation": ["Describe your cooperation with UNESCO before submitting."]
    }
    stored = PeriodicReport.objects.get()
    assert (stored.state, stored.submitted_at) == (State.DRAFT, None)


def test_the_due_report_is_this_partners_for_this_period(partner, partner_b):
    partner_b.next_report_due = DUE
    partner_b.save()
    theirs = reports.report_for_due_date(partner=partner_b)
    previous = PeriodicReport.objects.create(
        partner=partner,
        period_start=datetime.date(2018, 3, 15),
        period_end=CYCLE_START,
        due_on=CYCLE_START,
        state=State.ACCEPTED,
    )
    due = reports.report_due(partner=partner)
    assert due.pk is None and due not in (theirs, previous)
    assert (due.partner, due.period_start) == (partner, CYCLE_START)


def test_the_report_made_ticks_the_partners_actions_of_the_period(partner):
    inside = _action(partner, datetime.date(2024, 1, 1), datetime.date(2024, 2, 1))
    _action(PartnerFactory(), datetime.date(2024, 1, 1), datetime.date(2024, 2, 1))
    report = reports.report_for_due_date(partner=partner)
    assert list(report.actions.all()) == [inside]
