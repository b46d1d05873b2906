"""forums.selectors: the Liaison Committee's term, the working groups and their
documents, the events and their programme, the representatives registered and
their figures, and what a partner's profile links to, each in the order a page
shows it."""

import datetime

import pytest
from django.utils import timezone

from forums import selectors
from forums.models import Document, Event, EventDocument, Meeting, Registration, Topic
from tests.factories import PartnerFactory, UserFactory
from tests.forums.factories import (
    CallForProposalsFactory,
    CommitteeTermFactory,
    DocumentFactory,
    EventFactory,
    ProgrammeItemFactory,
    RecommendationFactory,
    RegistrationFactory,
    RegistrationTypeFactory,
    SpeakerFactory,
    WorkingGroupFactory,
)

pytestmark = pytest.mark.django_db
DAY = datetime.timedelta(days=1)
TODAY = datetime.date(2026, 6, 15)


def _named(name, **fields):
    return PartnerFactory(name_en=name, **fields)


def _names(partners) -> list[str]:
    return [partner.name for partner in partners]


def _titles(items) -> list[str]:
    return [item.title for item in items]


def _event(title, **fields):
    return EventFactory(title_en=title, title=title, **fields)


def _event_document(event, title, *, published=True, language="en"):
    return EventDocument.objects.create(
        event=event,
        title=title,
        language=language,
        published=published,
        file=f"tests/{event.pk}-{title}-{language}.pdf",
        original_name=f"{title}.pdf",
        content_type="application/pdf",
        size=10,
        sha256="0" * 64,
    )


# --- The Liaison Committee ------------------------------------------------------------------


def test_the_current_term_covers_today_bounds_included_with_its_published_members(
    django_assert_num_queries,
):
    CommitteeTermFactory(
        start_date=datetime.date(2018, 12, 1), end_date=datetime.date(2022, 11, 30)
    )
    current = CommitteeTermFactory(start_date=TODAY, end_date=TODAY + 700 * DAY)
    current.members.add(_named("Zeta"), _named("Alpha"), _named("Hidden", published=False))
    CommitteeTermFactory(start_date=TODAY + 701 * DAY, end_date=TODAY + 1400 * DAY)

    current.chair = _named("Chairing NGO")
    current.save()

    assert selectors.committee_current(today=TODAY + 700 * DAY) == current
    with django_assert_num_queries(2):
        found = selectors.committee_current(today=TODAY)
        assert found == current
        assert found.chair.name == "Chairing NGO"
        assert _names(found.members.all()) == ["Alpha", "Zeta"]


def test_between_terms_the_latest_term_stands():
    CommitteeTermFactory(
        start_date=datetime.date(2018, 12, 1), end_date=datetime.date(2022, 11, 30)
    )
    latest = CommitteeTermFactory(
        start_date=datetime.date(2022, 12, 1), end_date=datetime.date(2024, 11, 30)
    )
    assert selectors.committee_current(today=TODAY) == latest
    assert selectors.committee_current() == latest


def test_before_a_new_term_starts_the_coming_term_stands():
    CommitteeTermFactory(
        start_date=datetime.date(2018, 12, 1), end_date=datetime.date(2022, 11, 30)
    )
    coming = CommitteeTermFactory(start_date=TODAY + 30 * DAY, end_date=TODAY + 700 * DAY)
    assert selectors.committee_current(today=TODAY) == coming


def test_no_term_no_committee():
    assert selectors.committee_current(today=TODAY) is None


# --- Working groups and their documents ------------------------------------------------------


def test_a_groups_count_holds_published_members_and_published_documents_once_each():
    group = WorkingGroupFactory(slug="youth")
    group.member_partners.add(
        _named("Shown"), _named("Also shown"), _named("Hidden", published=False)
    )
    DocumentFactory(working_group=group, published=True, published__languages=["fr", "en", "es"])
    DocumentFactory(working_group=group, published=True)
    DocumentFactory(working_group=group)
    WorkingGroupFactory(slug="empty")

    counts = {g.slug: (g.member_count, g.published_count) for g in selectors.working_group_list()}

    assert counts == {"youth": (2, 2), "empty": (0, 0)}


