"""Eligibility, validation, the roll, voting and the count (forums/elections/services.py)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from forums.elections import selectors, services
from forums.models import Ballot, Candidature, CommitteeSeat, RollEntry, VoterMark
from partners.models import PeriodicReport
from tests.factories import PartnerEditorFactory, UserFactory
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


def _submit(election, partner, kind="consultative", **extra):
    return services.candidature_submit(
        election=election,
        user=None,
        partner=partner,
        seat_kind=kind,
        person_name=extra.pop("person_name", ""),
        statements=extra.pop("statements", STATEMENTS),
        cv=extra.pop("cv", pdf_upload("cv.pdf")),
        **extra,
    )


def _refusal(election, partner, kind="consultative", now=None):
    return services.candidature_refusal(
        election=election, partner=partner, seat_kind=kind, now=now or timezone.now()
    )


# Eligibility: each rule alone


def test_consultative_ngo_in_good_standing_may_stand_for_a_consultative_seat():
    election = ElectionFactory()
    partner = PartnerFactory(status="consultative", country="SN")
    candidature_ = _submit(election, partner)
    assert candidature_.state == Candidature.State.SUBMITTED
    assert candidature_.region == "africa"
    assert candidature_.statement_fr == "Nous servirons les ONG."
    assert candidature_.content_type == "application/pdf"


def test_status_must_match_the_list():
    election = ElectionFactory()
    consultative = PartnerFactory(status="consultative")
    associate = PartnerFactory(status="associate")
    assert "associate status; your NGO is in consultative" in _refusal(
        election, consultative, "associate"
    )
    assert "consultative status; your NGO is in associate" in _refusal(
        election, associate, "consultative"
    )
    assert _refusal(election, associate, "associate") is None


def test_foundation_in_official_relations_may_not_stand():
    election = ElectionFactory()
    foundation = PartnerFactory(status="official-relations", kind="foundation")
    assert "Only NGOs in associate or consultative status" in _refusal(
        election, foundation, "chair"
    )


def test_suspended_or_ended_partnership_may_not_stand():
    election = ElectionFactory()
    assert "suspended" in _refusal(election, PartnerFactory(standing="suspended"))
    assert "ended" in _refusal(election, PartnerFactory(standing="ended"))


def test_overdue_report_bars_until_the_report_is_submitted():
    election = ElectionFactory()
    due = timezone.localdate() - datetime.timedelta(days=3)
    partner = PartnerFactory(next_report_due=due)
    assert "periodic report is overdue" in _refusal(election, partner)
    report = PeriodicReport.objects.create(
        partner=partner,
        period_start=datetime.date(2021, 1, 1),
        period_end=datetime.date(2024, 12, 31),
        due_on=due,
        state="more-information",
    )
    assert "periodic report is overdue" in _refusal(election, partner)
    report.state = "submitted"
    report.save()
    assert _refusal(election, partner) is None


def test_report_due_later_is_no_bar():
    election = ElectionFactory()
    partner = PartnerFactory(next_report_due=timezone.localdate())
    assert _refusal(election, partner) is None


def test_call_not_open_yet_and_closing_date_passed():
    election = ElectionFactory(call_opens=timezone.localdate() + datetime.timedelta(days=1))
    partner = PartnerFactory()
    assert "not open yet" in _refusal(election, partner)
    election = ElectionFactory()
    later = election.candidatures_close + datetime.timedelta(seconds=1)
    assert "closing date for candidatures has passed" in _refusal(election, partner, now=later)


def test_one_candidature_per_ngo_and_seat_kind():
    election = ElectionFactory()
    partner = PartnerFactory()
    _submit(election, partner)
    assert "already has a candidature for this seat" in _refusal(election, partner)
    # The Chair is in a personal capacity: the same NGO may also propose a person.
    assert _refusal(election, partner, "chair") is None


def test_rejected_candidature_may_be_made_again():
    election = ElectionFactory()
    partner = PartnerFactory()
    first = _submit(election, partner)
    services.candidature_decide(candidature=first, user=None, validate=False, reason="No CV.")
    second = _submit(election, partner)
    assert list(Candidature.objects.filter(election=election)) == [second]


def test_chair_needs_a_person():
    election = ElectionFactory()
    with pytest.raises(ValidationError, match="Name the candidate for Chairperson"):
        _submit(election, PartnerFactory(), "chair")
    chair = _submit(election, PartnerFactory(), "chair", person_name="  Ana Pérez ")
    assert chair.person_name == "Ana Pérez"


def test_statement_in_at_least_one_language():
    election = ElectionFactory()
    with pytest.raises(ValidationError, match="at least one language"):
        _submit(election, PartnerFactory(), statements={"fr": " ", "en": "", "es": ""})


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("cv.pdf", b"", "empty"),
        ("cv.pdf", b"MZ\x90\x00 not a pdf", "is not a PDF"),
        ("cv.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 30, "is not a PDF"),
        ("../../etc/passwd.pdf", b"#!/bin/sh\n", "is not a PDF"),
    ],
)
def test_cv_upload_is_checked_by_its_content(name, content, message):
    election = ElectionFactory()
    upload = SimpleUploadedFile(name, content, content_type="application/pdf")
    with pytest.raises(ValidationError, match=message):
        _submit(election, PartnerFactory(), cv=upload)
    assert Candidature.objects.count() == 0


def test_decision_to_refuse_needs_a_reason():
    election = ElectionFactory()
    made = _submit(election, PartnerFactory())
    with pytest.raises(ValidationError):
        services.candidature_decide(candidature=made, user=None, validate=False, reason=" ")
    services.candidature_decide(candidature=made, user=None, validate=True)
    made.refresh_from_db()
    assert made.state == Candidature.State.VALIDATED and made.decided_at is not None


# The roll and the vote


def _voting_election(*, voters=2):
    election = ElectionFactory()
    chair = candidature(election, kind="chair")
    cands = [candidature(election, kind="consultative", country=c) for c in ("SN", "FR", "BR")]
    users = []
    for n in range(voters):
        partner = PartnerFactory(status="associate")
        user = UserFactory(email=f"voter{n}@example.org")
        RegistrationFactory(
            event=election.event,
            partner=partner,
            email=f"Voter{n}@example.org",
            is_voting_delegate=True,
        )
        users.append(user)
    return election, chair, cands, users


def test_roll_holds_the_voting_delegates_of_active_ngos_only():
    election, _chair, _cands, _users = _voting_election()
    suspended = PartnerFactory(standing="suspended")
    RegistrationFactory(event=election.event, partner=suspended, is_voting_delegate=True)
    RegistrationFactory(event=election.event, is_voting_delegate=False)
    entries = services.roll_close(election=election)
    assert sorted(e.delegate_email for e in entries) == ["voter0@example.org", "voter1@example.org"]
    with pytest.raises(ValidationError, match="already closed"):
        services.roll_close(election=election)


def test_roll_cannot_close_once_voting_has_opened():
    election, *_ = _voting_election()
    open_voting(election)
    with pytest.raises(ValidationError, match="before voting opens"):
        services.roll_close(election=election)


def test_vote_casts_one_ballot_with_a_receipt_and_refuses_a_second():
    election, chair, cands, users = _voting_election()
    services.roll_close(election=election)
    open_voting(election)
    receipt = services.ballot_cast(
        election=election, user=users[0], choices=[cands[0].code, chair.code]
    )
    ballot = Ballot.objects.get()
    assert ballot.receipt == receipt
    assert ballot.choices == sorted([cands[0].code, chair.code])
    with pytest.raises(ValidationError, match="already voted"):
        services.ballot_cast(election=election, user=users[0], choices=[])
    assert Ballot.objects.count() == 1 and VoterMark.objects.count() == 1


def test_vote_refused_off_the_roll_before_opening_and_with_too_many_choices():
    election, chair, cands, users = _voting_election()
    services.roll_close(election=election)
    with pytest.raises(ValidationError, match="Voting is not open"):
        services.ballot_cast(election=election, user=users[0], choices=[])
    open_voting(election)
    with pytest.raises(ValidationError, match="not on the roll"):
        services.ballot_cast(election=election, user=UserFactory(), choices=[])
    second_chair = candidature(election, kind="chair")
    with pytest.raises(ValidationError, match="at most as many candidates"):
        services.ballot_cast(
            election=election, user=users[0], choices=[chair.code, second_chair.code]
        )
    unvalidated = candidature(election, kind="consultative", state="submitted")
    with pytest.raises(ValidationError):
        services.ballot_cast(election=election, user=users[0], choices=[unvalidated.code])
    assert Ballot.objects.count() == 0 and VoterMark.objects.count() == 0


def test_count_installs_the_term_and_the_committee_role_follows_the_seats():
    election, chair, cands, users = _voting_election()
    services.roll_close(election=election)
    open_voting(election)
    services.ballot_cast(election=election, user=users[0], choices=[chair.code, cands[0].code])
    services.ballot_cast(election=election, user=users[1], choices=[cands[0].code])
    with pytest.raises(ValidationError, match="not closed yet"):
        services.election_count(election=election)
    close_voting(election)
    services.election_count(election=election, seed="fixed")
    election.refresh_from_db()
    cands[0].refresh_from_db()
    assert election.is_counted and election.tie_seed == "fixed"
    assert (cands[0].votes, cands[0].rank, cands[0].elected) == (2, 1, True)
    seats = set(CommitteeSeat.objects.values_list("kind", "partner_id"))
    assert seats == {("chair", chair.partner_id)} | {("consultative", c.partner_id) for c in cands}
    assert set(election.term.members.all()) == {c.partner for c in cands}
    assert election.term.chair_person == chair.person_name
    assert set(Ballot.objects.values_list("sealed", flat=True)) == {True}
    assert set(VoterMark.objects.values_list("sealed", flat=True)) == {True}
    # The term starts later: nobody is a Committee member yet; on its first day they are.
    assert selectors.committee_partner_ids() == set()
    assert selectors.committee_partner_ids(today=election.term_start) == {
        c.partner_id for c in cands
    }
    with pytest.raises(ValidationError, match="already made"):
        services.election_count(election=election)


def test_paper_count_entered_by_tellers_gives_the_result():
    election = ElectionFactory()
    a = candidature(election, kind="associate", country="SN")
    b = candidature(election, kind="associate", country="FR")
    with pytest.raises(ValidationError, match="every candidate"):
        services.paper_count_enter(election=election, user=None, votes={a.pk: 3}, ballots_cast=5)
    with pytest.raises(ValidationError, match="more votes than ballots"):
        services.paper_count_enter(
            election=election, user=None, votes={a.pk: 6, b.pk: 1}, ballots_cast=5
        )
    services.paper_count_enter(
        election=election, user=None, votes={a.pk: 3, b.pk: 4}, ballots_cast=5
    )
    services.election_count(election=election, seed="s")
    a.refresh_from_db()
    b.refresh_from_db()
    assert (a.votes, a.elected, b.votes, b.elected) == (3, True, 4, True)
    data = services.ballots_export(election)
    assert data["paper_count"] == {"ballots_cast": 5, "votes": {a.code: 3, b.code: 4}}


def test_roll_entry_matches_the_delegates_address_whatever_its_case():
    election, _chair, _cands, users = _voting_election(voters=1)
    services.roll_close(election=election)
    assert services.roll_entry_for(election=election, user=users[0]) == RollEntry.objects.get()
    other = PartnerEditorFactory().user
    assert services.roll_entry_for(election=election, user=other) is None
