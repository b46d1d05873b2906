"""The partnership in figures: the tables behind the statistics page, its CSV
downloads and the API, each with its labels in the active language.

Every chart on the page is drawn from one of these tables and followed by it,
so the table is both the accessible reading of the chart and the CSV.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.urls import reverse
from django.utils.formats import number_format
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from dialogue.statistics import hearings_by_year
from forums.statistics import registrations_by_region
from foundation import charts, worldmap
from foundation.countries import name as country_name
from partners import statistics as partner_statistics
from partners.models import PartnershipStatus, Standing
from partners.regions import Region

MAP_MODES = ("headquarters", "delegates")


@dataclass
class Table:
    slug: str
    title: str
    columns: list[str]
    rows: list[list]
    chart: SafeString | None = None
    codes: list[str] = field(default_factory=list)  # the row's value code, for the API

    def labelled_rows(self) -> list[list[tuple[str, object]]]:
        """Each cell with its column's name, for tables that reflow on small screens."""
        return [list(zip(self.columns, row, strict=True)) for row in self.rows]

    def csv_url(self) -> str:
        return reverse("portal:statistics_csv", kwargs={"table": self.slug})


def _bars(slug, title, rows, value_axis):
    return charts.bar_chart(
        chart_id=f"chart-{slug}",
        title=title,
        categories=[str(row[0]) for row in rows],
        series=[(value_axis, [row[1] for row in rows])],
        value_axis=value_axis,
    )


def _status_table(counts) -> Table:
    title = _("Partners by status")
    data = partner_statistics.partners_by_status(counts)
    rows = [[str(PartnershipStatus(code).label), n] for code, n in data]
    table = Table("status", title, [_("Status"), _("Partners")], rows, codes=[c for c, _n in data])
    table.chart = _bars("status", title, rows, _("Partners"))
    return table


def _standing_table(counts) -> Table:
    title = _("Partnerships by standing")
    data = partner_statistics.partners_by_standing(counts)
    rows = [[str(Standing(code).label), n] for code, n in data]
    table = Table(
        "standing", title, [_("Standing"), _("Partners")], rows, codes=[c for c, _n in data]
    )
    table.chart = _bars("standing", title, rows, _("Partners"))
    return table


def _region_table(counts) -> Table:
    title = _("Partners by region of their headquarters")
    data = partner_statistics.partners_by_region(counts)
    rows = [[str(Region(code).label), n] for code, n in data]
    table = Table("region", title, [_("Region"), _("Partners")], rows, codes=[c for c, _n in data])
    table.chart = _bars("region", title, rows, _("Partners"))
    return table


def _sector_table() -> Table:
    title = _("Partners by UNESCO sector")
    data = partner_statistics.partners_by_sector()
    rows = [[sector.name, n] for sector, n in data]
    table = Table(
        "sector", title, [_("Sector"), _("Partners")], rows, codes=[s.code for s, _n in data]
    )
    table.chart = _bars("sector", title, rows, _("Partners"))
    return table


def _decisions_table() -> Table:
    title = _("Admissions and ends of partnership per year")
    data = partner_statistics.decisions_by_year()
    rows = [[year, admitted, ended] for year, admitted, ended in data]
    table = Table("decisions", title, [_("Year"), _("Admissions"), _("Ends of partnership")], rows)
    if rows:
        table.chart = charts.column_chart(
            chart_id="chart-decisions",
            title=title,
            categories=[str(row[0]) for row in rows],
            series=[
                (_("Admissions"), [r[1] for r in rows]),
                (_("Ends of partnership"), [r[2] for r in rows]),
            ],
            category_axis=_("Year"),
            value_axis=_("Decisions"),
        )
    return table


def _countries_table(headquarters: dict, delegates: dict) -> Table:
    codes = sorted(set(headquarters) | set(delegates), key=country_name)
    rows = [[country_name(c), headquarters.get(c, 0), delegates.get(c, 0)] for c in codes]
    return Table(
        "countries",
        _("Countries with a partner's headquarters or delegates"),
        [_("Country"), _("Headquarters"), _("Partners with delegates")],
        rows,
        codes=codes,
    )


