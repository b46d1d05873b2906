"""forums.services_proposals at its edges: each refusal in words and on its
field, what a proposal stores, the decision's email in the proposer's
language, the clash warnings (which day, which hours, which room, in which
order) and what scheduling writes."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from forums import services_proposals as services
from forums.models import ProgrammeItem, Proposal, Review
from foundation.mail.models import Email
from tests.factories import UserFactory
from tests.forums.factories import (
    CallForProposalsFactory,
    EventFactory,
    ProgrammeItemFactory,
    ProposalFactory,
    SpeakerFactory,
)

pytestmark = pytest.mark.django_db

FIELDS = {
    "title": " Youth voices in education ",
    "abstract": " Young people speak. ",
    "format": "panel",
    "speakers": "Amina Diallo, Partner A\nLuis Pérez",
    "language": "fr",
    "interpretation": ["es", "en", "es"],
    "room_size": "medium",
    "theme": " Education ",
}


@pytest.fixture
def call(partner_b):
    event = EventFactory(slug="forum-rules", title_es="Foro de las reglas")
    event.organisers.add(partner_b)
    return CallForProposalsFactory(event=event)


def _submit(call, user, **changes):
    return services.proposal_submit(
        call=call, user=user, proposer_language="fr", **{**FIELDS, **changes}
    )


# --- Submitting ------------------------------------------------------------------------


def test_a_proposal_is_stored_trimmed_with_its_languages_once_and_sorted(call, editor_a):
    proposal = Proposal.objects.get(pk=_submit(call, editor_a).pk)
    assert (proposal.title, proposal.abstract, proposal.theme) == (
        "Youth voices in education",
        "Young people speak.",
        "Education",
    )
    assert proposal.interpretation == ["en", "es"]
    assert (proposal.format, proposal.language, proposal.room_size) == ("panel", "fr", "medium")


def test_a_proposal_without_interpretation_or_theme_asks_for_none(call, editor_a):
    fields = {key: value for key, value in FIELDS.items() if key not in {"interpretation", "theme"}}
    proposal = services.proposal_submit(call=call, user=editor_a, proposer_language="es", **fields)
    proposal.refresh_from_db()
    assert (proposal.interpretation, proposal.theme) == ([], "")


def test_a_call_without_themes_takes_any_theme(call, editor_a):
    call.themes_en = call.themes_fr = call.themes_es = call.themes = ""
    call.save()
    assert _submit(call, editor_a, theme="Open science").theme == "Open science"


@pytest.mark.parametrize(
    ("given", "stored"), [("es", "es"), ("fr", "fr"), ("de", "en"), ("", "en")]
)
def test_the_decision_language_is_one_of_the_portals_or_english(call, editor_a, given, stored):
    proposal = services.proposal_submit(call=call, user=editor_a, proposer_language=given, **FIELDS)
    assert Proposal.objects.get(pk=proposal.pk).proposer_language == stored


def test_a_closed_call_is_refused_in_words(call, editor_a):
    call.closes_on = call.opens_on
    call.save()
    with pytest.raises(ValidationError) as refused:
        _submit(call, editor_a)
    assert refused.value.messages == ["This call for proposals is not open to you."]


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"format": "roundtable"}, "format", "This call does not ask for this format."),
        ({"language": "ar"}, "language", "This call does not offer this language."),
        ({"theme": "Not a theme"}, "theme", "Choose one of the call's themes."),
        ({"speakers": "\n , Partner A\n"}, "speakers", "Name at least one speaker."),
    ],
)
def test_each_refusal_names_its_field_in_words(call, editor_a, change, field, message):
    with pytest.raises(ValidationError) as refused:
        _submit(call, editor_a, **change)
    assert refused.value.message_dict == {field: [message]}
    assert not Proposal.objects.exists()


def test_an_organisation_must_be_named_by_a_proposer_without_an_ngo(call):
    call.open_to_others = True
    call.save()
    with pytest.raises(ValidationError) as refused:
        services.proposal_submit(
            call=call, user=UserFactory(), proposer_language="es", organisation="  ", **FIELDS
        )
    assert refused.value.message_dict == {"organisation": ["Name your organisation."]}


# --- Reviewing and deciding ------------------------------------------------------------


def test_a_review_of_ones_own_or_a_decided_proposal_is_refused_in_words(call, editor_b):
    own = ProposalFactory(call=call, proposer=editor_b)
    with pytest.raises(ValidationError) as refused:
        services.review_save(proposal=own, user=editor_b, score=3)
    assert refused.value.messages == ["You cannot review your own proposal."]
    decided = ProposalFactory(call=call, state=Proposal.State.DECLINED)
    with pytest.raises(ValidationError) as refused:
        services.review_save(proposal=decided, user=editor_b, score=3)
    assert refused.value.messages == ["This proposal has already been decided."]
    assert not Review.objects.exists()


def test_a_review_is_stored_trimmed_and_a_score_out_of_range_is_refused(call, editor_b):
    proposal = ProposalFactory(call=call)
    services.review_save(proposal=proposal, user=editor_b, score=4, comment="  Strong panel \n")
    assert Review.objects.values_list("score", "comment").get() == (4, "Strong panel")
    with pytest.raises(ValidationError) as refused:
        services.review_save(proposal=proposal, user=editor_b, score=6)
    assert "score" in refused.value.message_dict
    assert Review.objects.values_list("score", "comment").get() == (4, "Strong panel")


def test_a_decision_is_recorded_with_who_and_when(call, editor_b):
    proposal = ProposalFactory(call=call)
    services.proposal_decide(proposal=proposal, user=editor_b, accept=False, message=" Sorry ")
    proposal.refresh_from_db()
    assert proposal.state == Proposal.State.DECLINED
    assert (proposal.decided_by, proposal.decision_message) == (editor_b, "Sorry")
    assert proposal.decided_at is not None
    with pytest.raises(ValidationError) as refused:
        services.proposal_decide(proposal=proposal, user=editor_b, accept=True, message="")
    assert refused.value.messages == ["This proposal has already been decided."]
    proposal.refresh_from_db()
    assert proposal.state == Proposal.State.DECLINED


def test_the_decision_email_names_the_session_and_the_event_in_the_proposers_language(
    call, editor_b
):
    proposal = ProposalFactory(
        call=call,
        proposer=UserFactory(email="ponente@example.org"),
        proposer_language="es",
        title="Jóvenes y patrimonio",
    )
    with translation.override("fr"):  # whatever the organiser works in
        services.proposal_decide(proposal=proposal, user=editor_b, accept=True, message="")
    email = Email.objects.get(to="ponente@example.org")
    assert "Jóvenes y patrimonio" in email.subject
    assert "Foro de las reglas" in email.body and "Jóvenes y patrimonio" in email.body
    assert email.body.rstrip().endswith("/es/forums/forum-rules/call/")


# --- Clashes ---------------------------------------------------------------------------


def _slot(event, **changes):
    slot = {
        "event": event,
        "day": event.start_date,
        "start": datetime.time(10),
        "end": datetime.time(11),
        "room": "Salle II",
        "speakers": [],
    }
    return slot | changes


def test_a_room_clash_is_told_in_words_in_the_order_of_the_day(call):
    event = call.event
    for start, title in ((datetime.time(10, 30), "Later"), (datetime.time(9, 30), "Earlier")):
        ProgrammeItemFactory(
            event=event,
            room="Salle II",
            start_time=start,
            end_time=datetime.time(start.hour + 1, start.minute),
            title_en=title,
        )
    assert services.clashes(**_slot(event, room=" salle ii ")) == [
        "Salle II is already used from 09:30 to 10:30 by “Earlier”.",
        "Salle II is already used from 10:30 to 11:30 by “Later”.",
    ]


def test_only_the_same_day_and_overlapping_hours_clash(call):
    event = call.event
    ProgrammeItemFactory(
        event=event,
        day=event.end_date,
        room="Salle II",
        start_time=datetime.time(10),
        end_time=datetime.time(11),
    )
    ProgrammeItemFactory(
        event=event, room="Salle II", start_time=datetime.time(11), end_time=datetime.time(12)
    )
    ProgrammeItemFactory(
        event=event, room="Salle II", start_time=datetime.time(8), end_time=datetime.time(10)
    )
    assert services.clashes(**_slot(event)) == []


def test_a_slot_without_a_room_clashes_with_no_room(call):
    ProgrammeItemFactory(
        event=call.event, room="", start_time=datetime.time(10), end_time=datetime.time(11)
    )
    assert services.clashes(**_slot(call.event, room="")) == []


def test_speakers_elsewhere_are_told_by_time_then_name(call, django_assert_num_queries):
    event = call.event
    late = ProgrammeItemFactory(
        event=event,
        room="",
        start_time=datetime.time(10, 30),
        end_time=datetime.time(11),
        title_en="Late",
    )
    early = ProgrammeItemFactory(
        event=event,
        room="Salle IV",
        start_time=datetime.time(10),
        end_time=datetime.time(10, 30),
        title_en="Early",
    )
    SpeakerFactory(item=late, name="Ana Speaker")
    SpeakerFactory(item=early, name="Zoé Oratrice")
    SpeakerFactory(item=early, name="Bruno Orateur")
    SpeakerFactory(item=early, name="Nobody Wanted")
    with django_assert_num_queries(2):
        warnings = services.clashes(
            **_slot(
                event, room="Salle IX", speakers=["ana speaker", "ZOÉ ORATRICE", "Bruno Orateur"]
            )
        )
    assert warnings == [
        "Bruno Orateur speaks at the same time in Salle IV (“Early”).",
        "Zoé Oratrice speaks at the same time in Salle IV (“Early”).",
        "Ana Speaker speaks at the same time in ? (“Late”).",
    ]


def test_an_item_does_not_clash_with_itself(call):
    item = ProgrammeItemFactory(
        event=call.event, room="Salle II", start_time=datetime.time(10), end_time=datetime.time(11)
    )
    SpeakerFactory(item=item, name="Ana Speaker")
    assert services.clashes(**_slot(call.event, speakers=["Ana Speaker"]), exclude_pk=item.pk) == []


# --- Scheduling ------------------------------------------------------------------------


def _schedule(proposal, user, **changes):
    event = proposal.call.event
    slot = {
        "day": event.start_date,
        "start_time": datetime.time(14),
        "end_time": datetime.time(15),
        "room": " Salle IX ",
    }
    return services.proposal_schedule(proposal=proposal, user=user, **(slot | changes))


def test_scheduling_refusals_are_told_in_words_on_their_fields(call, editor_b):
    with pytest.raises(ValidationError) as refused:
        _schedule(ProposalFactory(call=call), editor_b)
    assert refused.value.messages == ["Only an accepted proposal can be placed in the programme."]
    accepted = ProposalFactory(call=call, state=Proposal.State.ACCEPTED)
    after = call.event.end_date + datetime.timedelta(days=1)
    with pytest.raises(ValidationError) as refused:
        _schedule(accepted, editor_b, day=after)
    assert refused.value.message_dict == {"day": ["The day must fall within the event's dates."]}
    with pytest.raises(ValidationError) as refused:
        _schedule(accepted, editor_b, end_time=datetime.time(14))
    assert refused.value.message_dict == {"end_time": ["The session must end after it starts."]}
    assert not ProgrammeItem.objects.exists()


def test_a_workshop_on_the_last_day_is_placed_with_its_speakers_and_chosen_interpretation(
    call, editor_b, partner_a
):
    proposal = ProposalFactory(
        call=call,
        state=Proposal.State.ACCEPTED,
        format="workshop",
        partner=partner_a,
        interpretation=["en", "es"],
    )
    item, warnings = _schedule(proposal, editor_b, day=call.event.end_date, interpretation=[])
    item = ProgrammeItem.objects.get(pk=item.pk)
    assert warnings == []
    assert (item.day, item.room, item.kind) == (
        call.event.end_date,
        "Salle IX",
        ProgrammeItem.Kind.WORKSHOP,
    )
    assert item.interpretation == []
    assert list(item.speakers.order_by("name").values_list("name", "affiliation", "partner")) == [
        ("Ana Speaker", "Partner A", partner_a.pk),
        ("Bruno Orateur", "Partner B", partner_a.pk),
    ]
    proposal.refresh_from_db()
    assert proposal.programme_item == item


def test_a_panel_is_a_parallel_session_with_the_proposals_interpretation(call, editor_b):
    proposal = ProposalFactory(call=call, state=Proposal.State.ACCEPTED, interpretation=["es"])
    item, _warnings = _schedule(proposal, editor_b)
    item.refresh_from_db()
    assert (item.kind, item.interpretation) == (ProgrammeItem.Kind.PARALLEL, ["es"])


def test_moving_a_placed_session_keeps_one_item_and_its_speakers_once(call, editor_b):
    proposal = ProposalFactory(call=call, state=Proposal.State.ACCEPTED)
    first, _warnings = _schedule(proposal, editor_b)
    proposal.refresh_from_db()
    moved, warnings = _schedule(
        proposal, editor_b, start_time=datetime.time(14, 30), end_time=datetime.time(15, 30)
    )
    assert warnings == []  # the session does not clash with where it was
    assert moved.pk == first.pk
    assert ProgrammeItem.objects.get().start_time == datetime.time(14, 30)
    assert sorted(moved.speakers.values_list("name", flat=True)) == [
        "Ana Speaker",
        "Bruno Orateur",
    ]
