"""Validators shared by every app's models and forms.

Single-line fields (names, titles, themes, subjects) end up in places where a
line break changes meaning: an email's subject (the first line of a rendered
message template), a CSV cell, a calendar entry's summary, a page's <title>.
A text input cannot send a line break, so one that arrives was forged: it is
refused with a message rather than silently rewritten.
"""

import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

# Unicode "Cc" covers the C0 and C1 controls (line feed, carriage return, tab,
# escape, NUL...); "Zl" and "Zp" are the line and paragraph separators, which
# some mail and text tools also treat as line breaks.
FORBIDDEN_CATEGORIES = frozenset({"Cc", "Zl", "Zp"})


def validate_single_line(value) -> None:
    """Refuse line breaks and control characters in a one-line text."""
    if value is None:
        return
    if any(unicodedata.category(character) in FORBIDDEN_CATEGORIES for character in str(value)):
        raise ValidationError(
            _("Use a single line, without line breaks or control characters."),
            code="single_line",
        )


def single_line(text) -> str:
    """`text` as one line: every run of whitespace or control characters
    becomes one space. For building an email subject or a header defensively,
    whatever an older row or a bulk update may have stored."""
    cleaned = "".join(
        " " if unicodedata.category(character) in FORBIDDEN_CATEGORIES else character
        for character in str(text or "")
    )
    return " ".join(cleaned.split())


def clean_text(value, *, label: str, max_length: int, required: bool = True) -> str:
    """A free text a service stores, stripped; `label` names it in the refusals
    (worded in the language active now).

    Raises ValidationError when it holds a NUL character (which PostgreSQL
    cannot store), is empty but `required`, or is longer than `max_length`.
    """
    value = (value or "").strip()
    if "\x00" in value:
        raise ValidationError(
            gettext("%(label)s contains a forbidden character."), params={"label": label}
        )
    if required and not value:
        raise ValidationError(gettext("%(label)s is required."), params={"label": label})
    if len(value) > max_length:
        raise ValidationError(
            gettext("%(label)s must be at most %(max)d characters."),
            params={"label": label, "max": max_length},
        )
    return value
