"""Values as people read them: ordinals, country names, the language of a text.

Templates reach these through the ``display`` template library
(foundation/web/templatetags/display.py); Python code (emails, exports) calls
them directly. Nothing here knows an app: a translated model field is named by
its base name and read through modeltranslation's columns.
"""

from collections.abc import Iterable

from django.conf import settings
from django.template import defaultfilters
from django.utils import dateformat, formats
from django.utils.translation import get_language, get_language_info, gettext
from django.utils.translation import gettext_lazy as _
from modeltranslation.utils import build_localized_fieldname, resolution_order

from foundation import countries
from foundation.languages import language_codes

FEMININE = "f"
MASCULINE = "m"


def active_language() -> str:
    return (get_language() or settings.LANGUAGE_CODE).split("-")[0]


def _english_ordinal(number: int) -> str:
    if number % 100 in (11, 12, 13):
        return f"{number}th"
    return f"{number}{ {1: 'st', 2: 'nd', 3: 'rd'}.get(number % 10, 'th') }"


def _french_ordinal(number: int, gender: str) -> str:
    # Imprimerie nationale: 1er / 1re, then 2e, 3e… (never "ème").
    if number == 1:
        return "1re" if gender == FEMININE else "1er"
    return f"{number}e"


def _spanish_ordinal(number: int, gender: str) -> str:
    # Real Academia Española: a full stop before the ordinal indicator.
    return f"{number}.ª" if gender == FEMININE else f"{number}.º"


def ordinal(number, gender: str = MASCULINE) -> str:
    """The ordinal of `number` in the active language: 223rd, 223e, 223.ª.

    `gender` is the grammatical gender of the noun the ordinal qualifies in
    French and Spanish ("f" or "m"); English ignores it. A value that is not
    a whole number is returned as it came.
    """
    try:
        number = int(number)
    except (TypeError, ValueError):
        return "" if number is None else str(number)
    language = active_language()
    if language == "fr":
        return _french_ordinal(number, gender)
    if language == "es":
        return _spanish_ordinal(number, gender)
    if language == "en":
        return _english_ordinal(number)
    return str(number)


# French sets a non-breaking space before the two-part punctuation marks.
_SPACE_BEFORE_COLON = {"fr": "\u00a0"}


def colon() -> str:
    """The label separator of the active language: ": ", or "\u00a0: " in French."""
    return f"{_SPACE_BEFORE_COLON.get(active_language(), '')}: "


def country_name(value) -> str:
    """The UN short name of a country (a django-countries Country or a code)."""
    code = getattr(value, "code", value)
    return countries.name(str(code).upper()) if code else ""


def country_names(values: Iterable) -> str:
    """Country names joined by commas, in the order given."""
    return ", ".join(name for name in (country_name(value) for value in values or ()) if name)


def shown_language(instance, field: str) -> str:
    """The language whose column modeltranslation shows for `field` now.

    The active language when its column has text, else the first fallback
    language that has some (the same order modeltranslation reads).
    """
    active = active_language()
    for language in resolution_order(active):
        if language in language_codes() and getattr(
            instance, build_localized_fieldname(field, language), None
        ):
            return language
    return active


_AVAILABLE_IN = {
    "en": _("Text available in English"),
    "fr": _("Text available in French"),
    "es": _("Text available in Spanish"),
}


_UNTRANSLATED_IN = {
    "en": _("This text is in English; no translation is available yet."),
    "fr": _("This text is in French; no translation is available yet."),
    "es": _("This text is in Spanish; no translation is available yet."),
}


def untranslated_note(instance, field: str) -> str:
    """A sentence saying which language `field` is shown in, "" when in the active one.

    For texts read away from the page (emails), where no lang attribute can
    tell the reader.
    """
    language = shown_language(instance, field)
    if language == active_language():
        return ""
    if language in _UNTRANSLATED_IN:
        return str(_UNTRANSLATED_IN[language])
    return available_in_note(language)


def available_in_note(language: str) -> str:
    """'Text available in English', said in the active language."""
    if language in _AVAILABLE_IN:
        return str(_AVAILABLE_IN[language])
    return gettext("Text available in %(language)s") % {
        "language": get_language_info(language)["name_translated"]
    }


def _french_first_day(format_string: str) -> str:
    # "j" (day without leading zero) becomes "j" + literal "er"; escaped
    # characters (a backslash and the next one) are left as they are.
    out, escaped = [], False
    for char in format_string:
        out.append(char)
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif char == "j":
            out.append(r"\e\r")
    return "".join(out)


def date(value, arg=None) -> str:
    """Django's ``date`` filter, writing "1er juin" on the first day in French."""
    if value in (None, ""):
        return ""
    if active_language() == "fr" and getattr(value, "day", None) == 1:
        format_string = formats.get_format(arg or "DATE_FORMAT")
        try:
            return dateformat.format(value, _french_first_day(format_string))
        except AttributeError:
            return ""
    return defaultfilters.date(value, arg)
