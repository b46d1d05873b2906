"""Who takes part in a hearing, and what each refusal tells them.

NGO editors express their organisation's interest (one expression per NGO,
changed by sending again); requesters invite delegates of other Member
States to co-sponsor; the Secretariat picks the participating NGOs. Each
refusal is asserted word for word, since it is the only thing the person
sees, and leaves what was stored untouched.
"""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from dialogue.models import CoSponsor, ExpressionOfInterest, State
from dialogue.services import (
    cosponsor_invite,
    cosponsor_join,
    interest_express,
    participants_select,
)
from tests.conftest import verified
from tests.dialogue.factories import (
    CoSponsorFactory,
    DialogueRequestFactory,
    ExpressionOfInterestFactory,
    make_delegate,
)
from tests.factories import PartnerEditorFactory

pytestmark = pytest.mark.django_db

SPEAKER_201 = "A" * 201


def refusal(call, **kwargs) -> list[str]:
    """The messages of the ValidationError `call` raises, worded in English."""
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        call(**kwargs)
    return refused.value.messages


@pytest.fixture
def call(db):
    """A request accepted by the Secretariat: the call for interest is open."""
    return DialogueRequestFactory(state=State.ACCEPTED)


@pytest.fixture
def second_editor(partner_a):
    """Another editor of Partner A, who sends the NGO's expression again."""
    return verified(
        PartnerEditorFactory(partner=partner_a, user__email="editor-a2@example.org").user
    )


def express(request, user, **changes):
    values = {
        "statement": "We run literacy circles in Senegal.",
        "proposed_speaker": "Awa Ndiaye",
        "languages": ["fr", "en"],
    }
    return interest_express(request=request, user=user, **{**values, **changes})


# Expressions of interest ---------------------------------------------------


def test_first_expression_stores_what_the_editor_sent(call, editor_a, partner_a):
    interest = express(
        call,
        editor_a,
        statement="  We run literacy circles in Senegal.  ",
        proposed_speaker=" Awa Ndiaye ",
        languages=["fr", "xx", "en"],
    )
    stored = ExpressionOfInterest.objects.get(pk=interest.pk)
    assert stored.request == call
    assert stored.partner == partner_a
    assert stored.submitted_by == editor_a
    assert stored.statement == "We run literacy circles in Senegal."
    assert stored.proposed_speaker == "Awa Ndiaye"
    # A code that is not one of the portal's languages is dropped.
    assert stored.languages == ["fr", "en"]
    assert stored.status == "pending"


@pytest.mark.parametrize("languages", [[], ["xx"]])
def test_expression_without_a_known_language_is_refused(call, editor_a, languages):
    assert refusal(express, request=call, user=editor_a, languages=languages) == [
        "Choose at least one language."
    ]
    assert not ExpressionOfInterest.objects.exists()


def test_language_refusal_is_worded_in_french_for_a_french_session(call, editor_a):
    with translation.override("fr"), pytest.raises(ValidationError) as refused:
        express(call, editor_a, languages=[])
    assert refused.value.messages == ["Choisissez au moins une langue."]


def test_first_expression_without_a_statement_is_refused(call, editor_a):
    assert refusal(express, request=call, user=editor_a, statement="   ") == [
        "Statement is required."
    ]
    assert not ExpressionOfInterest.objects.exists()


def test_first_expression_with_a_too_long_speaker_name_is_refused(call, editor_a):
    assert refusal(express, request=call, user=editor_a, proposed_speaker=SPEAKER_201) == [
        "Proposed speaker must be at most 200 characters."
    ]
    assert not ExpressionOfInterest.objects.exists()


def test_sending_again_updates_the_ngos_one_expression(call, editor_a, second_editor, partner_a):
    first = express(call, editor_a)
    again = express(
        call,
        second_editor,
        statement="  Our youth network joins the debate.  ",
        proposed_speaker=" Moussa Diop ",
        languages=["es"],
    )
    assert again.pk == first.pk
    stored = ExpressionOfInterest.objects.get(request=call, partner=partner_a)
    assert stored.submitted_by == second_editor
    assert stored.statement == "Our youth network joins the debate."
    assert stored.proposed_speaker == "Moussa Diop"
    assert stored.languages == ["es"]


