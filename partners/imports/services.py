"""The import as one call, for the command and the page."""

import datetime

from django.db import transaction
from django.utils import timezone

from foundation.uploads import private_storage
from partners.imports.plan import Importer, Report
from partners.imports.reader import Source
from partners.public_cache import partners_changed
from partners.search import refresh_deferred


def import_partners(
    *,
    source: Source,
    decisions: Source | None = None,
    user=None,
    dry_run: bool = False,
    valid_only: bool = False,
) -> Report:
    """Check the file; unless `dry_run`, write what it changes.

    With any problem nothing is written, unless `valid_only`: then the rows
    without problems are (a partner row and its decisions go together).
    Side effects: in one transaction, partners created or updated, their
    sectors, contacts and decisions; the search index rebuilt once for the
    partners touched; the public cache bumped.
    """
    importer = Importer(source, decisions, user=user)
    report = importer.check()
    if report.refused or dry_run or report.nothing_to_change:
        return report
    if report.has_errors and not valid_only:
        return report
    with transaction.atomic(), refresh_deferred():
        report = importer.apply()
    partners_changed()
    return report


# Twelve times the confirmation's lifetime (views_import.TOKEN_AGE, 2 h): a
# file this old can no longer be confirmed.
STALE_UPLOAD_AGE = datetime.timedelta(hours=24)
UPLOAD_FOLDER = "imports"


def import_uploads_delete_stale(*, older_than: datetime.timedelta = STALE_UPLOAD_AGE) -> int:
    """Delete the uploaded import files never confirmed, older than `older_than`.

    An upload waits in the private storage until the Secretariat confirms
    it; one never confirmed would stay there for good. Its confirmation
    token, if still held, then reads as expired ("upload the file again").
    Side effects: files removed from the private storage under `imports/`.
    Returns how many.
    """
    storage = private_storage()
    limit = timezone.now() - older_than
    deleted = 0
    for name in _files_under(storage, UPLOAD_FOLDER):
        try:
            if storage.get_modified_time(name) < limit:
                storage.delete(name)
                deleted += 1
        except FileNotFoundError:
            continue  # confirmed and deleted meanwhile
    return deleted


def _files_under(storage, folder: str):
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:
        return
    for name in files:
        yield f"{folder}/{name}"
    for child in folders:
        yield from _files_under(storage, f"{folder}/{child}")
