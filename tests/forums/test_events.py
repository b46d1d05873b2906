import datetime
import zoneinfo

import icalendar
import pytest
from openpyxl import load_workbook

from forums.models import Event, ProgrammeItem, Registration
from forums.selectors import event_list_between, event_list_upcoming
from tests.conftest import add_totp, sign_in, verified
from tests.factories import PartnerEditorFactory, PartnerFactory, UserFactory
from tests.forums.factories import (
    EventFactory,
    ProgrammeItemFactory,
    RecommendationFactory,
    RegistrationFactory,
    SpeakerFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting_2024(db):
    event = EventFactory(
        slug="gec-2024",
        kind=Event.Kind.MEETING,
        title_en="Global Education Coalition: fourth annual meeting",
        start_date=datetime.date(2024, 3, 25),
        end_date=datetime.date(2024, 3, 25),
        time_zone="Europe/Paris",
        state=Event.State.HELD,
    )
    day = event.start_date
    slots = [
        ("09:00", "09:20", "Coffee and ice-breaker", "Foyer near Room I", "break"),
        ("09:30", "09:45", "The vision for 2030", "Room I", "plenary"),
        ("14:00", "15:30", "Global Teacher Campus", "Room VII", "parallel"),
        ("14:00", "15:30", "Global Learning House", "Room VIII", "parallel"),
        ("14:00", "15:30", "Global Skills Academy", "Room IX", "parallel"),
        ("17:15", "18:00", "Cocktail and closing remarks", "Foyer near Room I", "social"),
    ]
    for start, end, title, room, kind in slots:
        ProgrammeItemFactory(
            event=event,
            day=day,
            start_time=datetime.time.fromisoformat(start),
            end_time=datetime.time.fromisoformat(end),
            title_en=title,
            title=title,
            room=room,
            kind=kind,
        )
    return event


def test_ics_parses_and_round_trips_every_item_in_event_zone(client, meeting_2024):
    response = client.get("/en/forums/gec-2024/calendar.ics")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    calendar = icalendar.Calendar.from_ical(response.content)
    zones = [tz["TZID"] for tz in calendar.walk("VTIMEZONE")]
    assert zones == ["Europe/Paris"]
    entries = {str(e["SUMMARY"]): e for e in calendar.walk("VEVENT")}
    paris = zoneinfo.ZoneInfo("Europe/Paris")
    items = list(meeting_2024.programme.all())
    assert len(entries) == len(items) == 6
    for item in items:
        entry = entries[item.title]
        start, end = entry.decoded("DTSTART"), entry.decoded("DTEND")
        assert entry["DTSTART"].params["TZID"] == "Europe/Paris"
        assert start == datetime.datetime.combine(item.day, item.start_time, tzinfo=paris)
        assert end == datetime.datetime.combine(item.day, item.end_time, tzinfo=paris)
        assert start.astimezone(paris).time() == item.start_time
        assert item.room in str(entry["LOCATION"])
    # 09:30 in Paris in March 2024 (CET, UTC+1) is 08:30 UTC.
    vision = entries["The vision for 2030"].decoded("DTSTART")
    assert vision.astimezone(datetime.UTC).time() == datetime.time(8, 30)


def test_ics_in_summer_and_another_zone_round_trips(client):
    event = EventFactory(
        slug="nairobi",
        time_zone="Africa/Nairobi",
        start_date=datetime.date(2026, 7, 1),
        end_date=datetime.date(2026, 7, 2),
    )
    item = ProgrammeItemFactory(event=event, day=datetime.date(2026, 7, 2))
    calendar = icalendar.Calendar.from_ical(client.get("/fr/forums/nairobi/calendar.ics").content)
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Africa/Nairobi"]
    (entry,) = calendar.walk("VEVENT")
    start = entry.decoded("DTSTART")
    assert start.utcoffset() == datetime.timedelta(hours=3)
    assert start.replace(tzinfo=None) == datetime.datetime.combine(item.day, item.start_time)


def test_feed_lists_public_events_only(client):
    EventFactory(title_en="Visible forum", title="Visible forum")
    EventFactory(title_en="Hidden forum", title="Hidden forum", published=False)
    calendar = icalendar.Calendar.from_ical(client.get("/en/forums/calendar.ics").content)
    summaries = [str(e["SUMMARY"]) for e in calendar.walk("VEVENT")]
    assert summaries == ["Visible forum"]


def test_programme_grouped_by_day_and_room_with_interpretation(client, meeting_2024):
    page = client.get("/en/forums/gec-2024/").text
    assert page.index("Room VII") < page.index("Global Teacher Campus") < page.index("Room VIII")
    assert "French, English, Spanish" in page
    assert '<time datetime="2024-03-25T09:30">09:30</time>' in page


def test_programme_speaker_links_to_partner_profile_in_spanish(client, meeting_2024):
    partner = PartnerFactory(slug="wcll", name_es="Comité Mundial para el Aprendizaje")
    item = meeting_2024.programme.get(title_en="Global Learning House")
    SpeakerFactory(item=item, name="Ana Speaker", partner=partner)
    page = client.get("/es/forums/gec-2024/")
    assert '<a href="/es/partners/wcll/">Ana Speaker</a>' in page.text
    profile = client.get("/es/partners/wcll/")
    assert 'href="/es/forums/gec-2024/"' in profile.text


def test_recommendations_with_addressees_sectors_and_follow_up(client):
    from partners.models import Sector

    event = EventFactory(slug="ciong-2018", kind=Event.Kind.CIONG, state=Event.State.HELD)
    recommendation = RecommendationFactory(
        event=event, addressees=["member-states", "secretariat"], status="in-progress"
    )
    recommendation.sectors.set(Sector.objects.filter(code="education"))
    recommendation.updates.create(
        date=datetime.date(2020, 6, 1), status="in-progress", note_en="Paper on dialogue sent."
    )
    page = client.get("/en/forums/ciong-2018/").text
    assert "Member States, Secretariat" in page
    assert "Education" in page
    assert "Paper on dialogue sent." in page


@pytest.fixture
def editor(db):
    return verified(PartnerEditorFactory(partner=PartnerFactory(country="SN")).user)


def test_editor_registers_representative_and_sees_it(client, editor):
    EventFactory(slug="open-forum")
    sign_in(client, editor)
    response = client.post(
        "/en/forums/open-forum/register/",
        {"full_name": "Awa Diop", "email": "AWA@example.org", "position": "Delegate"},
    )
    assert response.status_code == 302
    registration = Registration.objects.get()
    assert registration.partner == editor.partner_editor.partner
    assert registration.email == "awa@example.org"
    assert "Awa Diop" in client.get("/en/forums/open-forum/").text


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"full_name": "", "email": "a@example.org"}, "This field is required."),
        ({"full_name": "A\x00B", "email": "a@example.org"}, "Null characters are not allowed."),
        ({"full_name": "x" * 10_000, "email": "a@example.org"}, "at most 200 characters"),
        ({"full_name": "A", "email": "not-an-email"}, "valid email"),
    ],
)
def test_registration_form_hostile_input(client, editor, data, message):
    EventFactory(slug="open-forum")
    sign_in(client, editor)
    response = client.post("/en/forums/open-forum/register/", data)
    assert response.status_code == 400
    assert message in response.text
    assert Registration.objects.count() == 0


