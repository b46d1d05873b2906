"""The partnership in figures: aggregate reads for the statistics page, the
API and the maps. Each function costs one query whatever the number of
partners; regions are derived from countries in Python (partners/regions.py).
"""

from collections import Counter

from django.db.models import Count, Q
from django.db.models.functions import ExtractYear

from partners.models import Delegate, Partner, PartnershipStatus, Sector, Standing, StatusChange
from partners.regions import Region, region_of


def _current():
    """Published partners whose partnership has not ended."""
    return Partner.objects.filter(published=True).exclude(standing=Standing.ENDED)


def partners_by_status() -> list[tuple[str, int]]:
    counts = dict(
        _current().values_list("status").annotate(n=Count("pk")).values_list("status", "n")
    )
    return [(value, counts.get(value, 0)) for value in PartnershipStatus.values]


def partners_by_standing() -> list[tuple[str, int]]:
    published = Partner.objects.filter(published=True)
    counts = dict(
        published.values_list("standing").annotate(n=Count("pk")).values_list("standing", "n")
    )
    return [(value, counts.get(value, 0)) for value in Standing.values]


def headquarters_by_country() -> dict[str, int]:
    rows = _current().values_list("country").annotate(n=Count("pk")).values_list("country", "n")
    return {code: n for code, n in rows if code}


def delegates_by_country() -> dict[str, int]:
    """Partners with at least one active delegate, per country."""
    rows = (
        Delegate.objects.filter(is_active=True, partner__in=_current())
        .values_list("country")
        .annotate(n=Count("partner", distinct=True))
        .values_list("country", "n")
    )
    return {code: n for code, n in rows if code}


def partners_by_region() -> list[tuple[str, int]]:
    totals: Counter = Counter()
    for code, n in headquarters_by_country().items():
        region = region_of(code)
        if region:
            totals[region] += n
    return [(value, totals.get(value, 0)) for value in Region.values]


def partners_by_sector() -> list[tuple[Sector, int]]:
    current = Q(partners__published=True) & ~Q(partners__standing=Standing.ENDED)
    sectors = Sector.objects.annotate(n=Count("partners", filter=current, distinct=True)).order_by(
        "position"
    )
    return [(sector, sector.n) for sector in sectors]


def decisions_by_year() -> list[tuple[int, int, int]]:
    """(year, admissions, ends of partnership) from the status history."""
    rows = (
        StatusChange.objects.filter(
            partner__published=True,
            kind__in=[StatusChange.Kind.ADMISSION, StatusChange.Kind.TERMINATION],
        )
        .annotate(year=ExtractYear("decided_on"))
        .values_list("year", "kind")
        .annotate(n=Count("pk"))
        .values_list("year", "kind", "n")
    )
    admissions: Counter = Counter()
    ends: Counter = Counter()
    for year, kind, n in rows:
        (admissions if kind == StatusChange.Kind.ADMISSION else ends)[year] += n
    years = sorted(set(admissions) | set(ends))
    if not years:
        return []
    return [(y, admissions.get(y, 0), ends.get(y, 0)) for y in range(years[0], years[-1] + 1)]
