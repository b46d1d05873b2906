"""Ordinal numbers as each language writes them: 202nd, 202e, 202.ª.

Executive Board and General Conference sessions are named by ordinals; a
raw "202th" is never shown.
"""

from django.utils import translation


def ordinal(number: int, language: str | None = None) -> str:
    language = (language or translation.get_language() or "en")[:2]
    if language == "fr":
        return "1er" if number == 1 else f"{number}e"
    if language == "es":
        return f"{number}.ª"
    if 10 <= number % 100 <= 20:
        suffix = "th"
    else:
        suffix = {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"
