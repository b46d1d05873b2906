"""Reads of dialogue data shared by views, dashboards, tasks and other apps."""

import datetime

from django.db.models import F, Prefetch, Q, QuerySet
from django.utils import timezone

from dialogue.models import (
    PUBLIC_STATES,
    UNDECIDED_STATES,
    CoSponsor,
    DialogueRequest,
    ExpressionOfInterest,
    PartnerMatch,
    RequestFile,
    State,
    Transition,
)
from foundation.countries import codes_of
from partners.models import Action, Delegate, Partner

STALE_AFTER_DAYS = 30


def _joined_cosponsors() -> Prefetch:
    return Prefetch(
        "cosponsors",
        queryset=CoSponsor.objects.filter(joined_at__isnull=False),
        to_attr="joined_cosponsors",
    )


def _selected_interests() -> Prefetch:
    # An unpublished partner is named on no public page (nor to the delegates).
    return Prefetch(
        "interests",
        queryset=ExpressionOfInterest.objects.filter(
            status=ExpressionOfInterest.Status.SELECTED, partner__published=True
        ).select_related("partner"),
        to_attr="selected_interests",
    )


def hearing_list_public() -> QuerySet[DialogueRequest]:
    """Accepted, scheduled and held hearings, with what a public card shows.

    Never selects the internal notes into a public page's objects.
    """
    return (
        DialogueRequest.objects.filter(state__in=PUBLIC_STATES)
        .defer("internal_notes")
        .select_related("event")
        .prefetch_related(
            "sectors",
            _joined_cosponsors(),
            _selected_interests(),
        )
        # Not yet dated first (the date is to come), as on every database.
        .order_by(F("scheduled_at").desc(nulls_first=True), "-state_changed_at")
    )


def hearing_get_public(*, pk: int) -> DialogueRequest | None:
    return (
        hearing_list_public()
        .prefetch_related(
            Prefetch(
                "files",
                queryset=RequestFile.objects.filter(kind=RequestFile.Kind.OUTCOME),
                to_attr="outcome_files",
            )
        )
        .filter(pk=pk)
        .first()
    )


def hearing_list_on_calendar() -> QuerySet[DialogueRequest]:
    """Scheduled and held hearings, soonest first, for the calendar feed."""
    return (
        hearing_list_public()
        .filter(state__in=[State.SCHEDULED, State.HELD])
        .order_by("scheduled_at", "pk")
    )


def hearing_list_at_event(*, event) -> list[DialogueRequest]:
    """Scheduled and held hearings linked to a forum or CIONG session, in date order."""
    return list(
        DialogueRequest.objects.filter(event=event, state__in=[State.SCHEDULED, State.HELD])
        .defer("internal_notes")
        .prefetch_related(_joined_cosponsors(), _selected_interests())
        .order_by("scheduled_at", "pk")
    )


def hearing_list_public_between(*, start: datetime.date, end: datetime.date) -> list:
    """Hearings scheduled or held in the period, public fields only.

    Each item has theme, state, get_state_display(), scheduled_at (datetime
    or None), country names via countries, and get_absolute_url().

    "In the period" means the hearing takes place in it, or was scheduled
    or held in it (so that a letter announces a hearing set for later).
    """
    moved = Q(
        transitions__to_state__in=[State.SCHEDULED, State.HELD],
        transitions__at__date__gte=start,
        transitions__at__date__lte=end,
    )
    takes_place = Q(scheduled_at__date__gte=start, scheduled_at__date__lte=end)
    ids = (
        DialogueRequest.objects.filter(state__in=[State.SCHEDULED, State.HELD])
        .filter(moved | takes_place)
        .values("pk")
    )
    return list(hearing_list_public().filter(pk__in=ids).order_by("scheduled_at", "pk"))


def request_list_for_delegate(*, user, profile) -> QuerySet[DialogueRequest]:
    """Requests of the delegate's own country, and those they co-sponsor or are invited to."""
    return (
        DialogueRequest.objects.filter(Q(country=profile.country) | Q(cosponsors__user=user))
        .distinct()
        .defer("internal_notes")
        .select_related("requester")
        .prefetch_related(_joined_cosponsors())
        .order_by("-submitted_at")
    )


def request_get_private(*, pk: int) -> DialogueRequest | None:
    return (
        DialogueRequest.objects.select_related("requester", "event")
        .prefetch_related(
            "sectors",
            Prefetch("cosponsors", queryset=CoSponsor.objects.select_related("user")),
            _joined_cosponsors(),
            _selected_interests(),
            Prefetch("transitions", queryset=_transitions()),
            "files",
        )
        .filter(pk=pk)
        .first()
    )


def _transitions():
    # In the model's own order: when, then as recorded.
    return Transition.objects.select_related("by")


