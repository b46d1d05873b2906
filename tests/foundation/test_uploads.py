"""The shared upload rules (foundation.uploads): what a file is, what it is called, where it goes.

Every hostile file is refused with a clear message before anything is
stored; the apps' own tests check that their forms use these rules
(tests/forums/test_uploads.py, tests/forums/test_event_documents.py,
tests/dialogue/test_request_form.py).
"""

import hashlib
import io
import struct
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from foundation import uploads
from tests.forums.factories import (
    JPEG_BYTES,
    PNG_BYTES,
    docx_bytes,
    odt_bytes,
    pdf_bytes,
    xlsx_bytes,
    zip_bytes,
)

ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"
NOT_ACCEPTED = "This file type is not accepted. Upload a PDF, DOCX, ODT, XLSX, PNG or JPEG file."


def _upload(name: str, data: bytes) -> SimpleUploadedFile:
    # The declared type is the browser's word: never trusted, so always a lie here.
    return SimpleUploadedFile(name, data, content_type="application/pdf")


def _refusal(upload, **kwargs) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        uploads.check_upload(upload, **kwargs)
    return caught.value


@pytest.fixture(autouse=True)
def _english():
    # Messages are compared word for word; an earlier test may have left
    # another language active in this thread.
    with translation.override("en"):
        yield


# What a file is


@pytest.mark.parametrize(
    ("name", "data", "content_type", "extension"),
    [
        ("a.pdf", pdf_bytes(), uploads.PDF, "pdf"),
        ("b.docx", docx_bytes(), uploads.DOCX, "docx"),
        ("c.odt", odt_bytes(), uploads.ODT, "odt"),
        ("d.xlsx", xlsx_bytes(), uploads.XLSX, "xlsx"),
        ("e.png", PNG_BYTES, uploads.PNG, "png"),
        ("f.jpeg", JPEG_BYTES, uploads.JPEG, "jpg"),
        # The name does not matter either way: a PDF called .docx is a PDF.
        ("g.docx", pdf_bytes(), uploads.PDF, "pdf"),
    ],
)
def test_check_upload_recognises_each_kind_by_its_content(name, data, content_type, extension):
    checked = uploads.check_upload(_upload(name, data))
    assert checked.content_type == content_type
    assert checked.extension == extension
    assert checked.size == len(data)
    assert checked.sha256 == hashlib.sha256(data).hexdigest()


def test_check_upload_leaves_the_file_at_its_start_for_storing():
    upload = _upload("a.pdf", pdf_bytes())
    uploads.check_upload(upload)
    assert upload.read() == pdf_bytes()


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("guide.pdf", b"#!/bin/sh\nrm -rf /\n"),  # a script renamed
        ("report.pdf", b"MZ\x90\x00\x03\x00\x00\x00" + b"\0" * 100),  # a Windows executable
        ("tool.odt", b"\x7fELF\x02\x01\x01" + b"\0" * 100),  # a Linux executable
        ("x.pdf", b"<html><script>alert(1)</script></html>"),  # HTML disguised as a PDF
        ("y.pdf", b"<svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'/>"),
        ("notes.pdf", b"just text pretending to be a PDF"),
        ("z.docx", zip_bytes({"readme.txt": "a zip, not a document"})),  # an archive of anything
        ("w.docx", zip_bytes({"word/document.xml": "<w:document/>"})),  # no [Content_Types].xml
        # [Content_Types].xml alone does not make an office file: the workbook or
        # document part must be there too.
        ("s.xlsx", zip_bytes({"[Content_Types].xml": "<Types/>", "run.exe": b"MZ\x90\x00"})),
        ("t.docx", zip_bytes({"[Content_Types].xml": "<Types/>", "xl/other.xml": "<x/>"})),
        ("v.odt", zip_bytes({"mimetype": "application/x-anything", "content.xml": "x"})),
        ("broken.docx", b"PK\x03\x04" + b"\xff" * 200),  # a corrupt archive
    ],
)
def test_check_upload_refuses_what_is_not_an_accepted_document(name, data):
    error = _refusal(_upload(name, data))
    assert error.code == "type"
    assert error.messages == [NOT_ACCEPTED]


