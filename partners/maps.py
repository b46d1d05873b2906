"""The small world map of a partner's profile: its headquarters and the
countries of its active delegates, each a link to the directory filtered by
that country (drawn by foundation/worldmap.py)."""

from django.urls import reverse
from django.utils.translation import gettext as _

from foundation import worldmap
from foundation.countries import name as country_name

HEADQUARTERS, DELEGATES = 30, 3  # two distinct shades of the map's scale


def partner_countries_map(partner):
    counts = {delegate.country.code: DELEGATES for delegate in partner.delegates.all()}
    if partner.country:
        counts[partner.country.code] = HEADQUARTERS

    def label(code: str, count: int) -> str:
        if count == HEADQUARTERS:
            text = _("%(country)s: headquarters")
        else:
            text = _("%(country)s: delegates")
        return text % {"country": country_name(code)}

    return worldmap.world_map_svg(
        counts,
        title=_("Countries where %(partner)s is present") % {"partner": partner.name},
        link=lambda code: reverse("partners:directory") + f"?country={code}",
        label=label,
        css_class="world-map world-map-small",
        title_id="partner-map-title",
    )
