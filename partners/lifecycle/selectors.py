"""Reads of the lifecycle: applications (the applicant's own, the examination
queue, the Board's list), and the reporting cycle and the reviews (deadlines,
reports a reader may see, open review cases, a partner's timeline).

Related rows come in their models' own order (documents by kind, reports
newest first, attachments as uploaded) unless a page needs another.
"""

import datetime

from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from partners import permissions
from partners.lifecycle import rules
from partners.lifecycle.models import (
    Application,
    ApplicationStep,
    FocalPointComment,
    PeriodicReport,
    ReviewCase,
)
from partners.models import Partner, Standing, StatusChange
from partners.selectors import SEARCH_COLUMNS

State = Application.State
UNDER_WAY = [State.SUBMITTED, State.INCOMPLETE, State.UNDER_EXAMINATION, State.RECOMMENDED]


def application_open_for(user) -> Application | None:
    """The applicant's request in progress, if any (at most one: a constraint)."""
    return (
        Application.objects.filter(applicant=user)
        .exclude(state__in=[State.ADMITTED, State.DECLINED, State.WITHDRAWN])
        .first()
    )


def applications_of(user) -> QuerySet[Application]:
    return Application.objects.filter(applicant=user).order_by("-created_at")


def application_for_page(pk: int) -> Application | None:
    """One application with what its page shows, in a fixed number of queries."""
    return (
        Application.objects.filter(pk=pk)
        .select_related("applicant", "partner", "letter")
        .prefetch_related(
            "sectors",
            "documents",
            Prefetch("steps", queryset=ApplicationStep.objects.select_related("by")),
            Prefetch(
                "comments",
                queryset=FocalPointComment.objects.select_related("author", "sector"),
            ),
        )
        .first()
    )


def examination_queue(*, user, kind: str = "", state: str = "") -> QuerySet[Application]:
    """Requests under way, oldest first: all of them for the Secretariat, those of
    their sectors for a focal point, none for anyone else."""
    queryset = Application.objects.filter(state__in=UNDER_WAY)
    if not permissions.can_examine_applications(user):
        sectors = permissions.focal_sector_ids(user)
        if not sectors:
            return Application.objects.none()
        queryset = queryset.filter(sectors__in=sectors).distinct()
    if kind in Application.Kind.values:
        queryset = queryset.filter(kind=kind)
    if state in UNDER_WAY:
        queryset = queryset.filter(state=state)
    return (
        queryset.select_related("applicant")
        .prefetch_related("sectors")
        .annotate(
            document_count=Count("documents", distinct=True),
            comment_count=Count("comments", distinct=True),
        )
        .order_by(F("submitted_on").asc(nulls_last=True), "pk")
    )


def executive_board_list(*, year: int) -> dict:
    """What the Director-General reports to the Board for `year`.

    Consultative admissions decided during the year (the Director-General
    informs the Board once a year), and the associate requests of the batch
    the Board decides at its first session of `year`, with the recommendations.
    """
    admissions = (
        Application.objects.filter(
            kind=Application.Kind.CONSULTATIVE,
            state=State.ADMITTED,
            decided_on__year=year,
        )
        .select_related("partner")
        .order_by("decided_on", "organisation_name")
    )
    associate = (
        Application.objects.filter(kind=Application.Kind.ASSOCIATE, batch_year=year)
        .filter(~Q(state__in=[State.DRAFT, State.WITHDRAWN]))
        .select_related("partner")
        .order_by("organisation_name")
    )
    return {"year": year, "admissions": list(admissions), "associate": list(associate)}


# --- Periodic reports and reviews ---------------------------------------------

# "Due soon" on the Secretariat's dashboard: within six months (issue 18).
DUE_SOON_DAYS = 183
DONE = (PeriodicReport.State.SUBMITTED, PeriodicReport.State.ACCEPTED)


def _partners_reporting() -> QuerySet[Partner]:
    return (
        Partner.objects.filter(next_report_due__isnull=False)
        .exclude(standing=Standing.ENDED)
        .defer(*SEARCH_COLUMNS, "mission")
    )


def _report_in_hand():
    """The due period's report has reached the Secretariat (submitted or accepted)."""
    return Exists(
        PeriodicReport.objects.filter(
            partner_id=OuterRef("pk"), due_on=OuterRef("next_report_due"), state__in=DONE
        )
    )