def test_check_upload_refuses_kinds_the_app_does_not_allow():
    documents_only = frozenset({uploads.PDF, uploads.DOCX, uploads.ODT})
    for name, data in (("image.docx", PNG_BYTES), ("sheet.xlsx", xlsx_bytes())):
        assert _refusal(_upload(name, data), allowed=documents_only).code == "type"
    assert uploads.check_upload(_upload("a.odt", odt_bytes()), allowed=documents_only)


def test_check_upload_refuses_an_empty_file():
    error = _refusal(_upload("empty.pdf", b""))
    assert error.code == "empty"
    assert error.messages == ["The file is empty."]


def test_check_upload_refuses_a_file_over_the_limit_and_says_the_limit(settings):
    settings.UPLOAD_MAX_BYTES = 1000
    error = _refusal(_upload("big.pdf", pdf_bytes("x" * 2000)))
    assert error.code == "too_large"
    assert error.messages == ["The file is 2.1\xa0KB; the limit is 1000\xa0bytes."]


def test_check_upload_words_refusals_the_apps_way(settings):
    settings.UPLOAD_MAX_BYTES = 100
    kwargs = {
        "too_large": "%(name)s is larger than %(limit)s.",
        "not_accepted": "%(name)s is not a document (%(size)s).",
    }
    too_large = _refusal(_upload("big.pdf", pdf_bytes("x" * 200)), **kwargs)
    assert too_large.messages == ["big.pdf is larger than 100\xa0bytes."]
    not_accepted = _refusal(_upload("page.pdf", b"<html>"), **kwargs)
    assert not_accepted.messages == ["page.pdf is not a document (6\xa0bytes)."]


def test_a_document_names_itself_when_refused(settings):
    """check_document (the lifecycle's and the elections' documents) words
    both refusals with the file's name, and takes PDF, Word and ODT only."""
    settings.UPLOAD_MAX_BYTES = 100
    with pytest.raises(ValidationError) as too_large:
        uploads.check_document(_upload("statutes.pdf", pdf_bytes("x" * 200)))
    assert too_large.value.messages == ["statutes.pdf is larger than 100\xa0bytes."]
    settings.UPLOAD_MAX_BYTES = 10 * 1024 * 1024
    with pytest.raises(ValidationError) as not_accepted:
        uploads.check_document(_upload("logo.png", PNG_BYTES))
    assert not_accepted.value.messages == [
        "logo.png is not a PDF, Word (DOCX) or OpenDocument (ODT) file."
    ]
    assert uploads.check_document(_upload("statutes.pdf", pdf_bytes())).content_type == (
        "application/pdf"
    )


def test_check_upload_refusals_keep_their_translations():
    """The msgids did not change when the code moved here (needs compilemessages)."""
    with translation.override("fr"):
        assert _refusal(_upload("x.pdf", b"<html>")).messages == [
            "Ce type de fichier n'est pas accepté. Téléversez un fichier PDF, DOCX, ODT, "
            "XLSX, PNG ou JPEG."
        ]


# Zip bombs


def test_check_upload_refuses_a_zip_bomb():
    # 200 MB of zeros compresses to about 200 KB: a DOCX-looking bomb.
    bomb = docx_bytes(extra={"word/media/zeros.bin": b"\0" * (200 * 1024 * 1024)})
    assert len(bomb) < 1024 * 1024
    error = _refusal(_upload("report.docx", bomb))
    assert error.code == "zip_bomb"
    assert error.messages == ["This file expands to an unreasonable size and was refused."]


def test_check_upload_refuses_a_zip_with_too_many_entries():
    entries = {"[Content_Types].xml": "<Types/>", "word/document.xml": "<w:document/>"}
    entries.update({f"x/{index}": b"" for index in range(2100)})
    error = _refusal(_upload("many.docx", zip_bytes(entries, zipfile.ZIP_STORED)))
    assert error.code == "zip_bomb"
    assert error.messages == ["This archive holds too many files to be a genuine document."]


