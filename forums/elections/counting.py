"""The count: from tallies (or ballots) to the elected, under the election's rules.

Pure functions on plain data, with no database: the portal's count and
`manage.py election_count SLUG --from-ballots FILE` run the same code on the
same published file, so anyone can reproduce the result. docs/elections.md
states the rules in prose; the tests hold worked examples.

1. Each list (Chairperson, associate, consultative) is ranked by votes.
2. Equal votes are ordered by lot: the sha256 of "<seed>:<code>", lowest
   first. The seed is drawn when the count is made and published with the
   ballots, so nobody could know the order while votes were being cast, and
   anyone can check it afterwards.
3. The first N of each list are elected (N: the election's seats for it),
   skipping an NGO that already holds a Committee seat (one seat per NGO).
4. Regional rule: while a region has fewer Committee seats than the minimum,
   its best-placed candidate not elected (most votes, then the lot) takes the
   last seat of their own list, from the lowest-placed elected candidate of
   that list whose region keeps its minimum without them. If no candidate of
   that region can, the region stays short and the result says so.
"""

import hashlib
from collections import Counter
from dataclasses import dataclass, field

from partners.regions import Region

CHAIR = "chair"
COMMITTEE = ("associate", "consultative")
KINDS = (CHAIR, *COMMITTEE)


@dataclass(frozen=True)
class Rules:
    seats: dict[str, int]
    min_per_region: int = 1
    one_seat_per_ngo: bool = True
    regions: tuple[str, ...] = tuple(Region.values)


@dataclass(frozen=True)
class Candidate:
    code: str
    kind: str
    region: str
    partner: str


@dataclass
class Placed:
    candidate: Candidate
    votes: int
    rank: int = 0
    elected: bool = False
    by_regional_rule: bool = False
    by_lot: bool = False


@dataclass
class Outcome:
    lists: dict[str, list[Placed]]
    regions_short: list[str] = field(default_factory=list)

    def elected(self, kind: str | None = None) -> list[Placed]:
        kinds = [kind] if kind else list(self.lists)
        return [p for k in kinds for p in self.lists.get(k, []) if p.elected]

    def elected_codes(self) -> set[str]:
        return {p.candidate.code for p in self.elected()}


class BallotError(ValueError):
    """A ballot that the rules refuse (unknown candidate, too many choices, a repeat)."""


def lot_key(seed: str, code: str) -> str:
    return hashlib.sha256(f"{seed}:{code}".encode()).hexdigest()


def check_choices(choices, *, candidates: dict[str, Candidate], rules: Rules) -> list[str]:
    """The choices of one ballot, sorted; BallotError when the rules refuse them."""
    if not isinstance(choices, list) or not all(isinstance(c, str) for c in choices):
        raise BallotError("a ballot is a list of candidate codes")
    if len(set(choices)) != len(choices):
        raise BallotError("a candidate is chosen twice")
    unknown = [c for c in choices if c not in candidates]
    if unknown:
        raise BallotError(f"unknown candidate {unknown[0]!r}")
    per_kind = Counter(candidates[c].kind for c in choices)
    for kind, number in per_kind.items():
        if number > rules.seats.get(kind, 0):
            raise BallotError(f"more choices than seats in the {kind} list")
    return sorted(choices)


def tally_ballots(ballots, *, candidates: dict[str, Candidate], rules: Rules) -> dict[str, int]:
    votes = dict.fromkeys(candidates, 0)
    for choices in ballots:
        for code in check_choices(choices, candidates=candidates, rules=rules):
            votes[code] += 1
    return votes


def count(
    *, candidates: list[Candidate], votes: dict[str, int], rules: Rules, seed: str
) -> Outcome:
    """Rank, elect, apply one seat per NGO and the regional rule (see the module)."""

    def order(placed: Placed):
        return (-placed.votes, lot_key(seed, placed.candidate.code))

    lists: dict[str, list[Placed]] = {}
    for kind in KINDS:
        ranked = sorted(
            (Placed(c, votes.get(c.code, 0)) for c in candidates if c.kind == kind), key=order
        )
        for rank, placed in enumerate(ranked, start=1):
            placed.rank = rank
        lists[kind] = ranked

    for placed in lists[CHAIR][: rules.seats.get(CHAIR, 0)]:
        placed.elected = True
    seated_partners: set[str] = set()
    for kind in COMMITTEE:
        free = rules.seats.get(kind, 0)
        for placed in lists[kind]:
            if free == 0:
                break
            if rules.one_seat_per_ngo and placed.candidate.partner in seated_partners:
                continue
            placed.elected = True
            seated_partners.add(placed.candidate.partner)
            free -= 1

    outcome = Outcome(lists=lists)
    if rules.min_per_region:
        _apply_regional_rule(outcome, rules=rules, order=order)
    _mark_ties_settled_by_lot(outcome)
    return outcome


def _seats_by_region(outcome: Outcome) -> Counter:
    return Counter(
        p.candidate.region for kind in COMMITTEE for p in outcome.lists[kind] if p.elected
    )


def _apply_regional_rule(outcome: Outcome, *, rules: Rules, order) -> None:
    for region in rules.regions:
        while _seats_by_region(outcome)[region] < rules.min_per_region:
            held = _seats_by_region(outcome)
            seated = {p.candidate.partner for p in outcome.elected() if p.candidate.kind != CHAIR}
            hopefuls = sorted(
                (
                    p
                    for kind in COMMITTEE
                    for p in outcome.lists[kind]
                    if p.candidate.region == region
                    and not p.elected
                    and not (rules.one_seat_per_ngo and p.candidate.partner in seated)
                ),
                key=order,
            )
            for hopeful in hopefuls:
                own_list = outcome.lists[hopeful.candidate.kind]
                # The last seat of the list: the lowest-placed elected candidate
                # whose region keeps its minimum without them.
                givers = [
                    p
                    for p in reversed(own_list)
                    if p.elected
                    and not p.by_regional_rule
                    and held[p.candidate.region] > rules.min_per_region
                ]
                if givers:
                    givers[0].elected = False
                    hopeful.elected = True
                    hopeful.by_regional_rule = True
                    break
            else:
                outcome.regions_short.append(region)
                break


def _mark_ties_settled_by_lot(outcome: Outcome) -> None:
    """Flag candidates whose election or defeat was decided by the lot.

    That is a group with equal votes in one list where some are elected and
    some are not, other than by the regional rule.
    """
    for placed_list in outcome.lists.values():
        by_votes: dict[int, list[Placed]] = {}
        for placed in placed_list:
            by_votes.setdefault(placed.votes, []).append(placed)
        for group in by_votes.values():
            plain = [p for p in group if not p.by_regional_rule]
            if len(plain) > 1 and len({p.elected for p in plain}) == 2:
                for placed in plain:
                    placed.by_lot = True
