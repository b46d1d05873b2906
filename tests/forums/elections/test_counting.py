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


@pytest.mark.parametrize(
    ("choices", "message"),
    [
        ("a-eu1", "a ballot is a list of candidate codes"),
        ([1], "a ballot is a list of candidate codes"),
        (["a-eu1", "a-eu1"], "a candidate is chosen twice"),
        (["a-eu1", "nobody"], "unknown candidate 'nobody'"),
    ],
)
def test_a_refused_ballot_says_why(choices, message):
    # The command that recounts a published file prints this reason.
    with pytest.raises(BallotError) as refused:
        check_choices(choices, candidates={c.code: c for c in BASE}, rules=RULES)
    assert str(refused.value) == message


def test_a_ballot_may_fill_every_seat_of_a_list_and_comes_back_sorted():
    candidates = {c.code: c for c in BASE}
    choices = ["c-eu3", "a-eu4", "a-eu1", "a-eu2", "a-eu3"]  # four associate seats: full
    assert check_choices(choices, candidates=candidates, rules=RULES) == sorted(choices)


def test_a_ballot_may_not_choose_in_a_list_without_seats():
    rules = Rules(seats={"associate": 4, "consultative": 6})  # no Chair this time
    candidates = {"x": _c("x", "chair", "africa")}
    with pytest.raises(BallotError, match="more choices than seats in the chair list"):
        check_choices(["x"], candidates=candidates, rules=rules)


def test_no_chair_is_elected_when_the_rules_have_no_chair_seat():
    rules = Rules(seats={"associate": 1, "consultative": 1}, min_per_region=0)
    candidates = [_c("x", "chair", "africa"), _c("a", "associate", "africa")]
    outcome = count(candidates=candidates, votes={"x": 9, "a": 1}, rules=rules, seed="s")
    assert outcome.elected_codes() == {"a"}


def test_ranks_start_at_one_and_a_candidate_without_votes_has_none():
    candidates = [_c(f"c{n}", "consultative", "africa") for n in range(3)]
    rules = Rules(seats={"consultative": 2}, min_per_region=0)
    outcome = count(candidates=candidates, votes={"c0": 2, "c1": 1}, rules=rules, seed="s")
    placed = [(p.candidate.code, p.votes, p.rank) for p in outcome.lists["consultative"]]
    assert placed == [("c0", 2, 1), ("c1", 1, 2), ("c2", 0, 3)]
    assert _elected(outcome, "consultative") == ["c0", "c1"]
    assert outcome.lists["chair"] == [] and outcome.lists["associate"] == []


def test_regional_rule_skips_a_hopeful_whose_ngo_already_holds_a_seat():
    # Africa's best hopeful in the consultative list belongs to an NGO already
    # elected in the associate list: the next African candidate takes the seat.
    candidates = [
        Candidate(code="a:ngo", kind="associate", region="africa", partner="ngo"),
        Candidate(code="c:ngo", kind="consultative", region="africa", partner="ngo"),
        Candidate(code="c:af", kind="consultative", region="africa", partner="af"),
        *[_c(f"c:eu{n}", "consultative", "europe-north-america") for n in range(3)],
    ]
    rules = Rules(seats={"associate": 1, "consultative": 3}, min_per_region=2, regions=("africa",))
    votes = {"a:ngo": 5, "c:ngo": 4, "c:af": 3, "c:eu0": 9, "c:eu1": 8, "c:eu2": 7}
    outcome = count(candidates=candidates, votes=votes, rules=rules, seed="s")
    assert outcome.elected_codes() == {"a:ngo", "c:af", "c:eu0", "c:eu1"}
    assert outcome.regions_short == []


def test_a_seat_given_by_the_regional_rule_is_not_taken_back_for_another_region():
    # Africa takes the last consultative seat from Europe; Asia, next, finds
    # no seat to take (Europe is at its minimum, Africa's seat is protected).
    candidates = [
        _c("eu1", "consultative", "europe-north-america"),
        _c("eu2", "consultative", "europe-north-america"),
        _c("af", "consultative", "africa"),
        _c("as", "consultative", "asia-pacific"),
    ]
    rules = Rules(
        seats={"consultative": 2},
        regions=("africa", "asia-pacific", "europe-north-america"),
    )
    votes = {"eu1": 9, "eu2": 8, "af": 2, "as": 1}
    outcome = count(candidates=candidates, votes=votes, rules=rules, seed="s")
    assert _elected(outcome, "consultative") == ["af", "eu1"]
    assert outcome.regions_short == ["asia-pacific"]
    placed = {p.candidate.code: p for p in outcome.lists["consultative"]}
    assert placed["af"].by_regional_rule and not placed["eu1"].by_regional_rule


def test_nobody_is_elected_in_a_committee_list_without_seats():
    rules = Rules(seats={"consultative": 1}, min_per_region=0)
    candidates = [_c("a", "associate", "africa"), _c("c", "consultative", "africa")]
    outcome = count(candidates=candidates, votes={"a": 9, "c": 1}, rules=rules, seed="s")
    assert outcome.elected_codes() == {"c"}


def test_regional_rule_seats_the_regions_best_placed_hopeful():
    # Two Africans not elected: the one with more votes takes the seat of
    # their own list, whichever list comes first.
    candidates = [
        _c("a-eu", "associate", "europe-north-america"),
        _c("a-af", "associate", "africa"),
        _c("c-eu", "consultative", "europe-north-america"),
        _c("c-eu2", "consultative", "europe-north-america"),
        _c("c-af", "consultative", "africa"),
    ]
    rules = Rules(seats={"associate": 1, "consultative": 2}, regions=("africa",))
    votes = {"a-eu": 9, "a-af": 2, "c-eu": 9, "c-eu2": 8, "c-af": 5}
    outcome = count(candidates=candidates, votes=votes, rules=rules, seed="s")
    assert outcome.elected_codes() == {"a-eu", "c-eu", "c-af"}


def test_a_region_left_short_does_not_stop_the_rule_for_the_next_regions():
    candidates = [
        _c("eu1", "consultative", "europe-north-america"),
        _c("eu2", "consultative", "europe-north-america"),
        _c("af", "consultative", "africa"),
    ]
    rules = Rules(seats={"consultative": 2}, regions=("arab-states", "africa"))
    outcome = count(
        candidates=candidates, votes={"eu1": 9, "eu2": 8, "af": 1}, rules=rules, seed="s"
    )
    assert outcome.regions_short == ["arab-states"]
    assert _elected(outcome, "consultative") == ["af", "eu1"]


def test_a_tie_is_settled_by_lot_even_when_the_regional_rule_takes_a_seat_inside_it():
    # Four Europeans tie for three seats; Africa takes the last of them. The
    # lot still decided which Europeans kept a seat.
    candidates = [*[_c(f"eu{n}", "consultative", "europe-north-america") for n in range(4)]]
    candidates.append(_c("af", "consultative", "africa"))
    rules = Rules(seats={"consultative": 3}, regions=("africa",))
    votes = {"eu0": 5, "eu1": 5, "eu2": 5, "eu3": 5, "af": 1}
    outcome = count(candidates=candidates, votes=votes, rules=rules, seed="s")
    placed = {p.candidate.code: p for p in outcome.lists["consultative"]}
    assert len(outcome.elected("consultative")) == 3 and placed["af"].elected
    assert [placed[f"eu{n}"].by_lot for n in range(4)] == [True] * 4
    assert placed["af"].by_lot is False
