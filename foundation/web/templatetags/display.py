"""Template filters and tags that show values as people read them.

{% load display %}
{{ session|ordinal:"f" }}             223rd / 223e / 223.ª
{{ request.countries|country_names }} Senegal, Brazil
{{ code|country_name }}
{% translate "Theme" %}{% colon %}     "Theme: " / "Thème\u00a0: " (French spacing)
{{ value|date:"DATE_FORMAT" }}      as Django's, with "1er" in French
{% untranslated_note req "theme" %}    "This text is in Spanish; …" or nothing
{% translated partner "mission" %}   the text, marked with lang="xx" and a
                                      note when it falls back to another language
"""

from django import template

from foundation import display

register = template.Library()

register.filter("ordinal", display.ordinal)
register.filter("country_name", display.country_name)
register.filter("country_names", display.country_names)
register.simple_tag(display.untranslated_note, name="untranslated_note")
register.simple_tag(display.colon, name="colon")
# Replaces Django's builtin ``date`` (this library is a builtin too): "1er juin".
register.filter("date", display.date, expects_localtime=True, is_safe=False)


@register.inclusion_tag("foundation/translated.html")
def translated(instance, field, linebreaks=True):
    """A modeltranslation field, labelled when it falls back to another language.

    The block carries lang="xx" so that screen readers pronounce it in its own
    language, and a note in the page's language says which one it is.
    """
    language = display.shown_language(instance, field)
    fallback = language != display.active_language()
    return {
        "text": getattr(instance, field, "") or "",
        "language": language,
        "fallback": fallback,
        "note": display.available_in_note(language) if fallback else "",
        "linebreaks": linebreaks,
    }