@pytest.fixture
def expressed(call, editor_a):
    """Partner A's expression, as its first editor sent it."""
    return express(call, editor_a)


# The texts sent again are checked as a first sending's are (the same rules,
# the same wording), and a refusal leaves the NGO's expression as it was.
def _unchanged(interest, editor):
    stored = ExpressionOfInterest.objects.get(pk=interest.pk)
    assert stored.submitted_by == editor
    assert stored.statement == "We run literacy circles in Senegal."
    assert stored.proposed_speaker == "Awa Ndiaye"
    assert stored.languages == ["fr", "en"]


def test_sending_again_without_a_statement_is_refused(call, editor_a, second_editor, expressed):
    assert refusal(express, request=call, user=second_editor, statement="") == [
        "Statement is required."
    ]
    _unchanged(expressed, editor_a)


def test_sending_again_with_a_too_long_speaker_name_is_refused(
    call, editor_a, second_editor, expressed
):
    assert refusal(express, request=call, user=second_editor, proposed_speaker=SPEAKER_201) == [
        "Proposed speaker must be at most 200 characters."
    ]
    _unchanged(expressed, editor_a)


def test_sending_again_without_a_known_language_is_refused(
    call, editor_a, second_editor, expressed
):
    assert refusal(express, request=call, user=second_editor, languages=["xx"]) == [
        "Choose at least one language."
    ]
    _unchanged(expressed, editor_a)


def test_a_200_character_speaker_name_is_accepted(call, editor_a, expressed):
    interest = express(call, editor_a, proposed_speaker="B" * 200)
    assert ExpressionOfInterest.objects.get(pk=interest.pk).proposed_speaker == "B" * 200


# Co-sponsors ---------------------------------------------------------------


def test_the_invitation_goes_to_the_delegate_whose_address_was_given(on_commit):
    # Another foreign delegate whose address sorts before everyone else's:
    # the invitation must not fall on whichever account comes first.
    make_delegate("aa-delegate@example.org", "BR")
    requester = make_delegate("requester@example.org", "SN")
    invitee = make_delegate("zz-delegate@example.org", "KE")
    req = DialogueRequestFactory(requester=requester)
    with on_commit():
        cosponsor = cosponsor_invite(request=req, by=requester, email=" ZZ-Delegate@Example.org ")
    stored = CoSponsor.objects.get(request=req)
    assert stored.pk == cosponsor.pk
    assert stored.user == invitee
    assert stored.country.code == "KE"
    assert stored.invited_by == requester
    assert stored.joined_at is None
    assert [message.to for message in mail.outbox] == [["zz-delegate@example.org"]]


def test_an_address_no_delegate_holds_is_refused_even_when_others_exist(requester):
    make_delegate("aa-delegate@example.org", "BR")
    req = DialogueRequestFactory(requester=requester)
    assert refusal(cosponsor_invite, request=req, by=requester, email="nobody@example.org") == [
        "No verified delegate of another Member State has this email address."
    ]
    assert not CoSponsor.objects.exists()


def test_a_delegate_of_the_same_member_state_is_refused_in_french(requester, colleague):
    req = DialogueRequestFactory(requester=requester)
    with translation.override("fr"), pytest.raises(ValidationError) as refused:
        cosponsor_invite(request=req, by=requester, email="colleague@example.org")
    assert refused.value.messages == [
        "Aucun délégué vérifié d'un autre État membre ne possède cette adresse électronique."
    ]
    assert not CoSponsor.objects.exists()


def test_a_delegate_cannot_be_invited_twice(requester, foreign_delegate, on_commit):
    req = DialogueRequestFactory(requester=requester)
    with on_commit():
        cosponsor_invite(request=req, by=requester, email="foreign@example.org")
    mail.outbox.clear()
    with on_commit():
        messages = refusal(cosponsor_invite, request=req, by=requester, email="FOREIGN@example.org")
    assert messages == ["This delegate has already been invited."]
    assert CoSponsor.objects.filter(request=req).count() == 1
    assert mail.outbox == []


