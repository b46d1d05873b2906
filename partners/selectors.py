"""Reads of partner data shared by views, exports, the API and other apps."""

import datetime

from django.db.models import (
    Case,
    Count,
    F,
    Prefetch,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import Collate
from django.utils import timezone

from foundation.languages import is_language, localized_field_names, postgres_collation
from partners.filters import PartnerFilter
from partners.models import (
    Action,
    Contact,
    Delegate,
    Partner,
    PartnerInvitation,
    PartnerRevision,
    PartnershipStatus,
    PeriodicReport,
    Standing,
    StatusChange,
)
from partners.regions import Region, region_of
from partners.search import apply_search, uses_postgres

SORT_ORDER = {
    "name": ["name"],
    "-since": ["-since", "name"],
    "since": ["since", "name"],
    "country": ["country", "name"],
}


def _sort_order(sort: str, language: str) -> list:
    """SORT_ORDER with names compared as the language sorts them.

    On PostgreSQL the name is compared under the language's ICU collation
    (accents second: "Fédération" before "Forum"); the partial indexes of
    migration 0010 use the same collation, so the first page is still read
    in order from an index. SQLite compares the names as they are.
    """
    if not uses_postgres() or not is_language(language):
        return SORT_ORDER[sort]
    name = Collate(F(f"name_{language}"), postgres_collation(language))
    return [name if field == "name" else field for field in SORT_ORDER[sort]]


SEARCH_COLUMNS = (*localized_field_names("search"), "search_text")


def partner_list_public() -> QuerySet[Partner]:
    # The search columns are large and only ever read by the database.
    return Partner.objects.filter(published=True).defer(*SEARCH_COLUMNS)


def _without_control_characters(params):
    """A copy of the query parameters without NUL and other control characters,
    which no filter value needs and which must not be echoed back into the page."""
    cleaned = params.copy()
    for key in list(cleaned.keys()):
        cleaned.setlist(
            key, ["".join(ch for ch in value if ch >= " ") for value in params.getlist(key)]
        )
    return cleaned


def partner_directory(*, params, language: str) -> tuple[PartnerFilter, QuerySet[Partner]]:
    """The published partners matching the directory's query parameters.

    An invalid parameter (unknown sector, country, overlong text) gives an
    empty result; the filter set carries the errors to show.
    """
    filterset = PartnerFilter(_without_control_characters(params), queryset=partner_list_public())
    if not filterset.is_valid():
        return filterset, Partner.objects.none()
    queryset = filterset.qs
    if filterset.form.cleaned_data.get("status") != PartnerFilter.FORMER:
        # A partnership that has ended keeps its profile but leaves the list.
        queryset = queryset.exclude(standing=Standing.ENDED)
    queryset, ranked = apply_search(queryset, filterset.form.cleaned_data.get("q") or "", language)
    sort = filterset.form.cleaned_data.get("sort")
    if sort or not ranked:
        queryset = queryset.order_by(*_sort_order(sort or "name", language))
    queryset = queryset.prefetch_related("sectors")
    return filterset, queryset


def partner_get_public(*, slug: str) -> Partner | None:
    return (
        partner_list_public()
        .prefetch_related(
            "sectors",
            Prefetch("contacts", queryset=Contact.objects.filter(is_public=True)),
            Prefetch("delegates", queryset=Delegate.objects.filter(is_active=True)),
            Prefetch(
                "actions",
                queryset=action_list_public().prefetch_related("sectors"),
                to_attr="public_actions",
            ),
            # The timeline of decisions, in the order they were taken.
            Prefetch(
                "status_changes",
                queryset=StatusChange.objects.order_by("decided_on", "created_at", "pk"),
                to_attr="timeline",
            ),
        )
        .filter(slug=slug)
        .first()
    )


def action_list_public() -> QuerySet[Action]:
    return Action.objects.filter(
        published=True, hidden_by_secretariat=False, partner__published=True
    ).order_by("-created_at")


def action_list_latest(*, limit: int = 6) -> list[Action]:
    """The most recent actions first by their own dates (when they start;
    undated ones after the dated ones), not by when they were typed in: an
    import enters a decade of actions in one minute."""
    return list(
        action_list_public()
        .select_related("partner")
        .order_by(F("start_date").desc(nulls_last=True), "-created_at", "-pk")[:limit]
    )


def partner_key_figures() -> dict:
    counts = (
        partner_list_public()
        .exclude(standing=Standing.ENDED)
        .aggregate(
            total=Count("pk"),
            consultative=Count("pk", filter=Q(status=PartnershipStatus.CONSULTATIVE)),
            associate=Count("pk", filter=Q(status=PartnershipStatus.ASSOCIATE)),
            countries=Count("country", distinct=True),
        )
    )
    # As the statistics page counts them: a former partner's delegates no longer do.
    counts["delegate_countries"] = (
        Delegate.objects.filter(is_active=True, partner__published=True)
        .exclude(partner__standing=Standing.ENDED)
        .values("country")
        .distinct()
        .count()
    )
    return counts


def partner_reviews_due(*, within_days: int = 183, today: datetime.date | None = None):
    today = today or timezone.localdate()
    # A partner without a review date is never "on or before" a day.
    return Partner.objects.filter(
        next_review_date__lte=today + datetime.timedelta(days=within_days)
    ).order_by("next_review_date")


def delegates_by_region(partner: Partner) -> list[tuple[str, list[tuple[str, list[Delegate]]]]]:
    """Group a partner's prefetched delegates by region, then by country name."""
    grouped: dict[str, dict[str, list[Delegate]]] = {}
    for delegate in partner.delegates.all():
        region = region_of(delegate.country.code) or ""
        grouped.setdefault(region, {}).setdefault(delegate.country.name, []).append(delegate)
    ordered = []
    for region in [r.value for r in Region] + [""]:
        if region in grouped:
            label = str(Region(region).label) if region else ""
            countries = sorted(grouped[region].items())  # names differ: keys of a dict
            ordered.append((label, countries))
    return ordered


def revision_pending_for(partner: Partner):
    """The partner's one pending revision, or None."""
    return partner.revisions.filter(state=PartnerRevision.State.PENDING).first()


def revision_queue() -> QuerySet:
    """Pending revisions, oldest first, for the Secretariat's review queue."""
    return (
        PartnerRevision.objects.filter(state=PartnerRevision.State.PENDING)
        .select_related("partner", "created_by")
        .order_by("created_at", "pk")
    )


def partner_list_for_choice() -> QuerySet[Partner]:
    """Every partner, published or not, by name: what the Secretariat picks from.

    Only what the option label needs: a select of a few thousand partners
    would otherwise read every mission text in three languages.
    """
    return Partner.objects.only("name", "acronym").order_by("name", "pk")


def _invitation_state(now) -> Case:
    State = PartnerInvitation.State
    return Case(
        When(accepted_at__isnull=False, then=Value(State.ACCEPTED)),
        When(revoked_at__isnull=False, then=Value(State.REVOKED)),
        When(expires_at__lte=now, then=Value(State.EXPIRED)),
        default=Value(State.PENDING),
    )


def invitation_list(
    *, state: str = "", partner: Partner | None = None, email: str = ""
) -> QuerySet[PartnerInvitation]:
    """Invitations, newest first, each annotated with its `current_state`
    (a PartnerInvitation.State value), filtered by state, partner and a part
    of the email address."""
    queryset = (
        PartnerInvitation.objects.annotate(current_state=_invitation_state(timezone.now()))
        .select_related("partner", "created_by")
        .defer(*(f"partner__{column}" for column in SEARCH_COLUMNS))
        .order_by("-created_at", "-pk")
    )
    if state:
        queryset = queryset.filter(current_state=state)
    if partner is not None:
        queryset = queryset.filter(partner=partner)
    if email:
        queryset = queryset.filter(email__icontains=email.strip())
    return queryset


# Good standing (the partnership lifecycle), read by the Liaison Committee elections.

STANDING_SUSPENDED = "suspended"
STANDING_ENDED = "ended"
STANDING_REPORT_OVERDUE = "report-overdue"


def partner_standing_problem(partner: Partner, *, today: datetime.date) -> str | None:
    """Why `partner` is not in good standing on `today`, or None if it is.

    Good standing: the partnership is active (not suspended, not ended) and no
    periodic report is overdue, i.e. `next_report_due` is unset or not past,
    or the report due that day has been submitted or accepted (a report sent
    back for more information is not).
    """
    if partner.standing == Standing.SUSPENDED:
        return STANDING_SUSPENDED
    if partner.standing == Standing.ENDED:
        return STANDING_ENDED
    due = partner.next_report_due
    if due is None or due >= today:
        return None
    sent = PeriodicReport.objects.filter(
        partner=partner,
        due_on=due,
        state__in=[PeriodicReport.State.SUBMITTED, PeriodicReport.State.ACCEPTED],
    ).exists()
    return None if sent else STANDING_REPORT_OVERDUE


def partner_in_good_standing(partner: Partner, *, today: datetime.date) -> bool:
    return partner_standing_problem(partner, today=today) is None
