"""Sector names are now part of each partner's search documents: rebuild them."""

from django.db import migrations


def rebuild(apps, schema_editor):
    # The function is shared with the rebuild_search command; it is given the
    # historical model, not the live one its module imports.
    from partners.search import rebuild_search_documents  # noqa: PLC0415 -- at run time only

    rebuild_search_documents(apps.get_model("partners", "Partner"))


class Migration(migrations.Migration):
    dependencies = [("partners", "0010_un_countries")]

    operations = [migrations.RunPython(rebuild, migrations.RunPython.noop, elidable=True)]
