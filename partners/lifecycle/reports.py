"""Writes to periodic reports: the reporting cycle lives here and nowhere else.

Each partner reports on its cooperation with UNESCO once per cycle
(rules.REPORT_CYCLE_YEARS, see docs/partnership.md). The report for the
period that ends on `Partner.next_report_due` is the *current* one; the
editor opens it (its row is made by the first save, as a draft with the
actions of the period ticked: opening the page stores nothing), fills it,
attaches documents and submits it; the Secretariat accepts it, which moves
the partner's next due date a cycle on, or asks for more information, which
gives it back to the editor.

Every state change goes through `report_transition`, which checks the
TRANSITIONS table and the actor's role and locks the row; the emails are
queued in the same transaction (foundation.mail.outbox sends them after the
commit).
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from foundation import uploads
from foundation.files import store_checked_upload
from foundation.validators import clean_text
from partners import permissions
from partners.lifecycle import emails, rules
from partners.lifecycle.models import FocalPointComment, PeriodicReport, ReportAttachment
from partners.models import Action, Partner, Sector, Standing

State = PeriodicReport.State
EDITOR = "editor"
SECRETARIAT = "secretariat"

# (from, to) → who may make the move. Anything not listed is refused.
TRANSITIONS: dict[tuple[str, str], str] = {
    (State.DRAFT, State.SUBMITTED): EDITOR,
    (State.MORE_INFORMATION, State.SUBMITTED): EDITOR,
    (State.SUBMITTED, State.ACCEPTED): SECRETARIAT,
    (State.SUBMITTED, State.MORE_INFORMATION): SECRETARIAT,
}

MAX_ATTACHMENTS = 10
# Null until the report is submitted or assessed (the model's fields are not
# `blank`, so full_clean would refuse a draft).
UNSET_UNTIL_USED = ["submitted_by", "assessed_by"]
MAX_TEXT = 10000
MAX_MESSAGE = 5000


def allowed_targets(*, report: PeriodicReport, user) -> list[str]:
    """The states `user` may move `report` to now (for the buttons)."""
    return [
        to_state
        for (from_state, to_state), actor in TRANSITIONS.items()
        if from_state == report.state and _actor_may(actor, user, report)
    ]


def _actor_may(actor: str, user, report: PeriodicReport) -> bool:
    if actor == EDITOR:
        return permissions.is_editor_of(user, report.partner_id)
    if actor == SECRETARIAT:
        return permissions.can_assess_reports(user)
    return False


def report_period(
    *, partner: Partner, due_on: datetime.date
) -> tuple[datetime.date, datetime.date]:
    """The period a report due on `due_on` covers: the cycle that ends that day,
    from the first admission at the earliest."""
    start = rules.add_years(due_on, -rules.rule("REPORT_CYCLE_YEARS"))
    if partner.since and partner.since > start and partner.since <= due_on:
        start = partner.since
    return start, due_on


def actions_in_period(partner: Partner, start: datetime.date, end: datetime.date):
    """The partner's actions that ran (or were reported) during the period."""
    return Action.objects.filter(partner=partner).filter(
        Q(start_date__lte=end, end_date__gte=start)
        | Q(start_date__range=(start, end))
        | Q(start_date__isnull=True, created_at__date__range=(start, end))
        | Q(start_date__lte=end, end_date__isnull=True)
    )


def report_due(*, partner: Partner) -> PeriodicReport | None:
    """The report for the period ending on the partner's next due date: its row,
    or, before its first save, an unsaved draft for that period.

    None when the partner has no due date (an ended partnership). No side
    effects: opening the report's page stores nothing; the row is made by
    the first save or attachment (report_for_due_date).
    """
    due_on = partner.next_report_due
    if due_on is None or partner.standing == Standing.ENDED:
        return None
    start, end = report_period(partner=partner, due_on=due_on)
    report = PeriodicReport.objects.filter(partner=partner, period_start=start).first()
    return report or PeriodicReport(
        partner=partner, period_start=start, period_end=end, due_on=due_on
    )


