import datetime

import pytest
from django.utils import timezone, translation

from dialogue.models import State
from newsletter.selectors import SECTION_LIMIT, issue_content
from partners.services import partner_set_status
from tests.dialogue.factories import CoSponsorFactory, DialogueRequestFactory
from tests.factories import ActionFactory, PartnerFactory
from tests.forums.factories import DocumentFactory, EventFactory, WorkingGroupFactory
from tests.newsletter.factories import IssueFactory

pytestmark = pytest.mark.django_db


def _sections(issue, language="en"):
    with translation.override(language):
        return {section.key: section for section in issue_content(issue=issue)}


def _admit_then_move(partner, *, admitted_on, moved_on, reference):
    """The partner's admission as consultative, then its move to associate status."""
    partner_set_status(
        partner=partner,
        status="consultative",
        decided_on=admitted_on,
        reference="DG/7/00/0001",
        admission=True,
    )
    partner_set_status(
        partner=partner, status="associate", decided_on=moved_on, reference=reference
    )


def test_month_content_gathers_every_app_and_leaves_empty_sections_out():
    partner = PartnerFactory(name_en="Newcomer NGO", since=datetime.date(2025, 1, 5))
    older = PartnerFactory(name_en="Veteran NGO", since=datetime.date(2010, 1, 1))
    # Its admission, recorded, so that the decision of January is a change.
    _admit_then_move(
        older,
        admitted_on=datetime.date(2010, 1, 1),
        moved_on=datetime.date(2025, 1, 12),
        reference="DG/7/25/0001",
    )
    action = ActionFactory(partner=partner, title_en="Reading caravan")
    type(action).objects.filter(pk=action.pk).update(
        created_at=timezone.make_aware(datetime.datetime(2025, 1, 15, 10))
    )
    ActionFactory(partner=partner, title_en="Old action")  # created today, not in January
    EventFactory(title_en="Forum in March", start_date=datetime.date(2025, 3, 10))
    EventFactory(title_en="Forum in June", start_date=datetime.date(2025, 6, 10))
    document = DocumentFactory(title_en="Guide on dialogue", published=True)
    type(document).objects.filter(pk=document.pk).update(
        published_at=timezone.make_aware(datetime.datetime(2025, 1, 20, 9))
    )
    sections = _sections(IssueFactory())
    (admission,) = sections["admissions"].entries
    assert admission.title.startswith("Newcomer NGO")
    changes = sections["status_changes"].entries
    assert len(changes) == 1 and changes[0].title.startswith("Veteran NGO")
    assert "DG/7/25/0001" in changes[0].meta and "Associate" in changes[0].meta
    assert [entry.title for entry in sections["actions"].entries] == ["Reading caravan"]
    assert [entry.title for entry in sections["events"].entries] == ["Forum in March"]
    assert sections["events"].entries[0].url.startswith("https://portal.example.org/en/forums/")
    assert [entry.title for entry in sections["documents"].entries] == ["Guide on dialogue"]
    assert "hearings" not in sections
    assert "ends" not in sections


def test_admissions_changes_and_ends_of_the_month_are_listed_apart():
    from partners.services import partner_set_standing

    newcomer = PartnerFactory(name_en="Newcomer NGO", since=datetime.date(2025, 1, 5))
    partner_set_status(
        partner=newcomer,
        status="consultative",
        decided_on=datetime.date(2025, 1, 5),
        reference="DG/7/25/0002",
        admission=True,
    )
    leaving = PartnerFactory(name_en="Leaving NGO", since=datetime.date(2005, 1, 1))
    partner_set_status(
        partner=leaving,
        status="consultative",
        decided_on=datetime.date(2005, 1, 1),
        reference="DG/7/05/0001",
        admission=True,
    )
    partner_set_standing(
        partner=leaving,
        standing="ended",
        decided_on=datetime.date(2025, 1, 20),
        reference="DG/7/25/0003",
        note="Inactive for eight years.",
    )
    sections = _sections(IssueFactory())
    (admission,) = sections["admissions"].entries
    assert admission.title.startswith("Newcomer NGO")
    assert "status_changes" not in sections
    (end,) = sections["ends"].entries
    assert end.title.startswith("Leaving NGO")
    assert "End of partnership" in end.meta and "DG/7/25/0003" in end.meta


