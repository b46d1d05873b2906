"""partners.selectors: the home page's figures, the reviews coming due, the
Secretariat's queues and lists, a profile's public parts, the directory's
hostile parameters, and good standing, each in the order a page shows it."""

import datetime

import pytest
from django.http import QueryDict
from django.utils import timezone

from partners import selectors
from partners.lifecycle.models import PeriodicReport
from partners.models import PartnerInvitation, PartnerRevision, StatusChange
from tests.factories import (
    ActionFactory,
    ContactFactory,
    DelegateFactory,
    PartnerFactory,
    UserFactory,
)
from tests.partners.factories import PartnerInvitationFactory, PartnerRevisionFactory
from tests.partners.lifecycle.factories import report_due

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 6, 15)
DAY = datetime.timedelta(days=1)


# --- The home page's key figures -----------------------------------------------------------


def test_key_figures_count_current_published_partners_and_their_delegates_countries():
    consultative = PartnerFactory(country="FR", status="consultative")
    DelegateFactory(partner=consultative, country="SN")
    DelegateFactory(partner=consultative, country="SN")
    DelegateFactory(partner=consultative, country="BR", is_active=False)
    associate = PartnerFactory(country="SN", status="associate")
    DelegateFactory(partner=associate, country="KE")
    PartnerFactory(country="FR", status="consultative", standing="suspended")
    former = PartnerFactory(country="JP", status="consultative", standing="ended")
    DelegateFactory(partner=former, country="IN")
    hidden = PartnerFactory(country="MX", status="consultative", published=False)
    DelegateFactory(partner=hidden, country="PE")
    PartnerFactory(country="DE", kind="foundation", status="official")

    assert selectors.partner_key_figures() == {
        "total": 4,
        "consultative": 2,
        "associate": 1,
        "countries": 3,
        "delegate_countries": 2,
    }


# --- Reviews coming due ----------------------------------------------------------------------


def test_reviews_due_within_the_window_bounds_included_soonest_first():
    last_day = PartnerFactory(name_en="Last day", next_review_date=TODAY + 183 * DAY)
    PartnerFactory(name_en="Day after", next_review_date=TODAY + 184 * DAY)
    overdue = PartnerFactory(name_en="Overdue", next_review_date=TODAY - DAY)
    PartnerFactory(name_en="No review", next_review_date=None)

    assert list(selectors.partner_reviews_due(today=TODAY)) == [overdue, last_day]
    assert list(selectors.partner_reviews_due(within_days=0, today=TODAY)) == [overdue]


def test_reviews_due_are_counted_from_today_by_default():
    soon = PartnerFactory(next_review_date=timezone.localdate() + 183 * DAY)
    PartnerFactory(next_review_date=timezone.localdate() + 184 * DAY)
    assert list(selectors.partner_reviews_due()) == [soon]


# --- A profile's public parts ------------------------------------------------------------------


def test_a_public_profile_shows_only_public_contacts_active_delegates_and_visible_actions(
    django_assert_num_queries,
):
    partner = PartnerFactory(slug="wcll", sectors=["culture", "education"])
    ContactFactory(partner=partner, name="Public", is_public=True)
    ContactFactory(partner=partner, name="Private", is_public=False)
    DelegateFactory(partner=partner, name="Active")
    DelegateFactory(partner=partner, name="Former", is_active=False)
    older = ActionFactory(partner=partner, title_en="Older")
    ActionFactory(partner=partner, title_en="Draft", published=False)
    ActionFactory(partner=partner, title_en="Hidden", hidden_by_secretariat=True)
    newer = ActionFactory(partner=partner, title_en="Newer")
    for number, (decided_on, kind) in enumerate(
        [(datetime.date(2024, 1, 1), "renewal"), (datetime.date(2017, 3, 15), "admission")]
    ):
        StatusChange.objects.create(
            partner=partner,
            kind=kind,
            status="consultative",
            decided_on=decided_on,
            reference=f"DG/{number}",
        )

    with django_assert_num_queries(7):
        found = selectors.partner_get_public(slug="wcll")
        assert [s.code for s in found.sectors.all()] == ["education", "culture"]
        assert [c.name for c in found.contacts.all()] == ["Public"]
        assert [d.name for d in found.delegates.all()] == ["Active"]
        assert found.public_actions == [newer, older]
        assert [change.kind for change in found.timeline] == ["admission", "renewal"]
    assert "search_text" in found.get_deferred_fields()


def test_an_unpublished_or_unknown_partner_has_no_public_profile():
    PartnerFactory(slug="hidden", published=False)
    assert selectors.partner_get_public(slug="hidden") is None
    assert selectors.partner_get_public(slug="nobody") is None


def test_public_actions_leave_out_those_of_unpublished_partners():
    shown = ActionFactory(title_en="Shown")
    ActionFactory(title_en="Of a hidden partner", partner=PartnerFactory(published=False))
    assert list(selectors.action_list_public()) == [shown]