@transaction.atomic
def report_for_due_date(*, partner: Partner) -> PeriodicReport | None:
    """The report for the period ending on the partner's next due date, made
    (as a draft, with the period's actions ticked) if it does not exist yet.

    None when the partner has no due date (an ended partnership).
    Side effects: may create a PeriodicReport.
    """
    report = report_due(partner=partner)
    if report is None or report.pk is not None:
        return report
    try:
        # A savepoint: two first saves at once make one report, not an error.
        with transaction.atomic():
            report.full_clean(exclude=UNSET_UNTIL_USED)
            report.save()
    except IntegrityError:
        return PeriodicReport.objects.get(partner=partner, period_start=report.period_start)
    report.actions.set(actions_in_period(partner, report.period_start, report.period_end))
    report.sectors.set(partner.sectors.all())
    return report


def _lock(report: PeriodicReport) -> PeriodicReport:
    return PeriodicReport.objects.select_for_update().select_related("partner").get(pk=report.pk)


def _lock_or_make(report: PeriodicReport, user) -> PeriodicReport:
    """Lock the report; the due period's unsaved draft is made first, by its first save."""
    if report.pk is None:
        _check_fillable(report, user)
        report = report_for_due_date(partner=report.partner)
    return _lock(report)


def _check_fillable(report: PeriodicReport, user) -> None:
    if not permissions.is_editor_of(user, report.partner_id):
        raise PermissionDenied
    if not report.is_editable_by_partner:
        raise ValidationError(_("This report has been submitted and can no longer be changed."))


@transaction.atomic
def report_save(*, report: PeriodicReport, user, data: dict) -> PeriodicReport:
    """The editor saves the report as it stands (a draft, or an answer being prepared).

    `data`: cooperation, joint_activities, sectors (codes), actions (ids).
    Actions of another partner are ignored, never linked. `report` may be the
    due period's unsaved draft (report_due): its first save makes the row.
    Side effects: saves the report, its sectors and its ticked actions;
    returns the saved report.
    """
    report = _lock_or_make(report, user)
    _check_fillable(report, user)
    report.cooperation = clean_text(
        data.get("cooperation"),
        label=_("Cooperation with UNESCO"),
        max_length=MAX_TEXT,
        required=False,
    )
    report.joint_activities = clean_text(
        data.get("joint_activities"),
        label=_("Joint activities with UNESCO sectors"),
        max_length=MAX_TEXT,
        required=False,
    )
    report.full_clean(exclude=UNSET_UNTIL_USED)
    report.save()
    report.sectors.set(Sector.objects.filter(code__in=data.get("sectors") or []))
    action_ids = [int(pk) for pk in data.get("actions") or [] if str(pk).isdigit()]
    report.actions.set(Action.objects.filter(partner_id=report.partner_id, pk__in=action_ids))
    return report


@transaction.atomic
def report_add_attachment(*, report: PeriodicReport, user, upload) -> ReportAttachment:
    """Attach a document (PDF, DOCX or ODT, checked by content) to a report being filled.

    `report` may be the due period's unsaved draft (report_due): it is made first.
    Side effects: stores the file under a random name; creates a ReportAttachment
    (and the report, on its first attachment).
    """
    report = _lock_or_make(report, user)
    _check_fillable(report, user)
    if report.attachments.count() >= MAX_ATTACHMENTS:
        raise ValidationError(
            _("A report holds at most %(max)d attachments."), params={"max": MAX_ATTACHMENTS}
        )
    # Documents, never images or spreadsheets: the one document check of the portal.
    checked = uploads.check_document(upload)
    attachment = ReportAttachment(report=report, uploaded_by=user)
    return store_checked_upload(row=attachment, upload=upload, checked=checked)


@transaction.atomic
def report_remove_attachment(*, attachment: ReportAttachment, user) -> None:
    """Side effects: deletes the attachment and its stored file."""
    report = _lock(attachment.report)
    _check_fillable(report, user)
    attachment.delete()


