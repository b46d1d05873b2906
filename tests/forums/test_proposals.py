"""Calls for proposals, reviews, decisions, scheduling with clash warnings (issue 19)."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone, translation

from forums import services_proposals as services
from forums.models import ProgrammeItem, Proposal, Review
from foundation.mail.models import Email
from tests.conftest import sign_in
from tests.factories import PartnerEditorFactory, UserFactory
from tests.forums.factories import (
    CallForProposalsFactory,
    EventFactory,
    ProgrammeItemFactory,
    ProposalFactory,
    SpeakerFactory,
)

pytestmark = pytest.mark.django_db

FIELDS = {
    "title": "Youth voices in education",
    "abstract": "Young people speak.",
    "format": "panel",
    "speakers": "Amina Diallo, Partner A\nLuis Pérez",
    "language": "fr",
    "interpretation": ["en", "es"],
    "room_size": "medium",
    "theme": "Education",
}


@pytest.fixture
def call(partner_a, partner_b):
    event = EventFactory(slug="forum-call")
    event.organisers.add(partner_b)
    return CallForProposalsFactory(event=event)


def test_a_partner_editor_proposes_and_the_organisation_is_their_ngo(call, editor_a, partner_a):
    proposal = services.proposal_submit(call=call, user=editor_a, proposer_language="fr", **FIELDS)
    assert proposal.partner == partner_a
    assert proposal.organisation == partner_a.name
    assert proposal.speaker_list == [("Amina Diallo", "Partner A"), ("Luis Pérez", "")]
    assert proposal.state == Proposal.State.SUBMITTED


def test_others_may_propose_only_where_the_call_allows(call, db):
    outsider = UserFactory()
    with pytest.raises(ValidationError):
        services.proposal_submit(call=call, user=outsider, proposer_language="es", **FIELDS)
    call.open_to_others = True
    call.save()
    with pytest.raises(ValidationError) as error:
        services.proposal_submit(call=call, user=outsider, proposer_language="es", **FIELDS)
    assert "organisation" in error.value.message_dict
    proposal = services.proposal_submit(
        call=call, user=outsider, proposer_language="es", organisation="Comisión Nacional", **FIELDS
    )
    assert proposal.partner is None and proposal.organisation == "Comisión Nacional"


@pytest.mark.parametrize(
    ("opens", "closes"),
    [(1, 5), (-10, -1)],
    ids=["not-yet-open", "closed"],
)
def test_the_call_is_open_only_between_its_dates(call, editor_a, opens, closes):
    today = timezone.localdate()
    call.opens_on = today + datetime.timedelta(days=opens)
    call.closes_on = today + datetime.timedelta(days=closes)
    call.save()
    with pytest.raises(ValidationError):
        services.proposal_submit(call=call, user=editor_a, proposer_language="fr", **FIELDS)


@pytest.mark.parametrize(
    ("field", "value"),
    [("format", "roundtable"), ("language", "ar"), ("theme", "Not a theme"), ("speakers", "\n ,x")],
)
def test_a_proposal_outside_the_call_is_refused(call, editor_a, field, value):
    with pytest.raises(ValidationError):
        services.proposal_submit(
            call=call, user=editor_a, proposer_language="fr", **{**FIELDS, field: value}
        )
    assert not Proposal.objects.exists()


def test_reviewers_are_the_organisers_and_the_secretariat(call, editor_a, editor_b, secretariat):
    proposal = ProposalFactory(call=call, proposer=editor_a)
    with pytest.raises(PermissionDenied):
        services.review_save(proposal=proposal, user=editor_a, score=5)
    services.review_save(proposal=proposal, user=editor_b, score=4, comment="Good")
    services.review_save(proposal=proposal, user=secretariat, score=2)
    services.review_save(proposal=proposal, user=editor_b, score=5, comment="Better")
    assert sorted(Review.objects.values_list("score", flat=True)) == [2, 5]


def test_decision_mails_the_proposer_once_in_their_language(call, editor_b):
    proposer = UserFactory(email="es@example.org")
    proposal = ProposalFactory(call=call, proposer=proposer, proposer_language="es")
    services.proposal_decide(proposal=proposal, user=editor_b, accept=True, message="¡Bienvenidos!")
    with pytest.raises(ValidationError):
        services.proposal_decide(proposal=proposal, user=editor_b, accept=False, message="")
    email = Email.objects.get(to="es@example.org")
    assert email.language == "es"
    assert "aceptad" in email.subject.lower()
    assert "¡Bienvenidos!" in email.body
    proposal.refresh_from_db()
    assert proposal.state == Proposal.State.ACCEPTED


def test_a_declined_proposal_is_told_in_french(call, editor_b):
    proposal = ProposalFactory(call=call, proposer=UserFactory(email="fr@example.org"))
    services.proposal_decide(proposal=proposal, user=editor_b, accept=False, message="Désolés")
    email = Email.objects.get(to="fr@example.org")
    assert email.language == "fr"
    assert "Merci" in email.body and "Désolés" in email.body


def _accepted(call):
    return ProposalFactory(call=call, state=Proposal.State.ACCEPTED)


def test_scheduling_warns_of_a_room_used_twice_and_a_speaker_in_two_rooms(call, editor_b):
    event = call.event
    other = ProgrammeItemFactory(
        event=event, room="Salle II", start_time=datetime.time(10), end_time=datetime.time(11)
    )
    elsewhere = ProgrammeItemFactory(
        event=event, room="Salle IV", start_time=datetime.time(10), end_time=datetime.time(11)
    )
    SpeakerFactory(item=elsewhere, name="Ana Speaker")
    proposal = _accepted(call)
    slot = {
        "day": event.start_date,
        "start_time": datetime.time(10, 30),
        "end_time": datetime.time(11, 30),
        "room": "salle ii",
    }
    item, warnings = services.proposal_schedule(proposal=proposal, user=editor_b, **slot)
    assert item is None
    assert len(warnings) == 2
    assert "Salle II" in warnings[0] and other.title in warnings[0]
    assert "Ana Speaker" in warnings[1] and "Salle IV" in warnings[1]
    assert ProgrammeItem.objects.filter(event=event).count() == 2
    item, warnings = services.proposal_schedule(
        proposal=proposal, user=editor_b, confirm_clashes=True, **slot
    )
    assert item is not None and len(warnings) == 2
    assert [s.name for s in item.speakers.all()] == ["Ana Speaker", "Bruno Orateur"]


def test_a_scheduled_session_keeps_its_texts_in_the_proposals_language(call, editor_b):
    proposal = ProposalFactory(
        call=call,
        state=Proposal.State.ACCEPTED,
        language="es",
        title="Jóvenes y patrimonio",
        abstract="Un taller sobre el patrimonio vivo.",
    )
    slot = {
        "day": call.event.start_date,
        "start_time": datetime.time(15),
        "end_time": datetime.time(16),
        "room": "Salle IX",
    }
    with translation.override("fr"):  # the Secretariat works in French
        item, _warnings = services.proposal_schedule(proposal=proposal, user=editor_b, **slot)
    item = ProgrammeItem.objects.get(pk=item.pk)
    assert (item.title_es, item.title_en, item.title_fr or "") == (
        "Jóvenes y patrimonio",
        "Jóvenes y patrimonio",  # the default language lists every item
        "",
    )
    assert (item.description_es, item.description_en or "", item.description_fr or "") == (
        "Un taller sobre el patrimonio vivo.",
        "",
        "",
    )
    with translation.override("fr"):  # read in French through the fallbacks
        assert item.description == "Un taller sobre el patrimonio vivo."


def test_back_to_back_sessions_do_not_clash(call, editor_b):
    ProgrammeItemFactory(
        event=call.event, room="Salle I", start_time=datetime.time(9), end_time=datetime.time(10)
    )
    item, warnings = services.proposal_schedule(
        proposal=_accepted(call),
        user=editor_b,
        day=call.event.start_date,
        start_time=datetime.time(10),
        end_time=datetime.time(11),
        room="Salle I",
    )
    assert warnings == [] and item.room == "Salle I"


def test_only_accepted_proposals_within_the_dates_are_placed(call, editor_b, editor_a):
    proposal = ProposalFactory(call=call)
    slot = {
        "day": call.event.start_date,
        "start_time": datetime.time(9),
        "end_time": datetime.time(10),
        "room": "Salle I",
    }
    with pytest.raises(ValidationError):
        services.proposal_schedule(proposal=proposal, user=editor_b, **slot)
    accepted = _accepted(call)
    with pytest.raises(PermissionDenied):
        services.proposal_schedule(proposal=accepted, user=editor_a, **slot)
    with pytest.raises(ValidationError):
        services.proposal_schedule(
            proposal=accepted,
            user=editor_b,
            **{**slot, "day": call.event.end_date + datetime.timedelta(days=1)},
        )


def test_the_published_programme_names_the_proposer(client, call, editor_b):
    proposal = _accepted(call)
    proposal.organisation = "Association Proposante"
    proposal.save()
    services.proposal_schedule(
        proposal=proposal,
        user=editor_b,
        day=call.event.start_date,
        start_time=datetime.time(9),
        end_time=datetime.time(10),
        room="Salle I",
    )
    response = client.get(f"/fr/forums/{call.event.slug}/programme/")
    assert response.status_code == 200
    assert "Association Proposante" in response.content.decode()


def test_anonymous_review_hides_the_proposer_from_organisers(client, call, editor_b):
    call.anonymous_review = True
    call.save()
    ProposalFactory(call=call, organisation="Hidden NGO")
    sign_in(client, editor_b)
    page = client.get(f"/en/forums/{call.event.slug}/proposals/").content.decode()
    assert "Hidden NGO" not in page
    proposal = Proposal.objects.get()
    page = client.get(f"/en/forums/{call.event.slug}/proposals/{proposal.pk}/").content.decode()
    assert "Hidden NGO" not in page


def test_propose_page_refuses_hostile_input(client, call, editor_a):
    sign_in(client, editor_a)
    url = f"/en/forums/{call.event.slug}/call/propose/"
    for hostile in (
        {**FIELDS, "title": "x\x00y"},
        {**FIELDS, "title": "two\nlines"},
        {**FIELDS, "title": "x" * 301},
        {**FIELDS, "format": "<script>"},
        {**FIELDS, "interpretation": ["xx"]},
        {**FIELDS, "room_size": "huge"},
        {**FIELDS, "abstract": "a" * 5001},
    ):
        response = client.post(url, hostile)
        assert response.status_code == 400, hostile
    assert not Proposal.objects.exists()
    response = client.post(url, FIELDS)
    assert response.status_code == 302
    assert Proposal.objects.get().proposer_language == "en"


def test_review_and_schedule_forms_refuse_hostile_input(client, call, editor_b):
    sign_in(client, editor_b)
    proposal = ProposalFactory(call=call)
    url = f"/en/forums/{call.event.slug}/proposals/{proposal.pk}/"
    for score in ("0", "6", "x", ""):
        assert client.post(url, {"score": score}).status_code == 400
    assert not Review.objects.exists()
    proposal.state = Proposal.State.ACCEPTED
    proposal.save()
    schedule = url + "schedule/"
    day = call.event.start_date.isoformat()
    for data in (
        {"day": "2001-13-45", "start_time": "09:00", "end_time": "10:00", "room": "A"},
        {"day": day, "start_time": "10:00", "end_time": "09:00", "room": "A"},
        {"day": day, "start_time": "09:00", "end_time": "10:00", "room": "A\x00"},
        {"day": "1999-01-01", "start_time": "09:00", "end_time": "10:00", "room": "A"},
    ):
        assert client.post(schedule, data).status_code == 400, data
    assert not ProgrammeItem.objects.exists()


def test_review_list_query_count(client, call, editor_b, django_assert_max_num_queries):
    for _n in range(12):
        proposal = ProposalFactory(call=call)
        Review.objects.create(proposal=proposal, reviewer=UserFactory(), score=3)
    sign_in(client, editor_b)
    with django_assert_max_num_queries(12):
        response = client.get(f"/en/forums/{call.event.slug}/proposals/")
    assert response.status_code == 200
    assert response.content.decode().count("/proposals/") >= 12


def test_programme_query_count(client, call, django_assert_max_num_queries):
    for hour in range(8, 18):
        item = ProgrammeItemFactory(
            event=call.event,
            start_time=datetime.time(hour),
            end_time=datetime.time(hour, 45),
        )
        SpeakerFactory(item=item, partner=PartnerEditorFactory().partner)
    with django_assert_max_num_queries(8):
        response = client.get(f"/en/forums/{call.event.slug}/programme/")
    assert response.status_code == 200
