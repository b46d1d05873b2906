"""The election pages: what they show, what they cost, and the receipt kept nowhere."""

import pytest
from django.utils import timezone

from forums.elections import services
from forums.models import Ballot
from tests.conftest import sign_in
from tests.factories import UserFactory
from tests.forums.elections.factories import ElectionFactory, candidature, open_voting
from tests.forums.factories import RegistrationFactory
from tests.partners.factories import PartnerFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("count", [1, 3])
def test_election_page_costs_the_same_with_1_or_3_candidates(
    client, count, django_assert_num_queries
):
    election = ElectionFactory(candidates_published=timezone.localdate())
    for n in range(count):
        candidature(election, country=("SN", "FR", "BR")[n])
    with django_assert_num_queries(2):
        response = client.get(f"/en/elections/{election.slug}/")
    assert response.status_code == 200
    assert response.content.count(b'class="candidature"') == count


def test_candidates_are_hidden_before_their_publication_date(client):
    election = ElectionFactory()
    made = candidature(election)
    page = client.get(f"/fr/elections/{election.slug}/").content.decode()
    assert made.partner.name_fr not in page


def test_vote_page_reviews_then_casts_and_keeps_the_receipt_out_of_the_session(client):
    election = ElectionFactory()
    made = candidature(election)
    voter = UserFactory(email="votante@example.org")
    RegistrationFactory(
        event=election.event, partner=PartnerFactory(), email=voter.email, is_voting_delegate=True
    )
    services.roll_close(election=election)
    open_voting(election)
    sign_in(client, voter)
    url = f"/es/elections/{election.slug}/vote/"
    review = client.post(url, {"consultative": [made.code]})
    assert review.status_code == 200 and Ballot.objects.count() == 0
    assert "Revise su papeleta" in review.content.decode()
    cast = client.post(url, {"consultative": [made.code], "step": "cast"})
    receipt = Ballot.objects.get().receipt
    assert receipt in cast.content.decode()
    assert receipt not in str(client.session.items())
    assert cast["Cache-Control"].startswith("max-age=0")
    again = client.get(url)
    assert "Su ONG ha votado" in again.content.decode()


def test_ballots_page_finds_a_receipt_and_tolerates_hostile_input(client):
    election = ElectionFactory()
    made = candidature(election)
    RegistrationFactory(event=election.event, email="x@example.org", is_voting_delegate=True)
    services.roll_close(election=election)
    ballot = election.ballots.create(choices=[made.code])
    from tests.forums.elections.factories import close_voting

    close_voting(election)
    services.election_count(election=election)
    found = client.get(
        f"/en/elections/{election.slug}/ballots/", {"receipt": ballot.receipt.lower()}
    )
    assert "Your ballot is in the list." in found.content.decode()
    for hostile in ("\x00", "x" * 5000, "<script>", "' OR 1=1"):
        page = client.get(f"/en/elections/{election.slug}/ballots/", {"receipt": hostile})
        assert page.status_code == 200
        assert "No ballot has this receipt code." in page.content.decode()