def test_a_group_page_reads_published_members_topics_in_place_and_latest_meetings_first(
    django_assert_num_queries,
):
    group = WorkingGroupFactory(slug="youth")
    group.member_partners.add(_named("Zeta"), _named("Alpha"), _named("Hidden", published=False))
    Topic.objects.create(working_group=group, title="Second", position=2)
    Topic.objects.create(working_group=group, title="First", position=1)
    Meeting.objects.create(working_group=group, date=TODAY - 90 * DAY, online=True)
    Meeting.objects.create(working_group=group, date=TODAY, online=True)

    group.coordinating_partner = _named("Coordinator")
    group.save()
    group.guests.create(organisation="UIL")

    with django_assert_num_queries(5):
        found = selectors.working_group_get(slug="youth")
    with django_assert_num_queries(0):
        assert found.coordinating_partner.name == "Coordinator"
        assert _names(found.member_partners.all()) == ["Alpha", "Zeta"]
        assert _titles(found.topics.all()) == ["First", "Second"]
        assert [m.date for m in found.meetings.all()] == [TODAY, TODAY - 90 * DAY]
        assert [g.organisation for g in found.guests.all()] == ["UIL"]
    assert selectors.working_group_get(slug="nothing") is None


def test_members_see_every_document_the_public_only_published_ones_latest_first(
    django_assert_num_queries,
):
    group = WorkingGroupFactory()
    DocumentFactory(working_group=group, title_en="Draft", document_date=TODAY)
    DocumentFactory(
        working_group=group, title_en="Old guide", document_date=TODAY - 365 * DAY, published=True
    )
    DocumentFactory(working_group=group, title_en="New guide", document_date=TODAY, published=True)
    DocumentFactory(title_en="Another group's", published=True)

    assert _titles(selectors.document_list_for_group(group=group, internal=True)) == [
        "New guide",
        "Draft",
        "Old guide",
    ]
    with django_assert_num_queries(2):
        public = list(selectors.document_list_for_group(group=group, internal=False))
        assert _titles(public) == ["New guide", "Old guide"]
        assert [f.language for f in public[0].published_version.files.all()] == ["en", "fr"]


def test_the_public_list_of_a_group_is_latest_published_first_or_none_for_no_group():
    group = WorkingGroupFactory(slug="youth")
    second = DocumentFactory(working_group=group, title_en="Second", published=True)
    DocumentFactory(working_group=group, title_en="Draft")
    first = DocumentFactory(working_group=group, title_en="First", published=True)
    Document.objects.filter(pk=first.pk).update(published_at=timezone.now() - DAY)
    Document.objects.filter(pk=second.pk).update(published_at=timezone.now())

    documents = list(selectors.document_list_published(group_slug="youth"))

    assert _titles(documents) == ["Second", "First"]
    assert [f.language for f in documents[0].published_version.files.all()] == ["en", "fr"]
    assert selectors.document_list_published(group_slug="nothing") is None


def test_a_document_is_found_in_its_own_group_only_with_versions_latest_first(
    django_assert_num_queries,
):
    group = WorkingGroupFactory()
    meeting = Meeting.objects.create(working_group=group, date=TODAY, online=True)
    author = UserFactory(email="member@example.org")
    document = DocumentFactory(working_group=group, published=True, meeting=meeting)
    document.versions.create(number=2, created_by=author)
    document.comments.create(author=author, version=document.published_version, text="Agreed.")

    with django_assert_num_queries(4):
        found = selectors.document_get(group=group, pk=document.pk)
    with django_assert_num_queries(0):
        assert (found.working_group, found.meeting, found.published_version.number) == (
            group,
            meeting,
            1,
        )
        assert [(v.number, v.created_by) for v in found.versions.all()] == [(2, author), (1, None)]
        assert [f.language for f in found.versions.all()[1].files.all()] == ["en", "fr"]
        assert [c.author.email for c in found.comments.all()] == ["member@example.org"]
    assert selectors.document_get(group=WorkingGroupFactory(), pk=document.pk) is None


def test_a_file_is_found_by_its_public_id(django_assert_num_queries):
    document = DocumentFactory(published=True)
    file = document.published_version.files.get(language="fr")
    with django_assert_num_queries(1):
        found = selectors.document_file_get(public_id=file.public_id)
        assert found == file
        assert found.version.document.working_group == document.working_group
    assert selectors.document_file_get(public_id="0" * 32) is None


