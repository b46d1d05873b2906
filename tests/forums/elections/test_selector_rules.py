"""forums.elections.selectors: which elections and candidatures each page
reads, in the order it shows them, and whose account chairs the Committee on
a given day."""

import datetime

import pytest
from django.utils import timezone

from forums.elections import selectors
from forums.models import Candidature, RollEntry
from tests.factories import PartnerFactory, UserFactory
from tests.forums.elections.factories import ElectionFactory, candidature
from tests.forums.factories import CommitteeTermFactory

pytestmark = pytest.mark.django_db
State = Candidature.State


def _named(name, status="consultative"):
    return PartnerFactory(name_en=name, status=status, country="FR")


def _names(candidatures) -> list[str]:
    return [c.partner.name for c in candidatures]


def test_the_public_list_holds_published_elections_with_their_event_in_one_query(
    django_assert_num_queries,
):
    shown = ElectionFactory()
    ElectionFactory(published=False)
    with django_assert_num_queries(1):
        elections = list(selectors.election_list_public())
        assert [(e.pk, e.event.title) for e in elections] == [(shown.pk, shown.event.title)]


def test_an_election_is_found_by_slug_with_its_event_and_term(django_assert_num_queries):
    term = CommitteeTermFactory()
    election = ElectionFactory(slug="liaison-2026", term=term)
    with django_assert_num_queries(1):
        found = selectors.election_get(slug="liaison-2026")
        assert (found.pk, found.event.pk, found.term.pk) == (
            election.pk,
            election.event_id,
            term.pk,
        )
    assert selectors.election_get(slug="no-such-election") is None


def test_candidates_are_grouped_by_seat_then_ordered_by_votes_rank_and_name():
    election = ElectionFactory(chair_seats=0)
    # Gamma entered before Alpha: only the name may put Alpha first.
    for name, votes, rank in (("Gamma", 5, 1), ("Alpha", 5, 1), ("Beta", 5, 2), ("Zeta", 9, None)):
        candidature(election, partner=_named(name), votes=votes, rank=rank)
    candidature(election, kind="associate", partner=_named("Assoc", status="associate"))
    candidature(election, partner=_named("Waiting"), state=State.SUBMITTED)
    groups = selectors.candidatures_by_kind(election=election)
    assert [(kind, _names(members)) for kind, _label, members in groups] == [
        ("associate", ["Assoc"]),
        ("consultative", ["Zeta", "Alpha", "Gamma", "Beta"]),
    ]
    every_state = selectors.candidatures_by_kind(
        election=election, states=[State.VALIDATED, State.SUBMITTED]
    )
    assert "Waiting" in _names(every_state[1][2])


def test_once_counted_candidates_are_shown_by_rank_those_without_one_first():
    election = ElectionFactory(chair_seats=0, associate_seats=0)
    for name, votes, rank in (("Second", 30, 2), ("First", 20, 1), ("Unranked", 10, None)):
        candidature(election, partner=_named(name), votes=votes, rank=rank)
    election.counted_at = timezone.now()
    election.save()
    [(_kind, _label, members)] = selectors.candidatures_by_kind(election=election)
    assert _names(members) == ["Unranked", "First", "Second"]


def test_the_secretariats_list_holds_every_state_in_order_and_a_partner_sees_its_own(
    django_assert_num_queries,
):
    election = ElectionFactory()
    mine = _named("Mine")
    validated = candidature(election, partner=mine)
    rejected = candidature(election, partner=_named("Refused"), state=State.REJECTED)
    # Entered first, listed after the associate one: by seat within a state.
    consultative = candidature(election, state=State.SUBMITTED)
    associate = candidature(election, kind="associate", state=State.SUBMITTED)
    with django_assert_num_queries(1):
        awaiting = list(selectors.candidatures_awaiting(election=election))
        assert [c.partner.name for c in awaiting] == [
            "Refused",
            associate.partner.name,
            consultative.partner.name,
            "Mine",
        ]
    assert awaiting == [rejected, associate, consultative, validated]
    other_election = ElectionFactory()
    candidature(other_election, partner=mine)
    with django_assert_num_queries(1):
        own = list(selectors.candidatures_of_partner(election=election, partner_id=mine.pk))
        assert [(c.pk, c.partner.name) for c in own] == [(validated.pk, "Mine")]


def test_the_public_roll_lists_the_ngos_by_name(django_assert_num_queries):
    election = ElectionFactory()
    for name in ("Zeta", "Alpha", "Mu"):
        RollEntry.objects.create(
            election=election,
            partner=_named(name),
            delegate_name="Delegate",
            delegate_email=f"{name.lower()}@example.org",
        )
    RollEntry.objects.create(
        election=ElectionFactory(),
        partner=_named("Elsewhere"),
        delegate_name="D",
        delegate_email="d@example.org",
    )
    with django_assert_num_queries(1):
        assert _names(selectors.roll_public(election=election)) == ["Alpha", "Mu", "Zeta"]


def test_the_chairs_account_is_known_on_each_day_of_the_term_and_only_then():
    chair = UserFactory()
    start, end = datetime.date(2023, 1, 1), datetime.date(2026, 12, 31)
    CommitteeTermFactory(start_date=start, end_date=end, chair_account=chair)
    CommitteeTermFactory(start_date=start, end_date=end, chair_account=None)
    one_day = datetime.timedelta(days=1)
    for day, expected in (
        (start - one_day, set()),
        (start, {chair.pk}),
        (end, {chair.pk}),
        (end + one_day, set()),
    ):
        assert selectors.committee_chair_account_ids(today=day) == expected, day


def test_the_chair_is_read_for_today_unless_told():
    chair = UserFactory()
    today = timezone.localdate()
    CommitteeTermFactory(
        start_date=today, end_date=today + datetime.timedelta(days=30), chair_account=chair
    )
    assert selectors.committee_chair_account_ids() == {chair.pk}
