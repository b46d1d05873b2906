"""Reads of applications: the applicant's own, the examination queue, the Board's list."""

from django.db.models import Count, F, Prefetch, Q, QuerySet

from foundation.roles import focal_point_sector_ids
from partners.lifecycle.models import (
    Application,
    ApplicationDocument,
    ApplicationStep,
    FocalPointComment,
)
from partners.permissions import can_examine_applications

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
            Prefetch("documents", queryset=ApplicationDocument.objects.order_by("kind", "pk")),
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
    if not can_examine_applications(user):
        sectors = focal_point_sector_ids(user)
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