def partners_overdue(*, today: datetime.date | None = None) -> QuerySet[Partner]:
    """Partners whose report is past due and not yet in the Secretariat's hands, oldest first."""
    today = today or timezone.localdate()
    return (
        _partners_reporting()
        .filter(next_report_due__lt=today)
        .exclude(_report_in_hand())
        .order_by("next_report_due", "name")
    )


def partners_report_due_soon(
    *, today: datetime.date | None = None, within_days: int = DUE_SOON_DAYS
) -> QuerySet[Partner]:
    """Partners whose report falls due within `within_days` (not yet overdue), soonest first."""
    today = today or timezone.localdate()
    return (
        _partners_reporting()
        .filter(
            next_report_due__gte=today,
            next_report_due__lte=today + datetime.timedelta(days=within_days),
        )
        .exclude(_report_in_hand())
        .order_by("next_report_due", "name")
    )


def reports_awaiting_assessment() -> QuerySet[PeriodicReport]:
    return (
        PeriodicReport.objects.filter(state=PeriodicReport.State.SUBMITTED)
        .select_related("partner")
        .defer(*(f"partner__{column}" for column in SEARCH_COLUMNS), "partner__mission")
        .order_by("submitted_at", "pk")
    )


def reports_for_reader(user) -> QuerySet[PeriodicReport]:
    """The reports `user` may read beyond their own partner's: all submitted ones
    for the Secretariat, those of partners in their sectors for a focal point."""
    queryset = (
        PeriodicReport.objects.filter(state__in=permissions.VISIBLE_TO_OTHERS)
        .select_related("partner")
        .defer(*(f"partner__{column}" for column in SEARCH_COLUMNS), "partner__mission")
        .order_by("-submitted_at", "-pk")
    )
    if permissions.can_assess_reports(user):
        return queryset
    sectors = permissions.focal_sector_ids(user)
    if not sectors:
        return queryset.none()
    links = Partner.sectors.through.objects.filter(
        partner_id=OuterRef("partner_id"), sector_id__in=sectors
    )
    return queryset.filter(Exists(links))


def report_with_details(report: PeriodicReport) -> PeriodicReport:
    """The report with what its page shows, prefetched (a fixed number of queries)."""
    return (
        PeriodicReport.objects.filter(pk=report.pk)
        .select_related("partner", "submitted_by", "assessed_by")
        .prefetch_related(
            "sectors",
            "actions",
            "partner__sectors",
            "attachments",
            Prefetch(
                "comments",
                queryset=FocalPointComment.objects.select_related("sector", "author"),
            ),
        )
        .get()
    )


def reports_of_partner(partner: Partner) -> QuerySet[PeriodicReport]:
    return PeriodicReport.objects.filter(partner=partner).order_by("-due_on")


def review_cases_open() -> QuerySet[ReviewCase]:
    """Open review cases, the nearest end of period first, each with the
    partner's reports (newest first) to read before deciding."""
    return (
        ReviewCase.objects.filter(outcome=ReviewCase.Outcome.OPEN)
        .select_related("partner")
        .defer(*(f"partner__{column}" for column in SEARCH_COLUMNS), "partner__mission")
        .prefetch_related(Prefetch("partner__reports", to_attr="report_list"))
        .order_by("period_ends_on", "pk")
    )


def partners_due_for_review(*, today: datetime.date) -> QuerySet[Partner]:
    """Active partners whose period ends within REVIEW_NOTICE_DAYS and that have
    no review case for that end of period yet."""
    notice = rules.rule("REVIEW_NOTICE_DAYS")
    existing = ReviewCase.objects.filter(
        partner_id=OuterRef("pk"), period_ends_on=OuterRef("next_review_date")
    )
    return (
        Partner.objects.filter(
            standing=Standing.ACTIVE,
            # A partner without a review date is never "on or before" a day.
            next_review_date__lte=today + datetime.timedelta(days=notice),
        )
        .exclude(Exists(existing))
        .defer(*SEARCH_COLUMNS)
        .order_by("next_review_date", "pk")
    )


def partner_timeline(partner: Partner) -> list[StatusChange]:
    """The partner's decisions in the order they were taken (admission first)."""
    return list(
        StatusChange.objects.filter(partner=partner).order_by("decided_on", "created_at", "pk")
    )


def latest_decision(partner: Partner) -> StatusChange | None:
    return (
        StatusChange.objects.filter(partner=partner).order_by("-decided_on", "-created_at").first()
    )