def _events_table() -> Table:
    title = _("Registrations at forums and conference sessions, by region")
    regions = list(Region)
    data = registrations_by_region()
    rows = []
    for event, counts in data:
        per_region = [counts.get(region.value, 0) for region in regions]
        rows.append([str(event.title), *per_region, sum(counts.values())])
    table = Table(
        "events",
        title,
        [_("Event"), *[str(region.label) for region in regions], _("Total")],
        rows,
        codes=[event.slug for event, _counts in data],
    )
    if rows:
        table.chart = charts.bar_chart(
            chart_id="chart-events",
            title=title,
            categories=[row[0] for row in rows],
            series=[(_("Registrations"), [row[-1] for row in rows])],
            value_axis=_("Registrations"),
        )
    return table


def _hearings_table() -> Table:
    title = _("Hearings with Member States per year")
    data = hearings_by_year()
    rows = [[year, n, ", ".join(country_name(c) for c in states)] for year, n, states in data]
    table = Table("hearings", title, [_("Year"), _("Hearings"), _("Member States")], rows)
    if rows:
        table.chart = charts.column_chart(
            chart_id="chart-hearings",
            title=title,
            categories=[str(row[0]) for row in rows],
            series=[(_("Hearings"), [row[1] for row in rows])],
            category_axis=_("Year"),
            value_axis=_("Hearings"),
        )
    return table


def statistics_tables() -> list[Table]:
    counts = partner_statistics.partner_counts()
    headquarters = partner_statistics.headquarters_by_country(counts)
    delegates = partner_statistics.delegates_by_country()
    return [
        _status_table(counts),
        _standing_table(counts),
        _region_table(counts),
        _sector_table(),
        _decisions_table(),
        _countries_table(headquarters, delegates),
        _events_table(),
        _hearings_table(),
    ]


def table_by_slug(slug: str) -> Table | None:
    return next((table for table in statistics_tables() if table.slug == slug), None)


def directory_link(code: str) -> str:
    """The directory filtered by headquarters in the country."""
    return reverse("partners:directory") + f"?country={code}"


def delegates_directory_link(code: str) -> str:
    """The directory filtered by an active delegate in the country."""
    return reverse("partners:directory") + f"?delegate_country={code}"


def partner_map(
    counts: dict[str, int],
    *,
    mode: str,
    title: str,
    css_class="world-map",
    title_id="world-map-title",
    link=True,
):
    """The world map shaded by ``counts``; each country a link to the directory."""

    def label(code: str, count: int) -> str:
        if mode == "delegates":
            text = _("%(country)s: %(count)s partners with delegates")
        else:
            text = _("%(country)s: %(count)s partners headquartered")
        return text % {"country": country_name(code), "count": number_format(count)}

    return worldmap.world_map_svg(
        counts,
        title=title,
        link=(delegates_directory_link if mode == "delegates" else directory_link)
        if link
        else None,
        label=label,
        css_class=css_class,
        title_id=title_id,
    )


def map_counts(mode: str) -> dict[str, int]:
    if mode == "delegates":
        return partner_statistics.delegates_by_country()
    return partner_statistics.headquarters_by_country()


def map_title(mode: str) -> str:
    if mode == "delegates":
        return _("Countries where partners have delegates")
    return _("Countries of partners' headquarters")


def map_legend() -> list[dict]:
    """The shades of the map with the range of partners each stands for."""
    entries = []
    for colour, low, high in worldmap.legend():
        if high is None:
            text = _("%(low)s or more") % {"low": number_format(low)}
        elif high == low:
            text = number_format(low)
        else:
            text = _("%(low)s to %(high)s") % {
                "low": number_format(low),
                "high": number_format(high),
            }
        entries.append({"colour": colour, "text": text})
    return entries
