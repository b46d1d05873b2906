"""foundation.files: one private-file base (cleanup after commit) and one download response."""

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.db.models.signals import post_delete
from django.http import Http404

from dialogue.models import RequestFile
from forums.models import Candidature, DocumentFile, EventDocument
from foundation import uploads
from foundation.files import PrivateFile, private_file_response, store_checked_upload
from partners.lifecycle.models import ApplicationDocument, ReportAttachment
from tests.conftest import sign_in
from tests.dialogue.factories import DialogueRequestFactory
from tests.files import files_on_disk
from tests.forums.factories import EventFactory, pdf_bytes
from tests.foundation.factories import UserFactory

pytestmark = pytest.mark.django_db


def _stored(folder="tests") -> str:
    return uploads.private_storage().save(f"{folder}/report.pdf", ContentFile(pdf_bytes()))


def _event_document(*, published=True, event_published=True) -> EventDocument:
    return EventDocument.objects.create(
        event=EventFactory(published=event_published),
        title="Report",
        language="en",
        published=published,
        file=_stored(),
        original_name="Report 2026.pdf",
        content_type="application/pdf",
        size=10,
        sha256="0" * 64,
    )


def _exists(name: str) -> bool:
    return uploads.private_storage().exists(name)


def test_every_private_file_model_has_its_cleanup_wired_once():
    models = [m for m in apps.get_models() if issubclass(m, PrivateFile)]
    assert set(models) == {
        EventDocument,
        DocumentFile,
        RequestFile,
        ApplicationDocument,
        ReportAttachment,
        Candidature,
    }
    for model in models:
        receivers = post_delete._live_receivers(model)[0]
        assert len([r for r in receivers if r.__name__ == "_forget_file"]) == 1


def test_deleting_a_row_deletes_its_file_after_commit(django_capture_on_commit_callbacks):
    document = _event_document()
    name = document.file.name
    with django_capture_on_commit_callbacks(execute=True):
        document.delete()
        assert _exists(name)  # still there until the commit
    assert not _exists(name)


def test_a_rolled_back_deletion_keeps_the_file(django_capture_on_commit_callbacks):
    document = _event_document()
    name, pk = document.file.name, document.pk
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        document.delete()
        raise RuntimeError
    assert _exists(name)
    assert EventDocument.objects.filter(pk=pk).exists()


def test_a_cascade_deletes_request_files_too(django_capture_on_commit_callbacks, tmp_path):
    request = DialogueRequestFactory()
    stored = RequestFile(
        request=request,
        kind=RequestFile.Kind.ATTACHMENT,
        original_name="brief.pdf",
        content_type="application/pdf",
        size=10,
    )
    stored.file.save("brief.pdf", ContentFile(pdf_bytes()), save=False)
    stored.save()
    name = stored.file.name
    assert stored.file.storage.exists(name)
    with django_capture_on_commit_callbacks(execute=True):
        request.delete()
    assert not stored.file.storage.exists(name)


def test_a_checked_upload_is_stored_with_its_row(private_storage_dir):
    upload = SimpleUploadedFile("../Brief: 2026.exe", pdf_bytes())
    checked = uploads.check_upload(upload)
    row = RequestFile(
        request=DialogueRequestFactory(),
        kind=RequestFile.Kind.ATTACHMENT,
        uploaded_by=UserFactory(),
    )
    stored = store_checked_upload(row=row, upload=upload, checked=checked)
    saved = RequestFile.objects.get(pk=stored.pk)
    assert (saved.original_name, saved.content_type) == ("Brief 2026.pdf", "application/pdf")
    assert saved.size == len(pdf_bytes())
    # The field's upload_to names the file: nothing the user typed reaches the disk.
    assert saved.file.name.startswith("dialogue/") and "Brief" not in saved.file.name
    assert [path.read_bytes() for path in files_on_disk(private_storage_dir)] == [pdf_bytes()]


def test_a_checked_upload_whose_row_is_refused_leaves_no_file(private_storage_dir):
    upload = SimpleUploadedFile("brief.pdf", pdf_bytes())
    checked = uploads.check_upload(upload)
    row = RequestFile(
        request=DialogueRequestFactory(), kind="not-a-kind", uploaded_by=UserFactory()
    )
    with pytest.raises(ValidationError) as refused:
        store_checked_upload(row=row, upload=upload, checked=checked)
    assert "kind" in refused.value.message_dict
    assert not RequestFile.objects.exists()
    assert files_on_disk(private_storage_dir) == []


def test_a_private_response_is_an_uncached_attachment_that_is_never_sniffed():
    document = _event_document()
    response = private_file_response(
        document.file, filename="Report 2026.pdf", content_type="application/pdf"
    )
    assert response["Content-Disposition"].startswith("attachment;")
    assert "Report 2026.pdf" in response["Content-Disposition"]
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-store"
    assert b"".join(response.streaming_content) == pdf_bytes()


def test_a_public_response_may_be_cached():
    document = _event_document()
    response = private_file_response(document.file, filename="r.pdf", public=True)
    assert response["Cache-Control"] == "public, max-age=3600"
    response.close()


def test_a_file_gone_from_the_disk_is_a_404():
    document = _event_document()
    uploads.private_storage().delete(document.file.name)
    with pytest.raises(Http404):
        private_file_response(document.file, filename="r.pdf")


def test_an_unpublished_outcome_document_is_served_private_no_store(client, secretariat):
    document = _event_document(published=False)
    sign_in(client, secretariat)
    response = client.get(document.get_absolute_url())
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("attachment;")
    assert client.logout() is None
    assert client.get(document.get_absolute_url()).status_code == 404


def test_a_published_outcome_document_may_be_cached(client):
    document = _event_document()
    response = client.get(document.get_absolute_url())
    assert response.status_code == 200
    assert response["Cache-Control"] == "public, max-age=3600"
    assert b"".join(response.streaming_content) == pdf_bytes()
