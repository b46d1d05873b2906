"""Who organises an event (elections issue, point 6) and the organisers' set-up pages."""

import datetime

import pytest
from django.utils import timezone

from forums import permissions
from forums.models import (
    CallForProposals,
    CommitteeSeat,
    Event,
    ProgrammeItem,
    Registration,
    RegistrationType,
)
from foundation.mail.models import Email
from tests.conftest import sign_in, verified
from tests.factories import PartnerEditorFactory, PartnerFactory, UserFactory
from tests.forums.factories import (
    CommitteeTermFactory,
    EventFactory,
    ProgrammeItemFactory,
    RegistrationTypeFactory,
    SpeakerFactory,
)

pytestmark = pytest.mark.django_db
S = Registration.Status


@pytest.fixture
def committee(partner_b):
    """The term in force: partner_b holds a seat; the Chair has an account of their own."""
    chair = verified(UserFactory(email="chair@example.org"))
    term = CommitteeTermFactory(chair_account=chair, chair_person="Jane Chair")
    CommitteeSeat.objects.create(term=term, kind="consultative", partner=partner_b)
    term.members.add(partner_b)
    return {"term": term, "chair": chair}


@pytest.fixture
def forum(partner_a):
    event = EventFactory(slug="forum-co", kind=Event.Kind.FORUM, committee_co_organises=True)
    event.organisers.add(partner_a)
    return event


def _fresh(user):
    """A user object as a new request would load it (no cached roles)."""
    return type(user).objects.get(pk=user.pk)


def test_organisers_of_an_event_the_committee_co_organises(
    forum, committee, editor_a, editor_b, secretariat, verified_delegate
):
    outsider = PartnerEditorFactory(partner=PartnerFactory()).user
    assert permissions.can_organise(_fresh(editor_a), forum)  # the organising NGO
    assert permissions.can_organise(_fresh(editor_b), forum)  # a Committee member NGO
    assert permissions.can_organise(_fresh(committee["chair"]), forum)  # the Chair, in person
    assert not permissions.can_organise(_fresh(outsider), forum)
    assert not permissions.can_organise(_fresh(verified_delegate), forum)
    # Organisers manage; the Secretariat alone publishes and changes the state.
    assert permissions.can_manage_registrations(_fresh(editor_b), forum)
    assert permissions.can_set_up(_fresh(committee["chair"]), forum)
    assert not permissions.can_change_event_status(_fresh(editor_b), forum)
    assert not permissions.can_change_event_status(_fresh(committee["chair"]), forum)


def test_committee_organises_only_what_it_co_organises(forum, committee, editor_b):
    plain = EventFactory(slug="forum-alone", kind=Event.Kind.FORUM)
    meeting = EventFactory(slug="meeting", kind=Event.Kind.MEETING, committee_co_organises=True)
    for event in (plain, meeting):
        assert not permissions.can_organise(_fresh(editor_b), event)
        assert not permissions.can_organise(_fresh(committee["chair"]), event)


def test_a_past_terms_chair_and_members_are_organisers_no_more(forum, partner_b, editor_b):
    chair = UserFactory()
    old = CommitteeTermFactory(
        start_date=datetime.date(2018, 12, 1),
        end_date=datetime.date(2020, 12, 31),
        chair_account=chair,
    )
    CommitteeSeat.objects.create(term=old, kind="consultative", partner=partner_b)
    assert not permissions.can_organise(_fresh(editor_b), forum)
    assert not permissions.can_organise(_fresh(chair), forum)


def test_committee_member_manages_registrations_list(client, forum, committee, editor_b):
    sign_in(client, editor_b)
    page = client.get("/en/forums/forum-co/registrations/")
    assert page.status_code == 200
    assert "Registrations" in page.text


# The call for proposals


def _call_data(**extra):
    data = {
        "opens_on": timezone.localdate().isoformat(),
        "closes_on": (timezone.localdate() + datetime.timedelta(days=20)).isoformat(),
        "description_fr": "Proposez une session.",
        "description_en": "Propose a session.",
        "description_es": "Proponga una sesión.",
        "themes_fr": "Éducation\nCulture",
        "themes_en": "Education\nCulture",
        "themes_es": "Educación\nCultura",
        "formats": ["panel", "workshop"],
        "languages": ["fr", "es"],
        "anonymous_review": "on",
    }
    data.update(extra)
    return data


def test_organiser_opens_a_call_in_three_languages(client, forum, committee):
    sign_in(client, committee["chair"])
    response = client.post("/en/forums/forum-co/call/edit/", _call_data())
    assert response.status_code == 302
    call = CallForProposals.objects.get(event=forum)
    assert (call.description_fr, call.themes_es) == ("Proposez une session.", "Educación\nCultura")
    assert call.formats == ["panel", "workshop"] and call.anonymous_review
    page = client.get("/es/forums/forum-co/call/")
    assert "Proponga una sesión." in page.text and "Educación" in page.text
    # Editing keeps the one call.
    client.post("/en/forums/forum-co/call/edit/", _call_data(description_en="Changed."))
    assert CallForProposals.objects.get(event=forum).description_en == "Changed."


