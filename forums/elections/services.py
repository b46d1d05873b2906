"""Writes of an election: candidatures, the roll, ballots, the paper count, the count.

Each function is keyword-only, checks its rule and raises ValidationError
with a message for the person who asked. Who may call which is decided in
forums/elections/permissions.py; these only check what the rules say.
"""

import datetime
import secrets

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from forums.elections import counting
from forums.models import (
    Ballot,
    Candidature,
    CommitteeSeat,
    CommitteeTerm,
    Election,
    PaperTally,
    Registration,
    RollEntry,
    VoterMark,
)
from forums.models.elections import COMMITTEE_KINDS, SeatKind
from foundation import uploads
from partners.models import Partner, PartnershipStatus
from partners.regions import region_of
from partners.selectors import (
    STANDING_ENDED,
    STANDING_REPORT_OVERDUE,
    STANDING_SUSPENDED,
    partner_standing_problem,
)

# The status an NGO must hold to stand for each Committee list.
STATUS_FOR_KIND = {
    SeatKind.ASSOCIATE: PartnershipStatus.ASSOCIATE,
    SeatKind.CONSULTATIVE: PartnershipStatus.CONSULTATIVE,
}
NGO_STATUSES = {PartnershipStatus.ASSOCIATE, PartnershipStatus.CONSULTATIVE}


# Candidatures


def candidature_refusal(
    *, election: Election, partner: Partner, seat_kind: str, now: datetime.datetime
) -> str | None:
    """Why `partner` may not stand for `seat_kind` now, in words, or None if it may."""
    if seat_kind not in SeatKind.values:
        return _("Unknown seat.")
    if not election.published or election.is_counted:
        return _("This election takes no candidatures.")
    if timezone.localdate(now) < election.call_opens:
        return _("The call for candidatures is not open yet.")
    if now >= election.candidatures_close:
        return _("The closing date for candidatures has passed.")
    if partner.kind != Partner.Kind.NGO or partner.status not in NGO_STATUSES:
        return _(
            "Only NGOs in associate or consultative status may stand: foundations in official "
            "relations take part in the Conference without a seat."
        )
    needed = STATUS_FOR_KIND.get(seat_kind)
    if needed is not None and partner.status != needed:
        if needed == PartnershipStatus.ASSOCIATE:
            return _(
                "This seat is for NGOs in associate status; your NGO is in consultative status."
            )
        return _("This seat is for NGOs in consultative status; your NGO is in associate status.")
    if election.seats_for(seat_kind) == 0:
        return _("This election has no seat of that kind.")
    problem = partner_standing_problem(partner, today=timezone.localdate(now))
    if problem == STANDING_SUSPENDED:
        return _("Your NGO's partnership is suspended: it may not stand until it is restored.")
    if problem == STANDING_ENDED:
        return _("Your NGO's partnership has ended.")
    if problem == STANDING_REPORT_OVERDUE:
        return _(
            "Your NGO's periodic report is overdue: submit it, and the candidature can then be "
            "made."
        )
    existing = Candidature.objects.filter(election=election, partner=partner).exclude(
        state=Candidature.State.REJECTED
    )
    if existing.filter(seat_kind=seat_kind).exists():
        return _("Your NGO already has a candidature for this seat.")
    if seat_kind in COMMITTEE_KINDS and existing.filter(seat_kind__in=COMMITTEE_KINDS).exists():
        return _("An NGO holds one seat at most: your NGO already stands for the Committee.")
    return None


