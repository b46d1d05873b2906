"""A delegate's request and its moves: what is stored, and each refusal in its own words.

The service is called directly, as the views, the admin actions and the demo
seed do; the refusals are those a delegate or the Secretariat reads.
"""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from dialogue.models import DialogueRequest, State, Transition
from dialogue.services import request_submit, request_transition
from tests.dialogue.factories import DialogueRequestFactory

pytestmark = pytest.mark.django_db


def _submit(user, **overrides) -> DialogueRequest:
    today = timezone.localdate()
    arguments = {
        "user": user,
        "language": "en",
        "theme": "Lifelong learning",
        "description": "A thematic debate on adult literacy.",
        "sector_codes": ["education"],
        "setting": "png-committee",
        "format": "thematic-debate",
        "preferred_from": today + datetime.timedelta(days=60),
        "preferred_until": today + datetime.timedelta(days=90),
        "expertise_sought": "Adult literacy programmes.",
    }
    arguments.update(overrides)
    return request_submit(**arguments)


def _submit_refusal(user, language="en", **overrides) -> list[str]:
    with translation.override(language), pytest.raises(ValidationError) as caught:
        _submit(user, **overrides)
    return caught.value.messages


# request_submit


def test_the_setting_details_and_board_session_are_stored_as_given(requester):
    _submit(
        requester,
        setting="ciong",
        executive_board_session=222,
        setting_detail="International NGO Forum, Riyadh",
    )
    stored = DialogueRequest.objects.get()
    assert stored.executive_board_session == 222
    assert stored.setting_detail == "International NGO Forum, Riyadh"


def test_a_request_without_setting_details_stores_none(requester):
    _submit(requester)
    stored = DialogueRequest.objects.get()
    assert stored.setting_detail == ""
    assert stored.executive_board_session is None


def test_a_request_in_a_language_the_portal_lacks_is_kept_in_english(requester):
    _submit(requester, language="de", theme="Lebenslanges Lernen")
    stored = DialogueRequest.objects.get()
    assert stored.original_language == "en"
    assert stored.theme_en == "Lebenslanges Lernen"


def test_the_first_step_of_the_history_comes_from_no_state(requester):
    _submit(requester)
    step = Transition.objects.get()
    assert (step.from_state, step.to_state, step.by) == ("", State.SUBMITTED, requester)
    assert str(step) == "∅ → submitted"


@pytest.mark.parametrize(
    "sector_codes",
    [[], ["astrology"], ["education", "astrology"]],
    ids=["none", "unknown", "one-known-one-unknown"],
)
def test_sectors_outside_the_list_are_refused_and_nothing_is_stored(requester, sector_codes):
    assert _submit_refusal(requester, sector_codes=sector_codes) == [
        "Choose one or more UNESCO sectors from the list."
    ]
    assert DialogueRequest.objects.count() == 0
    assert Transition.objects.count() == 0


def test_the_sector_refusal_is_in_the_delegates_language(requester):
    assert _submit_refusal(requester, language="fr", sector_codes=["education", "astrology"]) == [
        "Choisissez un ou plusieurs secteurs de l'UNESCO dans la liste."
    ]


def test_a_sector_named_twice_is_one_sector(requester):
    _submit(requester, sector_codes=["education", "education"])
    stored = DialogueRequest.objects.get()
    assert list(stored.sectors.values_list("code", flat=True)) == ["education"]


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"theme": "  "}, "Theme is required."),
        ({"theme": "x" * 256}, "Theme must be at most 255 characters."),
        ({"description": ""}, "Description is required."),
        ({"description": "x" * 5001}, "Description must be at most 5000 characters."),
    ],
)
def test_a_theme_or_description_refusal_names_the_field(requester, overrides, message):
    assert _submit_refusal(requester, **overrides) == [message]
    assert DialogueRequest.objects.count() == 0


# request_transition


def _transition_refusal(req, user, to_state, language="en", **kwargs) -> ValidationError:
    with translation.override(language), pytest.raises(ValidationError) as caught:
        request_transition(request=req, to_state=to_state, by=user, **kwargs)
    return caught.value


@pytest.mark.parametrize(
    ("from_state", "to_state", "message"),
    [
        (State.HELD, State.UNDER_REVIEW, "A request that is held cannot become under review."),
        (State.DECLINED, State.ACCEPTED, "A request that is declined cannot become accepted."),
        (State.SUBMITTED, "published", "A request that is submitted cannot become published."),
    ],
)
def test_a_move_the_table_lacks_is_refused_in_words(secretariat, from_state, to_state, message):
    req = DialogueRequestFactory(state=from_state)
    refusal = _transition_refusal(req, secretariat, to_state)
    assert refusal.messages == [message]
    # The service names this refusal by its code, so that a caller can tell it
    # from a refused reason or schedule without reading the words.
    assert refusal.code == "invalid_transition"
    req.refresh_from_db()
    assert req.state == from_state
    assert req.transitions.count() == 1


def test_a_move_the_table_lacks_is_refused_in_french(secretariat):
    req = DialogueRequestFactory(state=State.HELD)
    refusal = _transition_refusal(req, secretariat, State.UNDER_REVIEW, language="fr")
    assert refusal.messages == [
        "Une demande à l'état «\xa0tenue\xa0» ne peut pas passer à l'état "
        "«\xa0en cours d'examen\xa0»."
    ]


def test_a_move_without_a_reason_records_none(secretariat):
    req = DialogueRequestFactory(state=State.SUBMITTED)
    step = request_transition(request=req, to_state=State.UNDER_REVIEW, by=secretariat)
    step.refresh_from_db()
    assert step.reason == ""


def test_a_decline_with_no_reason_given_is_refused(secretariat):
    req = DialogueRequestFactory(state=State.SUBMITTED)
    refusal = _transition_refusal(req, secretariat, State.DECLINED)
    assert refusal.messages == ["Reason is required."]
    req.refresh_from_db()
    assert (req.state, req.decline_reason) == (State.SUBMITTED, "")


def test_the_callers_request_shows_the_new_state_and_schedule(secretariat):
    # A view renders the request it passed in (the success message names the
    # new state) without reading it again.
    req = DialogueRequestFactory(state=State.ACCEPTED)
    starts = timezone.now().replace(second=0, microsecond=0) + datetime.timedelta(days=20)
    step = request_transition(
        request=req,
        to_state=State.SCHEDULED,
        by=secretariat,
        schedule={
            "scheduled_at": starts,
            "ends_at": starts + datetime.timedelta(hours=2),
            "time_zone": "Africa/Dakar",
            "place": "UNESCO Headquarters, Room IX",
            "online_link": "https://meet.example.org/png",
            "occasion": "222nd session of the Executive Board",
        },
    )
    assert req.state == State.SCHEDULED
    assert req.state_changed_at == step.at
    assert (req.scheduled_at, req.ends_at) == (starts, starts + datetime.timedelta(hours=2))
    assert (req.time_zone, req.place) == ("Africa/Dakar", "UNESCO Headquarters, Room IX")
    assert req.online_link == "https://meet.example.org/png"
    assert req.occasion == "222nd session of the Executive Board"


def test_the_callers_request_shows_the_decline_reason(secretariat):
    req = DialogueRequestFactory(state=State.UNDER_REVIEW)
    request_transition(request=req, to_state=State.DECLINED, by=secretariat, reason="Duplicate.")
    assert (req.state, req.decline_reason) == (State.DECLINED, "Duplicate.")