def test_registration_refused_when_closed_full_or_over_ngo_limit(client, editor):
    EventFactory(slug="closed", state=Event.State.REGISTRATION_CLOSED)
    full = EventFactory(slug="full", capacity=1)
    RegistrationFactory(event=full)
    limited = EventFactory(slug="limited", per_partner_limit=1)
    RegistrationFactory(event=limited, partner=editor.partner_editor.partner)
    sign_in(client, editor)
    expectations = {
        "closed": "Registration for this event is not open.",
        "full": "The event is full.",
        "limited": "already registered 1 representatives",
    }
    for slug, message in expectations.items():
        response = client.post(
            f"/en/forums/{slug}/register/", {"full_name": "B", "email": "b@example.org"}
        )
        assert message in response.text
    assert Registration.objects.count() == 2
    assert "Register a representative" not in client.get("/en/forums/closed/").text


def test_voting_delegate_only_one_per_ngo_and_only_at_ciong(client, editor):
    ciong = EventFactory(slug="ciong", kind=Event.Kind.CIONG)
    EventFactory(slug="forum")
    sign_in(client, editor)
    page = client.get("/en/forums/ciong/register/")
    assert "Voting delegate of my organisation" in page.text
    assert "Voting delegate" not in client.get("/en/forums/forum/register/").text
    client.post(
        "/en/forums/ciong/register/",
        {"full_name": "A", "email": "a@example.org", "is_voting_delegate": "on"},
    )
    response = client.post(
        "/en/forums/ciong/register/",
        {"full_name": "B", "email": "b@example.org", "is_voting_delegate": "on"},
    )
    assert "already has a voting delegate" in response.text
    assert ciong.registrations.filter(is_voting_delegate=True).count() == 1
    # Forged on a forum: the field does not exist there, so it is ignored.
    client.post(
        "/en/forums/forum/register/",
        {"full_name": "C", "email": "c@example.org", "is_voting_delegate": "on"},
    )
    assert not Registration.objects.get(email="c@example.org").is_voting_delegate


