"""Submitting a request: what is stored, and hostile input refused with nothing stored."""

import datetime
import io
import zipfile

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.utils import timezone

from dialogue.models import DialogueRequest, RequestFile, State
from tests.conftest import sign_in
from tests.files import files_on_disk

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def odt_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", "<office:document-content/>")
    return buffer.getvalue()


def valid_data(**overrides):
    today = timezone.localdate()
    data = {
        "theme": "Aprendizaje a lo largo de toda la vida",
        "description": "Un debate temático sobre la alfabetización de adultos.",
        "sectors": ["education", "culture"],
        "setting": "png-committee",
        "executive_board_session": "222",
        "setting_detail": "",
        "format": "thematic-debate",
        "preferred_from": (today + datetime.timedelta(days=60)).isoformat(),
        "preferred_until": (today + datetime.timedelta(days=90)).isoformat(),
        "expertise_sought": "Programas de alfabetización de adultos.",
    }
    data.update(overrides)
    return data


def post(client, data, language="en"):
    return client.post(f"/{language}/dialogue/requests/new/", data)


def test_delegate_submits_in_spanish_for_their_own_country(client, requester, on_commit):
    sign_in(client, requester)
    with on_commit():
        response = post(client, valid_data(), language="es")
    req = DialogueRequest.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/es/dialogue/requests/{req.pk}/"
    assert req.country.code == "SN"
    assert req.requester == requester
    assert req.original_language == "es"
    assert req.theme_es == "Aprendizaje a lo largo de toda la vida"
    assert req.theme_en in (None, "")
    assert sorted(req.sectors.values_list("code", flat=True)) == ["culture", "education"]
    assert req.state == State.SUBMITTED
    assert req.transitions.get().by == requester
    assert [m.to for m in mail.outbox] == [["requester@example.org"]]


@pytest.mark.parametrize("language", ["fr", "en", "es"])
def test_submitted_theme_shows_in_every_language_by_fallback(client, requester, language):
    sign_in(client, requester)
    post(client, valid_data(), language="es")
    req = DialogueRequest.objects.get()
    response = client.get(f"/{language}/dialogue/requests/{req.pk}/")
    assert "Aprendizaje a lo largo de toda la vida" in response.text


THEMES = {"fr": "Thème en français", "en": "Theme in English", "es": "Tema en español"}


# The fallback order is English, then French, then Spanish: a page shows the
# theme in its own language, else in the first of these that has one.
@pytest.mark.parametrize(
    ("page", "written_in", "shown"),
    [
        ("en", {"fr", "es"}, "fr"),
        ("fr", {"en", "es"}, "en"),
        ("es", {"en", "fr"}, "en"),
        ("es", {"fr"}, "fr"),
        ("fr", {"es"}, "es"),
        ("en", {"en", "fr", "es"}, "en"),
    ],
)
def test_theme_falls_back_to_english_then_french_then_spanish(
    client, requester, page, written_in, shown
):
    sign_in(client, requester)
    post(client, valid_data(), language="es")
    req = DialogueRequest.objects.get()
    DialogueRequest.objects.filter(pk=req.pk).update(
        **{f"theme_{code}": THEMES[code] if code in written_in else "" for code in THEMES}
    )
    text = client.get(f"/{page}/dialogue/requests/{req.pk}/").text
    assert THEMES[shown] in text
    assert [code for code in THEMES if THEMES[code] in text] == [shown]


