"""Hearings held during a forum or CIONG session, and hearings on the all-events calendar."""

import datetime
import re
import zoneinfo

import icalendar
import pytest
from django.core.exceptions import ValidationError

from dialogue.models import DialogueRequest, State
from dialogue.services import request_transition
from tests.conftest import sign_in
from tests.dialogue.factories import DialogueRequestFactory, ExpressionOfInterestFactory
from tests.forums.factories import EventFactory

pytestmark = pytest.mark.django_db

PARIS = zoneinfo.ZoneInfo("Europe/Paris")
CIONG_DAY = datetime.date(2031, 12, 15)


@pytest.fixture
def ciong(db):
    return EventFactory(
        kind="ciong",
        slug="ciong-2031",
        title_en="International Conference of NGOs, 2031 session",
        title="International Conference of NGOs, 2031 session",
        start_date=CIONG_DAY,
        end_date=CIONG_DAY + datetime.timedelta(days=1),
    )


def _schedule(*, day=CIONG_DAY, event=None, **extra):
    return {
        "scheduled_at": datetime.datetime.combine(day, datetime.time(14, 0), tzinfo=PARIS),
        "time_zone": "Europe/Paris",
        "place": "UNESCO Headquarters, Room I",
        "event": event,
        **extra,
    }


def _schedule_post(event_id, *, day="2031-12-15"):
    return {
        "date": day,
        "start_time": "14:00",
        "end_time": "15:30",
        "time_zone": "Europe/Paris",
        "place": "UNESCO Headquarters, Room I",
        "event": event_id,
    }


def test_scheduling_links_the_hearing_to_the_session(secretariat, ciong):
    req = DialogueRequestFactory(state=State.ACCEPTED, setting="ciong")
    request_transition(
        request=req, to_state=State.SCHEDULED, by=secretariat, schedule=_schedule(event=ciong)
    )
    req.refresh_from_db()
    assert req.state == State.SCHEDULED
    assert req.event == ciong
    assert list(ciong.hearings.all()) == [req]


def test_a_hearing_outside_the_sessions_dates_is_refused_and_nothing_changes(secretariat, ciong):
    req = DialogueRequestFactory(state=State.ACCEPTED)
    late = CIONG_DAY + datetime.timedelta(days=5)
    with pytest.raises(ValidationError) as refused:
        request_transition(
            request=req,
            to_state=State.SCHEDULED,
            by=secretariat,
            schedule=_schedule(day=late, event=ciong),
        )
    assert "must take place during International Conference of NGOs, 2031 session" in str(
        refused.value
    )
    req.refresh_from_db()
    assert (req.state, req.event_id, req.scheduled_at) == (State.ACCEPTED, None, None)


def test_the_day_is_read_in_the_hearings_time_zone(secretariat, ciong):
    """23:30 in Paris on the session's last day is already the next day in UTC."""
    req = DialogueRequestFactory(state=State.ACCEPTED)
    last_day = ciong.end_date
    schedule = _schedule(day=last_day, event=ciong)
    schedule["scheduled_at"] = datetime.datetime.combine(
        last_day, datetime.time(23, 30), tzinfo=PARIS
    )
    request_transition(request=req, to_state=State.SCHEDULED, by=secretariat, schedule=schedule)
    req.refresh_from_db()
    assert req.event == ciong


def test_an_unpublished_session_cannot_be_linked(secretariat, ciong):
    ciong.published = False
    ciong.save()
    req = DialogueRequestFactory(state=State.ACCEPTED)
    with pytest.raises(ValidationError) as caught:
        request_transition(
            request=req, to_state=State.SCHEDULED, by=secretariat, schedule=_schedule(event=ciong)
        )
    assert caught.value.messages == ["Choose a published forum or conference session."]
    req.refresh_from_db()
    assert req.event_id is None and req.state == State.ACCEPTED


def test_triage_form_links_the_session_and_pages_show_it(client, secretariat, ciong):
    req = DialogueRequestFactory(state=State.ACCEPTED, theme_en="Preparing the CIONG together")
    sign_in(client, secretariat)
    response = client.post(f"/en/dialogue/secretariat/{req.pk}/schedule/", _schedule_post(ciong.pk))
    assert response.status_code == 302
    req.refresh_from_db()
    assert req.event == ciong and req.state == State.SCHEDULED

    client.logout()
    detail = client.get(f"/en/dialogue/{req.pk}/").text
    assert 'href="/en/forums/ciong-2031/"' in detail
    assert "International Conference of NGOs, 2031 session" in detail
    listing = client.get("/en/dialogue/").text
    assert 'href="/en/forums/ciong-2031/"' in listing