def _understate_sizes(data: bytes, member: str, declared: int) -> bytes:
    """Rewrite the uncompressed size of `member` in both zip headers."""
    data = bytearray(data)
    name = member.encode()
    local = data.index(b"PK\x03\x04")
    while data[local + 30 : local + 30 + len(name)] != name:
        local = data.index(b"PK\x03\x04", local + 4)
    struct.pack_into("<I", data, local + 22, declared)
    central = data.index(b"PK\x01\x02")
    while data[central + 46 : central + 46 + len(name)] != name:
        central = data.index(b"PK\x01\x02", central + 4)
    struct.pack_into("<I", data, central + 24, declared)
    return bytes(data)


def test_check_upload_refuses_a_zip_whose_headers_understate_its_size():
    honest = docx_bytes(extra={"word/media/zeros.bin": b"\0" * (5 * 1024 * 1024)})
    lying = _understate_sizes(honest, "word/media/zeros.bin", declared=1000)
    with zipfile.ZipFile(io.BytesIO(lying)) as archive:
        assert archive.getinfo("word/media/zeros.bin").file_size == 1000
    # Refused whatever the reason given: never taken for a document.
    assert _refusal(_upload("report.docx", lying)).code in {"type", "zip_bomb"}


def test_decompression_stops_at_the_cap_whatever_the_headers_say(monkeypatch):
    # The headers were checked before; this is the count of what actually comes out.
    data = docx_bytes(extra={"word/media/zeros.bin": b"\0" * 5000})
    monkeypatch.setattr(uploads, "ZIP_MAX_UNCOMPRESSED", 4096)
    with zipfile.ZipFile(io.BytesIO(data)) as archive, pytest.raises(ValidationError) as caught:
        uploads._read_all(archive, archive.infolist())
    assert caught.value.code == "zip_bomb"


def test_decompression_counts_every_entry_up_to_the_cap_and_no_further(monkeypatch):
    monkeypatch.setattr(uploads, "ZIP_MAX_UNCOMPRESSED", 6000)
    exactly = zip_bytes({"a": b"\0" * 3000, "b": b"\0" * 3000})
    with zipfile.ZipFile(io.BytesIO(exactly)) as archive:
        uploads._read_all(archive, archive.infolist())  # at the cap: accepted
    # Each entry is under the cap, together they are over it.
    over = zip_bytes({"a": b"\0" * 3000, "b": b"\0" * 3001})
    with zipfile.ZipFile(io.BytesIO(over)) as archive, pytest.raises(ValidationError) as caught:
        uploads._read_all(archive, archive.infolist())
    assert caught.value.code == "zip_bomb"
    assert caught.value.messages == ["This file expands to an unreasonable size and was refused."]


def test_an_archive_at_the_caps_is_still_a_document(monkeypatch):
    entries = {"[Content_Types].xml": "<Types/>", "word/document.xml": "<w:document/>"}
    entries.update({f"x/{index}": b"" for index in range(uploads.ZIP_MAX_ENTRIES - 2)})
    data = zip_bytes(entries, zipfile.ZIP_STORED)
    assert uploads.check_upload(_upload("many.docx", data)).content_type == uploads.DOCX
    # Declared sizes adding up to the cap exactly.
    data = docx_bytes(extra={"word/media/zeros.bin": b"\0" * 5000})
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        declared = sum(entry.file_size for entry in archive.infolist())
    monkeypatch.setattr(uploads, "ZIP_MAX_UNCOMPRESSED", declared)
    assert uploads.check_upload(_upload("full.docx", data)).content_type == uploads.DOCX


def test_an_archive_with_a_non_ascii_mimetype_is_refused_not_a_crash():
    data = zip_bytes({"mimetype": "application/vnd.oasis.opendocument.text\u00e9"})
    assert _refusal(_upload("v.odt", data)).code == "type"
    data = zip_bytes({"mimetype": b"\xff\xfe" + ODT_MIMETYPE})
    assert _refusal(_upload("w.odt", data)).code == "type"