def _assert_refused(response, message):
    assert response.status_code == 400
    assert message in response.text
    assert DialogueRequest.objects.count() == 0
    assert RequestFile.objects.count() == 0


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("theme", "<script>alert(1)</script>", "Write plain text, without HTML markup."),
        ("description", "Hello <b onmouseover=x>there</b>", "Write plain text, without HTML"),
        ("expertise_sought", "<img src=x onerror=alert(1)>", "Write plain text, without HTML"),
        ("theme", "x" * 10_000, "Ensure this value has at most 255 characters"),
        ("description", "x" * 10_000, "Ensure this value has at most 5000 characters"),
        ("theme", "a\x00b", "Null characters are not allowed."),
        ("theme", "Water\nBcc: someone@example.org", "Use a single line"),
        ("theme", "Water\rsecond line", "Use a single line"),
        ("theme", "", "This field is required."),
        ("sectors", ["999"], "Select a valid choice. 999 is not one of the available choices."),
        ("sectors", ["astrology"], "Select a valid choice."),
        ("sectors", [], "This field is required."),
        ("setting", "security-council", "Select a valid choice."),
        ("format", "<b>", "Select a valid choice."),
        ("preferred_from", "31/02/2030", "Enter a valid date."),
        ("preferred_from", "x" * 10_000, "Enter a valid date."),
        ("preferred_until", "2001-01-01", "The period must end after it starts."),
        ("executive_board_session", "-1", "Ensure this value is greater than or equal to 1."),
        ("executive_board_session", "1e99", "Enter a whole number."),
        ("executive_board_session", "", "Give the Executive Board session"),
    ],
)
def test_hostile_field_is_refused_with_a_message(client, requester, field, value, message):
    sign_in(client, requester)
    _assert_refused(post(client, valid_data(**{field: value})), message)


def test_forged_country_is_refused(client, requester):
    sign_in(client, requester)
    _assert_refused(
        post(client, valid_data(country="FR")),
        "You can only submit requests for your own Member State.",
    )


def test_forged_requester_is_refused(client, requester, colleague):
    sign_in(client, requester)
    _assert_refused(
        post(client, valid_data(requester=str(colleague.pk))),
        "You can only submit requests in your own name.",
    )


def test_own_country_and_id_in_the_form_are_harmless(client, requester):
    sign_in(client, requester)
    post(client, valid_data(country="sn", requester=str(requester.pk)))
    assert DialogueRequest.objects.get().country.code == "SN"


def test_refusal_messages_are_in_the_delegates_language(client, requester):
    sign_in(client, requester)
    response = post(client, valid_data(sectors=["999"]), language="fr")
    assert "Sélectionnez un choix valide" in response.text
    assert DialogueRequest.objects.count() == 0


def test_attachment_pdf_is_stored_privately_under_a_random_name(client, requester, private_storage):
    sign_in(client, requester)
    upload = SimpleUploadedFile("../../etc/concept note.pdf", PDF, "text/plain")
    odt = SimpleUploadedFile("agenda.odt", odt_bytes(), "application/octet-stream")
    post(client, valid_data(attachments=[upload, odt]))
    stored = list(RequestFile.objects.order_by("pk"))
    assert [s.original_name for s in stored] == ["concept note.pdf", "agenda.odt"]
    assert [s.content_type for s in stored] == [
        "application/pdf",
        "application/vnd.oasis.opendocument.text",
    ]
    assert stored[0].file.name.startswith("dialogue/")
    assert "concept" not in stored[0].file.name
    # On disk, the extension of the checked content, never the uploaded one.
    assert [s.file.name.rsplit(".", 1)[-1] for s in stored] == ["pdf", "odt"]
    assert (private_storage / stored[0].file.name).read_bytes() == PDF
    response = client.get(f"/en/dialogue/files/{stored[0].pk}/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert 'filename="concept note.pdf"' in response["Content-Disposition"]


def test_attachment_is_not_served_to_another_country(client, requester, foreign_delegate):
    sign_in(client, requester)
    post(client, valid_data(attachments=[SimpleUploadedFile("a.pdf", PDF)]))
    stored = RequestFile.objects.get()
    sign_in(client, foreign_delegate)
    assert client.get(f"/en/dialogue/files/{stored.pk}/").status_code == 404
    client.logout()
    assert client.get(f"/en/dialogue/files/{stored.pk}/").status_code == 404


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("notes.pdf", b"just text pretending to be a PDF"),
        ("page.pdf", b"<html><script>alert(1)</script></html>"),
        ("image.docx", b"\x89PNG\r\n\x1a\n" + b"\x00" * 100),
        ("program.odt", b"MZ\x90\x00" + b"\x00" * 100),
    ],
)
def test_attachment_that_is_not_a_document_is_refused(client, requester, name, content):
    sign_in(client, requester)
    upload = SimpleUploadedFile(name, content, "application/pdf")
    _assert_refused(
        post(client, valid_data(attachments=[upload])),
        "is not a PDF, Word (DOCX) or OpenDocument (ODT) file.",
    )


