"""forums.permissions, predicate by predicate: who may do what to groups, documents, events.

The expected answers are written out, one table per rule, for people in
every position toward one working group: its manager (a membership on behalf
of a member NGO), an editor of a member NGO and one of the coordinating NGO
(both without a membership: they read, they do not manage), an editor of an
unrelated NGO, the Secretariat with and without two-factor, and a visitor.
The permission matrix checks the same rules through the pages
(tests/forums/permission_rows.py).
"""

import pytest
from django.contrib.auth.models import AnonymousUser

from forums import permissions
from forums.models import Document, Event, EventDocument
from forums.services import stored_file_fields
from foundation.roles import mark_second_factor
from tests.conftest import verified
from tests.factories import PartnerEditorFactory, PartnerFactory
from tests.forums.factories import (
    DocumentFactory,
    EventFactory,
    WorkingGroupFactory,
    WorkingGroupMembershipFactory,
    pdf_upload,
)

pytestmark = pytest.mark.django_db

PEOPLE = [
    "secretariat",
    "secretariat_nomfa",
    "manager",
    "member_editor",
    "coordinator_editor",
    "stranger",
    "visitor",
]


def _editor(email, partner):
    return verified(PartnerEditorFactory(partner=partner, user__email=email).user)


@pytest.fixture
def group(db):
    return WorkingGroupFactory(slug="strengthening", coordinating_partner=PartnerFactory())


@pytest.fixture
def people(group, secretariat, secretariat_without_mfa):
    member_ngo = PartnerFactory()
    group.member_partners.add(member_ngo)
    manager = _editor("manager@example.org", member_ngo)
    WorkingGroupMembershipFactory(working_group=group, user=manager, partner=member_ngo)
    return {
        "secretariat": secretariat,
        "secretariat_nomfa": secretariat_without_mfa,
        "manager": manager,
        "member_editor": _editor("member@example.org", PartnerFactory()),
        "coordinator_editor": _editor("coordinator@example.org", group.coordinating_partner),
        "stranger": _editor("stranger@example.org", PartnerFactory()),
        "visitor": AnonymousUser(),
    }


@pytest.fixture
def member_ngo_editor(group, people):
    """The member editor's NGO joins the group (after the fixture made it)."""
    group.member_partners.add(people["member_editor"].partner_editor.partner)
    return people["member_editor"]


def _answers(people, rule, *args) -> dict:
    # A fresh user object per question: answers are cached on the user.
    answers = {}
    for name in PEOPLE:
        user = people[name]
        if user.is_authenticated:
            user = type(user).objects.get(pk=user.pk)
            # The Secretariat acts in a session that passed the second factor.
            mark_second_factor(user, passed=(name == "secretariat"))
        answers[name] = rule(user, *args)
    return answers


def _only(*names) -> dict:
    return {name: name in names for name in PEOPLE}


READERS = ("secretariat", "manager", "member_editor", "coordinator_editor")
EDITORS = ("manager", "member_editor", "coordinator_editor", "stranger")


def test_internal_documents_are_read_by_the_groups_ngos_and_the_secretariat(
    group, people, member_ngo_editor
):
    assert _answers(people, permissions.can_read_internal, group) == _only(*READERS)


def test_the_coordinating_ngos_editor_reads_internal_documents_without_a_membership(group, people):
    # Without the member editor's NGO in the group: the coordinating NGO's
    # editor reads by coordination alone.
    answers = _answers(people, permissions.can_read_internal, group)
    assert answers == _only("secretariat", "manager", "coordinator_editor")


def test_the_manager_the_coordinating_ngos_editor_and_the_secretariat_manage_the_group(
    group, people, member_ngo_editor
):
    # Managing follows coordination (issue 17), not a Liaison Committee role.
    assert _answers(people, permissions.can_manage_group, group) == _only(
        "secretariat", "manager", "coordinator_editor"
    )
    other_group = WorkingGroupFactory(slug="other")
    assert _answers(people, permissions.can_manage_group, other_group) == _only("secretariat")


def test_a_draft_is_edited_and_submitted_by_its_managers(group, people, member_ngo_editor):
    draft = DocumentFactory(working_group=group)
    managers = ("secretariat", "manager", "coordinator_editor")
    assert _answers(people, permissions.can_edit_document, draft) == _only(*managers)
    assert _answers(people, permissions.can_submit_document, draft) == _only(*managers)
    assert _answers(people, permissions.can_view_document, draft) == _only(*READERS)