def test_editor_cannot_cancel_another_ngos_registration(client, editor):
    event = EventFactory(slug="open")
    other = RegistrationFactory(event=event)
    sign_in(client, editor)
    response = client.post(f"/en/forums/open/registrations/{other.pk}/cancel/")
    assert response.status_code == 404
    assert Registration.objects.filter(pk=other.pk).exists()
    own = RegistrationFactory(event=event, partner=editor.partner_editor.partner)
    client.post(f"/en/forums/open/registrations/{own.pk}/cancel/")
    assert not Registration.objects.filter(pk=own.pk).exists()


@pytest.fixture
def secretary(db):
    user = verified(UserFactory(is_secretariat=True))
    add_totp(user)
    return user


def test_exports_neutralise_formulas_and_counts_by_country_region_sector(client, secretary):
    event = EventFactory(slug="ciong", kind=Event.Kind.CIONG)
    senegal = PartnerFactory(country="SN", name_en='=HYPERLINK("http://evil")', sectors=["culture"])
    france = PartnerFactory(country="FR", sectors=["education"])
    RegistrationFactory(event=event, partner=senegal, full_name="+cmd|' /C calc'!A0")
    RegistrationFactory(event=event, partner=senegal, is_voting_delegate=True)
    RegistrationFactory(event=event, partner=france)
    sign_in(client, secretary)
    csv_text = b"".join(client.get("/en/forums/ciong/registrations.csv").streaming_content).decode()
    assert "'=HYPERLINK" in csv_text
    assert "'+cmd" in csv_text
    assert "Voting delegate" in csv_text.splitlines()[0]
    xlsx = client.get("/en/forums/ciong/registrations.xlsx")
    workbook = load_workbook(filename=__import__("io").BytesIO(b"".join(xlsx.streaming_content)))
    values = [cell.value for row in workbook.active.iter_rows() for cell in row]
    assert '\'=HYPERLINK("http://evil")' in values
    assert not any(isinstance(v, str) and v.startswith("=") for v in values)
    page = client.get("/en/forums/ciong/registrations/").text
    assert '<th scope="row">Africa</th><td>2</td>' in page
    assert '<th scope="row">Senegal</th><td>2</td>' in page
    assert '<th scope="row">Culture</th><td>2</td>' in page
    assert '<th scope="row">Education</th><td>1</td>' in page


def test_event_list_filters_and_hostile_query(client):
    EventFactory(title_en="Future forum", title="Future forum")
    EventFactory(
        title_en="Past session",
        title="Past session",
        kind=Event.Kind.CIONG,
        start_date=datetime.date(2018, 12, 12),
        end_date=datetime.date(2018, 12, 13),
    )
    assert "Past session" not in client.get("/en/forums/?when=upcoming").text
    assert "Future forum" not in client.get("/en/forums/?kind=ciong").text
    for query in ("?kind=<script>", "?when=\x00", "?page=abc", "?kind=" + "x" * 10_000):
        response = client.get("/en/forums/" + query)
        assert response.status_code == 200
        assert "<script>" not in response.text.split("<main")[1]


@pytest.mark.parametrize("count", [1, 6])
def test_event_list_constant_queries(client, django_assert_max_num_queries, count):
    for _index in range(count):
        event = EventFactory()
        event.organisers.add(PartnerFactory(), PartnerFactory())
    with django_assert_max_num_queries(4):
        response = client.get("/en/forums/")
    assert response.text.count('class="card"') == count


@pytest.mark.parametrize("count", [1, 8])
def test_event_detail_constant_queries(client, django_assert_max_num_queries, count):
    event = EventFactory(slug="big")
    for index in range(count):
        item = ProgrammeItemFactory(event=event, room=f"Room {index}")
        SpeakerFactory(item=item, partner=PartnerFactory())
        RecommendationFactory(event=event).updates.create(
            date=datetime.date(2020, 1, 1), status="in-progress"
        )
    with django_assert_max_num_queries(10):
        response = client.get("/en/forums/big/")
    assert response.text.count('class="programme-plenary"') == count


def test_api_lists_public_events_with_programme(client, meeting_2024):
    EventFactory(slug="hidden", published=False)
    data = client.get("/api/v1/forums/").json()
    assert [e["slug"] for e in data["results"]] == ["gec-2024"]
    detail = client.get("/api/v1/forums/gec-2024/").json()
    assert len(detail["programme"]) == 6
    assert detail["time_zone"] == "Europe/Paris"