def test_documents_published_in_the_period_bounds_included_oldest_first(
    django_assert_num_queries,
):
    def published_on(title, day, **fields):
        document = DocumentFactory(title_en=title, published=True, **fields)
        at = timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))
        Document.objects.filter(pk=document.pk).update(published_at=at)

    start, end = TODAY, TODAY + 30 * DAY
    group = WorkingGroupFactory(name_en="Youth", name="Youth")
    published_on("Last day", end, working_group=group)
    published_on("First day", start, working_group=group)
    published_on("Day before", start - DAY)
    published_on("Day after", end + DAY)
    DocumentFactory(title_en="Draft")

    with django_assert_num_queries(1):
        found = selectors.document_list_published_between(start=start, end=end)
        assert [(d.title, d.working_group.name) for d in found] == [
            ("First day", "Youth"),
            ("Last day", "Youth"),
        ]


def test_documents_awaiting_review_are_those_in_review(django_assert_num_queries):
    waiting = DocumentFactory(title_en="To review", state=Document.State.REVIEW)
    DocumentFactory(title_en="Draft")
    with django_assert_num_queries(1):
        found = [(d, d.working_group.name) for d in selectors.documents_awaiting_review()]
    assert found == [(waiting, waiting.working_group.name)]


# --- Events ------------------------------------------------------------------------------------


def test_events_upcoming_soonest_first_past_latest_first_and_all_latest_first():
    today = timezone.localdate()
    _event("Ends today", start_date=today - DAY, end_date=today)
    _event("Next year", start_date=today + 365 * DAY, end_date=today + 366 * DAY)
    _event("Ended yesterday", start_date=today - 2 * DAY, end_date=today - DAY)
    _event("Long ago", start_date=today - 900 * DAY, end_date=today - 899 * DAY)
    _event("Unpublished", published=False)

    assert _titles(selectors.event_list(when="upcoming")) == ["Ends today", "Next year"]
    assert _titles(selectors.event_list(when="past")) == ["Ended yesterday", "Long ago"]
    assert _titles(selectors.event_list()) == [
        "Next year",
        "Ends today",
        "Ended yesterday",
        "Long ago",
    ]


def test_events_filter_by_kind_and_name_published_organisers_only():
    ciong = _event("Conference", kind=Event.Kind.CIONG)
    ciong.organisers.add(_named("Zeta"), _named("Alpha"), _named("Hidden", published=False))
    _event("Forum", kind=Event.Kind.FORUM)

    (found,) = selectors.event_list(kind=Event.Kind.CIONG)
    assert found == ciong
    assert _names(found.organisers.all()) == ["Alpha", "Zeta"]


def test_the_home_page_shows_the_next_events_starting_today_or_later():
    today = timezone.localdate()
    _event("Started yesterday", start_date=today - DAY, end_date=today + DAY)
    for number in range(5, 0, -1):
        _event(f"In {number} days", start_date=today + number * DAY)
    _event("Today", start_date=today)
    _event("Unpublished", start_date=today, published=False)

    assert _titles(selectors.event_list_upcoming()) == [
        "Today",
        "In 1 days",
        "In 2 days",
        "In 3 days",
    ]
    assert _titles(selectors.event_list_upcoming(limit=1)) == ["Today"]


def test_events_starting_in_the_period_bounds_included():
    start, end = TODAY, TODAY + 30 * DAY
    _event("Last day", start_date=end, end_date=end + DAY)
    _event("First day", start_date=start, end_date=start + DAY)
    _event("Running since before", start_date=start - DAY, end_date=start + DAY)
    _event("Day after", start_date=end + DAY, end_date=end + 2 * DAY)
    _event("Unpublished", start_date=start, end_date=start, published=False)

    found = selectors.event_list_between(start=start, end=end)
    assert _titles(found) == ["First day", "Last day"]