def test_a_document_under_review_is_edited_by_the_secretariat_only_and_submitted_by_no_one(
    group, people, member_ngo_editor
):
    document = DocumentFactory(working_group=group)
    document.state = Document.State.REVIEW
    document.save()
    assert _answers(people, permissions.can_edit_document, document) == _only("secretariat")
    assert _answers(people, permissions.can_submit_document, document) == _only()


def test_a_published_document_is_seen_by_all_and_not_submitted_again(
    group, people, member_ngo_editor
):
    document = DocumentFactory(working_group=group, published=True)
    assert _answers(people, permissions.can_view_document, document) == _only(*PEOPLE)
    assert _answers(people, permissions.can_submit_document, document) == _only()
    assert _answers(people, permissions.can_edit_document, document) == _only(
        "secretariat", "manager", "coordinator_editor"
    )


def test_publishing_and_commenting_are_the_secretariats(group, people):
    document = DocumentFactory(working_group=group)
    assert _answers(people, permissions.can_publish_document, document) == _only("secretariat")
    assert _answers(people, permissions.can_comment_document, document) == _only("secretariat")


def test_a_published_versions_file_is_public_a_drafts_file_internal(
    group, people, member_ngo_editor
):
    document = DocumentFactory(working_group=group, published=True)
    published_file = document.published_version.files.first()
    draft = document.versions.create(number=2)
    draft_file = draft.files.create(
        language="en", **stored_file_fields(pdf_upload("v2.pdf"), folder="test")
    )
    assert _answers(people, permissions.can_download_document_file, published_file) == _only(
        *PEOPLE
    )
    assert _answers(people, permissions.can_download_document_file, draft_file) == _only(*READERS)


def test_an_unpublished_event_is_seen_by_the_secretariat_only(people):
    assert _answers(people, permissions.can_view_event, EventFactory()) == _only(*PEOPLE)
    hidden = EventFactory(published=False)
    assert _answers(people, permissions.can_view_event, hidden) == _only("secretariat")


def test_ngo_editors_register_while_registration_is_open(people):
    open_event = EventFactory()
    assert _answers(people, permissions.can_register_for, open_event) == _only(*EDITORS)
    closed = EventFactory(state=Event.State.REGISTRATION_CLOSED)
    assert _answers(people, permissions.can_register_for, closed) == _only()
    hidden = EventFactory(published=False)
    assert _answers(people, permissions.can_register_for, hidden) == _only()


def test_a_partners_registrations_are_seen_by_its_editors_and_the_secretariat(people):
    event = EventFactory()
    partner_id = people["stranger"].partner_editor.partner_id
    answers = _answers(people, permissions.can_view_partner_registrations, event, partner_id)
    assert answers == _only("secretariat", "stranger")


def test_registrations_and_event_documents_are_managed_by_the_secretariat(people):
    event = EventFactory()
    assert _answers(people, permissions.can_manage_registrations, event) == _only("secretariat")
    assert _answers(people, permissions.can_manage_documents, event) == _only("secretariat")


def _event_document(event, *, published=True) -> EventDocument:
    return event.documents.create(
        title="Report",
        title_en="Report",
        language="en",
        published=published,
        **stored_file_fields(pdf_upload("report.pdf"), folder="test"),
    )


def test_an_event_document_is_public_only_when_it_and_its_event_are_published(people):
    event = EventFactory()
    public = _event_document(event)
    assert _answers(people, permissions.can_download_event_file, public) == _only(*PEOPLE)
    unpublished = _event_document(event, published=False)
    assert _answers(people, permissions.can_download_event_file, unpublished) == _only(
        "secretariat"
    )
    of_hidden_event = _event_document(EventFactory(published=False))
    assert _answers(people, permissions.can_download_event_file, of_hidden_event) == _only(
        "secretariat"
    )


def test_a_users_groups_are_looked_up_once_per_user_object(
    group, people, member_ngo_editor, django_assert_num_queries
):
    # Views ask several questions in a row about one request's user.
    manager = type(people["manager"]).objects.get(pk=people["manager"].pk)
    assert permissions.can_read_internal(manager, group)
    assert permissions.can_manage_group(manager, group)
    with django_assert_num_queries(0):
        assert permissions.can_read_internal(manager, group)
        assert permissions.can_manage_group(manager, group)
        assert not permissions.can_manage_group(manager, WorkingGroupFactory.build(pk=10**6))
