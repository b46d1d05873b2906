from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.utils.functional import cached_property
from django.utils.translation import get_language
from django.views.decorators.http import require_safe
from django.views.decorators.vary import vary_on_headers

from foundation.public_cache import public_page
from partners import exports
from partners.maps import partner_countries_map
from partners.selectors import delegates_by_region, partner_directory, partner_get_public
from partners.structured_data import partner_json_ld

PAGE_SIZE = 20
# A search lists at most this many matches. Counting every match of a common
# word read every matching row (about 5,000 at 50,000 partners); a count of at
# most SEARCH_COUNT_CAP + 1 rows stops early, and the page says "more than".
SEARCH_COUNT_CAP = 1000


class CappedPaginator(Paginator):
    """Pages over the first `cap` objects; `more` says whether others exist.

    The count is a COUNT over a LIMITed subquery, so it reads at most
    cap + 1 rows however many match.
    """

    def __init__(self, object_list, per_page, *, cap: int):
        super().__init__(object_list, per_page)
        self.cap = cap

    @cached_property
    def _bounded_count(self) -> int:
        # Without the ORDER BY the subquery stops at the LIMIT; with it every
        # match would be ranked and sorted first.
        return self.object_list.order_by()[: self.cap + 1].count()

    @cached_property
    def count(self) -> int:
        return min(self._bounded_count, self.cap)

    @property
    def more(self) -> bool:
        return self._bounded_count > self.cap


def _active_filters(request, filterset) -> int:
    """How many filters the query sets, for the "Filter" control on small screens."""
    return sum(1 for name in filterset.form.fields if name != "page" and request.GET.get(name))


# The same URL answers a whole page or, to htmx, the results fragment: a cache
# must keep the two apart.
@vary_on_headers("HX-Request")
@require_safe
@public_page("partners")
def directory(request):
    filterset, partners = partner_directory(params=request.GET, language=get_language())
    search_query = filterset.form.cleaned_data.get("q", "") if filterset.is_valid() else ""
    # Without a search the exact count is cheap (an index-only scan), and
    # "how many partners" is what the list is for.
    if search_query:
        paginator = CappedPaginator(partners, PAGE_SIZE, cap=SEARCH_COUNT_CAP)
    else:
        paginator = Paginator(partners, PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    query_without_page = request.GET.copy()
    query_without_page.pop("page", None)
    context = {
        "filter": filterset,
        "page": page,
        "more_results": getattr(paginator, "more", False),
        "query_without_page": query_without_page.urlencode(),
        "search_query": search_query,
        "active_filters": _active_filters(request, filterset),
    }
    template = "partners/directory.html"
    if request.headers.get("HX-Request"):
        # The results, and the language switcher again (out of band) so that
        # its links carry the new query string.
        template = "partners/directory.html#live"
    return render(request, template, context)


@require_safe
@public_page("partners", "actions", "events", "working-groups", "hearings")
def detail(request, slug):
    partner = partner_get_public(slug=slug)
    if partner is None:
        raise Http404
    context = {
        "partner": partner,
        "delegate_regions": delegates_by_region(partner),
        "countries_map": partner_countries_map(partner),
        "json_ld": partner_json_ld(partner),
    }
    return render(request, "partners/detail.html", context)


@require_safe
def export_csv(request):
    _filterset, partners = partner_directory(params=request.GET, language=get_language())
    return exports.csv_response(partners)


@require_safe
def export_xlsx(request):
    _filterset, partners = partner_directory(params=request.GET, language=get_language())
    return exports.xlsx_response(partners)