def candidature_submit(
    *,
    election: Election,
    user,
    partner: Partner,
    seat_kind: str,
    person_name: str = "",
    statements: dict[str, str],
    cv,
    now: datetime.datetime | None = None,
) -> Candidature:
    """Nominate `partner` (and, for the Chair, a person) with statements and a CV.

    Side effects: stores the checked CV in the private storage; creates the
    candidature awaiting validation. A rejected candidature of the same kind
    is replaced.
    """
    now = now or timezone.now()
    refusal = candidature_refusal(election=election, partner=partner, seat_kind=seat_kind, now=now)
    if refusal:
        raise ValidationError(refusal)
    person_name = person_name.strip()
    if seat_kind == SeatKind.CHAIR and not person_name:
        raise ValidationError({"person_name": _("Name the candidate for Chairperson.")})
    if seat_kind != SeatKind.CHAIR:
        person_name = ""
    statements = {code: (text or "").strip() for code, text in statements.items()}
    if not any(statements.values()):
        raise ValidationError(_("Write the statement in at least one language."))
    if cv is None:
        raise ValidationError({"cv": _("Attach the candidate's CV.")})
    checked = uploads.check_document(cv)
    with transaction.atomic():
        Candidature.objects.filter(
            election=election,
            partner=partner,
            seat_kind=seat_kind,
            state=Candidature.State.REJECTED,
        ).delete()
        candidature = Candidature(
            election=election,
            partner=partner,
            seat_kind=seat_kind,
            person_name=person_name,
            region=region_of(str(partner.country)) or "",
            submitted_by=user,
            **{f"statement_{code}": text for code, text in statements.items()},
        )
        candidature.file = uploads.store_upload(cv, checked, folder="elections")
        candidature.original_name = checked.display_name
        candidature.content_type = checked.content_type
        candidature.size = checked.size
        candidature.sha256 = checked.sha256
        try:
            with transaction.atomic():
                candidature.save()
        except IntegrityError as error:
            uploads.delete_stored(candidature.file.name)
            raise ValidationError(_("Your NGO already has a candidature for this seat.")) from error
    return candidature


def candidature_decide(
    *, candidature: Candidature, user, validate: bool, reason: str = ""
) -> Candidature:
    """Validate a candidature, or refuse it with a reason the NGO will read.

    Side effects: records who decided and when.
    """
    if candidature.election.is_counted:
        raise ValidationError(_("The count is made: candidatures can no longer change."))
    reason = reason.strip()
    if not validate and not reason:
        raise ValidationError({"reason": _("Give the reason for not admitting the candidature.")})
    candidature.state = Candidature.State.VALIDATED if validate else Candidature.State.REJECTED
    candidature.decision_reason = reason
    candidature.decided_at = timezone.now()
    candidature.decided_by = user
    candidature.save(update_fields=["state", "decision_reason", "decided_at", "decided_by"])
    return candidature


# The roll


def roll_close(*, election: Election, now: datetime.datetime | None = None) -> list[RollEntry]:
    """Close the roll: the session's voting delegates become the electorate.

    One entry per NGO (the registrations allow one voting delegate each), for
    NGOs in associate or consultative status whose partnership is active.
    Side effects: creates the entries and dates the closing.
    """
    now = now or timezone.now()
    given = election
    with transaction.atomic():
        election = Election.objects.select_for_update().get(pk=election.pk)
        if election.roll_closed:
            raise ValidationError(_("The roll is already closed."))
        if now >= election.voting_opens:
            raise ValidationError(_("The roll must be closed before voting opens."))
        delegates = Registration.objects.filter(
            event_id=election.event_id,
            is_voting_delegate=True,
            partner__status__in=NGO_STATUSES,
            partner__standing="active",
        ).select_related("partner")
        entries = RollEntry.objects.bulk_create(
            RollEntry(
                election=election,
                partner=registration.partner,
                delegate_name=registration.full_name,
                delegate_email=registration.email.lower(),
            )
            for registration in delegates
        )
        election.roll_closed_at = now
        election.save(update_fields=["roll_closed_at"])
    given.roll_closed_at = now
    return entries


def roll_entry_for(*, election: Election, user) -> RollEntry | None:
    """The roll entry `user` votes by: the voting delegate's registered address."""
    if not (user and user.is_authenticated and election.roll_closed):
        return None
    return (
        RollEntry.objects.filter(election=election, delegate_email__iexact=user.email)
        .select_related("partner")
        .first()
    )


# Voting


def voting_is_open(election: Election, *, now: datetime.datetime | None = None) -> bool:
    now = now or timezone.now()
    return (
        election.published
        and election.roll_closed
        and not election.is_counted
        and election.voting_opens <= now < election.voting_closes
    )


