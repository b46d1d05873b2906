import io

import pytest
from django.core.management import call_command

from forums import demo as forums_demo
from forums.elections import selectors
from forums.models import Candidature, Election
from partners import demo as partners_demo

pytestmark = pytest.mark.django_db


def test_demo_has_a_2018_paper_count_and_a_coming_election_with_an_open_roll(tmp_path):
    partners_demo.seed(with_accounts=False)
    forums_demo.seed(with_accounts=False)
    forums_demo.seed(with_accounts=False)  # idempotent
    past = Election.objects.get(slug="liaison-committee-2018")
    assert past.is_counted and past.counted_from_paper and past.paper_ballots_cast == 100
    elected = set(past.candidatures.filter(elected=True).values_list("seat_kind", "partner__slug"))
    # Only three associates stood: the list has a seat left; asia-teachers and
    # digital-access tie for the sixth consultative seat (41 votes): the lot of
    # seed "ciong-2018" decides, and sport-for-peace's Arab States are already
    # seated through arab-youth-science.
    assert ("chair", "wcll") in elected
    assert {s for k, s in elected if k == "associate"} == {
        "icme",
        "heritage-watch",
        "ethics-science",
    }
    consultative = {s for k, s in elected if k == "consultative"}
    assert len(consultative) == 6 and "sport-for-peace" not in consultative
    assert past.term.seats.count() == 10
    assert past.term.members.count() == 9
    coming = Election.objects.exclude(pk=past.pk).get()
    assert coming.event.kind == "ciong" and coming.event.start_date > coming.call_opens
    assert not coming.roll_closed and not coming.is_counted
    assert coming.candidatures.filter(state=Candidature.State.VALIDATED).count() == 4
    assert coming.event.registrations.filter(is_voting_delegate=True).count() == 3
    assert selectors.committee_partner_ids() == set()  # the 2018 term is over
    # The published file reproduces the count.
    out = io.StringIO()
    path = tmp_path / "ballots.json"
    import json

    from forums.elections.services import ballots_export

    path.write_text(json.dumps(ballots_export(past)))
    call_command(
        "election_count", "liaison-committee-2018", "--from-ballots", str(path), stdout=out
    )
    assert "Same result as the one published." in out.getvalue()
