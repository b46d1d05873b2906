"""Reads of forums data shared by views, the API, exports and other apps.

Related rows come in their models' own order (Meta.ordering: topics by
position, meetings latest first, versions newest first, files by language,
the programme by day, time and room, follow-up updates by date) unless a
page needs another.

The home page and the newsletter rely on event_list_upcoming,
event_list_between and document_list_published_between.
"""

import datetime
from collections import Counter, OrderedDict

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from forums.models import (
    CommitteeTerm,
    Document,
    DocumentComment,
    DocumentFile,
    DocumentVersion,
    Event,
    EventDocument,
    ProgrammeItem,
    Recommendation,
    Registration,
    RegistrationType,
    Speaker,
    WorkingGroup,
)
from foundation.countries import name as country_name
from partners.models import Partner
from partners.regions import region_label, region_of

# Liaison Committee and working groups


def committee_current(*, today: datetime.date | None = None) -> CommitteeTerm | None:
    """The term covering today, or else the latest one, with its members."""
    today = today or timezone.localdate()
    terms = CommitteeTerm.objects.select_related("chair").prefetch_related(
        Prefetch("members", queryset=Partner.objects.filter(published=True).order_by("name"))
    )
    return (
        terms.filter(start_date__lte=today, end_date__gte=today).first()
        or terms.order_by("-start_date").first()
    )


def _published_partners() -> QuerySet[Partner]:
    return Partner.objects.filter(published=True).order_by("name")


def working_group_list() -> QuerySet[WorkingGroup]:
    """Groups with their counts. An unpublished partner is neither counted nor
    named: templates and the API show `coordinating_partner` only when
    `coordinating_partner.published`."""
    return WorkingGroup.objects.select_related("coordinating_partner").annotate(
        member_count=Count(
            "member_partners", filter=Q(member_partners__published=True), distinct=True
        ),
        published_count=Count(
            "documents", filter=Q(documents__published_version__isnull=False), distinct=True
        ),
    )


def working_group_get(*, slug: str) -> WorkingGroup | None:
    return (
        WorkingGroup.objects.select_related("coordinating_partner")
        .prefetch_related(
            Prefetch("member_partners", queryset=_published_partners()),
            "guests",
            "topics",
            "meetings",
        )
        .filter(slug=slug)
        .first()
    )


def document_list_for_group(*, group: WorkingGroup, internal: bool) -> QuerySet[Document]:
    """Published documents, or every document when the reader may see internal ones."""
    documents = group.documents.select_related("published_version").prefetch_related(
        "published_version__files"
    )
    if not internal:
        documents = documents.filter(published_version__isnull=False)
    return documents.order_by("-document_date", "-created_at")


def document_list_published(*, group_slug: str) -> QuerySet[Document] | None:
    """The group's published documents, each with its published version's files
    (one per language), as the public group page lists them; None when there
    is no such group (its page is a 404)."""
    group = WorkingGroup.objects.filter(slug=group_slug).only("pk").first()
    if group is None:
        return None
    files = DocumentFile.objects.select_related("version__document__working_group")
    return (
        Document.objects.filter(working_group=group, published_version__isnull=False)
        .select_related("working_group", "published_version")
        .prefetch_related(Prefetch("published_version__files", queryset=files.order_by("language")))
        .order_by("-published_at", "-pk")
    )


def document_get(*, group: WorkingGroup, pk: int) -> Document | None:
    return (
        Document.objects.select_related("working_group", "published_version", "meeting")
        .prefetch_related(
            Prefetch(
                "versions",
                queryset=DocumentVersion.objects.select_related("created_by").prefetch_related(
                    "files"
                ),
            ),
            Prefetch("comments", queryset=DocumentComment.objects.select_related("author")),
        )
        .filter(working_group=group, pk=pk)
        .first()
    )


def document_file_get(*, public_id) -> DocumentFile | None:
    return (
        DocumentFile.objects.select_related("version__document__working_group")
        .filter(public_id=public_id)
        .first()
    )


def document_list_published_between(*, start: datetime.date, end: datetime.date) -> list[Document]:
    """Working-group documents published in the period (inclusive), oldest first."""
    return list(
        Document.objects.filter(
            published_version__isnull=False,
            published_at__date__gte=start,
            published_at__date__lte=end,
        )
        .select_related("working_group")
        .order_by("published_at")
    )


def documents_awaiting_review() -> QuerySet[Document]:
    return Document.objects.filter(state=Document.State.REVIEW).select_related("working_group")


# Events


def event_list_public() -> QuerySet[Event]:
    return Event.objects.filter(published=True)


def event_list(*, when: str = "", kind: str = "") -> QuerySet[Event]:
    events = event_list_public().prefetch_related(
        Prefetch("organisers", queryset=_published_partners())
    )
    today = timezone.localdate()
    if when == "upcoming":
        events = events.filter(end_date__gte=today).order_by("start_date")
    elif when == "past":
        events = events.filter(end_date__lt=today).order_by("-start_date")
    else:
        events = events.order_by("-start_date")
    if kind:
        events = events.filter(kind=kind)
    return events


