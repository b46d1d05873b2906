"""dialogue.permissions, predicate by predicate: who may do what to which request.

The expected answers are written out; the permission matrix checks the same
rules through the pages (tests/dialogue/permission_rows.py).
"""

import pytest
from django.contrib.auth.models import AnonymousUser

from dialogue import permissions
from dialogue.models import RequestFile, State
from foundation.roles import roles_for
from tests.dialogue.factories import CoSponsorFactory, DialogueRequestFactory, make_delegate
from tests.factories import PartnerEditorFactory, PartnerFactory

pytestmark = pytest.mark.django_db

TERMINAL = {State.HELD, State.DECLINED, State.WITHDRAWN}


@pytest.fixture
def people(secretariat, secretariat_without_mfa):
    requester = make_delegate("requester@example.org", "SN")
    inactive_editor = PartnerEditorFactory(user__email="gone@example.org").user
    inactive_editor.is_active = False
    inactive_editor.save()
    return {
        "secretariat": secretariat,
        "secretariat_nomfa": secretariat_without_mfa,
        "requester": requester,
        "colleague": make_delegate("colleague@example.org", "SN"),
        "foreigner": make_delegate("foreigner@example.org", "BR"),
        "unverified": make_delegate("new@example.org", "SN", is_verified=False),
        "editor": PartnerEditorFactory(user__email="editor@example.org").user,
        "hidden_editor": PartnerEditorFactory(
            user__email="hidden@example.org", partner=PartnerFactory(published=False)
        ).user,
        "inactive_editor": inactive_editor,
        "visitor": AnonymousUser(),
    }


def _request(people, state=State.SUBMITTED):
    return DialogueRequestFactory(country="SN", requester=people["requester"], state=state)


def test_dialogue_speaks_for_the_published_partner_of_an_active_editor(people):
    # Dialogue reads roles_for(user).public_partner_id: an editor of an
    # unpublished partner speaks for no one in a hearing.
    assert roles_for(people["editor"]).public_partner_id is not None
    for name in ["hidden_editor", "inactive_editor", "requester", "secretariat", "visitor"]:
        assert roles_for(people[name]).public_partner_id is None, name


def test_is_cosponsor_with_and_without_joining(people):
    request = _request(people)
    invited = make_delegate("invited@example.org", "BR")
    CoSponsorFactory(request=request, user=invited, joined_at=None)
    joined = make_delegate("joined@example.org", "KE")
    CoSponsorFactory(request=request, user=joined)
    assert permissions.is_cosponsor(invited, request)
    assert not permissions.is_cosponsor(invited, request, joined_only=True)
    assert permissions.is_cosponsor(joined, request, joined_only=True)
    assert not permissions.is_cosponsor(people["foreigner"], request)
    assert not permissions.is_cosponsor(people["visitor"], request)


VIEW = {
    "secretariat": True,
    "secretariat_nomfa": False,
    "requester": True,
    "colleague": True,  # same country
    "foreigner": False,
    "unverified": False,
    "editor": False,
    "visitor": False,
}


@pytest.mark.parametrize(("name", "allowed"), VIEW.items())
def test_who_views_a_request(people, name, allowed):
    assert permissions.can_view_request(people[name], _request(people)) is allowed


def test_an_invited_cosponsor_of_another_country_views_the_request(people):
    request = _request(people)
    CoSponsorFactory(request=request, user=people["foreigner"], joined_at=None)
    assert permissions.can_view_request(people["foreigner"], request)


@pytest.mark.parametrize(
    ("state", "public"),
    [
        (State.SUBMITTED, False),
        (State.UNDER_REVIEW, False),
        (State.ACCEPTED, True),
        (State.SCHEDULED, True),
        (State.HELD, True),
        (State.DECLINED, False),
        (State.WITHDRAWN, False),
    ],
)
def test_which_states_are_public(people, state, public):
    assert permissions.can_view_public(_request(people, state)) is public


def test_only_verified_delegates_submit(people):
    allowed = {name for name in people if permissions.can_submit_request(people[name])}
    assert allowed == {"requester", "colleague", "foreigner"}


@pytest.mark.parametrize("state", State.values)
def test_only_the_requester_withdraws_before_scheduling(people, state):
    request = _request(people, state)
    allowed = {name for name in people if permissions.can_withdraw(people[name], request)}
    expected = (
        {"requester"} if state in {State.SUBMITTED, State.UNDER_REVIEW, State.ACCEPTED} else set()
    )
    assert allowed == expected


@pytest.mark.parametrize("state", State.values)
def test_only_the_requester_invites_cosponsors_until_the_request_closes(people, state):
    request = _request(people, state)
    allowed = {name for name in people if permissions.can_invite_cosponsor(people[name], request)}
    assert allowed == (set() if state in TERMINAL else {"requester"})


@pytest.mark.parametrize("state", State.values)
def test_only_an_invited_delegate_joins_once_until_the_request_closes(people, state):
    request = _request(people, state)
    invited = make_delegate("invited@example.org", "BR")
    CoSponsorFactory(request=request, user=invited, joined_at=None)
    joined = make_delegate("joined@example.org", "KE")
    CoSponsorFactory(request=request, user=joined)
    everyone = {**people, "invited": invited, "joined": joined}
    allowed = {
        name for name, user in everyone.items() if permissions.can_join_as_cosponsor(user, request)
    }
    assert allowed == (set() if state in TERMINAL else {"invited"})


def test_only_the_secretariat_with_two_factor_triages_and_sees_internal_notes(people):
    for check in (permissions.can_triage, permissions.can_see_internal_notes):
        allowed = {name for name in people if check(people[name])}
        assert allowed == {"secretariat"}, check.__name__


@pytest.mark.parametrize("state", State.values)
def test_editors_of_published_partners_express_interest_while_accepted(people, state):
    request = _request(people, state)
    allowed = {name for name in people if permissions.can_express_interest(people[name], request)}
    assert allowed == ({"editor"} if state == State.ACCEPTED else set())


@pytest.mark.parametrize(
    ("kind", "state", "visitor_may"),
    [
        (RequestFile.Kind.OUTCOME, State.HELD, True),
        (RequestFile.Kind.OUTCOME, State.SCHEDULED, False),
        (RequestFile.Kind.ATTACHMENT, State.HELD, False),
        (RequestFile.Kind.ATTACHMENT, State.SUBMITTED, False),
    ],
)
def test_downloads_outcomes_of_held_hearings_are_public_the_rest_private(
    people, kind, state, visitor_may
):
    file = RequestFile(request=_request(people, state), kind=kind)
    assert permissions.can_download(people["visitor"], file) is visitor_may
    assert permissions.can_download(people["requester"], file)
    assert permissions.can_download(people["foreigner"], file) is visitor_may
