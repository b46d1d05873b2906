"""Checking, storing and serving uploaded files.

A file is accepted for what its bytes are, not for its name: PDF, DOCX, ODT,
XLSX, PNG or JPEG. Office files are zip archives, so they are opened and
decompressed up to a cap (a zip bomb is refused however its headers lie).
Files are stored in the private storage under random names; the uploaded
name is kept only as display metadata, stripped of any path.
"""

import hashlib
import unicodedata
import uuid
import zipfile
from dataclasses import dataclass

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.core.files.storage import storages
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _

PDF = "application/pdf"
PNG = "image/png"
JPEG = "image/jpeg"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ODT = "application/vnd.oasis.opendocument.text"

EXTENSIONS = {PDF: "pdf", PNG: "png", JPEG: "jpg", DOCX: "docx", XLSX: "xlsx", ODT: "odt"}

# An office document of a few megabytes rarely holds more than a few hundred
# entries or expands past a few dozen megabytes.
ZIP_MAX_ENTRIES = 2000
ZIP_MAX_UNCOMPRESSED = 100 * 1024 * 1024
HEAD_BYTES = 8192


@dataclass(frozen=True)
class CheckedFile:
    content_type: str
    extension: str
    size: int
    sha256: str
    display_name: str


def private_storage():
    return storages["private"]


def display_name(name: str, extension: str) -> str:
    """The uploaded name, safe to show: no path, no control characters, bounded."""
    name = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(
        char for char in unicodedata.normalize("NFC", name) if unicodedata.category(char)[0] != "C"
    )
    name = name.strip().strip(".")
    if not name:
        name = f"document.{extension}"
    return name[:200]


def _zip_kind(upload) -> str | None:
    """DOCX, XLSX or ODT, after decompressing every entry up to the caps."""
    upload.seek(0)
    try:
        archive = zipfile.ZipFile(upload)
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    with archive:
        entries = archive.infolist()
        if len(entries) > ZIP_MAX_ENTRIES:
            raise ValidationError(
                _("This archive holds too many files to be a genuine document."), code="zip_bomb"
            )
        if sum(entry.file_size for entry in entries) > ZIP_MAX_UNCOMPRESSED:
            raise ValidationError(
                _("This file expands to an unreasonable size and was refused."), code="zip_bomb"
            )
        names = {entry.filename for entry in entries}
        # Headers can lie about sizes: count what decompression actually yields.
        total = 0
        try:
            for entry in entries:
                with archive.open(entry) as member:
                    while chunk := member.read(1024 * 1024):
                        total += len(chunk)
                        if total > ZIP_MAX_UNCOMPRESSED:
                            raise ValidationError(
                                _("This file expands to an unreasonable size and was refused."),
                                code="zip_bomb",
                            )
            mimetype = archive.read("mimetype").decode("ascii", "replace").strip()
        except KeyError:
            mimetype = ""
        except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError, RuntimeError):
            return None
    if mimetype == ODT:
        return ODT
    if "[Content_Types].xml" in names and "word/document.xml" in names:
        return DOCX
    if "[Content_Types].xml" in names and "xl/workbook.xml" in names:
        return XLSX
    return None


def check_upload(upload, *, allowed: frozenset[str] | None = None) -> CheckedFile:
    """Validate an uploaded file by its content; raise ValidationError with a clear message."""
    allowed = allowed or frozenset(EXTENSIONS)
    size = upload.size or 0
    if size == 0:
        raise ValidationError(_("The file is empty."), code="empty")
    if size > settings.UPLOAD_MAX_BYTES:
        raise ValidationError(
            _("The file is %(size)s; the limit is %(limit)s.")
            % {"size": filesizeformat(size), "limit": filesizeformat(settings.UPLOAD_MAX_BYTES)},
            code="too_large",
        )
    upload.seek(0)
    head = upload.read(HEAD_BYTES)
    guessed = filetype.guess_mime(head)
    content_type = None
    if guessed in {PDF, PNG, JPEG}:
        content_type = guessed
    elif head.startswith(b"PK\x03\x04"):
        content_type = _zip_kind(upload)
    if content_type is None or content_type not in allowed:
        raise ValidationError(
            _("This file type is not accepted. Upload a PDF, DOCX, ODT, XLSX, PNG or JPEG file."),
            code="type",
        )
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    extension = EXTENSIONS[content_type]
    return CheckedFile(
        content_type=content_type,
        extension=extension,
        size=size,
        sha256=digest.hexdigest(),
        display_name=display_name(getattr(upload, "name", ""), extension),
    )


def store_upload(upload, checked: CheckedFile, *, folder: str) -> str:
    """Save to the private storage under a random name; return the stored name."""
    name = f"{folder}/{timezone.now():%Y/%m}/{uuid.uuid4().hex}.{checked.extension}"
    upload.seek(0)
    return private_storage().save(name, File(upload))


def stored_fields(upload, *, folder: str, allowed: frozenset[str] | None = None) -> dict:
    """check_upload + store_upload, as model field values for a StoredFile."""
    checked = check_upload(upload, allowed=allowed)
    return {
        "stored_name": store_upload(upload, checked, folder=folder),
        "original_name": checked.display_name,
        "content_type": checked.content_type,
        "size": checked.size,
        "sha256": checked.sha256,
    }


def delete_stored(name: str) -> None:
    private_storage().delete(name)
