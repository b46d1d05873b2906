"""Import uploads never confirmed are deleted after a day; fresh ones stay."""

import datetime
import os
import time

from django.conf import settings
from django.core.files.base import ContentFile

from foundation.uploads import private_storage, random_name
from partners.imports.services import import_uploads_delete_stale
from partners.tasks import delete_stale_import_uploads


def _upload(age: datetime.timedelta) -> str:
    name = private_storage().save(
        random_name(folder="imports", extension="csv"), ContentFile(b"slug\nx\n")
    )
    stamp = time.time() - age.total_seconds()
    os.utime(private_storage().path(name), (stamp, stamp))
    return name


def test_old_upload_deleted_fresh_kept(private_storage_dir):
    old = _upload(datetime.timedelta(hours=25))
    fresh = _upload(datetime.timedelta(hours=1))
    other = private_storage().save("reports/2026/01/kept.pdf", ContentFile(b"%PDF"))
    os.utime(private_storage().path(other), (0, 0))

    assert import_uploads_delete_stale() == 1

    assert not private_storage().exists(old)
    assert private_storage().exists(fresh)
    assert private_storage().exists(other)  # only the import folder is swept


def test_task_runs_the_cleanup_and_is_scheduled(private_storage_dir):
    old = _upload(datetime.timedelta(days=3))

    assert delete_stale_import_uploads() == 1

    assert not private_storage().exists(old)
    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "partners.tasks.delete_stale_import_uploads" in tasks


def test_nothing_uploaded_yet(private_storage_dir):
    assert import_uploads_delete_stale() == 0
