"""Hostile uploads through the working groups' form: refused with a clear message, nothing stored.

The rules themselves (each kind of hostile file, names, the size limit) are
tested once, in tests/portal/test_uploads.py; here, that the form and the
services apply them and store nothing when they refuse.
"""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from forums.models import Document, DocumentFile
from tests.conftest import sign_in, verified
from tests.factories import PartnerEditorFactory, PartnerFactory
from tests.files import files_on_disk
from tests.forums.factories import (
    JPEG_BYTES,
    PNG_BYTES,
    DocumentFactory,
    WorkingGroupFactory,
    WorkingGroupMembershipFactory,
    docx_bytes,
    odt_bytes,
    pdf_bytes,
    xlsx_bytes,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def member(db):
    group = WorkingGroupFactory(slug="strengthening")
    partner = PartnerFactory()
    group.member_partners.add(partner)
    # Management rights hold while the person edits for a member partner.
    user = verified(PartnerEditorFactory(partner=partner, user__email="member@example.org").user)
    WorkingGroupMembershipFactory(working_group=group, user=user, partner=partner)
    return user


def _post(client, user, upload, **extra):
    sign_in(client, user)
    data = {"kind": "guide", "title_en": "Guide for new NGOs", "file_en": upload, **extra}
    return client.post("/en/working-groups/strengthening/documents/new/", data)


def test_upload_pdf_is_stored_under_a_random_name_in_private_storage(
    client, member, private_storage_dir
):
    response = _post(client, member, SimpleUploadedFile("guide.pdf", pdf_bytes()))
    assert response.status_code == 302
    stored = DocumentFile.objects.get()
    assert stored.content_type == "application/pdf"
    assert stored.original_name == "guide.pdf"
    assert "guide" not in stored.stored_name
    assert stored.stored_name.endswith(".pdf")
    assert [p.name for p in files_on_disk(private_storage_dir)] == [
        stored.stored_name.rsplit("/", 1)[-1]
    ]


def test_upload_script_renamed_pdf_is_refused(client, member, private_storage_dir):
    script = SimpleUploadedFile(
        "guide.pdf", b"#!/bin/sh\nrm -rf /\n", content_type="application/pdf"
    )
    response = _post(client, member, script)
    assert response.status_code == 400
    assert "This file type is not accepted" in response.text
    assert Document.objects.count() == 0
    assert files_on_disk(private_storage_dir) == []


def test_upload_html_renamed_pdf_is_refused(client, member):
    html = SimpleUploadedFile("x.pdf", b"<html><script>alert(1)</script></html>")
    response = _post(client, member, html)
    assert "This file type is not accepted" in response.text
    assert "<script>alert(1)" not in response.text


def test_upload_zip_bomb_is_refused(client, member, private_storage_dir, settings):
    settings.UPLOAD_MAX_BYTES = 10 * 1024 * 1024
    # 200 MB of zeros compresses to about 200 KB: a DOCX-looking bomb.
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
        archive.writestr("word/media/zeros.bin", b"\0" * (200 * 1024 * 1024))
    bomb = SimpleUploadedFile("report.docx", buffer.getvalue())
    assert bomb.size < 1024 * 1024
    response = _post(client, member, bomb)
    assert "expands to an unreasonable size" in response.text
    assert Document.objects.count() == 0
    assert files_on_disk(private_storage_dir) == []


def test_upload_empty_file_is_refused(client, member):
    response = _post(client, member, SimpleUploadedFile("empty.pdf", b""))
    assert response.status_code == 400
    # Django's own FileField message for an empty upload.
    assert "The submitted file is empty." in response.text
    assert Document.objects.count() == 0


def test_upload_path_traversal_and_non_latin_name_is_stored_safely(
    client, member, private_storage_dir
):
    name = "../../../etc/Дорожная карта 路线图 خارطة.pdf"
    response = _post(client, member, SimpleUploadedFile(name, pdf_bytes()))
    assert response.status_code == 302
    stored = DocumentFile.objects.get()
    assert stored.original_name == "Дорожная карта 路线图 خارطة.pdf"
    assert ".." not in stored.stored_name
    files = files_on_disk(private_storage_dir)
    assert len(files) == 1
    assert files[0].resolve().is_relative_to(private_storage_dir.resolve())
    # The file is served back with its display name, properly encoded.
    download = client.get(stored.get_absolute_url())
    assert download.status_code == 200
    assert "filename*=utf-8''" in download["Content-Disposition"]
    assert b"".join(download.streaming_content) == pdf_bytes()


def test_upload_docx_odt_xlsx_png_jpeg_are_accepted(client, member):
    samples = [
        ("a.docx", docx_bytes(), "wordprocessingml"),
        ("b.odt", odt_bytes(), "opendocument.text"),
        ("c.xlsx", xlsx_bytes(), "spreadsheetml"),
        ("d.png", PNG_BYTES, "image/png"),
        ("e.jpg", JPEG_BYTES, "image/jpeg"),
    ]
    for index, (name, data, expected) in enumerate(samples):
        response = _post(
            client, member, SimpleUploadedFile(name, data), title_en=f"Document {index}"
        )
        assert response.status_code == 302, name
        assert expected in DocumentFile.objects.get(original_name=name).content_type


def test_upload_refused_in_one_language_stores_nothing(client, member, private_storage_dir):
    sign_in(client, member)
    response = client.post(
        "/en/working-groups/strengthening/documents/new/",
        {
            "kind": "guide",
            "title_en": "Guide",
            "file_fr": SimpleUploadedFile("ok.pdf", pdf_bytes()),
            "file_en": SimpleUploadedFile("bad.pdf", b"MZ\x90\x00 windows executable"),
        },
    )
    assert "This file type is not accepted" in response.text
    assert Document.objects.count() == 0
    assert files_on_disk(private_storage_dir) == []


def test_new_version_refused_keeps_previous_version(client, member, private_storage_dir):
    from forums.models import WorkingGroup

    document = DocumentFactory(working_group=WorkingGroup.objects.get(slug="strengthening"))
    sign_in(client, member)
    response = client.post(
        document.get_absolute_url() + "versions/",
        {"file_en": SimpleUploadedFile("v2.pdf", b"not a pdf at all")},
    )
    assert response.status_code == 400
    assert "This file type is not accepted" in response.text
    assert list(document.versions.values_list("number", flat=True)) == [1]
    assert len(files_on_disk(private_storage_dir)) == 2


def test_upload_hostile_text_fields_are_refused_or_escaped(client, member):
    response = _post(
        client,
        member,
        SimpleUploadedFile("g.pdf", pdf_bytes()),
        title_en="<script>alert(1)</script>",
        title_fr="x" * 10_000,
        summary_en="nul\x00byte",
        meeting="999999",
        kind="not-a-kind",
    )
    assert response.status_code == 400
    assert Document.objects.count() == 0
    assert "<script>alert(1)</script>" not in response.text
    assert "Select a valid choice" in response.text


def test_working_group_files_go_with_their_rows_however_deleted(
    client, member, private_storage_dir, django_capture_on_commit_callbacks
):
    for title in ("Guide for new NGOs", "Forums guide"):
        upload = SimpleUploadedFile("guide.pdf", pdf_bytes())
        assert _post(client, member, upload, title_en=title).status_code == 302
    assert len(files_on_disk(private_storage_dir)) == 2
    group = Document.objects.first().working_group
    with pytest.raises(RuntimeError), transaction.atomic():
        group.delete()
        raise RuntimeError("rolled back")
    assert len(files_on_disk(private_storage_dir)) == 2
    group = Document.objects.first().working_group  # delete() cleared the old instance's id
    with django_capture_on_commit_callbacks(execute=True):
        group.delete()  # as the admin would, cascading to documents, versions, files
    assert DocumentFile.objects.count() == 0
    assert files_on_disk(private_storage_dir) == []