def event_list_upcoming(*, limit: int = 4) -> list[Event]:
    """Forums and CIONG sessions starting today or later, soonest first.

    Each item has title, start_date, end_date, city and get_absolute_url().
    """
    return list(
        event_list_public()
        .filter(start_date__gte=timezone.localdate())
        .order_by("start_date")[:limit]
    )


def event_list_between(*, start: datetime.date, end: datetime.date) -> list[Event]:
    """Public events starting between start and end (inclusive)."""
    return list(
        event_list_public()
        .filter(start_date__gte=start, start_date__lte=end)
        .order_by("start_date")
    )


def event_get(*, slug: str) -> Event | None:
    return (
        Event.objects.prefetch_related(
            Prefetch("organisers", queryset=_published_partners()),
            Prefetch(
                "programme",
                queryset=ProgrammeItem.objects.prefetch_related(
                    Prefetch("speakers", queryset=Speaker.objects.select_related("partner"))
                ),
            ),
            Prefetch(
                "recommendations",
                queryset=Recommendation.objects.prefetch_related(
                    "sectors",
                    "updates",
                ),
            ),
            Prefetch("documents", queryset=EventDocument.objects.filter(published=True)),
        )
        # Issue 19: the call and the registration types, linked from the page.
        .select_related("call")
        .annotate(
            has_registration_types=Exists(RegistrationType.objects.filter(event=OuterRef("pk")))
        )
        .filter(slug=slug)
        .first()
    )


def event_document_list(*, event: Event) -> QuerySet[EventDocument]:
    """Every outcome document of the event, published or not (for the Secretariat)."""
    return EventDocument.objects.filter(event=event).order_by("title", "language", "pk")


def programme_by_day_and_room(event: Event) -> list[tuple[datetime.date, list[tuple[str, list]]]]:
    """The prefetched programme as [(day, [(room, [items])])], rooms in order of first use."""
    days: OrderedDict = OrderedDict()
    for item in event.programme.all():
        days.setdefault(item.day, OrderedDict()).setdefault(item.room, []).append(item)
    return [(day, list(rooms.items())) for day, rooms in days.items()]


# Registrations


def _representatives(event: Event) -> QuerySet[Registration]:
    # The NGOs' representatives (participants without an NGO register through
    # the attendance workflow); a cancelled registration no longer counts.
    return Registration.objects.filter(event=event, partner__isnull=False).exclude(
        status=Registration.Status.CANCELLED
    )


def registration_list(*, event: Event, partner_id: int | None = None) -> QuerySet[Registration]:
    registrations = _representatives(event).select_related("partner")
    if partner_id is not None:
        registrations = registrations.filter(partner_id=partner_id)
    return registrations.order_by("partner__name", "full_name")


def registration_counts(*, event: Event) -> dict:
    """The representatives registration_list lists, counted by their NGO's
    country, region and sector, each largest first (then by name)."""
    by_country = dict(
        _representatives(event)
        .values_list("partner__country")
        .annotate(count=Count("pk"))
        .values_list("partner__country", "count")
    )
    by_region: Counter = Counter()
    for code, count in by_country.items():
        by_region[region_of(code)] += count
    # A partner with several sectors counts in each; one without, under "—".
    by_sector = (
        _representatives(event)
        .values_list("partner__sectors__name")
        .annotate(count=Count("pk"))
        .values_list("partner__sectors__name", "count")
    )
    return {
        "total": sum(by_country.values()),
        "by_country": _largest_first(
            (country_name(code), count) for code, count in by_country.items()
        ),
        # A country stored before the list was restricted may have no region.
        "by_region": _largest_first(
            (region_label(region) or "—", count) for region, count in by_region.items()
        ),
        "by_sector": _largest_first((name or "—", count) for name, count in by_sector),
    }


def _largest_first(pairs) -> list[tuple[str, int]]:
    return sorted(pairs, key=lambda pair: (-pair[1], str(pair[0])))


# Partner profile links


def partner_groups(*, partner: Partner) -> list[WorkingGroup]:
    return list(
        WorkingGroup.objects.filter(Q(member_partners=partner) | Q(coordinating_partner=partner))
        .distinct()
        .order_by("name")
    )


def partner_events(*, partner: Partner) -> list[Event]:
    """Public events the NGO organised, spoke at, or attended (held, with a
    confirmed place: a cancelled registration or a waiting list is no attendance)."""
    return list(
        event_list_public()
        .filter(
            Q(organisers=partner)
            | Q(
                registrations__partner=partner,
                registrations__status=Registration.Status.CONFIRMED,
                state=Event.State.HELD,
            )
            | Q(programme__speakers__partner=partner)
        )
        .distinct()
        .order_by("-start_date")
    )


def partner_committee_terms(*, partner: Partner) -> list[CommitteeTerm]:
    return list(partner.committee_terms.order_by("-start_date"))