def test_upcoming_and_between_selectors(db):
    today = datetime.date.today()
    soon = EventFactory(start_date=today + datetime.timedelta(days=3))
    later = EventFactory(start_date=today + datetime.timedelta(days=60))
    EventFactory(start_date=today + datetime.timedelta(days=5), published=False)
    EventFactory(start_date=today - datetime.timedelta(days=5), end_date=today)
    assert event_list_upcoming(limit=4) == [soon, later]
    assert event_list_between(start=today, end=today + datetime.timedelta(days=10)) == [soon]


def test_partner_profile_lists_groups_and_events(client, meeting_2024):
    from tests.forums.factories import WorkingGroupFactory

    partner = PartnerFactory(slug="wcll")
    WorkingGroupFactory(name_en="Forums guide group").member_partners.add(partner)
    RegistrationFactory(event=meeting_2024, partner=partner)
    EventFactory(title_en="Unattended", title="Unattended")
    page = client.get("/en/partners/wcll/").text
    assert "Forums guide group" in page
    assert "Global Education Coalition: fourth annual meeting" in page
    assert "Unattended" not in page


def test_programme_item_end_before_start_is_refused(db):
    from django.db import IntegrityError

    event = EventFactory()
    with pytest.raises(IntegrityError):
        ProgrammeItem.objects.create(
            event=event,
            day=event.start_date,
            start_time=datetime.time(10),
            end_time=datetime.time(9),
            title="Backwards",
        )


def test_unknown_time_zone_is_refused(db):
    from django.core.exceptions import ValidationError

    event = EventFactory.build(time_zone="Mars/Olympus")
    with pytest.raises(ValidationError):
        event.full_clean()


def test_unpublished_partner_appears_on_no_event_page_or_api(client, meeting_2024):
    hidden = PartnerFactory(slug="hidden-ngo", name_en="Hidden NGO", published=False)
    shown = PartnerFactory(slug="shown-ngo", name_en="Shown NGO")
    meeting_2024.organisers.add(hidden, shown)
    item = meeting_2024.programme.get(title_en="Global Learning House")
    SpeakerFactory(item=item, name="Ana Speaker", partner=hidden)
    for url in ("/en/forums/", "/en/forums/gec-2024/"):
        page = client.get(url).text
        assert "Shown NGO" in page
        assert "Hidden NGO" not in page and "hidden-ngo" not in page
    for url in ("/api/v1/forums/", "/api/v1/forums/gec-2024/"):
        response = client.get(url)
        assert response.status_code == 200
        assert "shown-ngo" in response.text
        assert "hidden-ngo" not in response.text
    speakers = [
        speaker
        for entry in client.get("/api/v1/forums/gec-2024/").json()["programme"]
        for speaker in entry["speakers"]
    ]
    assert speakers == [{"name": "Ana Speaker", "partner": None}]


def test_registration_does_not_reveal_another_ngos_representative(client, editor):
    event = EventFactory(slug="open-forum")
    other = PartnerFactory(slug="other-ngo")
    RegistrationFactory(event=event, partner=other, email="awa@example.org")
    sign_in(client, editor)
    response = client.post(
        "/en/forums/open-forum/register/", {"full_name": "Awa Diop", "email": "AWA@example.org"}
    )
    # The same person may represent two NGOs; nothing about the other one shows.
    assert response.status_code == 302
    page = client.get("/en/forums/open-forum/register/").text
    assert "other-ngo" not in page
    assert Registration.objects.filter(event=event, email="awa@example.org").count() == 2
    again = client.post(
        "/en/forums/open-forum/register/", {"full_name": "Awa Diop", "email": "awa@example.org"}
    )
    assert again.status_code == 400
    assert "This person is already registered for your organisation." in again.text


@pytest.mark.parametrize(
    "value", ["Awa\nDiop", "Awa\rBcc: x@example.org", "Awa\x1bDiop", "A\u2028B"]
)
def test_registration_refuses_line_breaks_and_control_characters(client, editor, value):
    EventFactory(slug="open-forum")
    sign_in(client, editor)
    response = client.post(
        "/fr/forums/open-forum/register/",
        {"full_name": value, "email": "a@example.org", "position": value},
    )
    assert response.status_code == 400
    assert "Une seule ligne" in response.text
    assert Registration.objects.count() == 0


def test_event_theme_refuses_line_breaks(db):
    from django.core.exceptions import ValidationError

    event = EventFactory(theme_en="Water\nBcc: someone@example.org")
    with pytest.raises(ValidationError) as error:
        event.full_clean()
    assert "theme_en" in error.value.message_dict
