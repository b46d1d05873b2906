"""The statistics page's tables (portal/statistics.py) as files of the dump,
by code rather than by label, so that the figures join the other files."""

from __future__ import annotations

from dialogue.statistics import hearings_by_year
from forums.statistics import registrations_by_region
from partners import statistics as partner_statistics
from partners.models import PartnershipStatus, Standing
from partners.regions import Region
from portal.open_data.tables import EVENT, EVENT_FK, Field, Resource


def _labelled(data, labels) -> list[list]:
    return [[code, str(labels.get(code, code)), n] for code, n in data]


def _count_fields(code: str, what: str) -> list[Field]:
    return [
        Field(code, "string", f"{what} (code).", required=True),
        Field("label", "string", f"{what} (English label)."),
        Field(
            "partners",
            "integer",
            "Published partners whose partnership has not ended "
            "(for 'standing': all published partners).",
        ),
    ]


def statistics_resources() -> list[Resource]:
    """One file per table of the statistics page."""
    counts = partner_statistics.partner_counts()
    headquarters = partner_statistics.headquarters_by_country(counts)
    delegates = partner_statistics.delegates_by_country()
    regions = list(Region)
    return [
        Resource(
            "statistics_partners_by_status",
            "Partners by status",
            "Published partners whose partnership has not ended, by status.",
            _count_fields("status", "Status"),
            lambda: _labelled(
                partner_statistics.partners_by_status(counts), dict(PartnershipStatus.choices)
            ),
            primary_key=["status"],
        ),
        Resource(
            "statistics_partners_by_standing",
            "Partnerships by standing",
            "Published partners by standing (active, suspended, ended).",
            _count_fields("standing", "Standing"),
            lambda: _labelled(
                partner_statistics.partners_by_standing(counts), dict(Standing.choices)
            ),
            primary_key=["standing"],
        ),
        Resource(
            "statistics_partners_by_region",
            "Partners by region of their headquarters",
            "Published partners whose partnership has not ended, by UNESCO region.",
            _count_fields("region", "UNESCO region"),
            lambda: _labelled(partner_statistics.partners_by_region(counts), dict(Region.choices)),
            primary_key=["region"],
        ),
        Resource(
            "statistics_partners_by_sector",
            "Partners by UNESCO sector",
            "Published partners whose partnership has not ended, by UNESCO sector "
            "(a partner may work in several).",
            _count_fields("sector", "UNESCO sector"),
            lambda: [
                [sector.code, sector.name_en or sector.name, n]
                for sector, n in partner_statistics.partners_by_sector()
            ],
            primary_key=["sector"],
            foreign_keys=[("sector", "sectors", "code")],
        ),
        Resource(
            "statistics_decisions_by_year",
            "Admissions and ends of partnership per year",
            "Decisions on published partners, from their status history.",
            [
                Field("year", "year", "Year.", required=True),
                Field("admissions", "integer", "Admissions decided that year."),
                Field("ends", "integer", "Partnerships ended that year."),
            ],
            partner_statistics.decisions_by_year,
            primary_key=["year"],
        ),
        Resource(
            "statistics_countries",
            "Countries with a partner's headquarters or delegates",
            "Per country: partners headquartered there and partners with an active "
            "delegate there (partnerships not ended).",
            [
                Field("country", "string", "Country (ISO 3166-1 alpha-2).", required=True),
                Field("headquarters", "integer", "Partners headquartered in the country."),
                Field(
                    "partners_with_delegates",
                    "integer",
                    "Partners with at least one active delegate in the country.",
                ),
            ],
            lambda: [
                [code, headquarters.get(code, 0), delegates.get(code, 0)]
                for code in sorted(set(headquarters) | set(delegates))
            ],
            primary_key=["country"],
        ),
        Resource(
            "statistics_registrations_by_region",
            "Registrations at forums and conference sessions, by region",
            "Per published forum or CIONG session: registrations by the UNESCO region of "
            "the registering NGO's headquarters.",
            [
                EVENT,
                *[
                    Field(
                        region.value.replace("-", "_"),
                        "integer",
                        f"Registrations by NGOs headquartered in {region.label}.",
                    )
                    for region in regions
                ],
                Field("total", "integer", "All registrations (including NGOs of no region)."),
            ],
            lambda: [
                [event.slug, *[by.get(region.value, 0) for region in regions], sum(by.values())]
                for event, by in registrations_by_region()
            ],
            primary_key=["event"],
            foreign_keys=[EVENT_FK],
        ),
        Resource(
            "statistics_hearings_by_year",
            "Hearings with Member States per year",
            "Hearings scheduled or held, by year, with the Member States involved.",
            [
                Field("year", "year", "Year.", required=True),
                Field("hearings", "integer", "Hearings scheduled or held that year."),
                Field(
                    "member_states",
                    "string",
                    "Member States involved (ISO 3166-1 alpha-2, separated by ';').",
                ),
            ],
            lambda: [[year, n, ";".join(states)] for year, n, states in hearings_by_year()],
            primary_key=["year"],
        ),
    ]
