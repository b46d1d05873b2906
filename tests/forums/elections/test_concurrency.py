"""One vote per voter under parallel requests, against PostgreSQL."""

import pytest

from forums.elections import services
from forums.models import Ballot, Candidature, VoterMark
from tests.concurrency import run_in_parallel
from tests.factories import UserFactory
from tests.forums.elections.factories import ElectionFactory, candidature, close_voting, open_voting
from tests.forums.factories import RegistrationFactory, pdf_upload
from tests.partners.factories import PartnerFactory

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.concurrency,
]


def test_same_voter_casting_from_two_sessions_at_once_records_one_ballot():
    election = ElectionFactory()
    first, second = candidature(election, country="SN"), candidature(election, country="FR")
    voter = UserFactory(email="twice@example.org")
    RegistrationFactory(
        event=election.event, partner=PartnerFactory(), email=voter.email, is_voting_delegate=True
    )
    other = UserFactory(email="once@example.org")
    RegistrationFactory(
        event=election.event, partner=PartnerFactory(), email=other.email, is_voting_delegate=True
    )
    services.roll_close(election=election)
    open_voting(election)
    receipts = []

    def cast(code, user=voter):
        receipts.append(services.ballot_cast(election=election, user=user, choices=[code]))

    outcomes = run_in_parallel(
        [lambda: cast(first.code), lambda: cast(second.code), lambda: cast(first.code, other)]
    )
    assert sorted(outcomes) == ["Your NGO has already voted.", "ok", "ok"]
    assert Ballot.objects.count() == 2 and VoterMark.objects.count() == 2
    close_voting(election)
    services.election_count(election=election)
    data = services.ballots_export(election)
    # The count matches the receipts: each receipt given is one published ballot.
    assert sorted(b["receipt"] for b in data["ballots"]) == sorted(receipts)
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.votes + second.votes == 2


def test_the_same_candidature_sent_twice_at_once_is_stored_once(private_storage_dir):
    election = ElectionFactory()
    partner = PartnerFactory(status="consultative")

    def submit():
        services.candidature_submit(
            election=election,
            user=None,
            partner=partner,
            seat_kind="consultative",
            statements={"en": "We will serve."},
            cv=pdf_upload("cv.pdf"),
        )

    outcomes = run_in_parallel([submit, submit])
    assert sorted(outcomes) == ["Your NGO already has a candidature for this seat.", "ok"]
    assert Candidature.objects.count() == 1
    # The refused one's CV is not left behind in the private storage.
    stored = [path for path in (private_storage_dir / "elections").rglob("*") if path.is_file()]
    assert len(stored) == 1
