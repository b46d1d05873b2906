"""forums.services_setup at its edges: a new call and a new type saved whole,
the capacity at the places held, each refusal on its field in words, the
programme's speakers (the first comma, the lengths a row holds, the NGO kept
for a name that stays), an item moved over its own slot, and the texts of
every language."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from forums import services_setup as services
from forums.forms_setup import CallForm, RegistrationTypeForm
from forums.models import CallForProposals, ProgrammeItem, Registration, RegistrationType, Speaker
from tests.forums.factories import (
    EventFactory,
    ProgrammeItemFactory,
    RegistrationFactory,
    RegistrationTypeFactory,
    SpeakerFactory,
)

pytestmark = pytest.mark.django_db
S = Registration.Status


@pytest.fixture
def event(partner_a):
    event = EventFactory(slug="forum-setup")
    event.organisers.add(partner_a)
    return event


def _refusal(call) -> dict:
    with pytest.raises(ValidationError) as refused:
        call()
    return refused.value.message_dict


# --- The call and the registration types ------------------------------------------------


def test_a_new_call_is_saved_for_its_event(event, editor_a):
    form = CallForm(
        data={
            "opens_on": event.start_date - datetime.timedelta(days=20),
            "closes_on": event.start_date - datetime.timedelta(days=10),
            "description_en": "Propose a session.",
            "formats": ["panel"],
            "languages": ["fr", "en"],
        }
    )
    assert form.is_valid(), form.errors
    call = services.call_save(event=event, user=editor_a, form=form)
    stored = CallForProposals.objects.get(pk=call.pk)
    assert (stored.event, stored.description_en, stored.formats) == (
        event,
        "Propose a session.",
        ["panel"],
    )


def _type_form(instance=None, **changes):
    today = timezone.localdate()
    data = {
        "kind": "public",
        "name_en": "General public",
        "capacity": "2",
        "opens_on": today.isoformat(),
        "closes_on": (today + datetime.timedelta(days=5)).isoformat(),
        "confirm_days": "3",
        "position": "1",
    } | changes
    form = RegistrationTypeForm(data=data, instance=instance)
    assert form.is_valid(), form.errors
    return form


def test_a_new_type_is_saved_for_its_event_and_others_may_not(event, editor_a, editor_b):
    with pytest.raises(PermissionDenied):
        services.registration_type_save(event=event, user=editor_b, form=_type_form())
    saved = services.registration_type_save(event=event, user=editor_a, form=_type_form())
    stored = RegistrationType.objects.get()
    assert (stored.pk, stored.event, stored.name_en, stored.capacity) == (
        saved.pk,
        event,
        "General public",
        2,
    )


def test_the_capacity_may_equal_the_places_held_and_not_fall_below(event, editor_a):
    rtype = RegistrationTypeFactory(event=event, capacity=3)
    for n in range(2):
        RegistrationFactory(
            event=event, registration_type=rtype, status=S.CONFIRMED, email=f"held{n}@example.org"
        )
    assert _refusal(
        lambda: services.registration_type_save(
            event=event, user=editor_a, form=_type_form(instance=rtype, capacity="1")
        )
    ) == {"capacity": ["2 places are already held: the capacity cannot be lower."]}
    rtype.refresh_from_db()
    assert rtype.capacity == 3
    services.registration_type_save(
        event=event, user=editor_a, form=_type_form(instance=rtype, capacity="2")
    )
    rtype.refresh_from_db()
    assert rtype.capacity == 2


# --- The programme ----------------------------------------------------------------------


def _data(event, **changes):
    return {
        "day": event.start_date,
        "start_time": datetime.time(10),
        "end_time": datetime.time(11),
        "room": " Salle II ",
        "kind": ProgrammeItem.Kind.PARALLEL,
        "interpretation": ["fr", "en", "fr"],
        "title_en": "Youth and education",
        "title_es": "Los jóvenes y la educación",
        "description_fr": "Un débat.",
        "speakers": "Ana Speaker, Partner A, Dakar office\n  \nLuis Pérez",
    } | changes


def _save(event, user, **kwargs):
    return services.programme_item_save(event=event, user=user, **kwargs)


def test_an_item_is_saved_with_its_texts_room_languages_and_speakers(event, editor_a):
    item, warnings = _save(event, editor_a, data=_data(event, day=event.end_date))
    assert warnings == []
    item = ProgrammeItem.objects.get(pk=item.pk)
    assert (item.day, item.room, item.interpretation) == (event.end_date, "Salle II", ["en", "fr"])
    assert (item.title_en, item.title_es, item.title_fr) == (
        "Youth and education",
        "Los jóvenes y la educación",
        "",
    )
    assert (item.description_fr, item.description_en, item.description_es) == ("Un débat.", "", "")
    assert list(item.speakers.order_by("name").values_list("name", "affiliation")) == [
        ("Ana Speaker", "Partner A, Dakar office"),
        ("Luis Pérez", ""),
    ]


def test_an_item_without_room_or_speakers_has_none(event, editor_a):
    data = {key: value for key, value in _data(event).items() if key not in {"room", "speakers"}}
    item, _warnings = _save(event, editor_a, data=data)
    item = ProgrammeItem.objects.get(pk=item.pk)
    assert (item.room, item.speakers.count()) == ("", 0)


def test_long_names_are_cut_to_what_a_speaker_row_holds(event, editor_a):
    name, affiliation = "N" * 230, "A" * 300
    item, _warnings = _save(event, editor_a, data=_data(event, speakers=f"{name}, {affiliation}"))
    speaker = Speaker.objects.get(item=item)
    assert (speaker.name, speaker.affiliation) == ("N" * 200, "A" * 255)


def test_programme_refusals_are_told_on_their_fields(event, editor_a):
    after = event.end_date + datetime.timedelta(days=1)
    assert _refusal(lambda: _save(event, editor_a, data=_data(event, day=after))) == {
        "day": ["The day must fall within the event's dates."]
    }
    assert _refusal(
        lambda: _save(event, editor_a, data=_data(event, end_time=datetime.time(10)))
    ) == {"end_time": ["The session must end after it starts."]}
    assert not ProgrammeItem.objects.exists()


def test_an_item_of_another_event_is_refused(event, editor_a):
    foreign = ProgrammeItemFactory(event=EventFactory())
    with pytest.raises(PermissionDenied):
        _save(event, editor_a, data=_data(event), item=foreign)


def test_a_clash_stops_the_save_unless_confirmed(event, editor_a):
    ProgrammeItemFactory(
        event=event, room="Salle II", start_time=datetime.time(10, 30), end_time=datetime.time(12)
    )
    item, warnings = _save(event, editor_a, data=_data(event))
    assert item is None and len(warnings) == 1
    assert ProgrammeItem.objects.count() == 1
    item, warnings = _save(event, editor_a, data=_data(event), confirm_clashes=True)
    assert item is not None and len(warnings) == 1
    assert ProgrammeItem.objects.count() == 2


def test_moving_an_item_over_its_own_slot_keeps_the_ngo_of_a_speaker_who_stays(
    event, editor_a, partner_a
):
    item, _warnings = _save(event, editor_a, data=_data(event))
    Speaker.objects.filter(item=item, name="Ana Speaker").update(partner=partner_a)
    SpeakerFactory(item=item, name="Gone Speaker", partner=partner_a)
    moved, warnings = _save(
        event,
        editor_a,
        item=item,
        data=_data(
            event,
            start_time=datetime.time(10, 30),
            end_time=datetime.time(11, 30),
            speakers="ANA SPEAKER, Partner A\nNew Speaker",
        ),
    )
    assert warnings == []  # not a clash with where it was
    assert moved.pk == item.pk and ProgrammeItem.objects.count() == 1
    assert list(moved.speakers.order_by("name").values_list("name", "partner")) == [
        ("ANA SPEAKER", partner_a.pk),
        ("New Speaker", None),
    ]
