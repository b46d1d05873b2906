"""forums.elections.services, rule by rule: each refusal's exact words, each
boundary of the calendar, and what each step stores. test_services.py follows
an election from the call to the count."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from forums.elections import counting, services
from forums.models import Ballot, Candidature, CommitteeTerm, PaperTally, RollEntry, VoterMark
from tests.factories import UserFactory
from tests.forums.elections.factories import (
    ElectionFactory,
    candidature,
    close_voting,
    open_voting,
)
from tests.forums.factories import RegistrationFactory, pdf_upload
from tests.partners.factories import PartnerFactory

pytestmark = pytest.mark.django_db

STATEMENTS = {"fr": "Nous servirons les ONG.", "en": "", "es": ""}


def _refusal(election, partner, kind="consultative", now=None):
    return services.candidature_refusal(
        election=election, partner=partner, seat_kind=kind, now=now or timezone.now()
    )


def _submit(election, partner, kind="consultative", **extra):
    return services.candidature_submit(
        election=election,
        user=extra.pop("user", None),
        partner=partner,
        seat_kind=kind,
        person_name=extra.pop("person_name", ""),
        statements=extra.pop("statements", STATEMENTS),
        cv=extra.pop("cv", pdf_upload("cv.pdf")),
        **extra,
    )


# --- Who may stand, in words ------------------------------------------------------------


def test_each_refusal_of_a_candidature_in_words():
    election = ElectionFactory()
    consultative = PartnerFactory(status="consultative")
    associate = PartnerFactory(status="associate")
    assert _refusal(election, consultative, "treasurer") == "Unknown seat."
    assert _refusal(election, consultative, "associate") == (
        "This seat is for NGOs in associate status; your NGO is in consultative status."
    )
    assert _refusal(election, associate, "consultative") == (
        "This seat is for NGOs in consultative status; your NGO is in associate status."
    )
    assert _refusal(election, PartnerFactory(kind="foundation", status="consultative")) == (
        "Only NGOs in associate or consultative status may stand: foundations in official "
        "relations take part in the Conference without a seat."
    )
    assert _refusal(election, PartnerFactory(status="official-relations"), "chair") == (
        "Only NGOs in associate or consultative status may stand: foundations in official "
        "relations take part in the Conference without a seat."
    )
    assert _refusal(election, PartnerFactory(standing="suspended")) == (
        "Your NGO's partnership is suspended: it may not stand until it is restored."
    )
    assert _refusal(election, PartnerFactory(standing="ended")) == (
        "Your NGO's partnership has ended."
    )
    overdue = PartnerFactory(next_report_due=timezone.localdate() - datetime.timedelta(days=1))
    assert _refusal(election, overdue) == (
        "Your NGO's periodic report is overdue: submit it, and the candidature can then be made."
    )
    with translation.override("fr"):
        assert _refusal(election, consultative, "treasurer") == "Siège inconnu."


def test_an_election_unpublished_or_counted_takes_no_candidatures():
    partner = PartnerFactory()
    hidden = ElectionFactory(published=False)
    counted = ElectionFactory(counted_at=timezone.now())
    for election in (hidden, counted):
        assert _refusal(election, partner) == "This election takes no candidatures."
    assert _refusal(ElectionFactory(), partner) is None


def test_the_call_opens_on_its_day_and_closes_at_its_minute():
    partner = PartnerFactory()
    today = timezone.localdate()
    assert _refusal(ElectionFactory(call_opens=today), partner) is None
    tomorrow = ElectionFactory(call_opens=today + datetime.timedelta(days=1))
    assert _refusal(tomorrow, partner) == "The call for candidatures is not open yet."
    election = ElectionFactory()
    close = election.candidatures_close
    assert _refusal(election, partner, now=close - datetime.timedelta(microseconds=1)) is None
    assert _refusal(election, partner, now=close) == (
        "The closing date for candidatures has passed."
    )


def test_a_list_without_seats_takes_no_candidature():
    election = ElectionFactory(associate_seats=0)
    assert _refusal(election, PartnerFactory(status="associate"), "associate") == (
        "This election has no seat of that kind."
    )
    assert _refusal(ElectionFactory(chair_seats=0), PartnerFactory(), "chair") == (
        "This election has no seat of that kind."
    )


def test_one_committee_seat_per_ngo_but_the_chair_is_apart():
    election = ElectionFactory()
    partner = PartnerFactory(status="consultative")
    candidature(election, kind="consultative", partner=partner, state="submitted")
    assert _refusal(election, partner) == "Your NGO already has a candidature for this seat."
    assert _refusal(election, partner, "chair") is None
    candidature(election, kind="chair", partner=partner, state="submitted")
    assert _refusal(election, partner, "chair") == (
        "Your NGO already has a candidature for this seat."
    )
    # Another election is another call.
    assert _refusal(ElectionFactory(), partner) is None


def test_a_rejected_candidature_does_not_count():
    election = ElectionFactory()
    partner = PartnerFactory(status="consultative")
    candidature(election, kind="consultative", partner=partner, state="rejected")
    assert _refusal(election, partner) is None


# --- Submitting --------------------------------------------------------------------------


def test_a_submitted_candidature_stores_its_cv_and_statements(private_storage_dir):
    election = ElectionFactory()
    user = UserFactory()
    partner = PartnerFactory(status="consultative", country="BR")
    made = _submit(
        election,
        partner,
        user=user,
        person_name="Someone",
        statements={"fr": "  Nous servirons.  ", "en": "We will serve.", "es": ""},
        cv=pdf_upload("Curriculum vitae.pdf"),
    )
    stored = Candidature.objects.get()
    assert stored == made
    assert (stored.person_name, stored.region, stored.submitted_by, stored.state) == (
        "",
        "latin-america-caribbean",
        user,
        Candidature.State.SUBMITTED,
    )
    assert (stored.statement_fr, stored.statement_en, stored.statement_es) == (
        "Nous servirons.",
        "We will serve.",
        "",
    )
    assert stored.original_name == "Curriculum vitae.pdf"
    assert stored.size == stored.file.size and len(stored.sha256) == 64
    assert stored.file.name.startswith("elections/")


def test_a_submission_is_refused_with_the_rule_in_words_and_stores_nothing():
    election = ElectionFactory(call_opens=timezone.localdate() + datetime.timedelta(days=1))
    with pytest.raises(ValidationError) as refused:
        _submit(election, PartnerFactory())
    assert refused.value.messages == ["The call for candidatures is not open yet."]
    election = ElectionFactory()
    with pytest.raises(ValidationError) as refused:
        _submit(election, PartnerFactory(), "chair", person_name="   ")
    assert refused.value.message_dict == {"person_name": ["Name the candidate for Chairperson."]}
    with pytest.raises(ValidationError) as refused:
        _submit(election, PartnerFactory(), statements={"fr": None, "en": " "})
    assert refused.value.messages == ["Write the statement in at least one language."]
    with pytest.raises(ValidationError) as refused:
        _submit(election, PartnerFactory(), cv=None)
    assert refused.value.message_dict == {"cv": ["Attach the candidate's CV."]}
    assert not Candidature.objects.exists()


def test_a_rejected_candidature_of_the_same_seat_is_replaced_and_others_kept(
    private_storage_dir,
):
    election = ElectionFactory()
    partner = PartnerFactory(status="consultative")
    rejected = candidature(election, kind="consultative", partner=partner, state="rejected")
    chair = candidature(election, kind="chair", partner=partner, state="submitted")
    other = candidature(election, kind="consultative", state="rejected")
    made = _submit(election, partner)
    assert set(Candidature.objects.all()) == {made, chair, other}
    assert not Candidature.objects.filter(pk=rejected.pk).exists()


# --- Deciding -------------------------------------------------------------------------


def test_a_decision_records_who_when_and_why():
    election = ElectionFactory()
    secretary = UserFactory()
    made = candidature(election, state="submitted")
    before = timezone.now()
    services.candidature_decide(candidature=made, user=secretary, validate=False, reason=" No CV. ")
    made.refresh_from_db()
    assert (made.state, made.decision_reason, made.decided_by) == (
        Candidature.State.REJECTED,
        "No CV.",
        secretary,
    )
    assert before <= made.decided_at <= timezone.now()
    services.candidature_decide(candidature=made, user=secretary, validate=True)
    made.refresh_from_db()
    assert (made.state, made.decision_reason) == (Candidature.State.VALIDATED, "")


def test_a_refusal_needs_its_reason_and_nothing_changes_after_the_count():
    election = ElectionFactory()
    made = candidature(election, state="submitted")
    with pytest.raises(ValidationError) as refused:
        services.candidature_decide(candidature=made, user=None, validate=False, reason="  ")
    assert refused.value.message_dict == {
        "reason": ["Give the reason for not admitting the candidature."]
    }
    election.counted_at = timezone.now()
    election.save()
    made.refresh_from_db()
    with pytest.raises(ValidationError) as refused:
        services.candidature_decide(candidature=made, user=None, validate=True)
    assert refused.value.messages == ["The count is made: candidatures can no longer change."]
    made.refresh_from_db()
    assert made.state == Candidature.State.SUBMITTED and made.decided_at is None


# --- The roll --------------------------------------------------------------------------


def test_the_roll_closes_until_the_minute_voting_opens():
    election = ElectionFactory()
    with pytest.raises(ValidationError) as refused:
        services.roll_close(election=election, now=election.voting_opens)
    assert refused.value.messages == ["The roll must be closed before voting opens."]
    just_before = election.voting_opens - datetime.timedelta(microseconds=1)
    assert services.roll_close(election=election, now=just_before) == []
    assert election.roll_closed_at == just_before
    election.refresh_from_db()
    assert election.roll_closed_at == just_before
    with pytest.raises(ValidationError) as refused:
        services.roll_close(election=election, now=just_before)
    assert refused.value.messages == ["The roll is already closed."]


def test_the_roll_holds_one_entry_per_voting_delegate_of_an_active_ngo():
    election = ElectionFactory()
    associate = PartnerFactory(status="associate")
    RegistrationFactory(
        event=election.event,
        partner=associate,
        full_name="Awa Diop",
        email="Awa.Diop@Example.ORG",
        is_voting_delegate=True,
    )
    for partner in (
        PartnerFactory(status="official-relations", kind="foundation"),
        PartnerFactory(status="consultative", standing="suspended"),
    ):
        RegistrationFactory(event=election.event, partner=partner, is_voting_delegate=True)
    RegistrationFactory(is_voting_delegate=True, partner=PartnerFactory())  # another event
    [entry] = services.roll_close(election=election)
    stored = RollEntry.objects.get()
    assert stored.pk == entry.pk
    assert (stored.partner, stored.delegate_name, stored.delegate_email) == (
        associate,
        "Awa Diop",
        "awa.diop@example.org",
    )


def test_nobody_votes_by_a_roll_that_is_not_closed():
    election = ElectionFactory()
    user = UserFactory(email="awa@example.org")
    RegistrationFactory(
        event=election.event,
        partner=PartnerFactory(status="associate"),
        email="awa@example.org",
        is_voting_delegate=True,
    )
    assert services.roll_entry_for(election=election, user=user) is None
    services.roll_close(election=election)
    assert services.roll_entry_for(election=election, user=user) == RollEntry.objects.get()
    assert services.roll_entry_for(election=election, user=None) is None


# --- Voting ---------------------------------------------------------------------------


def test_voting_is_open_from_its_first_minute_to_just_before_its_last():
    election = ElectionFactory(roll_closed_at=timezone.now())
    opens, closes = election.voting_opens, election.voting_closes
    assert services.voting_is_open(election, now=opens) is True
    assert (
        services.voting_is_open(election, now=opens - datetime.timedelta(microseconds=1)) is False
    )
    assert services.voting_is_open(election, now=closes - datetime.timedelta(microseconds=1))
    assert services.voting_is_open(election, now=closes) is False
    for change in ({"published": False}, {"roll_closed_at": None}, {"counted_at": closes}):
        other = ElectionFactory(**({"roll_closed_at": timezone.now()} | change))
        assert services.voting_is_open(other, now=other.voting_opens) is False


def _roll_with_voter(election, email="voter@example.org"):
    user = UserFactory(email=email)
    RegistrationFactory(
        event=election.event,
        partner=PartnerFactory(status="associate"),
        email=email,
        is_voting_delegate=True,
    )
    services.roll_close(election=election)
    open_voting(election)
    return user


def test_each_refusal_of_a_ballot_in_words():
    election = ElectionFactory()
    first = candidature(election, kind="consultative")
    candidature(election, kind="consultative", country="SN")
    election.consultative_seats = 1
    election.save()
    user = _roll_with_voter(election)
    with pytest.raises(ValidationError) as refused:
        services.ballot_cast(election=election, user=UserFactory(), choices=[])
    assert refused.value.messages == ["You are not on the roll of this election."]
    with pytest.raises(ValidationError) as refused:
        services.ballot_cast(
            election=election, user=user, choices=[c.code for c in election.candidatures.all()]
        )
    assert refused.value.messages == [
        "This ballot cannot be cast: choose at most as many candidates as there are seats."
    ]
    services.ballot_cast(election=election, user=user, choices=[first.code])
    with pytest.raises(ValidationError) as refused:
        services.ballot_cast(election=election, user=user, choices=[first.code])
    assert refused.value.messages == ["Your NGO has already voted."]
    close_voting(election)
    with pytest.raises(ValidationError) as refused:
        services.ballot_cast(election=election, user=user, choices=[])
    assert refused.value.messages == ["Voting is not open."]
    assert (Ballot.objects.count(), VoterMark.objects.count()) == (1, 1)


def test_has_voted_reads_the_voters_own_mark():
    election = ElectionFactory()
    candidature(election, kind="consultative")
    user = _roll_with_voter(election)
    entry = services.roll_entry_for(election=election, user=user)
    assert services.has_voted(election=election, entry=entry) is False
    assert services.has_voted(election=election, entry=None) is False
    services.ballot_cast(election=election, user=user, choices=[])
    assert services.has_voted(election=election, entry=entry) is True


# --- The paper count -------------------------------------------------------------------


def test_each_refusal_of_a_paper_count_in_words():
    election = ElectionFactory(associate_seats=2)
    a = candidature(election, kind="associate", country="SN")
    b = candidature(election, kind="associate", country="FR")
    candidature(election, kind="associate", country="BR", state="submitted")

    def refusal(votes, ballots_cast):
        with pytest.raises(ValidationError) as refused:
            services.paper_count_enter(
                election=election, user=None, votes=votes, ballots_cast=ballots_cast
            )
        return refused.value.messages

    assert refusal({a.pk: 1, b.pk: 1}, -1) == ["Counts cannot be negative."]
    assert refusal({a.pk: -1, b.pk: 1}, 5) == ["Counts cannot be negative."]
    assert refusal({a.pk: 1}, 5) == ["Give a count for every candidate."]
    assert refusal({a.pk: 6, b.pk: 0}, 5) == [
        "A candidate cannot have more votes than ballots cast."
    ]
    assert not PaperTally.objects.exists()
    # Each of the 5 ballots names up to 2 associate candidates: 10 votes at most.
    services.paper_count_enter(
        election=election, user=None, votes={a.pk: 5, b.pk: 5}, ballots_cast=5
    )
    election.refresh_from_db()
    assert (election.paper_ballots_cast, election.counted_from_paper) == (5, True)


def test_a_list_cannot_hold_more_votes_than_its_ballots_times_its_seats():
    election = ElectionFactory(associate_seats=1)
    a = candidature(election, kind="associate", country="SN")
    b = candidature(election, kind="associate", country="FR")
    with pytest.raises(ValidationError) as refused:
        services.paper_count_enter(
            election=election, user=None, votes={a.pk: 3, b.pk: 3}, ballots_cast=5
        )
    assert refused.value.messages == [
        "The votes in a list exceed the ballots cast times the seats of that list."
    ]
    services.paper_count_enter(
        election=election, user=None, votes={a.pk: 3, b.pk: 2}, ballots_cast=5
    )
    assert PaperTally.objects.count() == 2


def test_a_paper_count_entered_again_replaces_the_first():
    election = ElectionFactory()
    a = candidature(election, kind="associate")
    teller = UserFactory()
    services.paper_count_enter(election=election, user=None, votes={a.pk: 2}, ballots_cast=4)
    services.paper_count_enter(election=election, user=teller, votes={a.pk: 0}, ballots_cast=3)
    tally = PaperTally.objects.get()
    assert (tally.votes, tally.entered_by) == (0, teller)
    election.refresh_from_db()
    assert election.paper_ballots_cast == 3


def test_no_paper_count_after_the_count_or_beside_online_ballots():
    election = ElectionFactory()
    a = candidature(election, kind="associate")
    Ballot.objects.create(election=election, choices=[])
    with pytest.raises(ValidationError) as refused:
        services.paper_count_enter(election=election, user=None, votes={a.pk: 1}, ballots_cast=1)
    assert refused.value.messages == ["Ballots were cast online: the count is made from them."]
    counted = ElectionFactory(counted_at=timezone.now())
    with pytest.raises(ValidationError) as refused:
        services.paper_count_enter(election=counted, user=None, votes={}, ballots_cast=0)
    assert refused.value.messages == ["The count is made: the paper count can no longer change."]
    assert not PaperTally.objects.exists()


# --- The count -----------------------------------------------------------------------


def test_the_count_waits_for_the_close_unless_counted_from_paper():
    election = ElectionFactory(roll_closed_at=timezone.now())
    candidature(election, kind="consultative")
    with pytest.raises(ValidationError) as refused:
        services.election_count(
            election=election, now=election.voting_closes - datetime.timedelta(microseconds=1)
        )
    assert refused.value.messages == ["Voting has not closed yet."]
    outcome = services.election_count(election=election, now=election.voting_closes, seed="s")
    assert outcome is not None
    election.refresh_from_db()
    assert election.counted_at == election.voting_closes


def test_an_incomplete_paper_count_is_refused():
    election = ElectionFactory()
    a = candidature(election, kind="associate", country="SN")
    services.paper_count_enter(election=election, user=None, votes={a.pk: 1}, ballots_cast=1)
    candidature(election, kind="associate", country="FR")  # validated after the tellers' count
    with pytest.raises(ValidationError) as refused:
        services.election_count(election=election, seed="s")
    assert refused.value.messages == ["The paper count is incomplete."]
    election.refresh_from_db()
    assert election.counted_at is None and election.term is None


def test_the_count_stores_its_seed_and_updates_the_object_given():
    election = ElectionFactory(roll_closed_at=timezone.now())
    candidature(election, kind="consultative")
    close_voting(election)
    now = timezone.now()
    services.election_count(election=election, now=now)
    assert len(election.tie_seed) == 32 and int(election.tie_seed, 16) >= 0
    assert election.counted_at == now and election.term is not None
    stored = type(election).objects.get(pk=election.pk)
    assert (stored.tie_seed, stored.counted_at, stored.term) == (
        election.tie_seed,
        now,
        election.term,
    )


def test_the_count_writes_each_candidatures_place_and_fills_a_term_typed_in_before():
    election = ElectionFactory(associate_seats=1, min_seats_per_region=0)
    typed = CommitteeTerm.objects.create(start_date=election.term_start, end_date=election.term_end)
    chair = candidature(election, kind="chair", person_name="Ana Pérez")
    first = candidature(election, kind="associate", country="SN")
    second = candidature(election, kind="associate", country="FR")
    services.paper_count_enter(
        election=election, user=None, votes={chair.pk: 3, first.pk: 2, second.pk: 1}, ballots_cast=3
    )
    services.election_count(election=election, seed="fixed")
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.votes, first.rank, first.elected, first.by_lot) == (2, 1, True, False)
    assert (second.votes, second.rank, second.elected) == (1, 2, False)
    election.refresh_from_db()
    assert election.term == typed
    typed.refresh_from_db()
    assert (typed.chair, typed.chair_person) == (chair.partner, "Ana Pérez")
    assert list(typed.members.all()) == [first.partner]
    assert set(typed.seats.values_list("kind", "partner", "person_name")) == {
        ("chair", chair.partner_id, "Ana Pérez"),
        ("associate", first.partner_id, ""),
    }
    assert CommitteeTerm.objects.count() == 1


def test_the_published_file_of_an_online_election():
    election = ElectionFactory(roll_closed_at=timezone.now())
    a = candidature(election, kind="consultative", country="SN")
    candidature(election, kind="consultative", country="FR", state="rejected")
    Ballot.objects.create(election=election, choices=[a.code], receipt="ZZZ")
    Ballot.objects.create(election=election, choices=[], receipt="AAA")
    close_voting(election)
    services.election_count(election=election, seed="seed")
    data = services.ballots_export(election)
    assert data == {
        "election": election.slug,
        "tie_seed": "seed",
        "rules": {
            "seats": {
                "chair": election.chair_seats,
                "associate": election.associate_seats,
                "consultative": election.consultative_seats,
            },
            "min_seats_per_region": election.min_seats_per_region,
            "one_seat_per_ngo": True,
        },
        "candidates": [
            {
                "code": a.code,
                "seat": "consultative",
                "region": "africa",
                "partner": a.partner.slug,
                "name": str(a.partner),
            }
        ],
        "ballots": [
            {"receipt": "AAA", "choices": []},
            {"receipt": "ZZZ", "choices": [a.code]},
        ],
    }


def test_the_rules_are_read_on_the_day_given_not_today():
    today = timezone.localdate()
    later = timezone.now() + datetime.timedelta(days=10)
    election = ElectionFactory(
        call_opens=today + datetime.timedelta(days=5),
        candidatures_close=later + datetime.timedelta(days=1),
    )
    partner = PartnerFactory(next_report_due=today + datetime.timedelta(days=3))
    # On the day given the call is open, and the report due in three days is overdue.
    assert _refusal(election, partner, now=later) == (
        "Your NGO's periodic report is overdue: submit it, and the candidature can then be made."
    )
    on_time = PartnerFactory()
    assert _refusal(election, on_time, now=later) is None


def test_another_ngos_candidature_is_no_bar():
    election = ElectionFactory()
    candidature(election, kind="consultative", state="submitted")
    candidature(election, kind="chair", state="validated")
    assert _refusal(election, PartnerFactory(status="consultative")) is None
    assert _refusal(election, PartnerFactory(status="consultative"), "chair") is None


def test_an_ngo_whose_status_changed_still_stands_for_one_committee_list_only():
    election = ElectionFactory()
    partner = PartnerFactory(status="consultative")
    candidature(election, kind="consultative", partner=partner, state="submitted")
    partner.status = "associate"
    partner.save()
    assert _refusal(election, partner, "associate") == (
        "An NGO holds one seat at most: your NGO already stands for the Committee."
    )


def test_a_chair_candidature_without_a_name_is_refused(private_storage_dir):
    election = ElectionFactory()
    with pytest.raises(ValidationError) as refused:
        services.candidature_submit(
            election=election,
            user=None,
            partner=PartnerFactory(),
            seat_kind="chair",
            statements=STATEMENTS,
            cv=pdf_upload("cv.pdf"),
        )
    assert refused.value.message_dict == {"person_name": ["Name the candidate for Chairperson."]}
    assert not Candidature.objects.exists()


def test_only_the_rejected_candidature_of_this_election_and_seat_is_replaced(private_storage_dir):
    election = ElectionFactory()
    partner = PartnerFactory(status="consultative")
    rejected_chair = candidature(election, kind="chair", partner=partner, state="rejected")
    earlier = candidature(ElectionFactory(), kind="consultative", partner=partner, state="rejected")
    made = _submit(election, partner)
    assert set(Candidature.objects.all()) == {made, rejected_chair, earlier}


def test_a_country_without_a_unesco_region_stores_no_region(private_storage_dir):
    made = _submit(ElectionFactory(), PartnerFactory(status="consultative", country="AQ"))
    assert Candidature.objects.get(pk=made.pk).region == ""


def test_the_count_follows_the_elections_own_rules():
    election = ElectionFactory(
        chair_seats=1,
        associate_seats=3,
        consultative_seats=4,
        min_seats_per_region=2,
        one_seat_per_ngo=False,
    )
    assert services.rules_of(election) == counting.Rules(
        seats={"chair": 1, "associate": 3, "consultative": 4},
        min_per_region=2,
        one_seat_per_ngo=False,
    )


def test_the_candidates_counted_are_the_validated_ones_with_their_region(
    django_assert_num_queries,
):
    election = ElectionFactory()
    senegal = candidature(election, kind="associate", country="SN")
    france = candidature(election, kind="consultative", country="FR")
    candidature(election, kind="associate", country="BR", state="submitted")
    with django_assert_num_queries(1):
        candidates = services._candidates(election)
    assert candidates == {
        senegal.code: counting.Candidate(
            code=senegal.code, kind="associate", region="africa", partner=senegal.partner.slug
        ),
        france.code: counting.Candidate(
            code=france.code,
            kind="consultative",
            region="europe-north-america",
            partner=france.partner.slug,
        ),
    }


@pytest.mark.parametrize(
    ("minimum", "elected"), [(1, {"first", "africa"}), (0, {"first", "second"})]
)
def test_the_regional_minimum_moves_the_last_seat(minimum, elected):
    election = ElectionFactory(associate_seats=2, min_seats_per_region=minimum)
    by_name = {
        "first": candidature(election, kind="associate", country="FR"),
        "second": candidature(election, kind="associate", country="DE"),
        "africa": candidature(election, kind="associate", country="SN"),
    }
    votes = {by_name["first"].pk: 5, by_name["second"].pk: 4, by_name["africa"].pk: 1}
    services.paper_count_enter(election=election, user=None, votes=votes, ballots_cast=6)
    services.election_count(election=election, seed="s")
    assert {name for name, c in by_name.items() if Candidature.objects.get(pk=c.pk).elected} == (
        elected
    )
    assert Candidature.objects.get(pk=by_name["africa"].pk).by_regional_rule is (minimum == 1)


def test_a_ballot_is_judged_at_the_moment_given():
    election = ElectionFactory()
    candidature(election, kind="consultative")
    user = _roll_with_voter(election)
    with pytest.raises(ValidationError) as refused:
        services.ballot_cast(
            election=election,
            user=user,
            choices=[],
            now=election.voting_closes + datetime.timedelta(seconds=1),
        )
    assert refused.value.messages == ["Voting is not open."]
    assert not Ballot.objects.exists()


def test_a_voter_on_one_roll_is_not_on_anothers():
    first = ElectionFactory()
    user = _roll_with_voter(first)
    second = ElectionFactory(roll_closed_at=timezone.now())
    assert services.roll_entry_for(election=second, user=user) is None
    assert services.roll_entry_for(election=first, user=user).election == first


def test_closing_the_roll_reads_the_delegates_ngos_in_one_query(django_assert_num_queries):
    election = ElectionFactory()
    for country in ("SN", "FR", "BR"):
        RegistrationFactory(
            event=election.event,
            partner=PartnerFactory(status="associate", country=country),
            is_voting_delegate=True,
        )
    # The lock, the delegates with their NGOs, the entries, the closing date,
    # and the savepoint around them (the test runs in a transaction).
    with django_assert_num_queries(6):
        entries = services.roll_close(election=election)
    assert len(entries) == 3


def test_a_paper_count_of_no_ballots_is_a_count():
    election = ElectionFactory()
    a = candidature(election, kind="associate")
    services.paper_count_enter(election=election, user=None, votes={a.pk: 0}, ballots_cast=0)
    assert PaperTally.objects.get().votes == 0


def test_a_list_over_its_seats_is_refused_as_a_list():
    election = ElectionFactory(associate_seats=1)
    chair = candidature(election, kind="chair")
    a = candidature(election, kind="associate")
    with pytest.raises(ValidationError) as refused:
        services.paper_count_enter(
            election=election, user=None, votes={chair.pk: 2, a.pk: 6}, ballots_cast=5
        )
    assert refused.value.messages == [
        "The votes in a list exceed the ballots cast times the seats of that list."
    ]


def test_a_second_count_is_refused_in_words():
    election = ElectionFactory(counted_at=timezone.now())
    with pytest.raises(ValidationError) as refused:
        services.election_count(election=election, seed="s")
    assert refused.value.messages == ["The count is already made."]


def test_a_tie_is_settled_by_the_seed_given():
    election = ElectionFactory(associate_seats=2, min_seats_per_region=0)
    tied = [candidature(election, kind="associate", country=c) for c in ("FR", "DE", "IT", "ES")]
    votes = {c.pk: 3 for c in tied}
    candidates = list(services._candidates(election).values())
    rules = services.rules_of(election)

    def drawn(seed):
        outcome = counting.count(
            candidates=candidates, votes={c.code: 3 for c in tied}, rules=rules, seed=seed
        )
        return {p.candidate.code for p in outcome.elected()}

    seed = next(s for s in ("a", "b", "c", "d", "e") if drawn(s) != drawn(None))
    services.paper_count_enter(election=election, user=None, votes=votes, ballots_cast=6)
    services.election_count(election=election, seed=seed)
    elected = {c.code for c in Candidature.objects.filter(election=election, elected=True)}
    assert elected == drawn(seed)
    assert set(Candidature.objects.filter(election=election).values_list("by_lot", flat=True)) == {
        True
    }


def test_only_the_same_term_typed_in_before_is_filled(django_assert_max_num_queries):
    election = ElectionFactory(associate_seats=1)
    start, end = election.term_start, election.term_end
    other_start = CommitteeTerm.objects.create(start_date=start, end_date=end.replace(day=1))
    other_end = CommitteeTerm.objects.create(
        start_date=start + datetime.timedelta(days=1), end_date=end
    )
    taken = CommitteeTerm.objects.create(start_date=start, end_date=end)
    ElectionFactory(term=taken)
    elected = candidature(election, kind="associate")
    services.paper_count_enter(election=election, user=None, votes={elected.pk: 1}, ballots_cast=1)
    services.election_count(election=election, seed="s")
    election.refresh_from_db()
    assert election.term not in (other_start, other_end, taken)
    assert (election.term.start_date, election.term.end_date) == (start, end)
    [seat] = election.term.seats.all()
    assert (seat.candidature, seat.partner) == (elected, elected.partner)


@pytest.mark.parametrize("count", [1, 4])
def test_the_count_and_its_file_read_the_ngos_with_their_candidatures(
    count, django_assert_num_queries
):
    election = ElectionFactory(associate_seats=4, min_seats_per_region=0)
    made = [candidature(election, kind="associate", country="FR") for _ in range(count)]
    services.paper_count_enter(
        election=election, user=None, votes={c.pk: 1 for c in made}, ballots_cast=1
    )
    election.refresh_from_db()
    # The candidatures with their NGOs and their tallies: one query, however many.
    with django_assert_num_queries(1):
        data = services.ballots_export(election)
    assert len(data["candidates"]) == count