@pytest.mark.parametrize(
    "forged",
    ["999999", "-1", "abc", "1 OR 1=1", "<script>alert(1)</script>", "1" * 40],
)
def test_triage_form_refuses_a_forged_session_and_stores_nothing(
    client, secretariat, ciong, forged
):
    req = DialogueRequestFactory(state=State.ACCEPTED)
    sign_in(client, secretariat)
    response = client.post(
        f"/fr/dialogue/secretariat/{req.pk}/schedule/",
        _schedule_post(forged),
        HTTP_ACCEPT_LANGUAGE="fr",
    )
    assert response.status_code == 400
    assert "Sélectionnez un choix valide" in response.text
    assert "<script>alert(1)</script>" not in response.text
    req.refresh_from_db()
    assert (req.state, req.event_id, req.scheduled_at) == (State.ACCEPTED, None, None)


def test_triage_form_refuses_a_day_outside_the_session_in_the_users_language(
    client, secretariat, ciong
):
    req = DialogueRequestFactory(state=State.ACCEPTED)
    sign_in(client, secretariat)
    response = client.post(
        f"/es/dialogue/secretariat/{req.pk}/schedule/", _schedule_post(ciong.pk, day="2031-12-20")
    )
    assert response.status_code == 400
    assert "La audiencia debe celebrarse durante" in response.text
    req.refresh_from_db()
    assert req.state == State.ACCEPTED and req.event_id is None


def test_sessions_ended_over_a_year_ago_are_not_offered(client, secretariat, ciong):
    old = EventFactory(
        title_en="Forum of long ago",
        title="Forum of long ago",
        start_date=datetime.date(2001, 6, 1),
        end_date=datetime.date(2001, 6, 2),
    )
    hidden = EventFactory(title_en="Hidden forum", title="Hidden forum", published=False)
    req = DialogueRequestFactory(state=State.ACCEPTED)
    sign_in(client, secretariat)
    page = client.get(f"/en/dialogue/secretariat/{req.pk}/").text
    assert f'<option value="{ciong.pk}">' in page
    assert f'<option value="{old.pk}">' not in page
    assert f'<option value="{hidden.pk}">' not in page


def test_deleting_the_session_keeps_the_hearing(secretariat, ciong):
    req = DialogueRequestFactory(state=State.ACCEPTED)
    request_transition(
        request=req, to_state=State.SCHEDULED, by=secretariat, schedule=_schedule(event=ciong)
    )
    ciong.delete()
    req.refresh_from_db()
    assert req.state == State.SCHEDULED and req.event_id is None


# The all-events calendar feed (forums:feed)


def _feed(client, language="en"):
    response = client.get(f"/{language}/forums/calendar.ics")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    return icalendar.Calendar.from_ical(response.content)


def test_feed_lists_events_and_scheduled_and_held_hearings_only(client, ciong):
    shown = {}
    for state in State.values:
        shown[state] = DialogueRequestFactory(
            state=state,
            theme_en=f"Hearing {state}",
            internal_notes="SECRET NOTE",
            scheduled_at=(
                datetime.datetime(2031, 12, 15, 13, 0, tzinfo=datetime.UTC)
                if state in (State.SCHEDULED, State.HELD)
                else None
            ),
        )
    calendar = _feed(client)
    summaries = sorted(str(entry["SUMMARY"]) for entry in calendar.walk("VEVENT"))
    assert summaries == [
        "International Conference of NGOs, 2031 session",
        "Thematic debate: Hearing held",
        "Thematic debate: Hearing scheduled",
    ]
    assert b"SECRET NOTE" not in calendar.to_ical()
    hearing = next(e for e in calendar.walk("VEVENT") if "scheduled" in str(e["SUMMARY"]))
    assert hearing.decoded("DTSTART") == datetime.datetime(2031, 12, 15, 13, 0, tzinfo=datetime.UTC)
    assert str(hearing["URL"]).endswith(f"/en/dialogue/{shown[State.SCHEDULED].pk}/")
    assert str(hearing["UID"]).startswith(f"dialogue-hearing-{shown[State.SCHEDULED].pk}@")


