"""Writing the dump: one ZIP of CSV files and their datapackage.json, put in
place atomically, and reading back what the open-data page shows.

The ZIP is written to a temporary file in the same directory and renamed over
the previous one (``os.replace``, atomic on one filesystem): a visitor or the
front server downloading during a rebuild gets the old file whole, never half
of the new one. Rows go straight from the database cursor into the ZIP's
deflate stream, so memory does not grow with the number of partners.
"""

from __future__ import annotations

import csv
import datetime
import io
import json
import logging
import os
import tempfile
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone, translation

from portal.open_data.resources import resources
from portal.open_data.tables import Resource

logger = logging.getLogger(__name__)

FILE_NAME = "ngo-unesco-open-data.zip"
DESCRIPTOR = "datapackage.json"
LICENCE = {
    "name": "CC-BY-4.0",
    "path": "https://creativecommons.org/licenses/by/4.0/",
    "title": "Creative Commons Attribution 4.0 International",
}


def root() -> Path:
    return Path(settings.OPEN_DATA_ROOT)


def dump_path() -> Path:
    return root() / FILE_NAME


def package_descriptor(items: list[Resource], *, created: str, counts: dict[str, int]) -> dict:
    site = settings.SITE_URL
    return {
        "profile": "tabular-data-package",
        "name": "ngo-unesco-partnership",
        "title": "NGO–UNESCO partnership: public data",
        "description": (
            "The public data of the NGO–UNESCO partnership portal: partners in official "
            "partnership with UNESCO and their history, forums and sessions of the "
            "International Conference of NGOs with their programme, hearings with Member "
            "States, working groups and their published documents, and the portal's figures. "
            "Field descriptions are in English; translated texts have one column per language."
        ),
        "homepage": f"{site}{reverse('portal:open_data')}",
        "version": created[:10],
        "created": created,
        "licenses": [LICENCE],
        "sources": [{"title": "NGO–UNESCO partnership portal", "path": site}],
        "contributors": [{"title": "UNESCO – Civil Society and Partnerships", "role": "publisher"}],
        "resources": [
            {**resource.descriptor(), "rows": counts[resource.name]} for resource in items
        ],
    }


def _write_resource(archive: zipfile.ZipFile, resource: Resource) -> int:
    count = 0
    with (
        archive.open(resource.path, "w", force_zip64=True) as raw,
        io.TextIOWrapper(raw, encoding="utf-8", newline="") as text,
    ):
        writer = csv.writer(text, lineterminator="\r\n")
        writer.writerow([field.name for field in resource.fields])
        for row in resource.rows():
            writer.writerow(row)
            count += 1
    return count


def build_dump() -> Path:
    """Write the dump and put it in place; returns its path.

    Side effects: writes OPEN_DATA_ROOT/ngo-unesco-open-data.zip (replacing
    the previous dump atomically); reads only public data.
    """
    started = time.monotonic()
    target = dump_path()
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".open-data-", suffix=".tmp")
    outermost = not connection.in_atomic_block
    try:
        # One snapshot for every file: foreign keys between them hold even
        # when a partner is unpublished while the dump is written.
        with (
            os.fdopen(handle, "wb") as output,
            translation.override("en"),
            transaction.atomic(),
            zipfile.ZipFile(output, "w", compression=zipfile.ZIP_DEFLATED) as archive,
        ):
            _one_snapshot(outermost)
            items = resources()
            counts = {resource.name: _write_resource(archive, resource) for resource in items}
            created = timezone.now().astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
            descriptor = package_descriptor(items, created=created, counts=counts)
            archive.writestr(DESCRIPTOR, json.dumps(descriptor, ensure_ascii=False, indent=2))
        # mkstemp creates the file readable by its owner only; the front
        # server (another user) serves it.
        os.chmod(temporary, 0o644)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    logger.info(
        "open data: %s rows in %s files, %s bytes, %.1f s",
        sum(counts.values()),
        len(counts),
        target.stat().st_size,
        time.monotonic() - started,
    )
    _MANIFEST.clear()
    return target


def _one_snapshot(outermost: bool) -> None:
    """On PostgreSQL, every query of the build sees the same snapshot (the
    default READ COMMITTED takes a new one per statement). Must be the
    transaction's first statement; a build inside a caller's transaction
    (a test) reads that transaction's data anyway."""
    if outermost and connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")


# ---------------------------------------------------------------- reading back


@dataclass(frozen=True)
class Manifest:
    """What the open-data page shows about the current dump."""

    size: int
    modified: float
    descriptor: dict

    @property
    def created(self):
        return datetime.datetime.fromisoformat(self.descriptor["created"].replace("Z", "+00:00"))

    @property
    def resources(self) -> list[dict]:
        return self.descriptor.get("resources", [])


_MANIFEST: dict[tuple, Manifest] = {}


def manifest() -> Manifest | None:
    """The current dump's descriptor, size and time, or None if there is none.

    Read from the ZIP once per file version (size and modification time) and
    kept in the process: the page costs no query and no unzip per request.
    """
    path = dump_path()
    try:
        stat = path.stat()
    except FileNotFoundError:
        return None
    key = (str(path), stat.st_size, stat.st_mtime_ns)
    found = _MANIFEST.get(key)
    if found is None:
        try:
            with zipfile.ZipFile(path) as archive:
                descriptor = json.loads(archive.read(DESCRIPTOR))
        except (zipfile.BadZipFile, KeyError, ValueError):
            logger.exception("open data: unreadable dump %s", path)
            return None
        _MANIFEST.clear()
        found = _MANIFEST[key] = Manifest(stat.st_size, stat.st_mtime, descriptor)
    return found