def test_an_event_page_reads_its_programme_in_order_and_its_published_parts(
    django_assert_num_queries,
):
    event = _event("Forum", slug="forum-2026")
    event.organisers.add(_named("Organiser"), _named("Hidden", published=False))
    day_two = event.start_date + DAY
    ProgrammeItemFactory(event=event, day=day_two, title_en="Day two")
    later = ProgrammeItemFactory(
        event=event,
        start_time=datetime.time(11),
        end_time=datetime.time(12),
        room="Room I",
        title_en="Late morning",
    )
    ProgrammeItemFactory(event=event, room="Room XI", title_en="Early, room XI")
    ProgrammeItemFactory(event=event, room="Room I", title_en="Early, room I")
    SpeakerFactory(item=later, name="Awa Ndiaye", partner=_named("Speakers' NGO"))
    recommendation = RecommendationFactory(event=event)
    recommendation.updates.create(date=TODAY, status="implemented", note="Second")
    recommendation.updates.create(date=TODAY - DAY, status="in-progress", note="First")
    _event_document(event, "Report")
    _event_document(event, "Draft report", published=False)
    call = CallForProposalsFactory(event=event)

    with django_assert_num_queries(8):
        found = selectors.event_get(slug="forum-2026")
    with django_assert_num_queries(0):
        assert found.call == call
        speakers = found.programme.all()[2].speakers.all()
        assert [(s.name, s.partner.name) for s in speakers] == [("Awa Ndiaye", "Speakers' NGO")]
        assert [u.note for u in found.recommendations.all()[0].updates.all()] == [
            "First",
            "Second",
        ]

    assert _names(found.organisers.all()) == ["Organiser"]
    assert _titles(found.programme.all()) == [
        "Early, room I",
        "Early, room XI",
        "Late morning",
        "Day two",
    ]
    assert [(s.name, s.partner.name) for s in found.programme.all()[2].speakers.all()] == [
        ("Awa Ndiaye", "Speakers' NGO")
    ]
    (shown,) = found.recommendations.all()
    assert [u.note for u in shown.updates.all()] == ["First", "Second"]
    assert _titles(found.documents.all()) == ["Report"]
    assert found.has_registration_types is False
    RegistrationTypeFactory(event=event)
    assert selectors.event_get(slug="forum-2026").has_registration_types is True
    assert selectors.event_get(slug="nothing") is None


def test_the_secretariat_sees_every_outcome_document_by_title_then_language():
    event = _event("Forum")
    _event_document(event, "Report", language="fr")
    _event_document(event, "Draft", published=False, language="fr")
    _event_document(event, "Report", language="en")
    _event_document(_event("Other"), "Elsewhere")

    found = selectors.event_document_list(event=event)
    assert [(d.title, d.language) for d in found] == [
        ("Draft", "fr"),
        ("Report", "en"),
        ("Report", "fr"),
    ]


def test_the_programme_groups_by_day_then_by_room_in_order_of_first_use():
    event = _event("Forum", slug="forum-2026")
    first_day = event.start_date
    ProgrammeItemFactory(event=event, room="Room XI", title_en="A")
    ProgrammeItemFactory(
        event=event,
        room="Room I",
        start_time=datetime.time(11),
        end_time=datetime.time(12),
        title_en="B",
    )
    ProgrammeItemFactory(
        event=event,
        room="Room XI",
        start_time=datetime.time(14),
        end_time=datetime.time(15),
        title_en="C",
    )
    ProgrammeItemFactory(event=event, day=first_day + DAY, room="Room II", title_en="D")

    grouped = selectors.programme_by_day_and_room(selectors.event_get(slug="forum-2026"))

    assert [(day, [(room, _titles(items)) for room, items in rooms]) for day, rooms in grouped] == [
        (first_day, [("Room XI", ["A", "C"]), ("Room I", ["B"])]),
        (first_day + DAY, [("Room II", ["D"])]),
    ]


# --- Representatives registered ----------------------------------------------------------------


@pytest.fixture
def registrations():
    """Two representatives of a Senegalese NGO, one each of a French, a Kenyan
    (no sector) and a Wallisian one (a country stored before the list of UN
    States: no region), a cancelled one and a participant without an NGO."""
    event = _event("Conference")
    senegal = _named("Sénégal Éducation", country="SN", sectors=["education", "culture"])
    france = _named("Alliance française", country="FR", sectors=["education"])
    RegistrationFactory(
        event=event, partner=_named("Kenya Youth", country="KE"), full_name="Wanjiru"
    )
    RegistrationFactory(event=event, partner=_named("Uvea", country="WF"), full_name="Petelo")
    RegistrationFactory(event=event, partner=senegal, full_name="Moussa")
    RegistrationFactory(event=event, partner=senegal, full_name="Awa")
    RegistrationFactory(event=event, partner=france, full_name="Jean")
    RegistrationFactory(
        event=event, partner=france, full_name="Cancelled", status=Registration.Status.CANCELLED
    )
    RegistrationFactory(event=event, partner=None, full_name="No NGO")
    RegistrationFactory(event=_event("Other"), partner=france, full_name="Elsewhere")
    return event, senegal, france


