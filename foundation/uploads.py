"""Checking, naming and storing private uploads: the rules every app shares.

A file is accepted for what its bytes are, not for its name or declared
type: PDF, DOCX, ODT, XLSX, PNG or JPEG, and each app narrows that list with
`allowed`. Office files are zip archives, so they are opened and decompressed
up to a cap: a zip bomb is refused however its headers lie. Files are stored
in the private storage under random names; the uploaded name is kept only as
display metadata, stripped of any path and given the extension of what the
file really is.

Plain functions: what differs between apps (the kinds allowed, the folder,
how a refusal is worded) is passed in as arguments.
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
from django.core.files.storage import Storage, storages
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

PDF = "application/pdf"
PNG = "image/png"
JPEG = "image/jpeg"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ODT = "application/vnd.oasis.opendocument.text"

EXTENSIONS = {PDF: "pdf", PNG: "png", JPEG: "jpg", DOCX: "docx", XLSX: "xlsx", ODT: "odt"}
ALL_KINDS = frozenset(EXTENSIONS)

# An office document of a few megabytes rarely holds more than a few hundred
# entries or expands past a few dozen megabytes.
ZIP_MAX_ENTRIES = 2000
ZIP_MAX_UNCOMPRESSED = 100 * 1024 * 1024
HEAD_BYTES = 8192

# Refusals an app may word its own way. Each is interpolated with `name` (the
# uploaded name), `size` and `limit` (both human-readable); a message uses
# those it needs.
TOO_LARGE = _("The file is %(size)s; the limit is %(limit)s.")
NOT_ACCEPTED = _("This file type is not accepted. Upload a PDF, DOCX, ODT, XLSX, PNG or JPEG file.")
_TOO_MANY_ENTRIES = _("This archive holds too many files to be a genuine document.")
_EXPANDS_TOO_MUCH = _("This file expands to an unreasonable size and was refused.")

# Besides control characters: what Windows refuses in a file name, and quotes,
# which a Content-Disposition header would have to escape.
_RESERVED = frozenset('"<>:|?*')


@dataclass(frozen=True)
class CheckedFile:
    content_type: str
    extension: str
    size: int
    sha256: str
    display_name: str


class _ConfiguredPrivateStorage(Storage):
    """Stands for storages["private"] as configured at each use.

    A FileField keeps the storage object it is given for the life of the
    process; this one follows STORAGES when it changes (tests point it at a
    temporary directory), so models and services always agree on the disk.
    """

    def __getattribute__(self, name):
        return getattr(storages["private"], name)


_PRIVATE_STORAGE = _ConfiguredPrivateStorage()


def private_storage() -> Storage:
    return _PRIVATE_STORAGE


def display_name(name: str, extension: str) -> str:
    """The uploaded name, safe to show and to offer on download.

    No path, no control or reserved characters, at most 150 characters
    before the extension, and the extension of what the file really is (a
    PDF uploaded as "minutes.exe" is offered as "minutes.pdf").
    """
    base = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    base = unicodedata.normalize("NFC", base)
    base = "".join(char for char in base if char.isprintable() and char not in _RESERVED)
    stem = base.strip(". ").rsplit(".", 1)[0].strip()[:150] or "document"
    return f"{stem}.{extension}"


def random_name(*, folder: str, extension: str) -> str:
    """Where a new file goes: the app's folder, the month, and a random name.

    Nothing the user typed reaches the path, so a name can be neither
    guessed nor made to collide, and the month keeps directories small.
    """
    return f"{folder}/{timezone.now():%Y/%m}/{uuid.uuid4().hex}.{extension}"


def _read_all(archive: zipfile.ZipFile, entries: list[zipfile.ZipInfo]) -> None:
    """Decompress every entry, refusing as soon as the output passes the cap."""
    total = 0
    for entry in entries:
        with archive.open(entry) as member:
            while chunk := member.read(1024 * 1024):
                total += len(chunk)
                if total > ZIP_MAX_UNCOMPRESSED:
                    raise ValidationError(_EXPANDS_TOO_MUCH, code="zip_bomb")


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
            raise ValidationError(_TOO_MANY_ENTRIES, code="zip_bomb")
        if sum(entry.file_size for entry in entries) > ZIP_MAX_UNCOMPRESSED:
            raise ValidationError(_EXPANDS_TOO_MUCH, code="zip_bomb")
        names = {entry.filename for entry in entries}
        # Headers can lie about sizes: count what decompression actually yields.
        try:
            _read_all(archive, entries)
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


def sniff_content_type(upload) -> str | None:
    """What the bytes are, among the known kinds, or None.

    Raises ValidationError (code "zip_bomb") for an archive too large to open.
    """
    upload.seek(0)
    head = upload.read(HEAD_BYTES)
    guessed = filetype.guess_mime(head)
    if guessed in {PDF, PNG, JPEG}:
        return guessed
    if head.startswith(b"PK\x03\x04"):
        return _zip_kind(upload)
    return None


def check_upload(
    upload,
    *,
    allowed: frozenset[str] = ALL_KINDS,
    too_large=TOO_LARGE,
    not_accepted=NOT_ACCEPTED,
) -> CheckedFile:
    """Validate an uploaded file by its content; raise ValidationError with a clear message.

    `allowed` narrows the kinds accepted; `too_large` and `not_accepted`
    word those refusals for the app (see TOO_LARGE for the placeholders).
    Leaves the file at position 0, ready to be stored.
    """
    size = upload.size or 0
    name = getattr(upload, "name", "") or ""
    params = {
        "name": name,
        "size": filesizeformat(size),
        "limit": filesizeformat(settings.UPLOAD_MAX_BYTES),
    }
    if size == 0:
        raise ValidationError(_("The file is empty."), code="empty")
    if size > settings.UPLOAD_MAX_BYTES:
        raise ValidationError(too_large, params=params, code="too_large")
    content_type = sniff_content_type(upload)
    if content_type is None or content_type not in allowed:
        raise ValidationError(not_accepted, params=params, code="type")
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
        display_name=display_name(name, extension),
    )


DOCUMENTS = frozenset({PDF, DOCX, ODT})


def check_document(upload) -> CheckedFile:
    """The content checks for a document (PDF, DOCX or ODT), naming the file when refused."""
    return check_upload(
        upload,
        allowed=DOCUMENTS,
        too_large=_("%(name)s is larger than %(limit)s."),
        not_accepted=_("%(name)s is not a PDF, Word (DOCX) or OpenDocument (ODT) file."),
    )


def store_upload(upload, checked: CheckedFile, *, folder: str) -> str:
    """Save a checked file to the private storage under a random name; return that name."""
    upload.seek(0)
    name = random_name(folder=folder, extension=checked.extension)
    return private_storage().save(name, File(upload))


def delete_stored(name: str) -> None:
    private_storage().delete(name)
