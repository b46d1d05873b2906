"""forums.services, rule by rule: each refusal's exact words, who may call each
write, what it stores and what it leaves alone. The pages' tests
(test_working_groups.py, test_events.py…) follow the same steps through the site."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError
from django.utils import timezone, translation

from forums import services
from forums.models import (
    Document,
    DocumentComment,
    DocumentFile,
    DocumentVersion,
    Event,
    EventDocument,
    Meeting,
    Registration,
    WorkingGroupMembership,
)
from foundation import uploads
from tests.conftest import verified
from tests.factories import PartnerEditorFactory, PartnerFactory, UserFactory
from tests.files import names_on_disk
from tests.forums.factories import (
    DocumentFactory,
    EventFactory,
    RegistrationFactory,
    WorkingGroupFactory,
    WorkingGroupMembershipFactory,
    pdf_upload,
)

pytestmark = pytest.mark.django_db

DAY = datetime.date(2026, 6, 1)


@pytest.fixture
def group(db):
    return WorkingGroupFactory(slug="strengthening")


@pytest.fixture
def manager(group):
    partner = PartnerFactory()
    group.member_partners.add(partner)
    user = verified(PartnerEditorFactory(partner=partner, user__email="manager@example.org").user)
    WorkingGroupMembershipFactory(working_group=group, user=user, partner=partner)
    return user


@pytest.fixture
def secretary(secretariat):
    """A Secretariat member who passed the second factor (tests/conftest.py)."""
    return secretariat


@pytest.fixture
def stranger(db):
    return verified(PartnerEditorFactory(user__email="stranger@example.org").user)


# --- Meetings -----------------------------------------------------------------------------


def test_a_meeting_is_stored_with_its_place_trimmed(group, manager):
    meeting = services.meeting_save(
        group=group, user=manager, date=DAY, place="  Room XI ", agenda="Budget", minutes="Notes"
    )
    stored = Meeting.objects.get()
    assert stored == meeting
    assert (stored.working_group, stored.date, stored.place, stored.online) == (
        group,
        DAY,
        "Room XI",
        False,
    )
    assert (stored.agenda, stored.minutes) == ("Budget", "Notes")
    services.meeting_save(group=group, user=manager, date=DAY, online=True, meeting=meeting)
    stored.refresh_from_db()
    assert (stored.place, stored.online, stored.agenda) == ("", True, "")
    assert Meeting.objects.count() == 1


def test_a_meeting_needs_a_place_or_to_be_online(group, manager):
    with pytest.raises(ValidationError) as refused:
        services.meeting_save(group=group, user=manager, date=DAY, place="   ")
    assert refused.value.messages == ["Give a place, or mark the meeting as online."]
    assert not Meeting.objects.exists()


def test_only_the_groups_managers_write_its_meetings(group, manager, stranger):
    with pytest.raises(PermissionDenied):
        services.meeting_save(group=group, user=stranger, date=DAY, online=True)
    other = WorkingGroupFactory()
    elsewhere = Meeting.objects.create(working_group=other, date=DAY, online=True)
    with pytest.raises(PermissionDenied):
        services.meeting_save(group=group, user=manager, date=DAY, place="Paris", meeting=elsewhere)
    elsewhere.refresh_from_db()
    assert (elsewhere.working_group, elsewhere.place) == (other, "")


# --- Documents --------------------------------------------------------------------------


def test_a_new_document_is_a_draft_with_version_one_and_a_file_per_language(group, manager):
    document = services.document_create(
        group=group,
        user=manager,
        kind=Document.Kind.GUIDE,
        titles={"fr": " Guide des ONG ", "en": "", "es": "Guía"},
        summaries={"fr": "Résumé"},
        document_date=DAY,
        files={"fr": pdf_upload("guide-fr.pdf"), "es": pdf_upload("guide-es.pdf"), "en": None},
        note="n" * 600,
    )
    stored = Document.objects.get()
    assert stored == document
    assert (stored.title_fr, stored.title_en, stored.title_es) == ("Guide des ONG", "", "Guía")
    with translation.override("en"):  # no English title: the French one, next in the fallbacks
        assert Document.objects.get().title == "Guide des ONG"
    with translation.override("es"):
        assert Document.objects.get().title == "Guía"
    assert (stored.summary_fr, stored.summary_en) == ("Résumé", "")
    assert (stored.state, stored.created_by, stored.document_date) == (
        Document.State.DRAFT,
        manager,
        DAY,
    )
    version = DocumentVersion.objects.get()
    assert (version.number, version.created_by, version.note) == (1, manager, "n" * 500)
    files = {f.language: f.original_name for f in DocumentFile.objects.all()}
    assert files == {"fr": "guide-fr.pdf", "es": "guide-es.pdf"}


def test_each_refusal_of_a_new_document_in_words(group, manager, stranger):
    def refusal(**changes):
        arguments = {
            "group": group,
            "user": manager,
            "kind": Document.Kind.GUIDE,
            "titles": {"en": "Guide"},
            "files": {"en": pdf_upload()},
        } | changes
        with pytest.raises(ValidationError) as refused:
            services.document_create(**arguments)
        return refused.value

    assert refusal(titles={"fr": "  ", "en": None}).messages == ["Give the document a title."]
    assert refusal(files={"en": None}).messages == [
        "Upload at least one file, in one of the languages."
    ]
    assert refusal(files={"de": pdf_upload()}).messages == ["Unknown language."]
    other_meeting = Meeting.objects.create(
        working_group=WorkingGroupFactory(), date=DAY, online=True
    )
    assert refusal(meeting=other_meeting).messages == ["This meeting belongs to another group."]
    refused = refusal(
        files={"en": pdf_upload(), "fr": SimpleUploadedFile("x.pdf", b"MZ not a pdf")}
    )
    assert list(refused.message_dict) == ["file_fr"]
    with pytest.raises(PermissionDenied):
        services.document_create(
            group=group, user=stranger, kind="guide", titles={"en": "G"}, files={"en": pdf_upload()}
        )
    assert not Document.objects.exists() and not DocumentFile.objects.exists()


def test_a_new_version_is_numbered_after_the_last_and_sends_a_published_document_back_to_draft(
    group, manager
):
    document = DocumentFactory(working_group=group, published=True)
    DocumentVersion.objects.create(document=document, number=4)
    services.document_add_version(
        document=document, user=manager, files={"en": pdf_upload("v5.pdf")}, note="Fifth"
    )
    document.refresh_from_db()
    latest = document.versions.order_by("-number").first()
    assert (latest.number, latest.note, latest.created_by) == (5, "Fifth", manager)
    assert document.state == Document.State.DRAFT
    # The published version stays public until the new one is published.
    assert document.published_version.number == 1


def test_no_new_version_while_under_review(group, manager, secretary):
    document = DocumentFactory(working_group=group, state=Document.State.REVIEW)
    with pytest.raises(PermissionDenied):
        services.document_add_version(document=document, user=manager, files={"en": pdf_upload()})
    with pytest.raises(ValidationError) as refused:
        services.document_add_version(document=document, user=secretary, files={"en": pdf_upload()})
    assert refused.value.messages == ["The document is under Secretariat review."]
    assert document.versions.count() == 1


def test_submit_publish_and_return_each_refuse_the_wrong_state_in_words(group, manager, secretary):
    draft = DocumentFactory(working_group=group)
    with pytest.raises(ValidationError) as refused:
        services.document_publish(document=draft, user=secretary)
    assert refused.value.messages == ["Only a document under review can be published."]
    with pytest.raises(ValidationError) as refused:
        services.document_return(document=draft, user=secretary, comment="Change it.")
    assert refused.value.messages == ["Only a document under review can be returned."]
    published = DocumentFactory(working_group=group, published=True)
    with pytest.raises(ValidationError) as refused:
        services.document_submit(document=published, user=manager)
    assert refused.value.messages == ["Only a draft can be submitted for review."]
    assert Document.objects.get(pk=draft.pk).state == Document.State.DRAFT
    assert Document.objects.get(pk=published.pk).state == Document.State.PUBLISHED


def test_submitting_tells_the_secretariat_and_only_managers_submit(
    group, manager, stranger, secretary, django_capture_on_commit_callbacks
):
    document = DocumentFactory(working_group=group)
    with pytest.raises(PermissionDenied):
        services.document_submit(document=document, user=stranger)
    with django_capture_on_commit_callbacks(execute=True):
        returned = services.document_submit(document=document, user=manager)
    assert returned.state == Document.State.REVIEW
    assert Document.objects.get().state == Document.State.REVIEW
    assert [m.to for m in mail.outbox] == [[secretary.email]]


def test_publishing_makes_the_latest_version_public_and_records_who(group, manager, secretary):
    document = DocumentFactory(working_group=group, state=Document.State.REVIEW)
    second = DocumentVersion.objects.create(document=document, number=2)
    DocumentFile.objects.create(
        version=second, language="en", **services.stored_file_fields(pdf_upload(), folder="t")
    )
    with pytest.raises(PermissionDenied):
        services.document_publish(document=document, user=manager)
    before = timezone.now()
    services.document_publish(document=document, user=secretary)
    document.refresh_from_db()
    assert (document.state, document.published_version, document.published_by) == (
        Document.State.PUBLISHED,
        second,
        secretary,
    )
    assert before <= document.published_at <= timezone.now()


def test_a_document_whose_latest_version_has_no_file_is_not_published(group, secretary):
    document = DocumentFactory(working_group=group, state=Document.State.REVIEW)
    DocumentVersion.objects.create(document=document, number=2)
    with pytest.raises(ValidationError) as refused:
        services.document_publish(document=document, user=secretary)
    assert refused.value.messages == ["The document has no file to publish."]
    document.refresh_from_db()
    assert document.state == Document.State.REVIEW and document.published_version is None


def test_returning_needs_a_comment_and_records_it_on_the_latest_version(group, manager, secretary):
    document = DocumentFactory(working_group=group, state=Document.State.REVIEW)
    with pytest.raises(PermissionDenied):
        services.document_return(document=document, user=manager, comment="Mine.")
    with pytest.raises(ValidationError) as refused:
        services.document_return(document=document, user=secretary, comment="  ")
    assert refused.value.messages == ["Say what the group should change."]
    with translation.override("fr"), pytest.raises(ValidationError) as refused:
        services.document_return(document=document, user=secretary, comment="")
    assert refused.value.messages == ["Indiquez ce que le groupe doit modifier."]
    assert Document.objects.get().state == Document.State.REVIEW
    services.document_return(document=document, user=secretary, comment=" Add the budget. ")
    assert Document.objects.get().state == Document.State.DRAFT
    comment = DocumentComment.objects.get()
    assert (comment.text, comment.author, comment.version.number) == (
        "Add the budget.",
        secretary,
        1,
    )
    with pytest.raises(PermissionDenied):
        services.document_comment(document=document, user=manager, text="Mine.")


# --- Event documents -----------------------------------------------------------------------


def test_an_event_document_keeps_each_languages_title(secretary):
    event = EventFactory()
    document = services.event_document_add(
        event=event,
        user=secretary,
        upload=pdf_upload("outcome.pdf"),
        titles={"fr": " Déclaration finale ", "en": "", "es": None},
        language="fr",
        published=False,
    )
    stored = EventDocument.objects.get()
    assert stored == document
    assert (stored.title_fr, stored.title_en, stored.title_es) == ("Déclaration finale", "", "")
    for language in ("en", "es"):
        with translation.override(language):
            assert EventDocument.objects.get().title == "Déclaration finale"
    assert (stored.language, stored.published, stored.original_name) == (
        "fr",
        False,
        "outcome.pdf",
    )


def test_an_event_document_needs_a_title_and_the_secretariat(secretary, manager):
    event = EventFactory()
    with pytest.raises(ValidationError) as refused:
        services.event_document_add(
            event=event,
            user=secretary,
            upload=pdf_upload(),
            titles={"fr": " "},
            language="fr",
            published=True,
        )
    assert refused.value.message_dict == {"title_en": ["Give the document a title."]}
    with pytest.raises(PermissionDenied):
        services.event_document_add(
            event=event,
            user=manager,
            upload=pdf_upload(),
            titles={"en": "Outcome"},
            language="en",
            published=True,
        )
    assert not EventDocument.objects.exists()


def test_publishing_withdrawing_and_deleting_an_event_document(secretary, manager):
    event = EventFactory()
    document = services.event_document_add(
        event=event,
        user=secretary,
        upload=pdf_upload(),
        titles={"en": "Outcome"},
        language="en",
        published=False,
    )
    for outsider_call in (
        lambda: services.event_document_set_published(
            document=document, user=manager, published=True
        ),
        lambda: services.event_document_delete(document=document, user=manager),
    ):
        with pytest.raises(PermissionDenied):
            outsider_call()
    assert EventDocument.objects.get().published is False
    services.event_document_set_published(document=document, user=secretary, published=True)
    assert EventDocument.objects.get().published is True
    services.event_document_delete(document=document, user=secretary)
    assert not EventDocument.objects.exists()


# --- Registrations ------------------------------------------------------------------------


@pytest.fixture
def editor(db):
    return verified(PartnerEditorFactory(user__email="editor@example.org").user)


def _register(event, user, email="awa@example.org", **extra):
    return services.registration_create(
        event=event, user=user, full_name=extra.pop("full_name", " Awa Diop "), email=email, **extra
    )


def test_a_registration_is_stored_for_the_editors_own_ngo(editor):
    event = EventFactory()
    registration = _register(event, editor, email=" Awa@Example.ORG ", position=" Director ")
    stored = Registration.objects.get()
    assert stored == registration
    assert (stored.partner_id, stored.full_name, stored.email, stored.position) == (
        editor.partner_editor.partner_id,
        "Awa Diop",
        "awa@example.org",
        "Director",
    )
    assert (stored.registered_by, stored.is_voting_delegate, stored.status) == (
        editor,
        False,
        Registration.Status.CONFIRMED,
    )


def test_each_refusal_of_a_registration_in_words(editor, secretary):
    closed = EventFactory(state=Event.State.ANNOUNCED)
    with pytest.raises(PermissionDenied):
        _register(closed, secretary)
    cases = [
        (closed, {}, "Registration for this event is not open."),
        (EventFactory(published=False), {}, "Registration for this event is not open."),
        (
            EventFactory(),
            {"is_voting_delegate": True},
            "Only a conference session has voting delegates.",
        ),
    ]
    for event, extra, message in cases:
        with pytest.raises(ValidationError) as refused:
            _register(event, editor, **extra)
        assert refused.value.messages == [message]
    assert not Registration.objects.exists()


def test_capacity_counts_only_the_places_held(editor):
    event = EventFactory(capacity=2)
    RegistrationFactory(event=event)
    RegistrationFactory(event=event, status=Registration.Status.WAITING)
    RegistrationFactory(event=event, status=Registration.Status.CANCELLED)
    _register(event, editor)  # the second place
    with pytest.raises(ValidationError) as refused:
        _register(event, editor, email="second@example.org")
    assert refused.value.messages == ["The event is full."]
    assert Registration.objects.filter(event=event).count() == 4


def test_each_ngo_registers_up_to_its_limit(editor):
    event = EventFactory(per_partner_limit=2)
    partner = editor.partner_editor.partner
    RegistrationFactory(event=event, partner=partner, status=Registration.Status.CANCELLED)
    _register(event, editor, email="one@example.org")
    _register(event, editor, email="two@example.org")
    with pytest.raises(ValidationError) as refused:
        _register(event, editor, email="three@example.org")
    assert refused.value.messages == ["Your organisation has already registered 2 representatives."]
    # Another NGO's registrations do not count against this one.
    assert Registration.objects.filter(event=event, partner=partner).count() == 3


def test_one_voting_delegate_per_ngo_and_one_registration_per_person(editor):
    session = EventFactory(kind=Event.Kind.CIONG)
    _register(session, editor, email="delegate@example.org", is_voting_delegate=True)
    with pytest.raises(ValidationError) as refused:
        _register(session, editor, email="other@example.org", is_voting_delegate=True)
    assert refused.value.messages == ["Your organisation already has a voting delegate."]
    with pytest.raises(ValidationError) as refused:
        _register(session, editor, email="Delegate@example.org")
    assert refused.value.messages == ["This person is already registered for your organisation."]
    # Another NGO may register the same person.
    other_editor = verified(PartnerEditorFactory(user__email="other-editor@example.org").user)
    _register(session, other_editor, email="delegate@example.org", is_voting_delegate=True)
    assert Registration.objects.filter(is_voting_delegate=True).count() == 2


def test_a_registration_is_cancelled_by_its_ngo_while_open_and_by_the_secretariat_always(
    editor, secretary, stranger
):
    event = EventFactory()
    registration = _register(event, editor)
    with pytest.raises(PermissionDenied):
        services.registration_cancel(registration=registration, user=stranger)
    Event.objects.filter(pk=event.pk).update(state=Event.State.REGISTRATION_CLOSED)
    registration.event.refresh_from_db()
    with pytest.raises(ValidationError) as refused:
        services.registration_cancel(registration=registration, user=editor)
    assert refused.value.messages == ["Registration is closed: contact the Secretariat."]
    assert Registration.objects.exists()
    services.registration_cancel(registration=registration, user=secretary)
    assert not Registration.objects.exists()
    open_again = _register(EventFactory(), editor)
    services.registration_cancel(registration=open_again, user=editor)
    assert not Registration.objects.exists()


# --- Group members named by the group ---------------------------------------------------------


def test_a_liaison_member_manages_each_group_of_their_ngo_once(group):
    partner = PartnerFactory()
    member_of = WorkingGroupFactory(name_en="Youth")
    member_of.member_partners.add(partner)
    coordinated = WorkingGroupFactory(name_en="Culture", coordinating_partner=partner)
    coordinated.member_partners.add(partner)  # both ways: listed once
    WorkingGroupFactory(name_en="Another NGO's group")
    user = UserFactory()
    groups = services.liaison_member_add(user=user, partner=partner)
    assert [g.name_en for g in groups] == ["Culture", "Youth"]
    memberships = WorkingGroupMembership.objects.filter(user=user)
    assert {(m.working_group.name_en, m.partner) for m in memberships} == {
        ("Culture", partner),
        ("Youth", partner),
    }
    services.liaison_member_add(user=user, partner=partner)
    assert WorkingGroupMembership.objects.filter(user=user).count() == 2


def test_the_group_hears_whether_its_document_was_published_or_returned(
    group, manager, secretary, django_capture_on_commit_callbacks
):
    returned = DocumentFactory(working_group=group, title_en="Guide A", state=Document.State.REVIEW)
    published = DocumentFactory(
        working_group=group, title_en="Guide B", state=Document.State.REVIEW
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.document_return(document=returned, user=secretary, comment="Add the budget.")
        services.document_publish(document=published, user=secretary)
    subjects = sorted(m.subject for m in mail.outbox if m.to == [manager.email])
    assert subjects == [
        "Published: Guide B",
        "Returned with comments: Guide A",
    ]


def test_optional_texts_are_empty_when_not_given(group, manager, editor):
    meeting = services.meeting_save(group=group, user=manager, date=DAY, online=True)
    assert Meeting.objects.get(pk=meeting.pk).minutes == ""
    document = services.document_create(
        group=group, user=manager, kind="guide", titles={"en": "G"}, files={"en": pdf_upload()}
    )
    assert DocumentVersion.objects.get(document=document).note == ""
    services.document_add_version(document=document, user=manager, files={"en": pdf_upload()})
    assert DocumentVersion.objects.get(document=document, number=2).note == ""
    registration = services.registration_create(
        event=EventFactory(), user=editor, full_name="Awa Diop", email="awa@example.org"
    )
    assert Registration.objects.get(pk=registration.pk).position == ""


def test_a_voting_delegate_may_join_the_ngos_other_representatives(editor):
    session = EventFactory(kind=Event.Kind.CIONG)
    _register(session, editor, email="observer@example.org")
    delegate = _register(session, editor, email="delegate@example.org", is_voting_delegate=True)
    assert Registration.objects.get(pk=delegate.pk).is_voting_delegate is True


# --- Where files go, and what is left when a write fails -----------------------------------


def test_refused_files_are_named_under_their_own_field_and_nothing_is_stored(
    group, manager, private_storage_dir
):
    with pytest.raises(ValidationError) as refused:
        services.document_create(
            group=group,
            user=manager,
            kind=Document.Kind.GUIDE,
            titles={"en": "Guide"},
            files={
                "en": pdf_upload(),
                "fr": SimpleUploadedFile("x.pdf", b"MZ not a pdf"),
                "es": SimpleUploadedFile("y.pdf", b""),
            },
        )
    assert refused.value.message_dict == {
        "file_fr": [
            "This file type is not accepted. Upload a PDF, DOCX, ODT, XLSX, PNG or JPEG file."
        ],
        "file_es": ["The file is empty."],
    }
    assert names_on_disk(private_storage_dir) == []
    assert not Document.objects.exists()


def test_a_documents_files_go_to_the_working_groups_folder_with_its_meeting(
    group, manager, private_storage_dir
):
    meeting = Meeting.objects.create(working_group=group, date=DAY, online=True)
    services.document_create(
        group=group,
        user=manager,
        kind=Document.Kind.MINUTES,
        titles={"en": "Minutes"},
        meeting=meeting,
        files={"en": pdf_upload("minutes.pdf")},
    )
    assert Document.objects.get().meeting == meeting
    stored = DocumentFile.objects.get()
    assert stored.file.name.startswith("working-groups/")
    assert names_on_disk(private_storage_dir) == [stored.file.name]


def test_a_version_the_database_refuses_leaves_no_file_behind(
    group, manager, private_storage_dir, monkeypatch
):
    document = DocumentFactory(working_group=group)
    before = names_on_disk(private_storage_dir)

    def refuse(**fields):
        raise IntegrityError("refused by the database")

    monkeypatch.setattr(DocumentFile.objects, "create", refuse)
    with pytest.raises(IntegrityError):
        services.document_add_version(
            document=document,
            user=manager,
            files={"en": pdf_upload("v2.pdf"), "fr": pdf_upload("v2-fr.pdf")},
        )
    assert names_on_disk(private_storage_dir) == before
    assert document.versions.count() == 1


def test_an_event_document_the_database_refuses_leaves_no_file_behind(
    secretary, private_storage_dir, monkeypatch
):
    def refuse(self, *args, **kwargs):
        raise IntegrityError("refused by the database")

    monkeypatch.setattr(EventDocument, "save", refuse)
    with pytest.raises(IntegrityError):
        services.event_document_add(
            event=EventFactory(),
            user=secretary,
            upload=pdf_upload("outcome.pdf"),
            titles={"en": "Outcome"},
            language="en",
            published=False,
        )
    assert names_on_disk(private_storage_dir) == []


def test_a_replaced_event_file_is_deleted_only_once_the_new_one_is_committed(
    secretary, private_storage_dir, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        document = services.event_document_add(
            event=EventFactory(),
            user=secretary,
            upload=pdf_upload("first.pdf"),
            titles={"en": "Outcome"},
            language="en",
            published=False,
        )
    first = document.stored_name
    assert first.startswith("events/")
    assert names_on_disk(private_storage_dir) == [first]
    with django_capture_on_commit_callbacks() as callbacks:
        services.event_document_attach_file(document=document, upload=pdf_upload("second.pdf"))
        document.save()
    second = document.stored_name
    assert second.startswith("events/") and second != first
    assert names_on_disk(private_storage_dir) == sorted([first, second])  # until the commit
    for callback in callbacks:
        callback()
    assert names_on_disk(private_storage_dir) == [second]
    stored = EventDocument.objects.get()
    assert (stored.stored_name, stored.original_name) == (second, "second.pdf")


def test_a_storage_failure_midway_removes_the_files_already_stored(
    group, manager, private_storage_dir, monkeypatch
):
    store = uploads.store_upload
    calls = []

    def store_then_fail(upload, checked, *, folder):
        calls.append(folder)
        if len(calls) == 2:
            raise OSError("No space left on device")
        return store(upload, checked, folder=folder)

    monkeypatch.setattr(uploads, "store_upload", store_then_fail)
    with pytest.raises(OSError, match="No space left"):
        services.document_create(
            group=group,
            user=manager,
            kind=Document.Kind.GUIDE,
            titles={"en": "Guide"},
            files={"en": pdf_upload("en.pdf"), "fr": pdf_upload("fr.pdf")},
        )
    assert calls == ["working-groups", "working-groups"]
    assert names_on_disk(private_storage_dir) == []
    assert not Document.objects.exists()
