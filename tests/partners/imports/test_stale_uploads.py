"""Import uploads never confirmed are deleted after a day; fresh ones stay."""

import datetime
import os
import time

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.utils import timezone

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


def test_every_stale_upload_is_counted(private_storage_dir):
    uploads = [_upload(datetime.timedelta(days=2)) for _ in range(3)]
    assert import_uploads_delete_stale() == 3
    assert not any(private_storage().exists(name) for name in uploads)


def test_an_upload_exactly_a_day_old_waits_one_more_sweep(private_storage_dir, monkeypatch):
    now = timezone.now().replace(microsecond=0)
    monkeypatch.setattr("partners.imports.services.timezone.now", lambda: now)
    name = private_storage().save(
        random_name(folder="imports", extension="csv"), ContentFile(b"slug\nx\n")
    )
    stamp = (now - datetime.timedelta(hours=24)).timestamp()
    os.utime(private_storage().path(name), (stamp, stamp))
    assert import_uploads_delete_stale() == 0
    assert private_storage().exists(name)


def test_an_upload_confirmed_during_the_sweep_is_passed_over(private_storage_dir, monkeypatch):
    uploads = [_upload(datetime.timedelta(days=2)) for _ in range(2)]
    storage = storages["private"]  # what private_storage() stands for
    modified_time = storage.get_modified_time
    asked = []

    def confirmed_meanwhile(name):
        asked.append(name)
        if len(asked) == 1:  # the first file listed is imported, then deleted, meanwhile
            storage.delete(name)
        return modified_time(name)

    monkeypatch.setattr(storage, "get_modified_time", confirmed_meanwhile)
    assert import_uploads_delete_stale() == 1
    assert sorted(asked) == sorted(uploads)
    assert not any(private_storage().exists(name) for name in uploads)
