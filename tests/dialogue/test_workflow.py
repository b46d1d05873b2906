"""The workflow's rules: every (from, to) pair of states by every role.

Allowed moves change the state and record who, when and why; every other
move is refused and changes nothing: state, history, emails.
"""

import datetime
import itertools

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from dialogue import services
from dialogue.models import State, Transition
from dialogue.services import REQUESTER, SECRETARIAT, TRANSITIONS, request_transition
from foundation.accounts.permissions import mark_second_factor
from foundation.mail.models import Email
from tests.conftest import add_totp, verified
from tests.dialogue.factories import CoSponsorFactory, DialogueRequestFactory, make_delegate
from tests.factories import PartnerEditorFactory, UserFactory

pytestmark = pytest.mark.django_db

ROLES = [
    "secretariat",
    "secretariat_nomfa",
    "requester",
    "same_country_delegate",
    "other_country_delegate",
    "cosponsor",
    "unverified_requester",
    "ngo_editor",
    "visitor",
]
ALLOWED_ROLE = {SECRETARIAT: "secretariat", REQUESTER: "requester"}

STATES = ["submitted", "under-review", "accepted", "scheduled", "held", "declined", "withdrawn"]

# Who may move a request from one state to another, written out by hand to be
# read and reviewed. The code's table (dialogue.services.TRANSITIONS) is held
# to this one, never the reverse. Every pair not listed is refused to everyone.
EXPECTED_TRANSITIONS = {
    ("submitted", "under-review"): "secretariat",
    ("under-review", "accepted"): "secretariat",
    ("accepted", "scheduled"): "secretariat",
    ("scheduled", "scheduled"): "secretariat",  # rescheduling
    ("scheduled", "held"): "secretariat",
    ("submitted", "declined"): "secretariat",
    ("under-review", "declined"): "secretariat",
    ("accepted", "declined"): "secretariat",
    ("submitted", "withdrawn"): "requester",
    ("under-review", "withdrawn"): "requester",
    ("accepted", "withdrawn"): "requester",
}


def test_the_states_are_the_ones_the_table_knows():
    assert sorted(State.values) == sorted(STATES)


def test_the_code_table_is_the_reviewed_table():
    code = {(a, b): ALLOWED_ROLE.get(actor) for (a, b), actor in TRANSITIONS.items()}
    assert code == EXPECTED_TRANSITIONS


def _schedule():
    return {
        "scheduled_at": timezone.now() + datetime.timedelta(days=20),
        "time_zone": "Europe/Paris",
        "place": "UNESCO Headquarters, Room IX",
    }


def _user_for(role, req):
    if role == "secretariat":
        user = verified(UserFactory(email="sec@example.org", is_secretariat=True))
        add_totp(user)
        # Acting in a session that passed the second factor.
        mark_second_factor(user, passed=True)
        return user
    if role == "secretariat_nomfa":
        return verified(UserFactory(email="sec-nomfa@example.org", is_secretariat=True))
    if role == "requester":
        return req.requester
    if role == "same_country_delegate":
        return make_delegate("colleague@example.org", "SN")
    if role == "other_country_delegate":
        return make_delegate("other@example.org", "BR")
    if role == "cosponsor":
        return CoSponsorFactory(request=req).user
    if role == "unverified_requester":
        profile = req.requester.delegate_profile
        profile.verified_at = None
        profile.save()
        return req.requester
    if role == "ngo_editor":
        return verified(PartnerEditorFactory(user__email="ngo@example.org").user)
    return AnonymousUser()