def test_attachment_zip_bomb_is_refused(client, requester, monkeypatch):
    from foundation import uploads

    monkeypatch.setattr(uploads, "ZIP_MAX_UNCOMPRESSED", 1024 * 1024)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
        archive.writestr("word/media/zeros.bin", b"\0" * (2 * 1024 * 1024))
    sign_in(client, requester)
    bomb = SimpleUploadedFile("report.docx", buffer.getvalue(), "application/pdf")
    _assert_refused(
        post(client, valid_data(attachments=[bomb])),
        "This file expands to an unreasonable size and was refused.",
    )


@override_settings(UPLOAD_MAX_BYTES=100)
def test_attachment_too_large_is_refused(client, requester):
    sign_in(client, requester)
    upload = SimpleUploadedFile("big.pdf", PDF + b"0" * 200, "application/pdf")
    _assert_refused(post(client, valid_data(attachments=[upload])), "is larger than 100")


def test_too_many_attachments_are_refused(client, requester):
    sign_in(client, requester)
    files = [SimpleUploadedFile(f"f{i}.pdf", PDF, "application/pdf") for i in range(6)]
    _assert_refused(post(client, valid_data(attachments=files)), "Attach at most 5 files.")


def test_unverified_delegate_cannot_submit(client, db):
    from tests.dialogue.factories import make_delegate

    sign_in(client, make_delegate("new@example.org", "BR", is_verified=False))
    assert post(client, valid_data()).status_code == 403
    assert DialogueRequest.objects.count() == 0


def test_ngo_editor_cannot_submit(client, editor_a):
    sign_in(client, editor_a)
    assert post(client, valid_data()).status_code == 403
    assert DialogueRequest.objects.count() == 0


def test_form_page_names_the_delegates_country(client, requester):
    sign_in(client, requester)
    response = client.get("/en/dialogue/requests/new/")
    assert "on behalf of Senegal" in response.text
    assert 'name="country"' not in response.text


def test_attachment_files_go_with_their_request_however_deleted(
    requester, private_storage, django_capture_on_commit_callbacks
):
    from django.db import transaction

    from dialogue.services import _store_file
    from tests.dialogue.factories import DialogueRequestFactory

    request = DialogueRequestFactory(requester=requester)
    _store_file(
        request=request,
        uploaded=SimpleUploadedFile("brief.pdf", PDF),
        kind=RequestFile.Kind.ATTACHMENT,
        by=requester,
    )

    assert len(files_on_disk(private_storage)) == 1
    with pytest.raises(RuntimeError), transaction.atomic():
        DialogueRequest.objects.filter(pk=request.pk).delete()
        raise RuntimeError("rolled back")
    assert len(files_on_disk(private_storage)) == 1
    with django_capture_on_commit_callbacks(execute=True):
        DialogueRequest.objects.filter(pk=request.pk).delete()  # as the admin would
    assert RequestFile.objects.count() == 0
    assert files_on_disk(private_storage) == []


@override_settings(UPLOAD_MAX_BYTES=100)
def test_each_refused_attachment_is_named_in_its_own_words(client, requester):
    sign_in(client, requester)
    files = [
        SimpleUploadedFile("big.pdf", PDF + b"0" * 200, "application/pdf"),
        SimpleUploadedFile("page.pdf", b"<html></html>", "application/pdf"),
    ]
    response = post(client, valid_data(attachments=files))
    assert response.status_code == 400
    assert response.context["form"].errors["attachments"] == [
        "big.pdf is larger than 100\xa0bytes.",
        "page.pdf is not a PDF, Word (DOCX) or OpenDocument (ODT) file.",
    ]
    assert DialogueRequest.objects.count() == 0
