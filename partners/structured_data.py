"""The schema.org description of a partner's public profile (JSON-LD).

``NGO`` for a non-governmental organisation, ``Organization`` for a
foundation; Google's Organization rich results need ``name`` and ``url``.
Only what the profile itself shows: no contact's email, no delegate's name.
"""

from django.utils.html import strip_tags
from django.utils.text import Truncator

from foundation.countries import name as country_name
from foundation.links import site_url
from partners.models import Partner


def partner_json_ld(partner: Partner) -> dict:
    """Reads the partner's prefetched sectors and active delegates (as
    ``partner_get_public`` loads them): no query of its own."""
    data = {
        "@context": "https://schema.org",
        "@type": "NGO" if partner.kind == Partner.Kind.NGO else "Organization",
        "@id": site_url(partner.get_absolute_url()) + "#organization",
        "name": partner.name,
        "alternateName": partner.acronym,
        "url": site_url(partner.get_absolute_url()),
        "sameAs": [partner.website] if partner.website else [],
        "logo": site_url(partner.logo.url) if partner.logo else "",
        "description": Truncator(strip_tags(partner.mission or "")).words(60),
        "foundingDate": str(partner.founding_year) if partner.founding_year else "",
        "address": {
            "@type": "PostalAddress",
            "streetAddress": partner.address,
            "addressLocality": partner.city,
            "addressCountry": partner.country.code,
        },
        "knowsAbout": [sector.name for sector in partner.sectors.all()],
        "areaServed": [
            {"@type": "Country", "name": country_name(code)}
            for code in sorted({delegate.country.code for delegate in partner.delegates.all()})
        ],
    }
    return data