def test_the_latest_actions_come_by_their_own_dates_undated_last(django_assert_num_queries):
    # Typed in out of date order (an import enters a decade at once).
    recent = ActionFactory(title_en="2025", start_date=datetime.date(2025, 1, 1))
    old = ActionFactory(title_en="2019", start_date=datetime.date(2019, 1, 1))
    undated = ActionFactory(title_en="Undated", start_date=None)
    same_day = ActionFactory(title_en="2025, typed later", start_date=datetime.date(2025, 1, 1))

    expected = [same_day, recent, old, undated]
    with django_assert_num_queries(1):
        latest = [(action, action.partner.name) for action in selectors.action_list_latest()]
    assert latest == [(action, action.partner.name) for action in expected]
    assert selectors.action_list_latest(limit=2) == [same_day, recent]


def test_the_home_page_shows_six_actions_at_most():
    for year in range(2010, 2018):
        ActionFactory(start_date=datetime.date(year, 1, 1))
    assert [a.start_date.year for a in selectors.action_list_latest()] == list(
        range(2017, 2011, -1)
    )


def test_delegates_are_grouped_by_region_in_the_regions_order_then_by_country_name():
    partner = PartnerFactory()
    for country, name in [("SN", "Awa"), ("FR", "Jean"), ("BR", "Ana"), ("KE", "Wanjiru")]:
        DelegateFactory(partner=partner, country=country, name=name)
    DelegateFactory(partner=partner, country="SN", name="Moussa")

    grouped = selectors.delegates_by_region(partner)

    assert [
        (region, [(country, [d.name for d in delegates]) for country, delegates in countries])
        for region, countries in grouped
    ] == [
        ("Africa", [("Kenya", ["Wanjiru"]), ("Senegal", ["Awa", "Moussa"])]),
        ("Europe and North America", [("France", ["Jean"])]),
        ("Latin America and the Caribbean", [("Brazil", ["Ana"])]),
    ]


def test_a_delegate_in_a_country_no_longer_listed_comes_last_without_a_region():
    partner = PartnerFactory()
    DelegateFactory(partner=partner, country="WF", name="Stored before the UN list")
    DelegateFactory(partner=partner, country="SN", name="Awa")

    grouped = selectors.delegates_by_region(partner)

    assert [(region, [country for country, _ in countries]) for region, countries in grouped] == [
        ("Africa", ["Senegal"]),
        ("", ["Wallis and Futuna"]),
    ]


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("name", ["Alpha", "Beta", "Gamma"]),
        ("since", ["Gamma", "Alpha", "Beta"]),
        ("-since", ["Beta", "Alpha", "Gamma"]),
        ("country", ["Beta", "Gamma", "Alpha"]),
    ],
)
def test_the_directory_sorts_as_asked(sort, expected):
    PartnerFactory(name_en="Alpha", since=datetime.date(2010, 1, 1), country="SN")
    PartnerFactory(name_en="Beta", since=datetime.date(2020, 1, 1), country="BR")
    PartnerFactory(name_en="Gamma", since=datetime.date(2001, 1, 1), country="FR")
    _filters, listed = selectors.partner_directory(params=QueryDict(f"sort={sort}"), language="en")
    assert [partner.name_en for partner in listed] == expected


@pytest.mark.parametrize("query", ["sort=name", ""])
def test_names_sort_as_the_readers_language_sorts_them(query):
    # In Spanish, ñ is a letter of its own, after n; the root collation puts it
    # with n. Without a sort nor a search, the directory is by name too.
    for name in ("Ñandú Solidario", "Nube Verde", "Oasis"):
        PartnerFactory(name_en=name, name_es=name)
    _filters, listed = selectors.partner_directory(params=QueryDict(query), language="es")
    assert [partner.name_es for partner in listed] == ["Nube Verde", "Ñandú Solidario", "Oasis"]


# --- The Secretariat's queues and lists ------------------------------------------------------


def test_a_partners_pending_revision_is_the_one_not_yet_decided():
    partner = PartnerFactory()
    PartnerRevisionFactory(partner=partner, state=PartnerRevision.State.APPROVED)
    assert selectors.revision_pending_for(partner) is None
    pending = PartnerRevisionFactory(partner=partner)
    assert selectors.revision_pending_for(partner) == pending


def test_the_revision_queue_holds_pending_revisions_oldest_first(django_assert_num_queries):
    newer = PartnerRevisionFactory(created_by=UserFactory(email="newer@example.org"))
    older = PartnerRevisionFactory(created_by=UserFactory(email="older@example.org"))
    PartnerRevision.objects.filter(pk=older.pk).update(
        created_at=timezone.now() - datetime.timedelta(hours=1)
    )
    PartnerRevisionFactory(state=PartnerRevision.State.REJECTED)

    with django_assert_num_queries(1):
        queue = list(selectors.revision_queue())
        assert [(r, r.partner.name, r.created_by.email) for r in queue] == [
            (older, older.partner.name, "older@example.org"),
            (newer, newer.partner.name, "newer@example.org"),
        ]


def test_the_choice_of_partners_holds_every_partner_by_name_reading_only_the_label():
    zeta = PartnerFactory(name_en="Zeta", published=False)
    alpha = PartnerFactory(name_en="Alpha")
    choices = list(selectors.partner_list_for_choice())
    assert choices == [alpha, zeta]
    assert "mission_en" in choices[0].get_deferred_fields()


