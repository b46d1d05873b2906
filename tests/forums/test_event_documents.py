"""An event's outcome documents: the Secretariat's page, the admin, and what the public sees."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from forums.models import EventDocument
from foundation import uploads
from tests.conftest import sign_in
from tests.files import files_on_disk
from tests.forums.factories import EventFactory, docx_bytes, pdf_bytes

pytestmark = pytest.mark.django_db

PAGE = "/en/forums/forum-2025/documents/"


@pytest.fixture
def event(db):
    return EventFactory(slug="forum-2025", title_en="International NGO Forum 2025")


@pytest.fixture
def other_event(db):
    return EventFactory(slug="ciong-2026")


def _data(**overrides) -> dict:
    data = {
        "title_en": "Final declaration",
        "title_fr": "Déclaration finale",
        "title_es": "Declaración final",
        "language": "fr",
        "published": "on",
        "file": SimpleUploadedFile("Déclaration finale.pdf", pdf_bytes("declaration")),
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def _upload(client, user, path=PAGE, **overrides):
    sign_in(client, user)
    return client.post(path, _data(**overrides))


def _document(event, *, title="Report", published=True, **fields) -> EventDocument:
    return event.documents.create(
        title=title,
        title_en=title,
        language="en",
        published=published,
        **uploads_fields(),
        **fields,
    )


def uploads_fields() -> dict:
    from forums.services import stored_file_fields

    return stored_file_fields(SimpleUploadedFile("report.pdf", pdf_bytes()), folder="test")


# The happy path


def test_secretariat_uploads_a_document_stored_under_a_random_name(
    client, secretariat, event, private_storage_dir
):
    response = _upload(client, secretariat)
    assert response.status_code == 302
    assert response["Location"] == PAGE
    document = EventDocument.objects.get()
    assert document.event == event
    assert (document.title_en, document.title_fr, document.title_es) == (
        "Final declaration",
        "Déclaration finale",
        "Declaración final",
    )
    assert document.language == "fr"
    assert document.published is True
    assert document.original_name == "Déclaration finale.pdf"
    assert document.content_type == "application/pdf"
    assert document.size == len(pdf_bytes("declaration"))
    assert document.stored_name.startswith("events/")
    assert document.stored_name.endswith(".pdf")
    assert "claration" not in document.stored_name
    files = files_on_disk(private_storage_dir)
    assert [path.name for path in files] == [document.stored_name.rsplit("/", 1)[-1]]
    assert files[0].read_bytes() == pdf_bytes("declaration")
    assert "The document was uploaded." in client.get(PAGE).text


def test_published_document_is_listed_on_the_event_page_and_downloads(client, secretariat, event):
    _upload(client, secretariat)
    document = EventDocument.objects.get()
    client.logout()
    page = client.get("/fr/forums/forum-2025/")
    assert "Déclaration finale" in page.text
    download = client.get(document.get_absolute_url())
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == pdf_bytes("declaration")
    assert "filename*=utf-8''D%C3%A9claration%20finale.pdf" in download["Content-Disposition"]


def test_unpublished_document_is_listed_only_on_the_secretariats_page(client, secretariat, event):
    _upload(client, secretariat, published=None, title_en="Draft outcome")
    document = EventDocument.objects.get()
    assert document.published is False
    page = client.get(PAGE)
    assert "Draft outcome" in page.text
    assert "Not published" in page.text
    client.logout()
    assert "Draft outcome" not in client.get("/en/forums/forum-2025/").text
    assert client.get(document.get_absolute_url()).status_code == 404


def test_one_title_is_enough_and_shows_in_every_language(client, secretariat, event):
    _upload(client, secretariat, title_en="", title_fr="Rapport final", title_es="")
    document = EventDocument.objects.get()
    client.logout()
    for language in ("en", "fr", "es"):
        assert "Rapport final" in client.get(f"/{language}/forums/forum-2025/").text
    assert document.title_fr == "Rapport final"


def test_secretariat_publishes_and_unpublishes(client, secretariat, event):
    document = _document(event, title="Outcome statement", published=False)
    sign_in(client, secretariat)
    response = client.post(f"{PAGE}{document.pk}/publish/")
    assert response.status_code == 302
    assert response["Location"] == PAGE
    document.refresh_from_db()
    assert document.published is True
    assert "Outcome statement" in client.get("/en/forums/forum-2025/").text
    client.post(f"{PAGE}{document.pk}/unpublish/")
    document.refresh_from_db()
    assert document.published is False
    assert "Outcome statement" not in client.get("/en/forums/forum-2025/").text


def test_secretariat_deletes_a_document_and_its_file(
    client, secretariat, event, private_storage_dir, django_capture_on_commit_callbacks
):
    _upload(client, secretariat)
    document = EventDocument.objects.get()
    assert len(files_on_disk(private_storage_dir)) == 1
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"{PAGE}{document.pk}/delete/")
    assert response.status_code == 302
    assert EventDocument.objects.count() == 0
    assert files_on_disk(private_storage_dir) == []
    assert "The document was deleted." in client.get(PAGE).text


def test_files_go_with_their_rows_however_deleted(
    event, private_storage_dir, django_capture_on_commit_callbacks
):
    kept = _document(event, title="Kept")
    with pytest.raises(RuntimeError), transaction.atomic():
        kept.delete()
        raise RuntimeError("rolled back")
    assert EventDocument.objects.count() == 1
    assert len(files_on_disk(private_storage_dir)) == 1
    _document(event, title="Second")
    with django_capture_on_commit_callbacks(execute=True):
        event.delete()  # as the admin would, cascading to the documents
    assert EventDocument.objects.count() == 0
    assert files_on_disk(private_storage_dir) == []


def test_event_page_links_to_the_documents_page_for_the_secretariat_only(
    client, event, secretariat, secretariat_without_mfa, editor_a
):
    link = 'href="/en/forums/forum-2025/documents/"'
    for user in (None, editor_a, secretariat_without_mfa):
        client.logout()
        if user is not None:
            sign_in(client, user)
        assert link not in client.get("/en/forums/forum-2025/").text
    sign_in(client, secretariat)
    assert link in client.get("/en/forums/forum-2025/").text


def test_hidden_event_documents_are_managed_too(client, secretariat):
    EventFactory(slug="hidden", published=False)
    response = _upload(client, secretariat, path="/en/forums/hidden/documents/")
    assert response.status_code == 302
    assert EventDocument.objects.get().event.slug == "hidden"


# Hostile input: a clear message, nothing stored


def _zip_bomb(monkeypatch) -> SimpleUploadedFile:
    monkeypatch.setattr(uploads, "ZIP_MAX_UNCOMPRESSED", 1024 * 1024)
    bomb = docx_bytes(extra={"word/media/zeros.bin": b"\0" * (2 * 1024 * 1024)})
    return SimpleUploadedFile("report.docx", bomb)


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        (
            {"file": SimpleUploadedFile("report.pdf", b"MZ\x90\x00\x03" + b"\0" * 200)},
            "This file type is not accepted. Upload a PDF, DOCX, ODT, XLSX, PNG or JPEG file.",
        ),
        (
            {"file": SimpleUploadedFile("x.pdf", b"<html><script>alert(1)</script></html>")},
            "This file type is not accepted.",
        ),
        ({"file": SimpleUploadedFile("empty.pdf", b"")}, "The submitted file is empty."),
        ({"file": None}, "This field is required."),
        ({"file": "not a file"}, "This field is required."),
        (
            {"title_en": "x" * 256},
            "Ensure this value has at most 255 characters (it has 256).",
        ),
        (
            {"title_en": "", "title_fr": " ", "title_es": None},
            "Give the document a title.",
        ),
        ({"title_es": "a\x00b"}, "Null characters are not allowed."),
        ({"language": "de"}, "Select a valid choice. de is not one of the available choices."),
        ({"language": "<b>"}, "Select a valid choice."),
    ],
)
def test_hostile_upload_is_refused_with_a_message_and_stores_nothing(
    client, secretariat, event, private_storage_dir, overrides, message
):
    # The parametrized files are built once per process, and mutation testing
    # runs the tests several times in one process: read each from its start.
    for value in overrides.values():
        if isinstance(value, SimpleUploadedFile):
            value.seek(0)
    response = _upload(client, secretariat, **overrides)
    assert response.status_code == 400
    assert message in response.text
    assert EventDocument.objects.count() == 0
    assert files_on_disk(private_storage_dir) == []


def test_oversize_upload_is_refused_with_the_limit(
    client, secretariat, event, private_storage_dir, settings
):
    settings.UPLOAD_MAX_BYTES = 1000
    big = SimpleUploadedFile("big.pdf", pdf_bytes("x" * 2000))
    response = _upload(client, secretariat, file=big)
    assert response.status_code == 400
    assert "the limit is 1000\xa0bytes." in response.text
    assert EventDocument.objects.count() == 0
    assert files_on_disk(private_storage_dir) == []


def test_zip_bomb_is_refused_and_stores_nothing(
    client, secretariat, event, private_storage_dir, monkeypatch
):
    response = _upload(client, secretariat, file=_zip_bomb(monkeypatch))
    assert response.status_code == 400
    assert "This file expands to an unreasonable size and was refused." in response.text
    assert EventDocument.objects.count() == 0
    assert files_on_disk(private_storage_dir) == []


def test_refusal_is_linked_to_its_field_for_assistive_technology(client, secretariat, event):
    response = _upload(client, secretariat, file=SimpleUploadedFile("x.pdf", b"<html>"))
    assert 'aria-invalid="true" aria-describedby="id_file_helptext id_file_error"' in response.text
    assert 'id="id_file_error"' in response.text
    assert 'id="id_file_helptext"' in response.text


def test_path_traversal_name_is_kept_only_as_a_clean_display_name(
    client, secretariat, event, private_storage_dir
):
    name = "../../../etc/cron.d/Итоговый документ.pdf"
    _upload(client, secretariat, file=SimpleUploadedFile(name, pdf_bytes()))
    document = EventDocument.objects.get()
    assert document.original_name == "Итоговый документ.pdf"
    [path] = files_on_disk(private_storage_dir)
    assert path.resolve().is_relative_to(private_storage_dir.resolve())


def test_markup_in_a_title_is_shown_escaped(client, secretariat, event):
    _upload(client, secretariat, title_en="<script>alert(1)</script>", title_fr="", title_es="")
    escaped = "&lt;script&gt;alert(1)&lt;/script&gt;"
    page = client.get(PAGE)
    assert escaped in page.text
    assert "<script>alert(1)" not in page.text
    client.logout()
    public = client.get("/en/forums/forum-2025/")
    assert escaped in public.text
    assert "<script>alert(1)" not in public.text


def test_forged_event_slug_is_not_found_and_stores_nothing(
    client, secretariat, private_storage_dir
):
    sign_in(client, secretariat)
    assert client.get("/en/forums/no-such-event/documents/").status_code == 404
    response = _upload(client, secretariat, path="/en/forums/no-such-event/documents/")
    assert response.status_code == 404
    assert EventDocument.objects.count() == 0
    assert files_on_disk(private_storage_dir) == []


@pytest.mark.parametrize("action", ["publish", "unpublish", "delete"])
def test_document_of_another_event_is_not_found(client, secretariat, event, other_event, action):
    document = _document(other_event, published=True)
    sign_in(client, secretariat)
    response = client.post(f"{PAGE}{document.pk}/{action}/")
    assert response.status_code == 404
    assert client.post(f"{PAGE}999999/{action}/").status_code == 404
    document.refresh_from_db()
    assert document.published is True
    assert document.event == other_event


@pytest.mark.parametrize("action", ["publish", "unpublish", "delete"])
def test_writes_refuse_get(client, secretariat, event, action):
    document = _document(event, published=True)
    sign_in(client, secretariat)
    assert client.get(f"{PAGE}{document.pk}/{action}/").status_code == 405
    document.refresh_from_db()
    assert document.published is True


def test_others_cannot_upload_publish_or_delete(
    client, event, editor_a, secretariat_without_mfa, private_storage_dir
):
    document = _document(event, published=False)
    stored_before = files_on_disk(private_storage_dir)
    for user in (None, editor_a, secretariat_without_mfa):
        client.logout()
        if user is not None:
            sign_in(client, user)
        assert client.post(PAGE, _data()).status_code in {302, 403}
        for action in ("publish", "delete"):
            assert client.post(f"{PAGE}{document.pk}/{action}/").status_code in {302, 403}
    assert list(EventDocument.objects.values_list("pk", "published")) == [(document.pk, False)]
    assert files_on_disk(private_storage_dir) == stored_before


def test_csrf_is_required(secretariat, event):
    from django.test import Client

    document = _document(event, published=False)
    client = Client(enforce_csrf_checks=True)
    sign_in(client, secretariat)
    assert client.post(PAGE, _data()).status_code == 403
    assert client.post(f"{PAGE}{document.pk}/publish/").status_code == 403
    assert EventDocument.objects.count() == 1


# Cost


@pytest.mark.parametrize("count", [1, 12])
def test_documents_page_constant_queries(
    client, secretariat, event, django_assert_max_num_queries, count
):
    for index in range(count):
        _document(event, title=f"Document {index}", published=bool(index % 2))
    sign_in(client, secretariat)
    with django_assert_max_num_queries(5):
        response = client.get(PAGE)
    assert response.status_code == 200
    assert response.text.count('scope="row"') == count


# The admin goes through the same checks


def _admin_form(**data):
    from forums.admin import EventDocumentAdminForm

    files = {"file": data.pop("file")} if "file" in data else {}
    return EventDocumentAdminForm(
        {"title": "Report", "language": "en", "published": "on", **data}, files
    )


def test_admin_form_refuses_a_disguised_executable(private_storage_dir):
    form = _admin_form(file=SimpleUploadedFile("r.pdf", b"MZ\x90\x00" + b"\0" * 100))
    assert not form.is_valid()
    assert form.errors["file"] == [
        "This file type is not accepted. Upload a PDF, DOCX, ODT, XLSX, PNG or JPEG file."
    ]
    assert files_on_disk(private_storage_dir) == []


def test_admin_form_needs_a_file_for_a_new_document():
    form = _admin_form()
    assert not form.is_valid()
    assert "file" in form.errors


def test_admin_form_stores_a_checked_file_under_a_random_name(event, private_storage_dir):
    form = _admin_form(file=SimpleUploadedFile("../Outcome.PDF", pdf_bytes()))
    assert form.is_valid(), form.errors
    form.instance.event = event
    document = form.save()
    assert document.original_name == "Outcome.pdf"
    assert document.stored_name.startswith("events/")
    assert [p.name for p in files_on_disk(private_storage_dir)] == [
        document.stored_name.rsplit("/", 1)[-1]
    ]


def test_admin_change_page_adds_a_document_through_the_checks(
    client, secretariat, event, private_storage_dir
):
    sign_in(client, secretariat)
    url = f"/admin/forums/event/{event.pk}/change/"
    page = client.get(url)
    assert page.status_code == 200
    assert 'name="documents-__prefix__-file"' in page.text
    data = _admin_post_data(page)
    data.update(
        {
            "documents-TOTAL_FORMS": "1",
            "documents-0-title_en": "Admin upload",
            "documents-0-language": "en",
            "documents-0-published": "on",
            "documents-0-event": str(event.pk),
        }
    )
    refused = client.post(
        url, {**data, "documents-0-file": SimpleUploadedFile("a.pdf", b"#!/bin/sh\n")}
    )
    assert refused.status_code == 200
    assert "This file type is not accepted." in refused.text
    assert EventDocument.objects.count() == 0
    assert files_on_disk(private_storage_dir) == []
    pdf = SimpleUploadedFile("a.pdf", pdf_bytes())
    accepted = client.post(url, {**data, "documents-0-file": pdf})
    assert accepted.status_code == 302, accepted.context and accepted.context.get("errors")
    document = EventDocument.objects.get()
    assert document.title_en == "Admin upload"
    assert document.content_type == "application/pdf"
    assert len(files_on_disk(private_storage_dir)) == 1


def _admin_post_data(page) -> dict:
    """The admin change form's current values, as the browser would post them."""
    data = {}
    forms = [page.context["adminform"].form]
    for inline in page.context["inline_admin_formsets"]:
        formset = inline.formset
        forms.append(formset.management_form)
        forms.extend(formset.forms)
    for form in forms:
        for field in form:
            value = field.value()
            if value is None or value is False:
                continue
            if value is True:
                value = "on"
            if isinstance(value, list | tuple):
                data[field.html_name] = [str(item) for item in value]
            else:
                data[field.html_name] = str(value)
    return data


