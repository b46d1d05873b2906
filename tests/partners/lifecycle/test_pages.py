"""The application's pages: what the applicant, a focal point and the Secretariat see and do."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from partners.lifecycle.models import Application
from tests.conftest import sign_in
from tests.files import files_on_disk
from tests.foundation.factories import UserFactory
from tests.partners.lifecycle.factories import PDF, complete_application, focal_point

pytestmark = pytest.mark.django_db


def test_the_partnership_page_explains_both_statuses_in_three_languages(client):
    for language, words in [
        ("en", "Associate status"),
        ("fr", "Statut d'association"),
        ("es", "Estatus de asociado"),
    ]:
        response = client.get(f"/{language}/partnership/")
        assert response.status_code == 200
        assert words in response.content.decode()


def test_an_applicant_starts_a_draft_and_saves_it_as_they_go(client):
    user = UserFactory()
    sign_in(client, user)
    response = client.post("/en/partnership/apply/", {"kind": "consultative"})
    application = Application.objects.get(applicant=user)
    assert response.status_code == 302
    assert response["Location"] == f"/en/partnership/applications/{application.pk}/edit/"
    response = client.post(
        f"/en/partnership/applications/{application.pk}/edit/",
        {
            "organisation_name": "World Lifelong Learning Committee",
            "scope": "international",
            "founding_year": "2025",
            "language": "es",
        },
    )
    assert response.status_code == 302
    page = client.get(f"/en/partnership/applications/{application.pk}/edit/").content.decode()
    # Saved, and the eligibility problem said at once.
    assert "World Lifelong Learning Committee" in page
    assert "at least 2 years" in page
    application.refresh_from_db()
    assert application.language == "es"


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("statutes.exe", b"MZ\x90\x00" + b"\x00" * 100, "is not a PDF"),
        ("statutes.pdf", b"<html><script>alert(1)</script></html>", "is not a PDF"),
        ("empty.pdf", b"", "empty"),
    ],
)
def test_a_document_of_the_wrong_kind_is_refused_with_its_name(
    client, private_storage_dir, name, content, message
):
    application = complete_application()
    sign_in(client, application.applicant)
    before = application.documents.count()
    response = client.post(
        f"/en/partnership/applications/{application.pk}/documents/",
        {"kind": "other", "file": SimpleUploadedFile(name, content)},
        follow=True,
    )
    assert message in response.content.decode()
    assert application.documents.count() == before


def test_a_document_is_added_to_the_checklist(client, private_storage_dir):
    application = complete_application()
    application.documents.filter(kind="statutes").delete()
    sign_in(client, application.applicant)
    page = client.get(f"/en/partnership/applications/{application.pk}/edit/").content.decode()
    assert "Still required" in page
    client.post(
        f"/en/partnership/applications/{application.pk}/documents/",
        {"kind": "statutes", "file": SimpleUploadedFile("statuts.pdf", PDF)},
    )
    page = client.get(f"/en/partnership/applications/{application.pk}/edit/").content.decode()
    assert "Every required document is in the file." in page
    assert "statuts.pdf" in page


def test_a_forged_document_kind_is_refused(client, private_storage_dir):
    application = complete_application()
    sign_in(client, application.applicant)
    before = application.documents.count()
    client.post(
        f"/en/partnership/applications/{application.pk}/documents/",
        {"kind": "../../etc/passwd", "file": SimpleUploadedFile("x.pdf", PDF)},
    )
    assert application.documents.count() == before


def test_another_persons_request_is_not_found(client):
    application = complete_application(state="submitted")
    sign_in(client, UserFactory())
    assert client.get(f"/en/partnership/applications/{application.pk}/").status_code == 404
    assert client.get("/en/partnership/applications/999999/").status_code == 404


def test_the_queue_lists_requests_oldest_first_within_a_fixed_number_of_queries(
    client, secretariat, django_assert_max_num_queries
):
    for day in (5, 1, 3):
        application = complete_application(
            state="submitted", organisation_name=f"Request of day {day}"
        )
        application.submitted_on = datetime.date(2026, 3, day)
        application.save()
    sign_in(client, secretariat)
    with django_assert_max_num_queries(14):
        page = client.get("/en/partnership/examination/").content.decode()
    assert page.index("day 1") < page.index("day 3") < page.index("day 5")
    for _ in range(10):
        complete_application(state="submitted")
    with django_assert_max_num_queries(14):
        assert client.get("/en/partnership/examination/").status_code == 200


def test_a_focal_point_sees_the_requests_of_their_sector_only(client):
    education = complete_application(state="submitted", organisation_name="Education request")
    culture = complete_application(state="submitted", organisation_name="Culture request")
    from tests.partners.factories import sector_for

    culture.sectors.set([sector_for("culture")])
    user = focal_point("education")
    sign_in(client, user)
    page = client.get("/en/partnership/examination/").content.decode()
    assert "Education request" in page
    assert "Culture request" not in page
    assert client.get(f"/en/partnership/applications/{culture.pk}/").status_code == 404
    response = client.post(
        f"/en/partnership/applications/{education.pk}/comment/",
        {"sector": sector_for("education").pk, "text": "Known partner of UIL."},
    )
    assert response.status_code == 302
    assert education.comments.get().text == "Known partner of UIL."


@pytest.mark.parametrize("year", ["", "abc", "-1", "99999999999999999999", "2017%00"])
def test_the_boards_list_survives_hostile_years(client, secretariat, year):
    sign_in(client, secretariat)
    response = client.get("/en/partnership/executive-board/", {"year": year})
    assert response.status_code == 200


def test_the_boards_list_holds_the_years_admissions_and_the_associate_batch(client, secretariat):
    admitted = complete_application(state="admitted", organisation_name="Admitted in 2017")
    admitted.decided_on = datetime.date(2017, 3, 15)
    admitted.decision_reference = "DG/7/17/1815"
    admitted.save()
    batch = complete_application(
        kind="associate",
        state="recommended",
        organisation_name="Associate request",
        recommendation="favourable",
        recommendation_text="Joint projects with the Culture Sector.",
        batch_year=2017,
    )
    assert batch.pk
    sign_in(client, secretariat)
    page = client.get("/en/partnership/executive-board/", {"year": "2017"}).content.decode()
    assert "Admitted in 2017" in page
    assert "Joint projects with the Culture Sector." in page
    response = client.get("/en/partnership/executive-board.xlsx", {"year": "2017"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    import io

    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(response.content))
    names = [row[0].value for row in workbook.worksheets[0].iter_rows(min_row=2)]
    assert names == ["Admitted in 2017"]


# --- A refused POST answers with its page, the errors beside their fields ------------


@pytest.mark.parametrize(
    ("language", "words"), [("fr", "fichier PDF, Word (DOCX)"), ("es", "archivo PDF, Word (DOCX)")]
)
def test_a_refused_document_is_shown_beside_its_field_in_the_applicants_language(
    client, private_storage_dir, language, words
):
    application = complete_application()
    sign_in(client, application.applicant)
    documents = set(application.documents.values_list("pk", flat=True))
    files = files_on_disk(private_storage_dir)
    response = client.post(
        f"/{language}/partnership/applications/{application.pk}/documents/",
        {"kind": "other", "file": SimpleUploadedFile("statuts.exe", b"MZ\x90\x00" + b"\0" * 99)},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert 'class="form-errors error-summary"' in page
    assert 'id="id_file_error"' in page
    assert words in page
    assert set(application.documents.values_list("pk", flat=True)) == documents
    assert files_on_disk(private_storage_dir) == files


@pytest.mark.parametrize(
    ("language", "words"), [("fr", "Sélectionnez un choix valide"), ("es", "Escoja una opción")]
)
def test_a_refused_decision_is_shown_on_the_requests_page_and_nothing_moves(
    client, secretariat, language, words
):
    application = complete_application(state="submitted")
    sign_in(client, secretariat)
    response = client.post(
        f"/{language}/partnership/applications/{application.pk}/decide/",
        {"to_state": "admitted"},  # not a move the table allows from "submitted"
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert 'id="id_to_state_error"' in page
    assert words in page
    application.refresh_from_db()
    assert application.state == "submitted"
    assert not application.steps.filter(to_state="admitted").exists()


@pytest.mark.parametrize(
    ("language", "words"),
    [("fr", "Ce champ est obligatoire."), ("es", "Este campo es requerido.")],
)
def test_an_empty_comment_is_refused_on_the_requests_page_and_nothing_is_stored(
    client, language, words
):
    from tests.partners.factories import sector_for

    application = complete_application(state="submitted")
    sign_in(client, focal_point("education"))
    response = client.post(
        f"/{language}/partnership/applications/{application.pk}/comment/",
        {"sector": sector_for("education").pk, "text": ""},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert 'id="id_text_error"' in page
    assert words in page
    assert not application.comments.exists()