def _candidates(election: Election) -> dict[str, counting.Candidate]:
    candidatures = election.candidatures.filter(state=Candidature.State.VALIDATED).select_related(
        "partner"
    )
    return {
        c.code: counting.Candidate(
            code=c.code, kind=c.seat_kind, region=c.region, partner=c.partner.slug
        )
        for c in candidatures
    }


def rules_of(election: Election) -> counting.Rules:
    return counting.Rules(
        seats={kind: election.seats_for(kind) for kind in SeatKind.values},
        min_per_region=election.min_seats_per_region,
        one_seat_per_ngo=election.one_seat_per_ngo,
    )


def ballot_cast(
    *, election: Election, user, choices: list[str], now: datetime.datetime | None = None
) -> str:
    """Cast `user`'s ballot; return its receipt code (shown once, stored with the ballot only).

    Side effects: one VoterMark for the voter's roll entry and one Ballot
    that names nobody, in one transaction. The mark's unique constraint makes
    a second vote fail, however many sessions try at once.
    """
    if not voting_is_open(election, now=now):
        raise ValidationError(_("Voting is not open."))
    entry = roll_entry_for(election=election, user=user)
    if entry is None:
        raise ValidationError(_("You are not on the roll of this election."))
    try:
        choices = counting.check_choices(
            choices, candidates=_candidates(election), rules=rules_of(election)
        )
    except counting.BallotError as error:
        raise ValidationError(
            _("This ballot cannot be cast: choose at most as many candidates as there are seats.")
        ) from error
    try:
        with transaction.atomic():
            VoterMark.objects.create(election=election, roll_entry=entry)
            ballot = Ballot.objects.create(election=election, choices=choices)
    except IntegrityError as error:
        raise ValidationError(_("Your NGO has already voted.")) from error
    return ballot.receipt


def has_voted(*, election: Election, entry: RollEntry | None) -> bool:
    return entry is not None and VoterMark.objects.filter(roll_entry=entry).exists()


# The paper count


def paper_count_enter(
    *, election: Election, user, votes: dict[int, int], ballots_cast: int
) -> None:
    """Record the tellers' count of the paper ballots, per validated candidature.

    Side effects: replaces the previous entry; refused once counted or when
    ballots were cast online.
    """
    if election.is_counted:
        raise ValidationError(_("The count is made: the paper count can no longer change."))
    if election.ballots.exists():
        raise ValidationError(_("Ballots were cast online: the count is made from them."))
    if ballots_cast < 0 or any(v < 0 for v in votes.values()):
        raise ValidationError(_("Counts cannot be negative."))
    candidatures = {
        c.pk: c for c in election.candidatures.filter(state=Candidature.State.VALIDATED)
    }
    if set(votes) != set(candidatures):
        raise ValidationError(_("Give a count for every candidate."))
    for kind in SeatKind.values:
        limit = ballots_cast * election.seats_for(kind)
        if sum(v for pk, v in votes.items() if candidatures[pk].seat_kind == kind) > limit:
            raise ValidationError(
                _("The votes in a list exceed the ballots cast times the seats of that list.")
            )
        if any(v > ballots_cast for pk, v in votes.items() if candidatures[pk].seat_kind == kind):
            raise ValidationError(_("A candidate cannot have more votes than ballots cast."))
    with transaction.atomic():
        for pk, number in votes.items():
            PaperTally.objects.update_or_create(
                candidature=candidatures[pk], defaults={"votes": number, "entered_by": user}
            )
        election.paper_ballots_cast = ballots_cast
        election.counted_from_paper = True
        election.save(update_fields=["paper_ballots_cast", "counted_from_paper"])


# The count


