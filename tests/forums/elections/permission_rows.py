"""Permission rows for elections.

World: "election-open" takes candidatures (partner_a's is awaiting
validation; partner_c's is validated; the liaison user is a teller);
"election-voting" has its roll closed with editor_b as partner_b's voting
delegate (the voter) and voting open; "election-closed" has voting over, not
yet counted; "election-counted" has its results and one ballot;
"election-hidden" is unpublished.
"""

from tests.permission_matrix import ROLES, SECRETARIAT, Case, public, secretariat_only, wrong_method

REDIRECTS = {"secretariat_nomfa": "/2fa/totp/activate/", "visitor": "/login"}


def build(world: dict) -> None:
    from forums.elections import services
    from forums.models import Event
    from tests.forums.elections.factories import (
        ElectionFactory,
        candidature,
        close_voting,
        open_voting,
    )
    from tests.forums.factories import EventFactory, RegistrationFactory

    def election(slug, **kwargs):
        event = EventFactory(slug=f"ciong-{slug}", kind=Event.Kind.CIONG)
        return ElectionFactory(slug=slug, event=event, **kwargs)

    opened = election("election-open")
    opened.tellers.add(world["users"]["liaison"])
    world["election_open"] = opened
    world["candidature_a"] = candidature(opened, partner=world["partner_a"], state="submitted")
    world["candidature_c"] = candidature(opened, partner=world["partner_c"])

    voting = election("election-voting")
    world["election_voting"] = voting
    world["voting_candidate"] = candidature(voting, country="SN")
    world["voting_candidate_2"] = candidature(voting, country="FR")
    RegistrationFactory(
        event=voting.event,
        partner=world["partner_b"],
        email="editor-b@example.org",
        is_voting_delegate=True,
    )
    services.roll_close(election=voting)
    open_voting(voting)

    closed = election("election-closed")
    world["election_closed"] = closed
    candidature(closed, country="SN")
    services.roll_close(election=closed)
    close_voting(closed)

    counted = election("election-counted")
    world["election_counted"] = counted
    winner = candidature(counted, country="SN")
    RegistrationFactory(event=counted.event, email="counted@example.org", is_voting_delegate=True)
    services.roll_close(election=counted)
    counted.ballots.create(choices=[winner.code])
    close_voting(counted)
    services.election_count(election=counted, seed="matrix")

    election("election-hidden", published=False)


def _only(allowed: dict[str, int], default: int) -> dict[str, int]:
    return {role: allowed.get(role, default) for role in ROLES}


def _secretariat_posts(status: int = 302) -> dict[str, int]:
    return {**dict.fromkeys(ROLES, 403), "visitor": 302, **SECRETARIAT, "secretariat": status}


EDITORS = {"editor_a": 200, "editor_b": 200, "liaison": 200, "visitor": 302}
VOTER = {"editor_b": 200, "visitor": 302}
TELLERS = {"liaison": 200, "secretariat": 200, "visitor": 302}


def _candidatures_unchanged(world) -> bool:
    election = world["election_open"]
    return sorted(election.candidatures.values_list("partner__slug", "state")) == [
        ("partner-a", "submitted"),
        ("partner-c", "validated"),
    ]


def _no_ballot(world) -> bool:
    return world["election_voting"].ballots.count() == 0


def _roll_open(world) -> bool:
    election = world["election_open"]
    election.refresh_from_db()
    return election.roll_closed_at is None and election.roll.count() == 0


def _not_counted(world) -> bool:
    election = world["election_closed"]
    election.refresh_from_db()
    return election.counted_at is None and election.term_id is None


def _no_paper_count(world) -> bool:
    from forums.models import PaperTally

    election = world["election_open"]
    election.refresh_from_db()
    return not PaperTally.objects.exists() and election.paper_ballots_cast is None


def _vote(world, choices):
    return {"consultative": choices, "step": "cast"}