@pytest.mark.parametrize(
    ("from_state", "to_state", "role"),
    [(a, b, role) for (a, b), role in itertools.product(itertools.product(STATES, STATES), ROLES)],
)
def test_transition_by_role(from_state, to_state, role, django_capture_on_commit_callbacks):
    req = DialogueRequestFactory(state=from_state)
    user = _user_for(role, req)
    allowed = EXPECTED_TRANSITIONS.get((from_state, to_state)) == role
    before = (req.state, Transition.objects.count(), Email.objects.count())
    with django_capture_on_commit_callbacks(execute=True):
        try:
            request_transition(
                request=req,
                to_state=to_state,
                by=user,
                reason="Not within the Committee's agenda this session.",
                schedule=_schedule(),
            )
        except (ValidationError, PermissionDenied):
            refused = True
        else:
            refused = False
    req.refresh_from_db()
    if allowed:
        assert not refused
        assert req.state == to_state
        step = Transition.objects.filter(request=req).last()
        assert (step.from_state, step.to_state, step.by) == (from_state, to_state, user)
        assert step.at is not None
    else:
        assert refused
        assert req.state == from_state
        assert (req.state, Transition.objects.count(), Email.objects.count()) == before
        assert mail.outbox == []


def test_decline_without_reason_is_refused_and_changes_nothing(secretariat):
    req = DialogueRequestFactory(state=State.UNDER_REVIEW)
    with pytest.raises(ValidationError, match="Reason is required"):
        request_transition(request=req, to_state=State.DECLINED, by=secretariat, reason="  ")
    req.refresh_from_db()
    assert req.state == State.UNDER_REVIEW
    assert req.decline_reason == ""


def test_decline_records_the_reason(secretariat):
    req = DialogueRequestFactory(state=State.SUBMITTED)
    request_transition(request=req, to_state=State.DECLINED, by=secretariat, reason="Duplicate.")
    req.refresh_from_db()
    assert req.decline_reason == "Duplicate."
    assert req.transitions.last().reason == "Duplicate."


@pytest.mark.parametrize(
    "schedule",
    [
        {},
        {"scheduled_at": "tomorrow", "time_zone": "Europe/Paris", "place": "Paris"},
        {"scheduled_at": timezone.now(), "time_zone": "Mars/Olympus", "place": "Paris"},
        {"scheduled_at": timezone.now(), "time_zone": "Europe/Paris"},
        {
            "scheduled_at": timezone.now(),
            "ends_at": timezone.now() - datetime.timedelta(hours=1),
            "time_zone": "Europe/Paris",
            "place": "Paris",
        },
    ],
)
def test_scheduling_needs_a_valid_schedule(secretariat, schedule):
    req = DialogueRequestFactory(state=State.ACCEPTED)
    with pytest.raises(ValidationError):
        request_transition(request=req, to_state=State.SCHEDULED, by=secretariat, schedule=schedule)
    req.refresh_from_db()
    assert req.state == State.ACCEPTED
    assert req.scheduled_at is None


def test_unknown_target_state_is_refused(secretariat):
    req = DialogueRequestFactory(state=State.SUBMITTED)
    with pytest.raises(ValidationError):
        request_transition(request=req, to_state="published", by=secretariat)
    req.refresh_from_db()
    assert req.state == State.SUBMITTED


def test_rescheduling_keeps_the_state_and_records_a_step(secretariat):
    req = DialogueRequestFactory(state=State.SCHEDULED)
    new = {**_schedule(), "online_link": "https://meet.example.org/png"}
    request_transition(request=req, to_state=State.SCHEDULED, by=secretariat, schedule=new)
    req.refresh_from_db()
    assert req.state == State.SCHEDULED
    assert req.online_link == "https://meet.example.org/png"
    assert req.transitions.last().from_state == State.SCHEDULED


def test_the_moves_offered_are_those_the_user_may_make_from_the_current_state(secretariat):
    req = DialogueRequestFactory(state=State.SUBMITTED)
    offered = services.allowed_targets
    assert offered(request=req, user=secretariat) == [State.UNDER_REVIEW, State.DECLINED]
    assert offered(request=req, user=req.requester) == [State.WITHDRAWN]
    assert offered(request=req, user=make_delegate("other@example.org", "BR")) == []
    held = DialogueRequestFactory(state=State.HELD)
    assert offered(request=held, user=secretariat) == []
    assert offered(request=held, user=held.requester) == []


def test_an_actor_the_table_does_not_know_may_do_nothing(secretariat):
    req = DialogueRequestFactory(state=State.SUBMITTED)
    assert services._actor_may(SECRETARIAT, secretariat, req)
    assert not services._actor_may("board", secretariat, req)


