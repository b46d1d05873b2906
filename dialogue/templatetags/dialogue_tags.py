"""`{% hearings_at_event event %}`: hearings with Member States held during an event.

Lets the event page (a site-wide template) show dialogue data without forums
importing dialogue.
"""

from django import template

from dialogue import selectors

register = template.Library()


@register.inclusion_tag("dialogue/event_hearings.html")
def hearings_at_event(event):
    return {"hearings": selectors.hearing_list_at_event(event=event)}
