"""Hearings with Member States in figures, for the statistics page and the API."""

from collections import defaultdict

from django.db.models.functions import Coalesce, ExtractYear, TruncDate

from dialogue.models import CoSponsor, DialogueRequest, State


def hearings_by_year() -> list[tuple[int, int, list[str]]]:
    """(year, hearings held or scheduled, Member States involved as ISO codes),
    dated by the hearing's date, or the preferred period while unscheduled;
    two queries."""
    year = ExtractYear(Coalesce(TruncDate("scheduled_at"), "preferred_from"))
    public = DialogueRequest.objects.filter(state__in=[State.SCHEDULED, State.HELD])
    hearings = list(public.annotate(year=year).values_list("pk", "year", "country"))
    states: dict[int, set[str]] = defaultdict(set)
    totals: dict[int, int] = defaultdict(int)
    year_of = {}
    for pk, hearing_year, country in hearings:
        totals[hearing_year] += 1
        states[hearing_year].add(country)
        year_of[pk] = hearing_year
    cosponsors = CoSponsor.objects.filter(
        request_id__in=list(year_of), joined_at__isnull=False
    ).values_list("request_id", "country")
    for request_id, country in cosponsors:
        states[year_of[request_id]].add(country)
    return [(y, totals[y], sorted(states[y])) for y in sorted(totals)]
