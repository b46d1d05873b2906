"""The count's rules on worked examples, written out by hand (forums/elections/counting.py)."""

import hashlib

import pytest

from forums.elections.counting import (
    BallotError,
    Candidate,
    Rules,
    check_choices,
    count,
    lot_key,
    tally_ballots,
)

RULES = Rules(seats={"chair": 1, "associate": 4, "consultative": 6})


def _c(code, kind, region):
    return Candidate(code=code, kind=kind, region=region, partner=code)


def _elected(outcome, kind):
    return sorted(p.candidate.code for p in outcome.elected(kind))


# Four associate candidates from Europe, one from Africa; six consultative from
# Europe, Asia, Latin America, Arab States, and a seventh from Africa.
BASE = [
    _c("a-eu1", "associate", "europe-north-america"),
    _c("a-eu2", "associate", "europe-north-america"),
    _c("a-eu3", "associate", "europe-north-america"),
    _c("a-eu4", "associate", "europe-north-america"),
    _c("a-af", "associate", "africa"),
    _c("c-eu1", "consultative", "europe-north-america"),
    _c("c-as", "consultative", "asia-pacific"),
    _c("c-la", "consultative", "latin-america-caribbean"),
    _c("c-ar", "consultative", "arab-states"),
    _c("c-eu2", "consultative", "europe-north-america"),
    _c("c-eu3", "consultative", "europe-north-america"),
    _c("c-as2", "consultative", "asia-pacific"),
]


def test_regional_rule_gives_africa_the_last_associate_seat():
    votes = {
        "a-eu1": 50, "a-eu2": 40, "a-eu3": 30, "a-eu4": 20, "a-af": 10,
        "c-eu1": 60, "c-as": 55, "c-la": 50, "c-ar": 45, "c-eu2": 40, "c-eu3": 35, "c-as2": 5,
    }  # fmt: skip
    outcome = count(candidates=BASE, votes=votes, rules=RULES, seed="s")
    # Without the rule, the four Europeans would take the associate list and
    # Africa would have no seat: the African takes the last seat of its list.
    assert _elected(outcome, "associate") == ["a-af", "a-eu1", "a-eu2", "a-eu3"]
    assert _elected(outcome, "consultative") == ["c-ar", "c-as", "c-eu1", "c-eu2", "c-eu3", "c-la"]
    placed = {p.candidate.code: p for p in outcome.lists["associate"]}
    assert placed["a-af"].by_regional_rule and not placed["a-eu4"].elected
    assert outcome.regions_short == []


def test_regional_rule_takes_the_seat_from_a_region_that_keeps_its_minimum():
    # The lowest-placed elected consultative candidate is the only Arab States
    # one: the seat is taken from the next lowest whose region keeps a seat.
    candidates = [
        *[_c(f"a{n}", "associate", "europe-north-america") for n in range(4)],
        _c("c-eu1", "consultative", "europe-north-america"),
        _c("c-as", "consultative", "asia-pacific"),
        _c("c-la", "consultative", "latin-america-caribbean"),
        _c("c-eu2", "consultative", "europe-north-america"),
        _c("c-eu3", "consultative", "europe-north-america"),
        _c("c-ar", "consultative", "arab-states"),
        _c("c-af", "consultative", "africa"),
    ]
    votes = {"a0": 9, "a1": 8, "a2": 7, "a3": 6, "c-eu1": 70, "c-as": 60, "c-la": 50,
             "c-eu2": 40, "c-eu3": 30, "c-ar": 20, "c-af": 1}  # fmt: skip
    outcome = count(candidates=candidates, votes=votes, rules=RULES, seed="s")
    assert _elected(outcome, "consultative") == ["c-af", "c-ar", "c-as", "c-eu1", "c-eu2", "c-la"]


def test_region_without_candidate_is_reported_short():
    candidates = [c for c in BASE if c.region != "africa"]
    votes = dict.fromkeys((c.code for c in candidates), 1)
    outcome = count(candidates=candidates, votes=votes, rules=RULES, seed="s")
    assert outcome.regions_short == ["africa"]
    assert len(outcome.elected("associate")) == 4
    assert len(outcome.elected("consultative")) == 6


def test_no_regional_rule_when_the_minimum_is_zero():
    rules = Rules(seats=RULES.seats, min_per_region=0)
    votes = {"a-eu1": 50, "a-eu2": 40, "a-eu3": 30, "a-eu4": 20, "a-af": 10}
    outcome = count(candidates=BASE, votes=votes, rules=rules, seed="s")
    assert _elected(outcome, "associate") == ["a-eu1", "a-eu2", "a-eu3", "a-eu4"]


def test_tie_for_the_last_seat_is_settled_by_the_published_lot():
    candidates = [
        _c("x", "chair", "africa"),
        _c("y", "chair", "europe-north-america"),
        _c("z", "chair", "asia-pacific"),
    ]
    votes = {"x": 5, "y": 5, "z": 1}
    # sha256("<seed>:<code>"), lowest first: worked out by hand with hashlib.
    for seed, winner in (("alpha", "y"), ("gamma", "x"), ("delta", "y")):
        outcome = count(candidates=candidates, votes=votes, rules=RULES, seed=seed)
        assert _elected(outcome, "chair") == [winner]
        flags = {p.candidate.code: p.by_lot for p in outcome.lists["chair"]}
        assert flags == {"x": True, "y": True, "z": False}
    assert hashlib.sha256(b"gamma:x").hexdigest() == lot_key("gamma", "x")


def test_a_tie_inside_the_elected_is_not_marked_as_settled_by_lot():
    candidates = [_c(f"c{n}", "consultative", "africa") for n in range(3)]
    outcome = count(candidates=candidates, votes={"c0": 3, "c1": 3, "c2": 3}, rules=RULES, seed="s")
    assert not any(p.by_lot for p in outcome.lists["consultative"])


def test_one_seat_per_ngo_skips_a_second_candidature_of_the_same_ngo():
    candidates = [
        Candidate(code="associate:x", kind="associate", region="africa", partner="x"),
        Candidate(code="consultative:x", kind="consultative", region="africa", partner="x"),
        Candidate(code="consultative:y", kind="consultative", region="africa", partner="y"),
    ]
    rules = Rules(seats={"associate": 1, "consultative": 1}, min_per_region=0)
    votes = {"associate:x": 3, "consultative:x": 9, "consultative:y": 1}
    outcome = count(candidates=candidates, votes=votes, rules=rules, seed="s")
    assert outcome.elected_codes() == {"associate:x", "consultative:y"}


def test_ballot_with_too_many_choices_in_a_list_is_refused():
    candidates = {c.code: c for c in BASE}
    with pytest.raises(BallotError, match="more choices than seats"):
        check_choices(
            ["a-eu1", "a-eu2", "a-eu3", "a-eu4", "a-af"], candidates=candidates, rules=RULES
        )


@pytest.mark.parametrize(
    "choices", [["nobody"], ["a-eu1", "a-eu1"], "a-eu1", [1], None, [["a-eu1"]]]
)
def test_hostile_ballots_are_refused(choices):
    with pytest.raises(BallotError):
        check_choices(choices, candidates={c.code: c for c in BASE}, rules=RULES)


def test_tally_counts_each_choice_once():
    candidates = {c.code: c for c in BASE}
    votes = tally_ballots([["a-eu1", "c-as"], ["a-eu1"], []], candidates=candidates, rules=RULES)
    assert votes["a-eu1"] == 2 and votes["c-as"] == 1 and votes["a-af"] == 0
