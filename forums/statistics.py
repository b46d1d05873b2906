"""Forums and CIONG sessions in figures, for the statistics page and the API."""

from collections import Counter, defaultdict

from django.db.models import Count

from forums.models import Event, Registration
from foundation.languages import localized_field_names
from partners.regions import region_of


def registrations_by_region() -> list[tuple[Event, dict[str, int]]]:
    """Each published forum or CIONG session (latest first) with its
    registrations counted by the region of the registering NGO; two queries."""
    events = list(
        Event.objects.filter(published=True, kind__in=[Event.Kind.FORUM, Event.Kind.CIONG])
        .only("pk", "slug", "kind", "start_date", *_title_fields())
        .order_by("-start_date")
    )
    counts: dict[int, Counter] = defaultdict(Counter)
    rows = (
        Registration.objects.filter(event__in=[event.pk for event in events])
        .values_list("event_id", "partner__country")
        .annotate(n=Count("pk"))
    )
    for event_id, country, n in rows:
        counts[event_id][region_of(country) or ""] += n
    return [(event, dict(counts[event.pk])) for event in events]


def _title_fields() -> list[str]:
    return ["title", *localized_field_names("title")]
