"""PostgreSQL-only pieces of the partner search: the unaccent extension, the
GIN indexes on the per-language search vectors, and the five UNESCO sectors.

On SQLite the SQL steps are skipped; search falls back to `search_text`.
"""

from django.db import migrations

SECTORS = [
    ("education", 1, "Éducation", "Education", "Educación"),
    ("natural-sciences", 2, "Sciences exactes et naturelles", "Natural Sciences", "Ciencias Exactas y Naturales"),
    ("social-human-sciences", 3, "Sciences sociales et humaines", "Social and Human Sciences", "Ciencias Sociales y Humanas"),
    ("culture", 4, "Culture", "Culture", "Cultura"),
    ("communication-information", 5, "Communication et information", "Communication and Information", "Comunicación e Información"),
]


def postgres_only(sql):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql)

    return run


def create_sectors(apps, schema_editor):
    Sector = apps.get_model("partners", "Sector")
    for code, position, name_fr, name_en, name_es in SECTORS:
        Sector.objects.update_or_create(
            code=code,
            defaults={
                "position": position,
                "name": name_en,
                "name_fr": name_fr,
                "name_en": name_en,
                "name_es": name_es,
            },
        )


CREATE_INDEXES = """
CREATE EXTENSION IF NOT EXISTS unaccent;
CREATE INDEX IF NOT EXISTS partner_search_fr_gin ON partners_partner USING gin (search_fr);
CREATE INDEX IF NOT EXISTS partner_search_en_gin ON partners_partner USING gin (search_en);
CREATE INDEX IF NOT EXISTS partner_search_es_gin ON partners_partner USING gin (search_es);
"""

DROP_INDEXES = """
DROP INDEX IF EXISTS partner_search_fr_gin;
DROP INDEX IF EXISTS partner_search_en_gin;
DROP INDEX IF EXISTS partner_search_es_gin;
"""


class Migration(migrations.Migration):
    dependencies = [("partners", "0001_initial")]

    operations = [
        migrations.RunPython(postgres_only(CREATE_INDEXES), postgres_only(DROP_INDEXES)),
        migrations.RunPython(create_sectors, migrations.RunPython.noop),
    ]
