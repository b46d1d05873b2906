"""Sector names are now part of each partner's search documents: rebuild them."""

from django.db import migrations


def rebuild(apps, schema_editor):
    # The function is shared with the rebuild_search command; it is given the
    # historical model, not the live one its module imports.
    from partners.search import rebuild_search_documents  # noqa: PLC0415 -- at run time only

    partner_model = apps.get_model("partners", "Partner")
    # A new database has no partner yet; nothing to rebuild. (The live
    # languages may also name columns this historical model does not have,
    # when a language is added after this migration: see tests/rehearsal.)
    if partner_model.objects.exists():
        rebuild_search_documents(partner_model)


class Migration(migrations.Migration):
    dependencies = [("partners", "0010_un_countries")]

    operations = [migrations.RunPython(rebuild, migrations.RunPython.noop, elidable=True)]
