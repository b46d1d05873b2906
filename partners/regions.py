"""UNESCO's five regions, derived from a country's ISO 3166 alpha-2 code.

The region is never stored: it follows from the country, so that a partner
moving its headquarters cannot end up in the wrong region.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Region(models.TextChoices):
    AFRICA = "africa", _("Africa")
    ARAB_STATES = "arab-states", _("Arab States")
    ASIA_PACIFIC = "asia-pacific", _("Asia and the Pacific")
    EUROPE_NORTH_AMERICA = "europe-north-america", _("Europe and North America")
    LATIN_AMERICA_CARIBBEAN = "latin-america-caribbean", _("Latin America and the Caribbean")


_COUNTRIES_BY_REGION = {
    Region.AFRICA: (
        "AO BJ BW BF BI CV CM CF TD KM CG CD CI DJ GQ ER SZ ET GA GM GH GN GW KE LS LR MG MW "
        "ML MU MZ NA NE NG RW ST SN SC SL SO ZA SS TZ TG UG ZM ZW RE YT SH"
    ),
    Region.ARAB_STATES: "DZ BH EG IQ JO KW LB LY MR MA OM PS QA SA SD SY TN AE YE EH",
    Region.ASIA_PACIFIC: (
        "AF AU BD BT BN KH CN CK FJ IN ID IR JP KZ KI KG LA MY MV MH FM MN MM NR NP NZ NU "
        "KP PK PW PG PH KR WS SG SB LK TJ TH TL TO TM TV UZ VU VN HK MO TW NC PF TK GU"
    ),
    Region.EUROPE_NORTH_AMERICA: (
        "AL AD AM AT AZ BY BE BA BG CA HR CY CZ DK EE FI FR GE DE GR HU IS IE IL IT LV LT "
        "LU MT MC ME NL MK NO PL PT MD RO RU SM RS SK SI ES SE CH TR UA GB US VA LI FO GL "
        "GI IM JE GG AX XK"
    ),
    Region.LATIN_AMERICA_CARIBBEAN: (
        "AG AR BS BB BZ BO BR CL CO CR CU DM DO EC SV GD GT GY HT HN JM MX NI PA PY PE KN "
        "LC VC SR TT UY VE AW CW SX KY VG MS AI TC BM PR GP MQ GF BL MF BQ VI FK"
    ),
}

REGION_BY_COUNTRY: dict[str, str] = {
    code: region.value for region, codes in _COUNTRIES_BY_REGION.items() for code in codes.split()
}


def region_of(country_code: str) -> str | None:
    """The UNESCO region value of an ISO alpha-2 code, or None if unknown."""
    return REGION_BY_COUNTRY.get((country_code or "").upper())


def countries_in(region: str) -> list[str]:
    return [code for code, value in REGION_BY_COUNTRY.items() if value == region]


def region_label(region: str | None) -> str:
    if region is None:
        return ""
    return str(Region(region).label)
