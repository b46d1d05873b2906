"""`{% partner_forums_links partner %}`: the groups a partner belongs to and its events.

Lets the partner profile show forums data without partners importing forums.
"""

from django import template

from forums import selectors

register = template.Library()


@register.inclusion_tag("forums/partner_links.html")
def partner_forums_links(partner):
    return {
        "partner": partner,
        "groups": selectors.partner_groups(partner=partner),
        "events": selectors.partner_events(partner=partner),
        "terms": selectors.partner_committee_terms(partner=partner),
    }
