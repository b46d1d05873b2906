"""Indexes that let the directory read its first page in name order without
sorting every published partner: one partial index per language, because the
directory orders by the active language's name."""

from django.db import migrations

LANGUAGES = ("fr", "en", "es")


class Migration(migrations.Migration):
    dependencies = [("partners", "0003_self_service")]

    operations = [
        migrations.RunSQL(
            sql=[
                f"CREATE INDEX IF NOT EXISTS partner_published_name_{code} "
                f"ON partners_partner (name_{code}) WHERE published"
                for code in LANGUAGES
            ],
            reverse_sql=[f"DROP INDEX IF EXISTS partner_published_name_{code}" for code in LANGUAGES],
        )
    ]
