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


def partner_counts() -> list[tuple[str, str, str, int]]:
    """(status, standing, country, number) of published partners: one scan of
    the table, from which the status, standing, region and country figures
    are all counted (five GROUP BYs cost five scans)."""
    return list(
        Partner.objects.filter(published=True)
        .values_list("status", "standing", "country")
        .annotate(n=Count("pk"))
        .values_list("status", "standing", "country", "n")
        .order_by()
    )


def _counts(counts):
    return partner_counts() if counts is None else counts


def partners_by_status(counts=None) -> list[tuple[str, int]]:
    totals: Counter = Counter()
    for status, standing, _country, n in _counts(counts):
        if standing != Standing.ENDED:
            totals[status] += n
    return [(value, totals.get(value, 0)) for value in PartnershipStatus.values]


def partners_by_standing(counts=None) -> list[tuple[str, int]]:
    totals: Counter = Counter()
    for _status, standing, _country, n in _counts(counts):
        totals[standing] += n
    return [(value, totals.get(value, 0)) for value in Standing.values]


def headquarters_by_country(counts=None) -> dict[str, int]:
    totals: Counter = Counter()
    for _status, standing, country, n in _counts(counts):
        if standing != Standing.ENDED and country:
            totals[country] += n
    return dict(totals)


def delegates_by_country() -> dict[str, int]:
    """Partners with at least one active delegate, per country."""
    rows = (
        Delegate.objects.filter(is_active=True, partner__in=_current())
        .values_list("country")
        .annotate(n=Count("partner", distinct=True))
        .values_list("country", "n")
    )
    return {code: n for code, n in rows if code}


def partners_by_region(counts=None) -> list[tuple[str, int]]:
    totals: Counter = Counter()
    for code, n in headquarters_by_country(counts).items():
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