def test_a_file_at_the_size_limit_is_accepted(settings):
    data = pdf_bytes()
    settings.UPLOAD_MAX_BYTES = len(data)
    assert uploads.check_upload(_upload("a.pdf", data)).size == len(data)


def test_a_file_without_a_name_is_called_document():
    upload = File(io.BytesIO(pdf_bytes()), name=None)
    assert uploads.check_upload(upload).display_name == "document.pdf"


# What a file is called


@pytest.mark.parametrize(
    ("name", "extension", "expected"),
    [
        ("guide.pdf", "pdf", "guide.pdf"),
        ("../../../etc/Дорожная карта 路线图 خارطة.pdf", "pdf", "Дорожная карта 路线图 خارطة.pdf"),
        ("..\\..\\Windows\\System32\\report.docx", "docx", "report.docx"),
        ("C:\\Users\\ana\\minutes.odt", "odt", "minutes.odt"),
        ("/etc/passwd", "pdf", "passwd.pdf"),
        ("minutes.exe", "pdf", "minutes.pdf"),  # offered as what it really is
        ("Report.PDF", "pdf", "Report.pdf"),
        ("minutes.v2.final.docx", "docx", "minutes.v2.final.docx"),  # only the last dot
        ("X-ray of the network. Exec summary.pdf", "pdf", "X-ray of the network. Exec summary.pdf"),
        ("photo", "jpg", "photo.jpg"),
        ("invoice\u202efdp.exe", "pdf", "invoicefdp.pdf"),  # right-to-left override dropped
        ("a\x00b\r\nc\x1b[31m.pdf", "pdf", "abc[31m.pdf"),  # control characters dropped
        ('"quoted" <what?>|*:.pdf', "pdf", "quoted what.pdf"),
        ("e\u0301te\u0301.pdf", "pdf", "été.pdf"),  # normalised (NFC)
        ("", "pdf", "document.pdf"),
        ("...", "pdf", "document.pdf"),
        ("dir/", "xlsx", "document.xlsx"),
        (None, "png", "document.png"),
    ],
)
def test_display_name_is_safe_to_show_and_download(name, extension, expected):
    assert uploads.display_name(name, extension) == expected


def test_display_name_is_bounded():
    name = uploads.display_name("x" * 10_000 + ".pdf", "pdf")
    assert name == "x" * 150 + ".pdf"


def test_check_upload_gives_the_cleaned_display_name():
    checked = uploads.check_upload(_upload("../../etc/notes.exe", pdf_bytes()))
    assert checked.display_name == "notes.pdf"


# Where a file goes


def test_store_upload_uses_a_random_name_in_the_private_storage(private_storage_dir):
    upload = _upload("../../../etc/Дорожная карта.pdf", pdf_bytes())
    checked = uploads.check_upload(upload)
    first = uploads.store_upload(upload, checked, folder="events")
    second = uploads.store_upload(upload, checked, folder="events")
    assert first != second
    for stored in (first, second):
        folder, year, month, base = stored.split("/")
        assert folder == "events"
        assert len(year) == 4 and len(month) == 2
        assert len(base) == len("0" * 32 + ".pdf") and base.endswith(".pdf")
        path = private_storage_dir / stored
        assert path.resolve().is_relative_to(private_storage_dir.resolve())
        assert path.read_bytes() == pdf_bytes()
    assert sorted(p.name for p in private_storage_dir.rglob("*") if p.is_file()) == sorted(
        stored.rsplit("/", 1)[-1] for stored in (first, second)
    )


def test_delete_stored_removes_the_file(private_storage_dir):
    upload = _upload("a.pdf", pdf_bytes())
    stored = uploads.store_upload(upload, uploads.check_upload(upload), folder="test")
    uploads.delete_stored(stored)
    assert not (private_storage_dir / stored).exists()