def request_get_for_triage(*, pk: int) -> DialogueRequest | None:
    return (
        DialogueRequest.objects.select_related("requester", "event")
        .prefetch_related(
            "sectors",
            Prefetch("cosponsors", queryset=CoSponsor.objects.select_related("user")),
            _joined_cosponsors(),
            Prefetch("transitions", queryset=_transitions()),
            Prefetch("matches", queryset=PartnerMatch.objects.select_related("partner")),
            Prefetch(
                "interests",
                queryset=ExpressionOfInterest.objects.select_related("partner", "submitted_by"),
            ),
            "files",
        )
        .filter(pk=pk)
        .first()
    )


def request_queue() -> QuerySet[DialogueRequest]:
    """The Secretariat's queue: every request still needing work, oldest first."""
    return (
        DialogueRequest.objects.filter(state__in=[*UNDECIDED_STATES, State.ACCEPTED])
        .defer("description", "expertise_sought", "summary", "follow_up")
        .order_by("submitted_at", "pk")
    )


def with_waiting(items, *, now: datetime.datetime | None = None) -> list[DialogueRequest]:
    """Give each queued request `waiting` and `overdue`.

    waiting is a timedelta: since submission while no decision was taken,
    since acceptance while waiting to be scheduled; overdue means no
    decision after STALE_AFTER_DAYS days.
    """
    now = now or timezone.now()
    items = list(items)
    for item in items:
        since = item.submitted_at if item.state in UNDECIDED_STATES else item.state_changed_at
        item.waiting = now - since
        item.overdue = item.state in UNDECIDED_STATES and item.waiting > datetime.timedelta(
            days=STALE_AFTER_DAYS
        )
    return items


def request_list_stale(*, now: datetime.datetime | None = None) -> QuerySet[DialogueRequest]:
    """Requests with no decision (accept or decline) STALE_AFTER_DAYS after submission."""
    now = now or timezone.now()
    return DialogueRequest.objects.filter(
        state__in=UNDECIDED_STATES,
        submitted_at__lte=now - datetime.timedelta(days=STALE_AFTER_DAYS),
    ).order_by("submitted_at")


def open_calls_for_partner(*, partner: Partner) -> QuerySet[DialogueRequest]:
    """Accepted requests that matched this partner: its open calls for interest."""
    return (
        DialogueRequest.objects.filter(state=State.ACCEPTED, matches__partner=partner)
        .defer("internal_notes")
        .prefetch_related(
            Prefetch(
                "interests",
                queryset=ExpressionOfInterest.objects.filter(partner=partner),
                to_attr="own_interests",
            )
        )
        .order_by("preferred_from", "pk")
    )


def interests_of_partner(*, partner: Partner) -> QuerySet[ExpressionOfInterest]:
    return (
        ExpressionOfInterest.objects.filter(partner=partner)
        .select_related("request")
        .order_by("-created_at")
    )


def partner_matches(*, request: DialogueRequest) -> list[dict]:
    """Published partners sharing a sector with the request, with the reasons.

    A sector in common is required; active delegates or reported actions in
    the countries involved (requester and co-sponsors) strengthen the match.
    Four queries whatever the number of partners.
    """
    request_sectors = dict(request.sectors.values_list("pk", "code"))
    if not request_sectors:
        return []
    countries = [country.code for country in request.countries]
    through = Partner.sectors.through
    by_partner: dict[int, list[str]] = {}
    for partner_id, sector_id in through.objects.filter(
        sector_id__in=request_sectors, partner__published=True
    ).values_list("partner_id", "sector_id"):
        by_partner.setdefault(partner_id, []).append(request_sectors[sector_id])
    candidates = (
        Partner.objects.filter(published=True, sectors__in=request_sectors).values("pk").distinct()
    )
    delegate_countries: dict[int, set[str]] = {}
    for partner_id, country in Delegate.objects.filter(
        partner__in=candidates, is_active=True, country__in=countries
    ).values_list("partner_id", "country"):
        delegate_countries.setdefault(partner_id, set()).add(country)
    action_countries: dict[int, set[str]] = {}
    involved = set(countries)
    country_filter = Q()
    for code in countries:
        country_filter |= Q(countries__contains=code)
    for partner_id, action_list in (
        Action.objects.filter(partner__in=candidates, published=True, hidden_by_secretariat=False)
        .filter(country_filter)
        .values_list("partner_id", "countries")
    ):
        found = involved.intersection(codes_of(action_list))
        if found:
            action_countries.setdefault(partner_id, set()).update(found)
    results = []
    for partner_id, codes in by_partner.items():
        delegates = sorted(delegate_countries.get(partner_id, ()))
        actions = sorted(action_countries.get(partner_id, ()))
        score = 2 * len(codes) + (3 if delegates else 0) + (1 if actions else 0)
        results.append(
            {
                "partner_id": partner_id,
                "sector_codes": sorted(codes),
                "delegate_countries": delegates,
                "action_countries": actions,
                "score": score,
            }
        )
    results.sort(key=lambda item: (-item["score"], item["partner_id"]))
    return results
