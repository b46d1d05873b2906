"""forums.permissions, rule by rule, where the page-level tables leave a gap:
visitors asked directly (a rule must refuse them itself, not rely on the
login page in front of it), the Secretariat's own powers, who sees a
proposal's author, and the per-user memo of organised events."""

import pytest
from django.contrib.auth.models import AnonymousUser

from forums import permissions
from forums.models import Event, RegistrationType
from tests.factories import PartnerEditorFactory, PartnerFactory, UserFactory
from tests.forums.factories import (
    CallForProposalsFactory,
    EventFactory,
    RegistrationFactory,
    RegistrationTypeFactory,
    WorkingGroupFactory,
)

pytestmark = pytest.mark.django_db
KINDS = RegistrationType.Kind


def _fresh(user):
    """A user object as a new request would load it (no cached roles)."""
    return type(user).objects.get(pk=user.pk)


@pytest.mark.parametrize("kind", [KINDS.NGO, KINDS.OBSERVER, KINDS.DELEGATION, KINDS.PUBLIC])
def test_a_visitor_may_register_under_no_kind_of_registration(kind):
    rtype = RegistrationTypeFactory(kind=kind)
    assert not permissions.can_register_as(AnonymousUser(), rtype)


def test_any_signed_in_person_may_register_as_an_observer_or_the_public():
    person = UserFactory()
    for kind in (KINDS.OBSERVER, KINDS.PUBLIC):
        assert permissions.can_register_as(_fresh(person), RegistrationTypeFactory(kind=kind))
    assert not permissions.can_register_as(_fresh(person), RegistrationTypeFactory(kind=KINDS.NGO))


def test_a_visitor_never_sees_a_participation_even_one_without_accounts():
    # A registration typed in by the Secretariat for someone without an
    # account has no participant and may have lost its author: a visitor's
    # empty id must not match those empty fields.
    registration = RegistrationFactory(participant=None, registered_by=None)
    assert not permissions.can_view_participation(AnonymousUser(), registration)
    assert not permissions.can_view_participation(_fresh(UserFactory()), registration)


def test_a_participant_and_the_person_who_registered_them_see_the_participation():
    participant, author = UserFactory(), UserFactory()
    registration = RegistrationFactory(participant=participant, registered_by=author)
    assert permissions.can_view_participation(_fresh(participant), registration)
    assert permissions.can_view_participation(_fresh(author), registration)


def test_a_visitor_is_no_committee_organiser():
    assert not permissions.is_committee_organiser(AnonymousUser())


def test_the_secretariat_changes_an_event_status_and_organisers_do_not(secretariat, editor_a):
    event = EventFactory(kind=Event.Kind.FORUM)
    event.organisers.add(editor_a.partner_editor.partner)
    assert permissions.can_change_event_status(secretariat, event)
    assert not permissions.can_change_event_status(_fresh(editor_a), event)
    assert not permissions.can_change_event_status(AnonymousUser(), event)


def test_who_sees_the_author_of_a_proposal(secretariat, editor_a):
    event = EventFactory(kind=Event.Kind.FORUM)
    event.organisers.add(editor_a.partner_editor.partner)
    open_call = CallForProposalsFactory(event=event, anonymous_review=False)
    blind_call = CallForProposalsFactory(event=EventFactory(), anonymous_review=True)
    blind_call.event.organisers.add(editor_a.partner_editor.partner)
    # An organiser reviewing: the author's name unless the review is blind.
    assert permissions.sees_proposer(_fresh(editor_a), open_call)
    assert not permissions.sees_proposer(_fresh(editor_a), blind_call)
    # The Secretariat decides, so it always knows whose proposal it is.
    assert permissions.sees_proposer(secretariat, blind_call)
    assert permissions.sees_proposer(secretariat, open_call)


def test_organisers_review_the_proposals_of_their_event_only(editor_a):
    event, other = EventFactory(), EventFactory()
    event.organisers.add(editor_a.partner_editor.partner)
    assert permissions.can_review_proposals(_fresh(editor_a), event)
    assert not permissions.can_review_proposals(_fresh(editor_a), other)
    assert not permissions.can_review_proposals(AnonymousUser(), event)


def test_the_events_a_user_organises_are_read_once_per_user_object(
    editor_a, django_assert_num_queries
):
    event = EventFactory()
    event.organisers.add(editor_a.partner_editor.partner)
    user = _fresh(editor_a)
    assert permissions.organiser_event_ids(user) == {event.pk}
    with django_assert_num_queries(0):
        assert permissions.organiser_event_ids(user) == {event.pk}


def test_an_editor_reads_the_groups_their_ngo_coordinates_belongs_to_or_manages():
    partner = PartnerFactory()
    editor = PartnerEditorFactory(partner=partner).user
    coordinated = WorkingGroupFactory(coordinating_partner=partner)
    member_of = WorkingGroupFactory()
    member_of.member_partners.add(partner)
    WorkingGroupFactory()  # neither
    user = _fresh(editor)
    assert permissions.readable_group_ids(user) == {coordinated.pk, member_of.pk}
    assert permissions.managed_group_ids(user) == {coordinated.pk}
