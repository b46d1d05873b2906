"""The documents of a request: who adds and removes them, when, and what is kept.

A document's file lives in the private storage; removing the document takes
the file away once the removal commits, and a refused removal keeps both.
"""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from partners.lifecycle import services
from partners.lifecycle.models import Application, ApplicationDocument
from tests.files import files_on_disk
from tests.foundation.factories import UserFactory
from tests.partners.lifecycle.factories import PDF, complete_application, pdf_upload

pytestmark = pytest.mark.django_db


def files_in(directory):
    return [path.name for path in files_on_disk(directory)]


def refusal(error):
    return error.value.messages


# --- Removing a document -----------------------------------------------------


@pytest.mark.parametrize("state", ["draft", "incomplete"])
def test_the_applicant_removes_a_document_and_its_file_while_the_request_is_theirs(
    state, private_storage_dir, django_capture_on_commit_callbacks
):
    application = complete_application(state=state)
    statutes = application.documents.get(kind="statutes")
    assert len(files_in(private_storage_dir)) == 5
    with django_capture_on_commit_callbacks(execute=True):
        services.application_remove_document(document=statutes, user=application.applicant)
    assert sorted(application.documents.values_list("kind", flat=True)) == [
        "activity-report",
        "financial-report",
        "legal-recognition",
        "members",
    ]
    assert not statutes.file.storage.exists(statutes.file.name)
    assert len(files_in(private_storage_dir)) == 4


@pytest.mark.parametrize("who", ["stranger", "secretariat", "another applicant"])
def test_only_the_applicant_removes_a_document(
    who, secretariat, private_storage_dir, django_capture_on_commit_callbacks
):
    application = complete_application()
    users = {
        "stranger": UserFactory(),
        "secretariat": secretariat,
        "another applicant": complete_application().applicant,
    }
    statutes = application.documents.get(kind="statutes")
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(PermissionDenied):
        services.application_remove_document(document=statutes, user=users[who])
    assert application.documents.filter(kind="statutes").exists()
    assert len(files_in(private_storage_dir)) == 10
    assert statutes.file.storage.exists(statutes.file.name)


def test_an_applicant_whose_account_is_closed_cannot_remove_a_document(private_storage_dir):
    application = complete_application()
    applicant = application.applicant
    applicant.is_active = False
    applicant.save()
    with pytest.raises(PermissionDenied):
        services.application_remove_document(
            document=application.documents.get(kind="members"), user=applicant
        )
    assert application.documents.count() == 5


@pytest.mark.parametrize("state", ["submitted", "examination", "recommended", "withdrawn"])
def test_a_document_of_a_request_sent_on_stays(
    state, private_storage_dir, django_capture_on_commit_callbacks
):
    application = complete_application(state=state)
    statutes = application.documents.get(kind="statutes")
    with (
        translation.override("en"),
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(ValidationError) as refused,
    ):
        services.application_remove_document(document=statutes, user=application.applicant)
    assert refusal(refused) == ["This request can no longer be changed."]
    assert application.documents.count() == 5
    assert statutes.file.storage.exists(statutes.file.name)


def test_the_refusal_to_remove_is_said_in_french(private_storage_dir):
    application = complete_application(state="submitted")
    with translation.override("fr"), pytest.raises(ValidationError) as refused:
        services.application_remove_document(
            document=application.documents.get(kind="statutes"), user=application.applicant
        )
    assert refusal(refused) == ["Cette demande ne peut plus être modifiée."]


def test_the_state_is_read_afresh_when_removing(private_storage_dir):
    # A page loaded while the request was a draft must not remove a document
    # once the request has been submitted meanwhile.
    application = complete_application()
    statutes = application.documents.get(kind="statutes")
    Application.objects.filter(pk=application.pk).update(state="submitted")
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        services.application_remove_document(document=statutes, user=application.applicant)
    assert refusal(refused) == ["This request can no longer be changed."]
    assert application.documents.count() == 5


# --- Adding a document -------------------------------------------------------


def test_the_applicant_adds_a_document_to_a_draft(private_storage_dir):
    application = complete_application()
    document = services.application_add_document(
        application=application,
        user=application.applicant,
        kind="other",
        uploaded=pdf_upload("Letter of support.pdf"),
    )
    document.refresh_from_db()
    assert (document.kind, document.original_name, document.size) == (
        "other",
        "Letter of support.pdf",
        len(PDF),
    )
    assert document.uploaded_by == application.applicant
    assert application.documents.count() == 6
    assert len(files_in(private_storage_dir)) == 6


@pytest.mark.parametrize("state", ["submitted", "examination", "admitted", "declined"])
def test_no_document_is_added_to_a_request_sent_on(state, private_storage_dir):
    application = complete_application(state=state)
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        services.application_add_document(
            application=application,
            user=application.applicant,
            kind="other",
            uploaded=pdf_upload(),
        )
    assert refusal(refused) == ["This request can no longer be changed."]
    assert application.documents.count() == 5
    assert len(files_in(private_storage_dir)) == 5


@pytest.mark.parametrize("kind", ["", "passport", "STATUTES"])
def test_a_document_must_say_what_it_is(kind, private_storage_dir):
    application = complete_application()
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        services.application_add_document(
            application=application, user=application.applicant, kind=kind, uploaded=pdf_upload()
        )
    assert refusal(refused) == ["Choose which document this is."]
    with translation.override("fr"), pytest.raises(ValidationError) as refused:
        services.application_add_document(
            application=application, user=application.applicant, kind=kind, uploaded=pdf_upload()
        )
    assert refusal(refused) == ["Indiquez de quel document il s'agit."]
    assert application.documents.count() == 5
    assert len(files_in(private_storage_dir)) == 5


def _fill_up_to(application, count):
    # Rows alone: the limit counts documents, the files play no part in it.
    for number in range(application.documents.count(), count):
        ApplicationDocument.objects.create(
            application=application,
            kind="other",
            file=f"applications/other-{number}.pdf",
            original_name=f"Annex {number}.pdf",
            content_type="application/pdf",
            size=len(PDF),
        )


def test_a_request_holds_twenty_documents_and_no_more(private_storage_dir):
    application = complete_application()
    _fill_up_to(application, 19)
    services.application_add_document(
        application=application, user=application.applicant, kind="other", uploaded=pdf_upload()
    )
    assert application.documents.count() == 20
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        services.application_add_document(
            application=application,
            user=application.applicant,
            kind="other",
            uploaded=pdf_upload(),
        )
    assert refusal(refused) == ["A request holds at most 20 documents; remove one first."]
    with translation.override("fr"), pytest.raises(ValidationError) as refused:
        services.application_add_document(
            application=application,
            user=application.applicant,
            kind="other",
            uploaded=pdf_upload(),
        )
    assert refusal(refused) == [
        # French puts a no-break space before the semicolon.
        "Une demande comporte au maximum 20 documents\u00a0; supprimez-en un d'abord."
    ]
    assert application.documents.count() == 20
    # The five of the factory and the twentieth; the refused ones left nothing.
    assert len(files_in(private_storage_dir)) == 6