@pytest.mark.parametrize(
    "bad, field_message",
    [
        ({"closes_on": "2000-01-01"}, "The call must close on or after the day it opens."),
        ({"formats": ["karaoke"]}, "Select a valid choice."),
        ({"languages": ["xx"]}, "Select a valid choice."),
        ({"opens_on": "31/31/2026"}, "Enter a valid date."),
        (
            {"description_fr": "", "description_en": "", "description_es": ""},
            "Describe the call in at least one language.",
        ),
    ],
)
def test_hostile_call_input_is_refused_with_a_message(client, forum, editor_a, bad, field_message):
    sign_in(client, editor_a)
    response = client.post("/en/forums/forum-co/call/edit/", _call_data(**bad))
    assert response.status_code == 400
    assert field_message in response.text
    assert not CallForProposals.objects.filter(event=forum).exists()


# Registration types


def _type_data(**extra):
    data = {
        "kind": "public",
        "name_fr": "Public",
        "name_en": "General public",
        "name_es": "Público",
        "capacity": "2",
        "opens_on": timezone.localdate().isoformat(),
        "closes_on": (timezone.localdate() + datetime.timedelta(days=10)).isoformat(),
        "confirm_days": "3",
        "position": "1",
    }
    data.update(extra)
    return data


def test_organiser_creates_and_lists_registration_types(
    client, forum, editor_a, django_assert_max_num_queries
):
    sign_in(client, editor_a)
    assert (
        client.post("/en/forums/forum-co/registration-types/new/", _type_data()).status_code == 302
    )
    registration_type = RegistrationType.objects.get(event=forum)
    assert (registration_type.name_es, registration_type.capacity) == ("Público", 2)
    for n in range(5):
        RegistrationTypeFactory(event=forum, name_en=f"Type {n}")
    with django_assert_max_num_queries(12):
        page = client.get("/en/forums/forum-co/registration-types/")
    assert "General public" in page.text and "Type 4" in page.text


def _register(registration_type, n, status=S.CONFIRMED):
    return Registration.objects.create(
        event=registration_type.event,
        registration_type=registration_type,
        full_name=f"Person {n}",
        email=f"person{n}@example.org",
        status=status,
        waiting_since=timezone.now() - datetime.timedelta(hours=10 - n)
        if status == S.WAITING
        else None,
    )


def test_capacity_cannot_fall_below_places_held_and_raising_it_offers_places(
    client, forum, editor_a
):
    registration_type = RegistrationTypeFactory(event=forum, capacity=2, name_en="Public")
    _register(registration_type, 1)
    _register(registration_type, 2)
    first = _register(registration_type, 3, S.WAITING)
    second = _register(registration_type, 4, S.WAITING)
    sign_in(client, editor_a)
    url = f"/en/forums/forum-co/registration-types/{registration_type.pk}/"
    refused = client.post(url, _type_data(capacity="1"))
    assert refused.status_code == 400
    assert "2 places are already held: the capacity cannot be lower." in refused.text
    registration_type.refresh_from_db()
    assert registration_type.capacity == 2
    assert client.post(url, _type_data(capacity="3")).status_code == 302
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == (S.OFFERED, S.WAITING)
    assert Email.objects.filter(to=first.email).exists()


@pytest.mark.parametrize(
    "bad, message",
    [
        ({"kind": "vip"}, "Select a valid choice."),
        ({"capacity": "-4"}, "Ensure this value is greater than or equal to 0."),
        ({"confirm_days": "0"}, "confirm"),
        ({"closes_on": "2000-01-01"}, "Registration must close on or after the day it opens."),
        ({"name_fr": "", "name_en": "", "name_es": ""}, "Name the registration type"),
        ({"name_en": "Two\nlines"}, "line"),
    ],
)
def test_hostile_registration_type_input(client, forum, editor_a, bad, message):
    sign_in(client, editor_a)
    response = client.post("/en/forums/forum-co/registration-types/new/", _type_data(**bad))
    assert response.status_code == 400
    assert message in response.text
    assert not RegistrationType.objects.filter(event=forum).exists()


def test_registration_type_of_another_event_is_not_found(client, forum, editor_a):
    other = RegistrationTypeFactory(event=EventFactory(slug="elsewhere"))
    sign_in(client, editor_a)
    assert client.get(f"/en/forums/forum-co/registration-types/{other.pk}/").status_code == 404


# The programme


def _item_data(forum, **extra):
    data = {
        "day": forum.start_date.isoformat(),
        "start_time": "10:00",
        "end_time": "11:30",
        "room": "Salle II",
        "kind": "parallel",
        "title_fr": "Les jeunes et l'éducation",
        "title_en": "Youth and education",
        "title_es": "Los jóvenes y la educación",
        "speakers": "Ana Speaker, Partner A",
        "interpretation": ["fr", "en"],
    }
    data.update(extra)
    return data