def test_joining_one_request_leaves_the_delegates_other_invitations_pending(foreign_delegate):
    joined = DialogueRequestFactory()
    other = DialogueRequestFactory()
    for req in (joined, other):
        CoSponsorFactory(request=req, user=foreign_delegate, joined_at=None)
    before = timezone.now()
    cosponsor_join(request=joined, user=foreign_delegate)
    assert CoSponsor.objects.get(request=joined).joined_at >= before
    assert CoSponsor.objects.get(request=other).joined_at is None


def test_joining_leaves_the_other_invited_delegates_pending(foreign_delegate):
    req = DialogueRequestFactory()
    CoSponsorFactory(request=req, user=foreign_delegate, joined_at=None)
    still_invited = CoSponsorFactory(request=req, joined_at=None)
    before = timezone.now()
    cosponsor = cosponsor_join(request=req, user=foreign_delegate)
    assert cosponsor.user == foreign_delegate
    assert CoSponsor.objects.get(request=req, user=foreign_delegate).joined_at >= before
    still_invited.refresh_from_db()
    assert still_invited.joined_at is None


# Selection of the participating NGOs ---------------------------------------


@pytest.mark.parametrize(
    "state", [State.SUBMITTED, State.UNDER_REVIEW, State.HELD, State.DECLINED, State.WITHDRAWN]
)
def test_participants_are_chosen_only_between_acceptance_and_the_hearing(secretariat, state):
    req = DialogueRequestFactory(state=state)
    interest = ExpressionOfInterestFactory(request=req)
    messages = refusal(
        participants_select, request=req, by=secretariat, selected_partner_ids=[interest.partner_id]
    )
    assert messages == [
        "Participants are chosen once the request is accepted and before it is held."
    ]
    interest.refresh_from_db()
    assert interest.status == "pending"
    assert interest.decided_at is None


def test_the_state_refusal_is_worded_in_french_for_a_french_session(secretariat):
    req = DialogueRequestFactory(state=State.HELD)
    with translation.override("fr"), pytest.raises(ValidationError) as refused:
        participants_select(request=req, by=secretariat, selected_partner_ids=[])
    assert refused.value.messages == [
        "Les participants sont choisis une fois la demande acceptée et avant la tenue du dialogue."
    ]


def test_an_ngo_that_did_not_express_interest_cannot_be_selected(secretariat, partner_a):
    req = DialogueRequestFactory(state=State.ACCEPTED)
    interest = ExpressionOfInterestFactory(request=req)
    messages = refusal(
        participants_select,
        request=req,
        by=secretariat,
        selected_partner_ids=[interest.partner_id, partner_a.pk],
    )
    assert messages == ["Only NGOs that expressed interest can be selected."]
    interest.refresh_from_db()
    assert interest.status == "pending"
    assert interest.decided_at is None


def test_each_decision_is_dated_and_a_repeated_one_keeps_its_date(secretariat):
    req = DialogueRequestFactory(state=State.SCHEDULED)
    chosen = ExpressionOfInterestFactory(request=req)
    other = ExpressionOfInterestFactory(request=req)
    before = timezone.now()
    participants_select(request=req, by=secretariat, selected_partner_ids=[chosen.partner_id])
    after = timezone.now()
    chosen.refresh_from_db()
    other.refresh_from_db()
    assert chosen.status == "selected"
    assert other.status == "not-selected"
    assert before <= chosen.decided_at <= after
    assert other.decided_at == chosen.decided_at
    first_decision = chosen.decided_at

    # The Secretariat changes its mind about the other NGO only.
    participants_select(
        request=req, by=secretariat, selected_partner_ids=[chosen.partner_id, other.partner_id]
    )
    chosen.refresh_from_db()
    other.refresh_from_db()
    assert other.status == "selected"
    assert other.decided_at > first_decision
    assert chosen.decided_at == first_decision
