"""Reads of elections shared by the pages, the permissions and the demo."""

import datetime

from django.db.models import Q, QuerySet
from django.utils import timezone

from forums.models import Candidature, CommitteeSeat, CommitteeTerm, Election, RollEntry
from forums.models.elections import SeatKind


def election_list_public() -> QuerySet[Election]:
    return Election.objects.filter(published=True).select_related("event")


def election_get(*, slug: str) -> Election | None:
    return Election.objects.select_related("event", "term").filter(slug=slug).first()


def candidatures_by_kind(*, election: Election, states=None) -> list[tuple[str, str, list]]:
    """[(kind, label, candidatures)] in the order of the seats; validated ones unless told."""
    states = states or [Candidature.State.VALIDATED]
    candidatures = list(
        election.candidatures.filter(state__in=states)
        .select_related("partner")
        .order_by("-votes", "rank", "partner__name")  # grouped by seat below
    )
    groups = []
    for kind in SeatKind:
        if election.seats_for(kind):
            members = [c for c in candidatures if c.seat_kind == kind]
            if election.is_counted:
                members.sort(key=lambda c: c.rank or 0)
            groups.append((kind.value, kind.label, members))
    return groups


def candidatures_awaiting(*, election: Election) -> QuerySet[Candidature]:
    return election.candidatures.select_related("partner").order_by("state", "seat_kind", "pk")


def candidatures_of_partner(*, election: Election, partner_id: int) -> QuerySet[Candidature]:
    return election.candidatures.filter(partner_id=partner_id).select_related("partner")


def roll_public(*, election: Election) -> QuerySet[RollEntry]:
    """The NGOs entitled to vote (the public list names NGOs, not who voted)."""
    return election.roll.select_related("partner").order_by("partner__name")


def committee_partner_ids(*, today: datetime.date | None = None) -> set[int]:
    """NGOs holding a Committee seat in the term in force `today`.

    The Chair's NGO is not among them for holding the Chair: the Chair sits in
    a personal capacity.
    """
    today = today or timezone.localdate()
    return set(
        CommitteeSeat.objects.filter(term__start_date__lte=today, term__end_date__gte=today)
        .filter(~Q(kind=SeatKind.CHAIR))
        .values_list("partner_id", flat=True)
    )


def committee_chair_account_ids(*, today: datetime.date | None = None) -> set[int]:
    """Accounts of the Chairperson of the term in force `today` (usually one)."""
    today = today or timezone.localdate()
    return set(
        CommitteeTerm.objects.filter(
            start_date__lte=today, end_date__gte=today, chair_account__isnull=False
        ).values_list("chair_account_id", flat=True)
    )