def test_the_list_holds_the_ngos_live_representatives_by_ngo_then_name(
    registrations, django_assert_num_queries
):
    event, senegal, _france = registrations
    with django_assert_num_queries(1):
        listed = [(r.partner.name, r.full_name) for r in selectors.registration_list(event=event)]
    assert listed == [
        ("Alliance française", "Jean"),
        ("Kenya Youth", "Wanjiru"),
        ("Sénégal Éducation", "Awa"),
        ("Sénégal Éducation", "Moussa"),
        ("Uvea", "Petelo"),
    ]
    own = selectors.registration_list(event=event, partner_id=senegal.pk)
    assert [r.full_name for r in own] == ["Awa", "Moussa"]


def test_the_figures_count_the_representatives_the_list_shows(registrations):
    event, _senegal, _france = registrations
    counts = selectors.registration_counts(event=event)
    # Largest first, then by name; a partner counts in each of its sectors.
    assert counts == {
        "total": 5,
        "by_country": [("Senegal", 2), ("France", 1), ("Kenya", 1), ("Wallis and Futuna", 1)],
        "by_region": [("Africa", 3), ("Europe and North America", 1), ("—", 1)],
        "by_sector": [("Education", 3), ("Culture", 2), ("—", 2)],
    }
    assert counts["total"] == len(selectors.registration_list(event=event))


def test_figures_of_an_event_without_registrations_are_empty():
    assert selectors.registration_counts(event=_event("Empty")) == {
        "total": 0,
        "by_country": [],
        "by_region": [],
        "by_sector": [],
    }


# --- What a partner's profile links to -----------------------------------------------------------


def test_a_partners_groups_are_those_it_belongs_to_or_coordinates_by_name():
    partner = _named("NGO")
    WorkingGroupFactory(name_en="Youth", name="Youth").member_partners.add(partner)
    both = WorkingGroupFactory(name_en="Culture", name="Culture", coordinating_partner=partner)
    both.member_partners.add(partner)
    WorkingGroupFactory(name_en="Not ours", name="Not ours")

    assert [g.name for g in selectors.partner_groups(partner=partner)] == ["Culture", "Youth"]


def test_a_partners_events_are_those_it_organised_spoke_at_or_attended_latest_first():
    partner = _named("NGO")
    today = timezone.localdate()
    organised = _event("Organised", start_date=today - 10 * DAY)
    organised.organisers.add(partner)
    spoke = _event("Spoke", start_date=today - 20 * DAY)
    SpeakerFactory(item=ProgrammeItemFactory(event=spoke), partner=partner)
    SpeakerFactory(item=ProgrammeItemFactory(event=spoke), partner=partner)
    attended = _event("Attended", start_date=today - 30 * DAY, state=Event.State.HELD)
    RegistrationFactory(event=attended, partner=partner)
    RegistrationFactory(event=attended, partner=partner)
    cancelled = _event("Cancelled", start_date=today - 40 * DAY, state=Event.State.HELD)
    RegistrationFactory(event=cancelled, partner=partner, status=Registration.Status.CANCELLED)
    waited = _event("Waited", start_date=today - 50 * DAY, state=Event.State.HELD)
    RegistrationFactory(event=waited, partner=partner, status=Registration.Status.WAITING)
    RegistrationFactory(event=_event("Not held yet"), partner=partner)
    others = _event("Attended by others", start_date=today - 60 * DAY, state=Event.State.HELD)
    RegistrationFactory(event=others, partner=_named("Another NGO"))
    RegistrationFactory(event=others, partner=partner, status=Registration.Status.CANCELLED)
    hidden = _event("Unpublished", published=False)
    hidden.organisers.add(partner)

    found = selectors.partner_events(partner=partner)
    assert _titles(found) == ["Organised", "Spoke", "Attended"]


def test_a_partners_committee_terms_come_latest_first():
    partner = _named("NGO")
    older = CommitteeTermFactory(
        start_date=datetime.date(2018, 12, 1), end_date=datetime.date(2022, 11, 30)
    )
    newer = CommitteeTermFactory()
    CommitteeTermFactory(
        start_date=datetime.date(2014, 12, 1), end_date=datetime.date(2018, 11, 30)
    )
    older.members.add(partner)
    newer.members.add(partner)

    assert selectors.partner_committee_terms(partner=partner) == [newer, older]
