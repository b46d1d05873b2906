"""The directory sorts names under each language's ICU collation: its partial
name indexes (0004) are rebuilt with the same collation, or PostgreSQL would
sort every published partner again. Nothing to do on SQLite."""

from django.db import migrations

from foundation.languages import postgres_collation

# Frozen, as in 0004: a migration must not follow the settings of a later day
# (a language added later brings its own columns, and its index, with it).
LANGUAGES = ("fr", "en", "es")


def _statements(collated: bool) -> list[str]:
    statements = []
    for code in LANGUAGES:
        collation = f' COLLATE "{postgres_collation(code)}"' if collated else ""
        statements += [
            f"DROP INDEX IF EXISTS partner_published_name_{code}",
            f"CREATE INDEX partner_published_name_{code} "
            f"ON partners_partner (name_{code}{collation}) WHERE published",
        ]
    return statements


def _run(collated):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for statement in _statements(collated):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("partners", "0011_search_sector_names")]

    operations = [migrations.RunPython(_run(True), _run(False))]