def test_empty_month_has_no_sections():
    assert _sections(IssueFactory(month=datetime.date(2001, 1, 1))) == {}


def test_hidden_actions_and_unpublished_partners_are_left_out():
    hidden_partner = PartnerFactory(published=False, since=datetime.date(2025, 1, 3))
    action = ActionFactory(hidden_by_secretariat=True)
    other = ActionFactory(partner=hidden_partner)
    when = timezone.make_aware(datetime.datetime(2025, 1, 15, 10))
    type(action).objects.filter(pk__in=[action.pk, other.pk]).update(created_at=when)
    assert _sections(IssueFactory()) == {}


def _reported_in_january(count):
    partner = PartnerFactory(name_en="Busy NGO")
    actions = [ActionFactory(partner=partner, title_en=f"Action {n:03}") for n in range(count)]
    when = timezone.make_aware(datetime.datetime(2025, 1, 15, 10))
    type(actions[0]).objects.filter(pk__in=[a.pk for a in actions]).update(created_at=when)


def test_a_full_section_says_how_many_more_the_portal_holds(django_assert_max_num_queries):
    _reported_in_january(SECTION_LIMIT + 75)
    # One query a section (the hearings' four with their prefetches), and one
    # count for the full one: not one per action.
    with django_assert_max_num_queries(13):
        actions = _sections(IssueFactory())["actions"]
    assert len(actions.entries) == SECTION_LIMIT
    assert actions.entries[0].title == "Action 000"
    assert actions.more == 75


@pytest.mark.parametrize(("count", "more"), [(SECTION_LIMIT, 0), (SECTION_LIMIT - 1, 0)])
def test_a_section_up_to_the_limit_has_nothing_more(count, more):
    _reported_in_january(count)
    actions = _sections(IssueFactory())["actions"]
    assert (len(actions.entries), actions.more) == (count, more)


def test_a_list_from_another_app_is_cut_and_counted_too():
    for day in range(1, SECTION_LIMIT + 4):
        start = datetime.date(2025, 2, 1) + datetime.timedelta(days=day % 28)
        EventFactory(title_en=f"Session {day}", start_date=start, end_date=start)
    events = _sections(IssueFactory())["events"]
    assert (len(events.entries), events.more) == (SECTION_LIMIT, 3)


def test_dates_in_the_letter_read_as_on_the_site():
    partner = PartnerFactory(name_en="Newcomer NGO", since=datetime.date(2025, 1, 1))
    EventFactory(
        title_en="Forum", start_date=datetime.date(2025, 3, 1), end_date=datetime.date(2025, 3, 2)
    )
    sections = _sections(IssueFactory(), language="fr")
    assert sections["admissions"].entries[0].meta.endswith("1er janvier 2025")
    assert sections["events"].entries[0].meta.startswith("1er mars 2025 – 2 mars 2025")
    assert sections["admissions"].entries[0].title.startswith(partner.name_fr)


def _at(*args):
    return timezone.make_aware(datetime.datetime(*args))


def test_each_entry_gives_its_title_its_page_and_its_facts():
    EventFactory(
        title_en="Forum in Dakar",
        slug="forum-dakar",
        start_date=datetime.date(2025, 2, 10),
        end_date=datetime.date(2025, 2, 12),
        city="Dakar",
    )
    EventFactory(
        title_en="Online session",
        slug="online-session",
        start_date=datetime.date(2025, 3, 4),
        end_date=datetime.date(2025, 3, 4),
        city="",
    )
    group = WorkingGroupFactory(name_en="Youth working group", slug="youth")
    document = DocumentFactory(working_group=group, title_en="Guide on dialogue", published=True)
    type(document).objects.filter(pk=document.pk).update(published_at=_at(2025, 1, 20, 9))
    hearing = DialogueRequestFactory(
        theme_en="Girls in science",
        country="SN",
        state=State.SCHEDULED,
        scheduled_at=_at(2025, 1, 28, 15),
    )
    CoSponsorFactory(request=hearing)  # a delegate of Brazil, who joined
    sections = _sections(IssueFactory())

    dakar, online = sections["events"].entries
    assert (dakar.title, dakar.meta) == (
        "Forum in Dakar",
        "10 February 2025 – 12 February 2025 · Dakar",
    )
    assert dakar.url == "https://portal.example.org/en/forums/forum-dakar/"
    assert (online.title, online.meta) == ("Online session", "4 March 2025")
    (guide,) = sections["documents"].entries
    assert (guide.title, guide.meta) == (
        "Guide on dialogue",
        "Youth working group · 20 January 2025",
    )
    assert (
        guide.url == f"https://portal.example.org/en/working-groups/youth/documents/{document.pk}/"
    )
    (entry,) = sections["hearings"].entries
    assert entry.title == "Girls in science"
    assert entry.meta == "Scheduled · 28 January 2025, 15:00 · Senegal, Brazil"
    assert entry.url == f"https://portal.example.org/en/dialogue/{hearing.pk}/"


