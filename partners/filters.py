"""The directory's filters, shared by the HTML directory, the exports and the API."""

import functools

import django_filters
from django.conf import settings
from django.db.models import Exists, OuterRef
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from foundation.countries import un_countries
from partners.models import Delegate, Partner, PartnershipStatus, Sector, Standing
from partners.regions import Region, countries_in
from partners.search import MAX_QUERY_LENGTH
from partners.widgets import PlainSelect


@functools.cache
def _country_choices_for(language: str) -> tuple[tuple[str, str], ...]:
    with translation.override(language):
        return tuple((code, str(name)) for code, name in un_countries)


def country_choices() -> tuple[tuple[str, str], ...]:
    """Countries sorted by their name in the active language, computed once per language.

    django-countries translates and sorts ~250 names on every iteration,
    which would otherwise dominate the cost of the directory page.
    """
    return _country_choices_for(translation.get_language() or settings.LANGUAGE_CODE)


class PartnerFilter(django_filters.FilterSet):
    SORT_CHOICES = [
        ("name", _("Name")),
        ("-since", _("Most recent partners")),
        ("since", _("Oldest partners")),
        ("country", _("Country")),
    ]

    q = django_filters.CharFilter(
        label=_("Search"),
        method="filter_nothing",
        max_length=MAX_QUERY_LENGTH,
    )
    sector = django_filters.ChoiceFilter(
        label=_("Sector"),
        choices=Sector.Code.choices,
        method="filter_sector",
        empty_label=_("All sectors"),
    )
    # The values of DESIGN.md: each status, and "former" for the partnerships
    # that have ended (which the default list leaves out, see partner_directory).
    FORMER = "former"
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=[*PartnershipStatus.choices, (FORMER, _("Former partners"))],
        empty_label=_("All current partners"),
        method="filter_status",
    )
    country = django_filters.ChoiceFilter(
        label=_("Country"),
        choices=country_choices,
        method="filter_country",
        widget=PlainSelect,
        empty_label=_("All countries"),
    )
    # `country` is the headquarters (the contract's meaning, kept); this one is
    # where the partner has an active delegate, as on the delegates map.
    delegate_country = django_filters.ChoiceFilter(
        label=_("Country of delegates"),
        choices=country_choices,
        method="filter_delegate_country",
        widget=PlainSelect,
        empty_label=_("Any country"),
    )
    region = django_filters.ChoiceFilter(
        label=_("Region"),
        choices=Region.choices,
        method="filter_region",
        empty_label=_("All regions"),
    )
    sort = django_filters.ChoiceFilter(
        label=_("Sort by"),
        choices=SORT_CHOICES,
        method="filter_nothing",
        empty_label=_("Relevance"),
    )

    class Meta:
        fields = ["q", "sector", "status", "country", "delegate_country", "region", "sort"]

    def filter_nothing(self, queryset, name, value):
        # Search and sort are applied by the selector, which needs the language.
        return queryset

    def filter_status(self, queryset, name, value):
        if value == self.FORMER:
            return queryset.filter(standing=Standing.ENDED)
        return queryset.filter(status=value)

    def filter_sector(self, queryset, name, value):
        # EXISTS rather than a join: a join through the many-to-many needed a
        # DISTINCT against repeated rows, which PostgreSQL computed by sorting
        # every match on all its columns, for the count and for the page, and
        # which kept the page from being read in name order from its index.
        links = Partner.sectors.through.objects.filter(
            partner_id=OuterRef("pk"), sector__code=value
        )
        return queryset.filter(Exists(links))

    def filter_country(self, queryset, name, value):
        return queryset.filter(country=value)

    def filter_delegate_country(self, queryset, name, value: str):
        # EXISTS, as for the sector: a partner with several delegates in the
        # country is listed once, without DISTINCT. It reads the partial index
        # delegate_active_country (country, partner of active delegates).
        delegates = Delegate.objects.filter(
            partner_id=OuterRef("pk"), country=value, is_active=True
        )
        return queryset.filter(Exists(delegates))

    def filter_region(self, queryset, name, value):
        return queryset.filter(country__in=countries_in(value))
