"""forums.elections.permissions, rule by rule: who may see, nominate, manage, count.

One table per rule, for people in every position toward one election: the
Secretariat with and without two-factor, a teller the election names, an
editor of the NGO that stands, an editor of another NGO, a signed-in user
who edits no NGO, and a visitor. The permission matrix checks the same rules
through the pages (tests/forums/elections/permission_rows.py).
"""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from forums.elections import permissions
from forums.models import Candidature, CommitteeSeat
from tests.conftest import verified
from tests.factories import PartnerEditorFactory, PartnerFactory, UserFactory
from tests.forums.elections.factories import ElectionFactory, candidature
from tests.forums.factories import CommitteeTermFactory

pytestmark = pytest.mark.django_db

PEOPLE = [
    "secretariat",
    "secretariat_nomfa",
    "teller",
    "candidate_editor",
    "other_editor",
    "signed_in",
    "visitor",
]


def _editor(email, partner=None):
    link = PartnerEditorFactory(partner=partner or PartnerFactory(), user__email=email)
    return verified(link.user)


@pytest.fixture
def election(db):
    return ElectionFactory()


@pytest.fixture
def people(election, secretariat, secretariat_without_mfa):
    teller = verified(UserFactory(email="teller@example.org"))
    election.tellers.add(teller)
    standing = PartnerFactory(status="consultative")
    return {
        "secretariat": secretariat,
        "secretariat_nomfa": secretariat_without_mfa,
        "teller": teller,
        "candidate_editor": _editor("candidate@example.org", standing),
        "other_editor": _editor("other@example.org"),
        "signed_in": verified(UserFactory(email="nobody@example.org")),
        "visitor": AnonymousUser(),
    }


def _answers(rule, people, *args):
    return {name: rule(people[name], *args) for name in PEOPLE}


def _only(*allowed):
    return {name: name in allowed for name in PEOPLE}


def test_a_published_election_is_seen_by_all_an_unpublished_one_by_the_secretariat(
    election, people
):
    assert _answers(permissions.can_view_election, people, election) == _only(*PEOPLE)
    election.published = False
    assert _answers(permissions.can_view_election, people, election) == _only("secretariat")


def test_ngo_editors_nominate_in_a_published_election_only(election, people):
    editors = ("candidate_editor", "other_editor")
    assert _answers(permissions.can_nominate, people, election) == _only(*editors)
    election.published = False
    assert _answers(permissions.can_nominate, people, election) == _only()


def test_only_the_secretariat_with_two_factor_manages_the_election(election, people):
    assert _answers(permissions.can_manage_election, people, election) == _only("secretariat")


def test_the_paper_count_is_entered_by_the_elections_tellers_and_the_secretariat(election, people):
    expected = _only("secretariat", "teller")
    assert _answers(permissions.can_enter_paper_count, people, election) == expected
    # A teller of another election counts nothing here.
    other = ElectionFactory()
    assert _answers(permissions.can_enter_paper_count, people, other) == _only("secretariat")


def test_a_validated_candidature_is_public_once_the_election_is_published(election, people):
    standing = people["candidate_editor"].partner_editor.partner
    made = candidature(election, partner=standing, state=Candidature.State.VALIDATED)
    assert _answers(permissions.can_view_candidature, people, made) == _only(*PEOPLE)


@pytest.mark.parametrize(
    ("state", "published"),
    [
        (Candidature.State.SUBMITTED, True),
        (Candidature.State.REJECTED, True),
        # Validated, in an election not (or no longer) published.
        (Candidature.State.VALIDATED, False),
    ],
)
def test_other_candidatures_are_seen_by_their_ngo_and_the_secretariat(
    election, people, state, published
):
    standing = people["candidate_editor"].partner_editor.partner
    made = candidature(election, partner=standing, state=state)
    made.election.published = published
    expected = _only("secretariat", "candidate_editor")
    assert _answers(permissions.can_view_candidature, people, made) == expected


def _seat(partner, *, kind="consultative", start, end):
    term = CommitteeTermFactory(start_date=start, end_date=end)
    CommitteeSeat.objects.create(term=term, kind=kind, partner=partner)


def test_a_committee_member_edits_an_ngo_seated_in_the_current_term(people):
    today = timezone.localdate()
    year = datetime.timedelta(days=365)
    seated = people["candidate_editor"].partner_editor.partner
    formerly = people["other_editor"].partner_editor.partner
    _seat(seated, start=today - year, end=today + year)
    _seat(formerly, start=today - 3 * year, end=today - year)
    assert _answers(lambda user: permissions.is_committee_member(user), people) == _only(
        "candidate_editor"
    )


def test_the_committee_is_looked_up_once_per_user(people, django_assert_num_queries):
    # Every page asks (the navigation shows the Committee's space to members).
    editor = people["candidate_editor"]
    assert not permissions.is_committee_member(editor)
    with django_assert_num_queries(0):
        assert not permissions.is_committee_member(editor)