def _refusal(req, user, to_state, **kwargs) -> list[str]:
    with pytest.raises(ValidationError) as caught:
        request_transition(request=req, to_state=to_state, by=user, **kwargs)
    return caught.value.messages


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"scheduled_at": None}, "A date and time are required to schedule the hearing."),
        ({"scheduled_at": "tomorrow"}, "A date and time are required to schedule the hearing."),
        ({"time_zone": "Mars/Olympus"}, "Choose a valid time zone."),
        ({"time_zone": None}, "Choose a valid time zone."),
        ({"place": " ", "online_link": ""}, "Give a place, an online link, or both."),
        ({"ends_at": "a minute before it starts"}, "The hearing cannot end before it starts."),
    ],
)
def test_a_scheduling_refusal_says_what_is_wrong(secretariat, change, message):
    req = DialogueRequestFactory(state=State.ACCEPTED)
    starts = timezone.now().replace(second=0, microsecond=0) + datetime.timedelta(days=20)
    schedule = {**_schedule(), "scheduled_at": starts, **change}
    if "ends_at" in change:
        schedule["ends_at"] = starts - datetime.timedelta(minutes=1)
    assert _refusal(req, secretariat, State.SCHEDULED, schedule=schedule) == [message]
    req.refresh_from_db()
    assert (req.state, req.scheduled_at) == (State.ACCEPTED, None)


def test_the_whole_schedule_is_stored(secretariat):
    req = DialogueRequestFactory(state=State.ACCEPTED)
    starts = timezone.now().replace(second=0, microsecond=0) + datetime.timedelta(days=20)
    schedule = {
        **_schedule(),
        "scheduled_at": starts,
        "ends_at": starts,  # ending as it starts is not ending before it starts
        "online_link": " https://meet.example.org/png ",
        "occasion": " 222nd session of the Executive Board ",
    }
    request_transition(request=req, to_state=State.SCHEDULED, by=secretariat, schedule=schedule)
    req.refresh_from_db()
    assert (req.scheduled_at, req.ends_at, req.time_zone) == (starts, starts, "Europe/Paris")
    assert req.place == "UNESCO Headquarters, Room IX"
    assert req.online_link == "https://meet.example.org/png"
    assert req.occasion == "222nd session of the Executive Board"
    # Rescheduled with no occasion: none is shown any more.
    request_transition(request=req, to_state=State.SCHEDULED, by=secretariat, schedule=_schedule())
    req.refresh_from_db()
    assert (req.occasion, req.ends_at) == ("", None)


@pytest.mark.parametrize(
    ("reason", "message"),
    [
        ("", "Reason is required."),
        ("Duplicate\x00", "Reason contains a forbidden character."),
        ("x" * (services.MAX_REASON + 1), "Reason must be at most 2000 characters."),
    ],
)
def test_a_decline_reason_refusal_says_what_is_wrong(secretariat, reason, message):
    req = DialogueRequestFactory(state=State.SUBMITTED)
    assert _refusal(req, secretariat, State.DECLINED, reason=reason) == [message]
    req.refresh_from_db()
    assert (req.state, req.decline_reason) == (State.SUBMITTED, "")


def test_a_decline_reason_of_the_full_length_is_kept(secretariat):
    req = DialogueRequestFactory(state=State.SUBMITTED)
    reason = "x" * services.MAX_REASON
    request_transition(request=req, to_state=State.DECLINED, by=secretariat, reason=reason)
    req.refresh_from_db()
    assert req.decline_reason == reason


def test_a_request_without_the_expertise_sought_is_refused(requester):
    today = timezone.localdate()
    with pytest.raises(ValidationError) as caught:
        services.request_submit(
            user=requester,
            language="en",
            theme="Lifelong learning",
            description="A thematic debate on adult literacy.",
            sector_codes=["education"],
            setting="png-committee",
            format="thematic-debate",
            executive_board_session=222,
            preferred_from=today + datetime.timedelta(days=60),
            preferred_until=today + datetime.timedelta(days=90),
            expertise_sought="   ",
        )
    assert caught.value.messages == ["Expertise sought is required."]