def election_count(
    *, election: Election, now: datetime.datetime | None = None, seed: str | None = None
) -> counting.Outcome:
    """Count, publish the results and install the new Liaison Committee term.

    Side effects: seals the ballots and marks (one rewrite of both tables in
    one transaction), draws the seed of the lot, writes each candidature's
    votes, rank and outcome, creates the term with its seats and members.
    """
    now = now or timezone.now()
    given = election
    with transaction.atomic():
        election = Election.objects.select_for_update().get(pk=election.pk)
        if election.is_counted:
            raise ValidationError(_("The count is already made."))
        if not election.counted_from_paper and now < election.voting_closes:
            raise ValidationError(_("Voting has not closed yet."))
        candidates = _candidates(election)
        if election.counted_from_paper:
            votes = {
                t.candidature.code: t.votes
                for t in PaperTally.objects.filter(candidature__election=election).select_related(
                    "candidature__partner"
                )
            }
            if set(votes) != set(candidates):
                raise ValidationError(_("The paper count is incomplete."))
        else:
            votes = counting.tally_ballots(
                Ballot.objects.filter(election=election).values_list("choices", flat=True),
                candidates=candidates,
                rules=rules_of(election),
            )
        # Both tables rewritten in one transaction: every row now carries the
        # same transaction id, so system columns no longer pair a mark with a ballot.
        Ballot.objects.filter(election=election).update(sealed=True)
        VoterMark.objects.filter(election=election).update(sealed=True)
        election.tie_seed = seed or secrets.token_hex(16)
        outcome = counting.count(
            candidates=list(candidates.values()),
            votes=votes,
            rules=rules_of(election),
            seed=election.tie_seed,
        )
        _record_outcome(election, outcome)
        election.term = _install_term(election)
        election.counted_at = now
        election.save(update_fields=["tie_seed", "term", "counted_at"])
    given.tie_seed, given.term, given.counted_at = election.tie_seed, election.term, now
    return outcome


def _record_outcome(election: Election, outcome: counting.Outcome) -> None:
    by_code = {c.code: c for c in election.candidatures.filter(state=Candidature.State.VALIDATED)}
    for placed_list in outcome.lists.values():
        for placed in placed_list:
            candidature = by_code[placed.candidate.code]
            candidature.votes = placed.votes
            candidature.rank = placed.rank
            candidature.elected = placed.elected
            candidature.by_regional_rule = placed.by_regional_rule
            candidature.by_lot = placed.by_lot
            candidature.save(
                update_fields=["votes", "rank", "elected", "by_regional_rule", "by_lot"]
            )


def _install_term(election: Election) -> CommitteeTerm:
    """The new term: its seats are the elected; its members, the elected NGOs."""
    # A term typed in before the count (from the Conference's minutes) is the
    # same term: it gets its seats rather than a twin.
    term = CommitteeTerm.objects.filter(
        start_date=election.term_start, end_date=election.term_end, election__isnull=True
    ).first() or CommitteeTerm.objects.create(
        start_date=election.term_start, end_date=election.term_end
    )
    elected = election.candidatures.filter(elected=True).select_related("partner")
    for candidature in elected:
        CommitteeSeat.objects.create(
            term=term,
            kind=candidature.seat_kind,
            partner=candidature.partner,
            person_name=candidature.person_name,
            candidature=candidature,
        )
        if candidature.seat_kind == SeatKind.CHAIR:
            term.chair = candidature.partner
            term.chair_person = candidature.person_name
    term.save()
    term.members.set([c.partner for c in elected if c.seat_kind in COMMITTEE_KINDS])
    return term


def ballots_export(election: Election) -> dict:
    """The published ballots file: what `election_count --from-ballots` reads."""
    # The tellers' tallies come with the candidatures: one query for the list.
    candidatures = election.candidatures.filter(state=Candidature.State.VALIDATED).select_related(
        "partner", "paper_tally"
    )
    data = {
        "election": election.slug,
        "tie_seed": election.tie_seed,
        "rules": {
            "seats": {kind: election.seats_for(kind) for kind in SeatKind.values},
            "min_seats_per_region": election.min_seats_per_region,
            "one_seat_per_ngo": election.one_seat_per_ngo,
        },
        "candidates": [
            {
                "code": c.code,
                "seat": c.seat_kind,
                "region": c.region,
                "partner": c.partner.slug,
                "name": str(c),
            }
            for c in candidatures
        ],
    }
    if election.counted_from_paper:
        data["paper_count"] = {
            "ballots_cast": election.paper_ballots_cast,
            "votes": {
                c.code: c.paper_tally.votes for c in candidatures if hasattr(c, "paper_tally")
            },
        }
    else:
        data["ballots"] = [
            {"receipt": b.receipt, "choices": b.choices}
            for b in Ballot.objects.filter(election=election).order_by("receipt")
        ]
    return data