@transaction.atomic
def report_transition(
    *, report: PeriodicReport, user, to_state: str, message: str = ""
) -> PeriodicReport:
    """Move a report along TRANSITIONS, as `user`.

    Submitting needs the cooperation described; asking for more information
    needs a message, which the editors receive. Accepting moves the partner's
    next due date one cycle after this report's.
    Side effects: saves the report (and the partner when accepted); queues
    the emails to the Secretariat or the editors.
    """
    report = _lock(report)
    actor = TRANSITIONS.get((report.state, to_state))
    if actor is None:
        raise ValidationError(
            _("A report that is “%(state)s” cannot be moved to “%(target)s”."),
            params={
                "state": report.get_state_display(),
                "target": State(to_state).label if to_state in State.values else to_state,
            },
            code="transition",
        )
    if not _actor_may(actor, user, report):
        raise PermissionDenied
    now = timezone.now()
    message = clean_text(
        message,
        label=_("Message"),
        max_length=MAX_MESSAGE,
        required=to_state == State.MORE_INFORMATION,
    )
    if to_state == State.SUBMITTED:
        if not report.cooperation.strip():
            raise ValidationError(
                {"cooperation": _("Describe your cooperation with UNESCO before submitting.")}
            )
        report.submitted_at = now
        report.submitted_by = user
    else:
        report.assessed_at = now
        report.assessed_by = user
        report.assessment = message
    report.state = to_state
    report.full_clean(exclude=UNSET_UNTIL_USED)
    report.save()
    if to_state == State.ACCEPTED:
        partner = Partner.objects.select_for_update().get(pk=report.partner_id)
        # Only the current report moves the cycle on: accepting a late answer
        # to an older period must not push the due date back.
        if partner.next_report_due is not None and partner.next_report_due <= report.due_on:
            partner.next_report_due = rules.report_due_after(report.due_on)
            partner.save(update_fields=["next_report_due", "updated_at"])
    if to_state == State.SUBMITTED:
        emails.report_submitted(report)
    else:
        emails.report_assessed(report)
    return report


@transaction.atomic
def report_comment(*, report: PeriodicReport, user, sector: Sector, text: str) -> FocalPointComment:
    """A sector focal point's comment on a report, in their own sector.

    Side effects: creates a FocalPointComment.
    """
    if not permissions.can_comment_report(user, report, sector):
        raise PermissionDenied
    comment = FocalPointComment(
        report=report,
        sector=sector,
        author=user,
        text=clean_text(text, label=_("Comment"), max_length=MAX_MESSAGE, required=True),
    )
    comment.full_clean()
    comment.save()
    return comment


# --- Reminders ----------------------------------------------------------------


def _claim(report: PeriodicReport, field: str, now) -> bool:
    """Mark the reminder sent unless it already was; True when this call won.

    A conditional UPDATE, so that two beat runs racing each other remind once.
    """
    return bool(
        PeriodicReport.objects.filter(pk=report.pk, **{f"{field}__isnull": True}).update(
            **{field: now}
        )
    )


def reports_remind(*, today: datetime.date) -> dict[str, int]:
    """Remind the editors of each partner whose report falls due within
    REPORT_REMINDER_DAYS_BEFORE days, and of each whose report is overdue:
    once each per report, in each editor's language.

    Side effects: creates the due period's report when missing; marks
    reminded_before_at / reminded_after_at; queues the emails.
    """
    days_before = rules.rule("REPORT_REMINDER_DAYS_BEFORE")
    now = timezone.now()
    counts = {"before": 0, "after": 0}
    partners = Partner.objects.filter(
        next_report_due__lte=today + datetime.timedelta(days=days_before),
    ).exclude(standing=Standing.ENDED)
    for partner in partners.order_by("next_report_due", "pk").iterator(chunk_size=200):
        with transaction.atomic():
            report = report_for_due_date(partner=partner)
            if report is None or report.state in {State.SUBMITTED, State.ACCEPTED}:
                continue
            when = "after" if report.due_on < today else "before"
            # _claim sends each reminder once: a report already reminded
            # before its date is skipped there.
            if _claim(report, f"reminded_{when}_at", now):
                emails.report_reminder(report, when=when)
                counts[when] += 1
    return counts
