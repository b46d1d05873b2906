"""Forums' stored files become foundation.files.PrivateFile models.

`stored_name` (a CharField holding the storage name) is renamed `file` and
becomes a FileField on the same column type (varchar(200), unique): the
values are already storage names, so no row changes and nothing is lost.
"""

import foundation.uploads
from django.db import migrations, models


def _file_field():
    return models.FileField(
        editable=False,
        max_length=200,
        storage=foundation.uploads.private_storage,
        unique=True,
        upload_to="",
    )


class Migration(migrations.Migration):
    dependencies = [
        ("forums", "0001_initial"),
    ]

    operations = [
        migrations.RenameField(model_name="documentfile", old_name="stored_name", new_name="file"),
        migrations.AlterField(model_name="documentfile", name="file", field=_file_field()),
        migrations.RenameField(
            model_name="eventdocument", old_name="stored_name", new_name="file"
        ),
        migrations.AlterField(model_name="eventdocument", name="file", field=_file_field()),
    ]
