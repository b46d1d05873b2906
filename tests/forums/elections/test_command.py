"""manage.py election_count SLUG --from-ballots FILE."""

import io
import json

import pytest
from django.core.management import CommandError, call_command

from forums.elections import services
from tests.forums.elections.factories import ElectionFactory, candidature, close_voting
from tests.forums.factories import RegistrationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def counted():
    election = ElectionFactory(slug="count-me")
    first = candidature(election, kind="chair", country="SN")
    second = candidature(election, kind="chair", country="FR")
    RegistrationFactory(event=election.event, is_voting_delegate=True)
    services.roll_close(election=election)
    for choices in ([first.code], [first.code], [second.code], []):
        election.ballots.create(choices=choices)
    close_voting(election)
    services.election_count(election=election, seed="cmd")
    return election, first, second


def _run(path, slug="count-me"):
    out = io.StringIO()
    call_command("election_count", slug, "--from-ballots", str(path), stdout=out)
    return out.getvalue()


def test_count_from_the_published_file_matches(counted, tmp_path):
    election, first, _second = counted
    path = tmp_path / "ballots.json"
    path.write_text(json.dumps(services.ballots_export(election)))
    output = _run(path)
    assert f"{first.code}" in output and "4 ballots" in output
    assert "Same result as the one published." in output


def test_tampered_ballots_give_another_result_and_fail(counted, tmp_path):
    election, first, second = counted
    data = services.ballots_export(election)
    for ballot in data["ballots"]:
        ballot["choices"] = [second.code]
    path = tmp_path / "ballots.json"
    path.write_text(json.dumps(data))
    with pytest.raises(CommandError, match="differs"):
        _run(path)


@pytest.mark.parametrize(
    "content",
    ["not json", "[]", '{"election": "other"}', '{"election": "count-me"}'],
)
def test_broken_or_foreign_files_are_refused(counted, tmp_path, content):
    path = tmp_path / "ballots.json"
    path.write_text(content)
    with pytest.raises(CommandError):
        _run(path)


def test_ballot_with_too_many_choices_in_the_file_is_refused(counted, tmp_path):
    election, first, second = counted
    data = services.ballots_export(election)
    data["ballots"].append({"receipt": "X", "choices": [first.code, second.code]})
    path = tmp_path / "ballots.json"
    path.write_text(json.dumps(data))
    with pytest.raises(CommandError):
        _run(path)