def test_a_hearing_is_described_in_the_readers_language():
    hearing = DialogueRequestFactory(
        theme_en="Girls in science",
        theme_fr="Les filles et la science",
        state=State.HELD,
        scheduled_at=_at(2025, 1, 1, 10),
    )
    (entry,) = _sections(IssueFactory(), language="fr")["hearings"].entries
    assert entry.title == "Les filles et la science"
    assert entry.meta.startswith("Tenue · 1er janvier 2025")
    assert entry.meta.endswith(" · Sénégal")
    assert entry.url == f"https://portal.example.org/fr/dialogue/{hearing.pk}/"


def test_admissions_decisions_and_actions_give_their_whole_entry():
    partner = PartnerFactory(
        name_en="Newcomer NGO",
        acronym="NN",
        slug="newcomer-ngo",
        country="FR",
        since=datetime.date(2025, 1, 5),
        mission_en="Literacy for rural women.",
    )
    _admit_then_move(
        partner,
        admitted_on=datetime.date(2025, 1, 5),
        moved_on=datetime.date(2025, 1, 30),
        reference="DG/7/25/0009",
    )
    caravan = ActionFactory(
        partner=partner,
        title_en="Reading caravan",
        text_en="Books on the road.",
        link="https://newcomer.example.org/caravan",
        start_date=datetime.date(2025, 1, 10),
        end_date=datetime.date(2025, 1, 12),
        countries=["SN", "ML"],
    )
    one_day = ActionFactory(
        partner=partner,
        title_en="Open day",
        start_date=datetime.date(2025, 1, 18),
        end_date=datetime.date(2025, 1, 18),
        countries=[],
        link="",
    )
    undated = ActionFactory(
        partner=partner, title_en="Ongoing help", start_date=None, end_date=None, countries=["SN"]
    )
    until = ActionFactory(
        partner=partner,
        title_en="Until the summer",
        start_date=None,
        end_date=datetime.date(2025, 6, 30),
        countries=[],
    )
    type(caravan).objects.filter(pk__in=[caravan.pk, one_day.pk, undated.pk, until.pk]).update(
        created_at=_at(2025, 1, 15, 10)
    )
    sections = _sections(IssueFactory())

    (admission,) = sections["admissions"].entries
    assert admission.title == "Newcomer NGO (NN)"
    assert admission.url == "https://portal.example.org/en/partners/newcomer-ngo/"
    assert admission.meta == "Associate status · France · 5 January 2025"
    assert admission.text == "Literacy for rural women."
    (decision,) = sections["status_changes"].entries
    assert (decision.title, decision.url) == ("Newcomer NGO (NN)", admission.url)
    assert decision.meta == "Change of status · Associate status · 30 January 2025 · DG/7/25/0009"
    by_title = {entry.title: entry for entry in sections["actions"].entries}
    caravan_entry = by_title["Reading caravan"]
    assert (
        caravan_entry.meta
        == "Newcomer NGO (NN) · 10 January 2025 – 12 January 2025 · Mali, Senegal"
    )
    assert caravan_entry.url == "https://newcomer.example.org/caravan"
    assert caravan_entry.text == "Books on the road."
    assert by_title["Open day"].meta == "Newcomer NGO (NN) · 18 January 2025"
    assert by_title["Open day"].url == ""
    assert by_title["Ongoing help"].meta == "Newcomer NGO (NN) · Senegal"
    assert by_title["Until the summer"].meta == "Newcomer NGO (NN) · 30 June 2025"


