"""The configured languages, as data.

No form, admin, search or revision code names a language: each asks this
module, which reads `settings.LANGUAGES` (the interface languages, which are
also the languages of the translated model fields: `MODELTRANSLATION_LANGUAGES`
is derived from it). Adding a language is a settings change plus the
migrations that `makemigrations` writes for the new columns.
"""

from django.conf import settings
from django.utils.functional import lazy
from modeltranslation.utils import build_localized_fieldname

# PostgreSQL's built-in text search configurations, by language code; a
# language without one is searched with "simple" (no stemming).
POSTGRES_TEXT_SEARCH = {
    "ar": "arabic",
    "ca": "catalan",
    "da": "danish",
    "de": "german",
    "el": "greek",
    "en": "english",
    "es": "spanish",
    "eu": "basque",
    "fi": "finnish",
    "fr": "french",
    "ga": "irish",
    "hi": "hindi",
    "hu": "hungarian",
    "hy": "armenian",
    "id": "indonesian",
    "it": "italian",
    "lt": "lithuanian",
    "ne": "nepali",
    "nl": "dutch",
    "no": "norwegian",
    "pt": "portuguese",
    "ro": "romanian",
    "ru": "russian",
    "sr": "serbian",
    "sv": "swedish",
    "ta": "tamil",
    "tr": "turkish",
    "yi": "yiddish",
}


def language_codes() -> list[str]:
    """The configured language codes, in the order of `settings.LANGUAGES`."""
    return [code for code, _name in settings.LANGUAGES]


def language_choices() -> list[tuple[str, str]]:
    """(code, translated name) pairs, for a choice of language."""
    return list(settings.LANGUAGES)


def is_language(code) -> bool:
    return code in language_codes()


def localized_field_names(field: str) -> list[str]:
    """`localized_field_names("name")` → ["name_fr", "name_en", "name_es"]."""
    return [build_localized_fieldname(field, code) for code in language_codes()]


def default_language_field_name(field: str) -> str:
    """The column of the default language (`settings.LANGUAGE_CODE`): "name_en"."""
    return build_localized_fieldname(field, settings.LANGUAGE_CODE)


def localized_form_fields(field: str, label, make_field) -> dict:
    """One form field per language, named like the model's translated columns.

    `label` is a lazily translated pattern with a `%(language)s` placeholder
    ("Mission (%(language)s)"); `make_field(label)` builds one field. A form
    class spreads the result into its body (`locals().update(...)`: at class
    scope `locals()` is the class namespace), so the fields keep their order.
    """
    return {name: make_field(text) for name, text in localized_labels(field, label).items()}


def localized_labels(field: str, label) -> dict:
    """{"mission_fr": "Mission (French)", …}, lazily translated."""
    return {
        build_localized_fieldname(field, code): localized_label(label, name)
        for code, name in settings.LANGUAGES
    }


def _format_label(pattern, name) -> str:
    return str(pattern) % {"language": name}


# Evaluated when rendered, so that both the pattern and the language's name
# follow the language of the request.
localized_label = lazy(_format_label, str)


def fallback_languages() -> list[str]:
    """The order in which a missing translation falls back (modeltranslation's)."""
    return list(settings.MODELTRANSLATION_FALLBACK_LANGUAGES["default"])


def search_config(code: str) -> str:
    """The PostgreSQL text search configuration for a language."""
    return POSTGRES_TEXT_SEARCH.get(code, "simple")


def postgres_collation(code: str) -> str:
    """The PostgreSQL ICU collation that sorts text as speakers of `code` expect.

    PostgreSQL's initdb creates "<language>-x-icu" for every language ICU
    knows; "und-x-icu" (the root collation) is the fallback for a language
    it would not. Either ignores accents at the first level ("Fédération"
    before "Forum"), unlike the database's default byte-order collation.
    """
    return f"{code}-x-icu" if code in POSTGRES_TEXT_SEARCH else "und-x-icu"
