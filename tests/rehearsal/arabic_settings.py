"""The test settings with Arabic added: a rehearsal of adding a language.

Only LANGUAGES changes; the translated model fields follow it. The apps'
migrations are read from a throw-away package (REHEARSAL_MIGRATIONS, a copy
of theirs) where `makemigrations` writes the new language's columns, and the
database is a scratch one (REHEARSAL_DATABASE_URL).
"""

import os

import dj_database_url

from tests.settings import *  # noqa: F403

LANGUAGES = [*LANGUAGES, ("ar", "Arabic")]  # noqa: F405
MODELTRANSLATION_LANGUAGES = tuple(code for code, _name in LANGUAGES)
MODELTRANSLATION_FALLBACK_LANGUAGES = {
    "default": (LANGUAGE_CODE, *(c for c in MODELTRANSLATION_LANGUAGES if c != LANGUAGE_CODE))  # noqa: F405
}

MIGRATED_APPS = ["accounts", "partners", "forums", "dialogue", "newsletter"]
_package = os.environ["REHEARSAL_MIGRATIONS"]
MIGRATION_MODULES = {label: f"{_package}.{label}" for label in MIGRATED_APPS}
DATABASES = {"default": dj_database_url.parse(os.environ["REHEARSAL_DATABASE_URL"])}