def test_invitations_say_their_state_newest_first_and_filter_by_it():
    now = timezone.now()
    pending = PartnerInvitationFactory(email="pending@example.org")
    accepted = PartnerInvitationFactory(email="accepted@example.org", accepted_at=now)
    revoked = PartnerInvitationFactory(email="revoked@example.org", revoked_at=now)
    expired = PartnerInvitationFactory(email="expired@example.org", expires_at=now - DAY)
    # Accepted before it expired, then the date passed: still accepted.
    accepted_then_expired = PartnerInvitationFactory(
        email="kept@example.org", accepted_at=now - 2 * DAY, expires_at=now - DAY
    )
    State = PartnerInvitation.State

    everything = list(selectors.invitation_list())

    assert [(i, i.current_state) for i in everything] == [
        (accepted_then_expired, State.ACCEPTED),
        (expired, State.EXPIRED),
        (revoked, State.REVOKED),
        (accepted, State.ACCEPTED),
        (pending, State.PENDING),
    ]
    assert list(selectors.invitation_list(state=State.EXPIRED)) == [expired]
    assert list(selectors.invitation_list(state=State.PENDING)) == [pending]


def test_invitations_filter_by_partner_and_part_of_the_address():
    partner = PartnerFactory()
    theirs = PartnerInvitationFactory(partner=partner, email="Awa.Diop@wcll.example.org")
    PartnerInvitationFactory(partner=partner, email="other@example.org")
    PartnerInvitationFactory(email="awa@elsewhere.example.org")

    assert list(selectors.invitation_list(partner=partner, email="  wcll.EXAMPLE ")) == [theirs]
    assert len(selectors.invitation_list(partner=partner)) == 2
    assert len(selectors.invitation_list(email="awa")) == 2


# --- The directory's parameters ------------------------------------------------------------------


def test_the_directory_leaves_former_partners_out_unless_asked_for_them():
    current = PartnerFactory(name_en="Current")
    former = PartnerFactory(name_en="Former", standing="ended")

    _filters, listed = selectors.partner_directory(params=QueryDict(""), language="en")
    assert list(listed) == [current]
    _filters, listed = selectors.partner_directory(params=QueryDict("status=former"), language="en")
    assert list(listed) == [former]


def test_control_characters_are_taken_out_of_every_parameter_value():
    params = QueryDict("q=lit%00er%1Facy&q=a%09b&sector=education%0D")
    cleaned = selectors._without_control_characters(params)
    assert cleaned.getlist("q") == ["literacy", "ab"]
    assert cleaned["sector"] == "education"
    assert params["sector"] == "education\r"


def test_a_parameter_with_a_control_character_still_filters():
    education = PartnerFactory(name_en="Teaches", sectors=["education"])
    PartnerFactory(name_en="Sings", sectors=["culture"])
    filters, listed = selectors.partner_directory(
        params=QueryDict("sector=educa%00tion"), language="en"
    )
    assert filters.is_valid()
    assert list(listed) == [education]


# --- Good standing ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("standing", "problem"),
    [("suspended", selectors.STANDING_SUSPENDED), ("ended", selectors.STANDING_ENDED)],
)
def test_a_suspended_or_ended_partnership_is_not_in_good_standing(standing, problem):
    partner = PartnerFactory(standing=standing, next_report_due=None)
    assert selectors.partner_standing_problem(partner, today=TODAY) == problem
    assert selectors.partner_in_good_standing(partner, today=TODAY) is False


def test_a_report_is_overdue_the_day_after_it_was_due_until_it_is_sent():
    partner = PartnerFactory(next_report_due=TODAY)
    assert selectors.partner_standing_problem(partner, today=TODAY) is None
    assert selectors.partner_standing_problem(partner, today=TODAY + DAY) == (
        selectors.STANDING_REPORT_OVERDUE
    )
    report = report_due(partner, TODAY, PeriodicReport.State.MORE_INFORMATION)
    assert selectors.partner_in_good_standing(partner, today=TODAY + DAY) is False
    for state in (PeriodicReport.State.SUBMITTED, PeriodicReport.State.ACCEPTED):
        PeriodicReport.objects.filter(pk=report.pk).update(state=state)
        assert selectors.partner_in_good_standing(partner, today=TODAY + DAY) is True


def test_only_the_report_due_that_day_counts_and_only_the_partners_own():
    partner = PartnerFactory(next_report_due=TODAY)
    report_due(partner, TODAY - 365 * DAY, PeriodicReport.State.ACCEPTED)
    report_due(PartnerFactory(next_report_due=TODAY), TODAY, PeriodicReport.State.ACCEPTED)
    assert selectors.partner_standing_problem(partner, today=TODAY + DAY) == (
        selectors.STANDING_REPORT_OVERDUE
    )


def test_a_partner_with_no_report_due_is_in_good_standing():
    partner = PartnerFactory(next_report_due=None)
    assert selectors.partner_in_good_standing(partner, today=TODAY) is True