def test_organiser_adds_moves_and_is_warned_of_clashes(client, forum, committee, editor_b):
    taken = ProgrammeItemFactory(
        event=forum, day=forum.start_date, start_time=datetime.time(10), end_time=datetime.time(11)
    )
    taken.room = "Salle II"
    taken.save()
    SpeakerFactory(item=taken, name="Ana Speaker")
    sign_in(client, editor_b)  # a Committee member
    warned = client.post("/en/forums/forum-co/programme/sessions/new/", _item_data(forum))
    assert warned.status_code == 409
    assert "Salle II is already used from 10:00 to 11:00" in warned.text
    assert "Ana Speaker speaks at the same time" in warned.text
    assert forum.programme.count() == 1
    saved = client.post(
        "/en/forums/forum-co/programme/sessions/new/", _item_data(forum, confirm_clashes="on")
    )
    assert saved.status_code == 302
    item = forum.programme.get(title_en="Youth and education")
    assert (item.title_es, item.interpretation) == ("Los jóvenes y la educación", ["en", "fr"])
    assert [s.name for s in item.speakers.all()] == ["Ana Speaker"]
    moved = client.post(
        f"/en/forums/forum-co/programme/sessions/{item.pk}/",
        _item_data(forum, start_time="14:00", end_time="15:00", room="Salle IX"),
    )
    assert moved.status_code == 302
    item.refresh_from_db()
    assert (item.start_time, item.room) == (datetime.time(14), "Salle IX")
    page = client.get("/es/forums/forum-co/programme/")
    assert "Los jóvenes y la educación" in page.text and "Salle IX" in page.text


@pytest.mark.parametrize(
    "bad, message",
    [
        ({"day": "2001-01-01"}, "The day must fall within the event"),
        ({"end_time": "09:00"}, "The session must end after it starts."),
        ({"start_time": "25:99"}, "Enter a valid time."),
        ({"kind": "rave"}, "Select a valid choice."),
        ({"title_fr": "", "title_en": "", "title_es": ""}, "Give the session a title"),
        ({"room": "Salle\nII"}, "line"),
    ],
)
def test_hostile_programme_input(client, forum, editor_a, bad, message):
    sign_in(client, editor_a)
    response = client.post("/en/forums/forum-co/programme/sessions/new/", _item_data(forum, **bad))
    assert response.status_code == 400
    assert message in response.text
    assert not ProgrammeItem.objects.filter(event=forum).exists()


def test_programme_item_of_another_event_is_not_found(client, forum, editor_a):
    other = ProgrammeItemFactory(event=EventFactory(slug="elsewhere"))
    sign_in(client, editor_a)
    assert client.get(f"/en/forums/forum-co/programme/sessions/{other.pk}/").status_code == 404


# Participants


def test_participants_in_order_with_actions_and_bounded_queries(
    client, forum, committee, django_assert_max_num_queries
):
    registration_type = RegistrationTypeFactory(event=forum, capacity=1, name_en="Public")
    held = _register(registration_type, 1)
    waiting = _register(registration_type, 2, S.WAITING)
    sign_in(client, committee["chair"])
    url = "/en/forums/forum-co/participants/"
    with django_assert_max_num_queries(14) as few:
        client.get(url)
    for n in range(3, 13):
        _register(registration_type, n, S.WAITING)
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(url)
    assert page.text.index("Person 1") < page.text.index("Person 2") < page.text.index("Person 12")
    assert "On the waiting list" in page.text
    assert client.get(url, {"status": "'; DROP TABLE"}).status_code == 200
    cancelled = client.post(
        f"/en/forums/forum-co/participation/{held.pk}/cancel/", {"next": "participants"}
    )
    assert cancelled.status_code == 302 and cancelled["Location"].endswith(url)
    waiting.refresh_from_db()
    assert waiting.status == S.OFFERED
    confirmed = client.post(
        f"/en/forums/forum-co/participation/{waiting.pk}/confirm/", {"next": "participants"}
    )
    assert confirmed["Location"].endswith(url)
    waiting.refresh_from_db()
    assert waiting.status == S.CONFIRMED


def test_participants_next_does_not_redirect_for_participants_themselves(client, forum):
    registration_type = RegistrationTypeFactory(event=forum)
    person = verified(UserFactory())
    registration = _register(registration_type, 1)
    registration.participant = person
    registration.save()
    sign_in(client, person)
    response = client.post(
        f"/en/forums/forum-co/participation/{registration.pk}/cancel/", {"next": "participants"}
    )
    assert f"/participation/{registration.pk}/" in response["Location"]


# The door page's service worker


def test_service_worker_is_served_under_the_door_page(client, forum):
    response = client.get("/en/forums/forum-co/check-in/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert response["Service-Worker-Allowed"] == "/en/forums/forum-co/check-in/"
    assert b'addEventListener("fetch"' in response.content
    hidden = EventFactory(slug="hidden", published=False)
    assert client.get(f"/en/forums/{hidden.slug}/check-in/sw.js").status_code == 404


def test_door_page_names_its_service_worker(client, forum, editor_a):
    sign_in(client, editor_a)
    page = client.get("/en/forums/forum-co/check-in/")
    assert 'data-service-worker="/en/forums/forum-co/check-in/sw.js"' in page.text