# The three months after the letter's, to the day: each list has the day
# before the first, the first, the last and the day after the last.
@pytest.mark.parametrize(
    ("month", "events", "announced"),
    [
        (
            datetime.date(2025, 12, 1),  # across the new year
            [
                ("Late December", datetime.date(2025, 12, 31)),
                ("New Year forum", datetime.date(2026, 1, 1)),
                ("March session", datetime.date(2026, 3, 31)),
                ("April session", datetime.date(2026, 4, 1)),
            ],
            ["New Year forum", "March session"],
        ),
        (
            datetime.date(2025, 9, 1),  # up to the end of December
            [
                ("September forum", datetime.date(2025, 9, 30)),
                ("October session", datetime.date(2025, 10, 1)),
                ("December session", datetime.date(2025, 12, 31)),
                ("January session", datetime.date(2026, 1, 1)),
            ],
            ["October session", "December session"],
        ),
    ],
    ids=["december-letter", "september-letter"],
)
def test_a_letter_announces_the_events_of_the_next_three_months(month, events, announced):
    for title, start in events:
        EventFactory(title_en=title, start_date=start, end_date=start)
    found = _sections(IssueFactory(month=month))["events"]
    assert [entry.title for entry in found.entries] == announced


def _partner_with_decision(name, *, decided_on, published=True):
    partner = PartnerFactory(name_en=name, since=datetime.date(2020, 1, 1), published=published)
    _admit_then_move(
        partner,
        admitted_on=datetime.date(2020, 1, 1),
        moved_on=decided_on,
        reference="DG/7/25/0100",
    )
    return partner


def test_each_section_keeps_to_its_month_in_order_in_one_query(django_assert_max_num_queries):
    # Created in the opposite order to the one the letter shows.
    PartnerFactory(name_en="Zeta NGO", acronym="", since=datetime.date(2025, 1, 20))
    PartnerFactory(name_en="Alpha NGO", acronym="", since=datetime.date(2025, 1, 25))
    _partner_with_decision("Late decision NGO", decided_on=datetime.date(2025, 1, 28))
    _partner_with_decision("Early decision NGO", decided_on=datetime.date(2025, 1, 3))
    _partner_with_decision("December decision NGO", decided_on=datetime.date(2024, 12, 31))
    _partner_with_decision("February decision NGO", decided_on=datetime.date(2025, 2, 1))
    _partner_with_decision("Hidden NGO", decided_on=datetime.date(2025, 1, 15), published=False)
    later = ActionFactory(title_en="Reported on the 20th")
    earlier = ActionFactory(title_en="Reported on the 10th")
    type(later).objects.filter(pk=later.pk).update(created_at=_at(2025, 1, 20, 9))
    type(earlier).objects.filter(pk=earlier.pk).update(created_at=_at(2025, 1, 10, 9))
    issue = IssueFactory()
    # One query a section, whatever the number of entries (no hearings: no prefetches).
    with django_assert_max_num_queries(7):
        sections = _sections(issue)
    assert [entry.title for entry in sections["admissions"].entries] == ["Alpha NGO", "Zeta NGO"]
    assert [entry.title.split(" (")[0] for entry in sections["status_changes"].entries] == [
        "Early decision NGO",
        "Late decision NGO",
    ]
    assert [entry.title for entry in sections["actions"].entries] == [
        "Reported on the 10th",
        "Reported on the 20th",
    ]


def test_a_full_section_is_counted_by_the_database_not_loaded():
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    _reported_in_january(SECTION_LIMIT + 1)
    with CaptureQueriesContext(connection) as queries:
        actions = _sections(IssueFactory())["actions"]
    assert actions.more == 1
    counts = [query["sql"] for query in queries if "COUNT(" in query["sql"].upper()]
    assert len(counts) == 1 and '"partners_action"' in counts[0]