def test_feed_entry_names_the_ngos_the_states_and_the_session(client, secretariat, ciong):
    req = DialogueRequestFactory(
        state=State.ACCEPTED,
        theme_en="Preparing the CIONG together",
        theme_fr="Préparer ensemble la CIONG",
    )
    ExpressionOfInterestFactory(
        request=req, partner__name_fr="Clubs mondiaux pour l'alphabétisation", status="selected"
    )
    ciong.title_fr = "Conférence internationale des ONG, session 2031"
    ciong.save()
    request_transition(
        request=req, to_state=State.SCHEDULED, by=secretariat, schedule=_schedule(event=ciong)
    )
    (entry,) = [e for e in _feed(client, "fr").walk("VEVENT") if "CIONG" in str(e["SUMMARY"])]
    assert str(entry["SUMMARY"]) == "Débat thématique\u00a0: Préparer ensemble la CIONG"
    description = str(entry["DESCRIPTION"])
    assert "Sénégal" in description
    assert "Clubs mondiaux pour l'alphabétisation" in description
    assert "Conférence internationale des ONG, session 2031" in description
    assert str(entry["LOCATION"]) == "UNESCO Headquarters, Room I"


@pytest.mark.parametrize("count", [1, 30])
def test_feed_queries_do_not_grow_with_hearings(client, django_assert_max_num_queries, count):
    for index in range(count):
        EventFactory()
        req = DialogueRequestFactory(
            state=State.SCHEDULED,
            scheduled_at=datetime.datetime(2031, 1, 1, tzinfo=datetime.UTC)
            + datetime.timedelta(days=index),
        )
        ExpressionOfInterestFactory(request=req, status="selected")
    with django_assert_max_num_queries(8):
        calendar = _feed(client)
    assert len(calendar.walk("VEVENT")) == 2 * count


def test_feed_ignores_hostile_query_strings(client):
    DialogueRequestFactory(state=State.SCHEDULED, theme_en="Media literacy")
    response = client.get("/en/forums/calendar.ics?state=declined&pk=1%27--&lang=<x>")
    assert response.status_code == 200
    assert b"Media literacy" in response.content
    assert DialogueRequest.objects.count() == 1


def test_demo_links_a_round_table_to_the_december_2020_ciong_session(client):
    from dialogue import demo as dialogue_demo
    from forums import demo as forums_demo
    from partners import demo as partners_demo

    for seed in (partners_demo.seed, forums_demo.seed, dialogue_demo.seed, dialogue_demo.seed):
        seed(with_accounts=False)
    (round_table,) = DialogueRequest.objects.filter(event__slug="ciong-2020")
    assert round_table.state == State.HELD and round_table.format == "round-table"
    # One per state, the round table and the open call.
    assert DialogueRequest.objects.count() == len(State.values) + 2
    summaries = [str(entry["SUMMARY"]) for entry in _feed(client, "es").walk("VEVENT")]
    assert (
        "Mesa redonda: Preparar juntos la CIONG: mesa redonda con los Estados Miembros interesados"
        in summaries
    )


# The event page lists its hearings


def test_event_page_lists_its_scheduled_and_held_hearings(client, ciong):
    at = datetime.datetime(2031, 12, 15, 13, 0, tzinfo=datetime.UTC)
    for state in State.values:
        DialogueRequestFactory(
            state=state,
            theme_en=f"Hearing {state}",
            theme_fr=f"Audition {state}",
            internal_notes="SECRET NOTE",
            event=ciong,
            scheduled_at=at if state in (State.SCHEDULED, State.HELD) else None,
        )
    DialogueRequestFactory(state=State.SCHEDULED, theme_en="Elsewhere", scheduled_at=at)
    page = client.get("/fr/forums/ciong-2031/").text
    assert "Dialogue avec les États membres pendant cette session" in page
    assert "Débat thématique\u00a0: Audition scheduled" in page
    assert "Débat thématique\u00a0: Audition held" in page
    for hidden in ("submitted", "under-review", "accepted", "declined", "withdrawn"):
        assert f"Audition {hidden}" not in page
    assert "Elsewhere" not in page
    assert "SECRET NOTE" not in page


def test_event_page_without_hearings_has_no_hearing_section(client, ciong):
    assert 'id="hearings-heading"' not in client.get("/en/forums/ciong-2031/").text


@pytest.mark.parametrize("count", [1, 6])
def test_event_page_queries_do_not_grow_with_hearings(
    client, ciong, django_assert_max_num_queries, count
):
    held = set()
    for index in range(count):
        req = DialogueRequestFactory(
            state=State.HELD,
            event=ciong,
            scheduled_at=datetime.datetime(2031, 12, 15, 9 + index, 0, tzinfo=datetime.UTC),
        )
        ExpressionOfInterestFactory(request=req, status="selected")
        held.add(req.pk)
    DialogueRequestFactory(  # held at no event: not on this event's page
        state=State.HELD,
        scheduled_at=datetime.datetime(2031, 12, 15, 8, 0, tzinfo=datetime.UTC),
    )
    with django_assert_max_num_queries(10):
        page = client.get("/en/forums/ciong-2031/").text
    assert {int(pk) for pk in re.findall(r"/en/dialogue/(\d+)/", page)} == held