def test_admin_replaces_and_deletes_files_through_the_same_rules(
    client, secretariat, event, private_storage_dir, django_capture_on_commit_callbacks
):
    document = _document(event, title="Old report")
    [old_file] = files_on_disk(private_storage_dir)
    sign_in(client, secretariat)
    url = f"/admin/forums/event/{event.pk}/change/"
    data = _admin_post_data(client.get(url))
    assert data["documents-0-id"] == str(document.pk)
    refused = client.post(url, {**data, "documents-0-file": SimpleUploadedFile("n.pdf", b"<html>")})
    assert "This file type is not accepted." in refused.text
    assert files_on_disk(private_storage_dir) == [old_file]
    docx = SimpleUploadedFile("new.docx", docx_bytes())
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {**data, "documents-0-file": docx})
    assert response.status_code == 302
    document.refresh_from_db()
    assert document.original_name == "new.docx"
    assert [p.name for p in files_on_disk(private_storage_dir)] == [
        document.stored_name.rsplit("/", 1)[-1]
    ]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {**data, "documents-0-DELETE": "on"})
    assert response.status_code == 302
    assert EventDocument.objects.count() == 0
    assert files_on_disk(private_storage_dir) == []


@pytest.mark.parametrize("method", ["put", "patch", "delete"])
def test_documents_page_answers_only_get_and_post(client, secretariat, method):
    event = EventFactory(slug="ciong-put")
    sign_in(client, secretariat)
    response = getattr(client, method)("/en/forums/ciong-put/documents/")
    assert response.status_code == 405
    assert event.documents.count() == 0