CASES = [
    public("elections:list", "/en/elections/"),
    public("elections:detail", "/en/elections/election-open/"),
    public("elections:detail", "/fr/elections/election-counted/"),
    Case(
        "elections:detail",
        "/en/elections/election-hidden/",
        expect={"secretariat": 200},
        default=404,
    ),
    wrong_method("elections:detail", "/en/elections/election-open/", method="post"),
    # Nominating: any NGO editor (eligibility is the service's reasoned answer).
    Case("elections:nominate", "/en/elections/election-open/nominate/", _only(EDITORS, 403)),
    Case(
        "elections:nominate",
        "/es/elections/election-open/nominate/",
        _only({**EDITORS, "editor_a": 400, "editor_b": 400, "liaison": 400}, 403),
        method="post",
        data={"seat_kind": "consultative", "statement_es": "Texto"},  # no CV
        unchanged=_candidatures_unchanged,
    ),
    Case(
        "elections:nominate",
        "/en/elections/election-hidden/nominate/",
        _only({"visitor": 302, "secretariat": 403}, 404),
    ),
    # CVs: validated ones are public; others, their NGO and the Secretariat.
    public(
        "elections:cv",
        lambda w: f"/en/elections/election-open/candidatures/{w['candidature_c'].pk}/cv/",
    ),
    Case(
        "elections:cv",
        lambda w: f"/en/elections/election-open/candidatures/{w['candidature_a'].pk}/cv/",
        expect={"editor_a": 200, "secretariat": 200},
        default=404,
    ),
    secretariat_only("elections:review", "/en/elections/election-open/review/"),
    Case(
        "elections:decide",
        lambda w: f"/en/elections/election-open/candidatures/{w['candidature_a'].pk}/decide/",
        expect=_secretariat_posts(),
        redirect_contains=REDIRECTS,
        method="post",
        data={"decision": "validate"},
        unchanged=_candidatures_unchanged,
        may_change=("secretariat",),
    ),
    Case(
        "elections:decide",
        lambda w: f"/en/elections/election-open/candidatures/{w['candidature_a'].pk}/decide/",
        expect=_secretariat_posts(400),
        method="post",
        data={"decision": "reject", "reason": ""},
        unchanged=_candidatures_unchanged,
        redirect_contains=REDIRECTS,
    ),
    wrong_method(
        "elections:decide",
        lambda w: f"/en/elections/election-open/candidatures/{w['candidature_a'].pk}/decide/",
    ),
    Case(
        "elections:roll_close",
        "/en/elections/election-open/roll/close/",
        expect=_secretariat_posts(),
        method="post",
        unchanged=_roll_open,
        may_change=("secretariat",),
        redirect_contains=REDIRECTS,
    ),
    # Voting: the voting delegate on the roll only.
    Case("elections:vote", "/en/elections/election-voting/vote/", _only(VOTER, 403)),
    Case(
        "elections:vote",
        "/es/elections/election-voting/vote/",
        _only(VOTER, 403),
        method="post",
        data=lambda w: _vote(w, [w["voting_candidate"].code]),
        unchanged=_no_ballot,
        may_change=("editor_b",),
    ),
    Case(
        "elections:vote",
        "/es/elections/election-voting/vote/",
        _only({"editor_b": 400, "visitor": 302}, 403),
        method="post",
        data=lambda w: _vote(w, ["consultative:nobody"]),
        unchanged=_no_ballot,
    ),
    wrong_method("elections:vote", "/en/elections/election-voting/vote/", method="put"),
    # The paper count: tellers and the Secretariat.
    Case("elections:paper_count", "/en/elections/election-open/paper-count/", _only(TELLERS, 403)),
    Case(
        "elections:paper_count",
        "/en/elections/election-open/paper-count/",
        _only({"liaison": 400, "secretariat": 400, "visitor": 302}, 403),
        method="post",
        data={"ballots_cast": "-1"},
        unchanged=_no_paper_count,
    ),
    Case(
        "elections:count",
        "/en/elections/election-closed/count/",
        expect=_secretariat_posts(),
        method="post",
        unchanged=_not_counted,
        may_change=("secretariat",),
        redirect_contains=REDIRECTS,
    ),
    public("elections:ballots", "/en/elections/election-counted/ballots/"),
    public("elections:ballots", "/en/elections/election-counted/ballots/?receipt=%00<x>"),
    Case("elections:ballots", "/en/elections/election-closed/ballots/", {}, default=404),
    public("elections:ballots_json", "/en/elections/election-counted/ballots.json"),
    Case("elections:ballots_json", "/en/elections/election-voting/ballots.json", {}, default=404),
]
