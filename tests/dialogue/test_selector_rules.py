"""dialogue.selectors: which requests and hearings each page reads, in the
order it shows them, what each one carries, and the NGOs suggested for a
hearing with the reasons and the score the Secretariat sees."""

import datetime

import pytest
from django.utils import timezone

from dialogue import selectors
from dialogue.models import ExpressionOfInterest, RequestFile, State, Transition
from tests.dialogue.factories import (
    CoSponsorFactory,
    DialogueRequestFactory,
    ExpressionOfInterestFactory,
    PartnerMatchFactory,
    make_delegate,
)
from tests.factories import ActionFactory, DelegateFactory, PartnerFactory, UserFactory
from tests.forums.factories import EventFactory

pytestmark = pytest.mark.django_db
NOW = timezone.now()
DAY = datetime.timedelta(days=1)


def _themes(requests) -> list[str]:
    return [request.theme for request in requests]


def _file(request, kind, name):
    return RequestFile.objects.create(
        request=request,
        kind=kind,
        file=f"dialogue/{name}",
        original_name=name,
        content_type="application/pdf",
        size=10,
    )


# --- The NGOs suggested for a hearing ------------------------------------------------------


@pytest.fixture
def hearing_request():
    """A Senegalese request on education and culture, co-sponsored by Brazil;
    Kenya is invited but has not joined, so it is not involved yet."""
    request = DialogueRequestFactory(country="SN", sectors=["education", "culture"])
    CoSponsorFactory(request=request, user=make_delegate("br@example.org", "BR"))
    CoSponsorFactory(request=request, user=make_delegate("ke@example.org", "KE"), joined_at=None)
    return request


def _match(matches, partner) -> dict:
    return next(item for item in matches if item["partner_id"] == partner.pk)


def test_matches_give_the_reasons_and_score_each_ngo(hearing_request):
    both = PartnerFactory(sectors=["culture", "education"])
    DelegateFactory(partner=both, country="SN")
    DelegateFactory(partner=both, country="BR")
    DelegateFactory(partner=both, country="FR")
    ActionFactory(partner=both, countries=["BR", "FR"])

    matches = selectors.partner_matches(request=hearing_request)

    assert _match(matches, both) == {
        "partner_id": both.pk,
        "sector_codes": ["culture", "education"],
        "delegate_countries": ["BR", "SN"],
        "action_countries": ["BR"],
        "score": 2 * 2 + 3 + 1,
    }


def test_only_active_delegates_in_the_countries_involved_count(hearing_request):
    inactive = PartnerFactory(sectors=["education"])
    DelegateFactory(partner=inactive, country="SN", is_active=False)
    invited_only = PartnerFactory(sectors=["education"])
    DelegateFactory(partner=invited_only, country="KE")

    matches = selectors.partner_matches(request=hearing_request)

    for partner in (inactive, invited_only):
        assert _match(matches, partner)["delegate_countries"] == []
        assert _match(matches, partner)["score"] == 2


def test_only_published_and_visible_actions_in_the_countries_involved_count(hearing_request):
    partner = PartnerFactory(sectors=["education"])
    ActionFactory(partner=partner, countries=["SN"], published=False)
    ActionFactory(partner=partner, countries=["SN"], hidden_by_secretariat=True)
    ActionFactory(partner=partner, countries=["KE", "FR"])
    elsewhere = PartnerFactory(sectors=["education"])
    ActionFactory(partner=elsewhere, countries=["FR", "SN"])

    matches = selectors.partner_matches(request=hearing_request)

    assert _match(matches, partner)["action_countries"] == []
    assert _match(matches, partner)["score"] == 2
    # An action in any one of the countries involved counts, for that country only.
    assert _match(matches, elsewhere)["action_countries"] == ["SN"]
    assert _match(matches, elsewhere)["score"] == 2 + 1


def test_a_delegate_counts_without_an_action_and_an_action_without_a_delegate(hearing_request):
    delegate_only = PartnerFactory(sectors=["education"])
    DelegateFactory(partner=delegate_only, country="BR")
    action_only = PartnerFactory(sectors=["education"])
    ActionFactory(partner=action_only, countries=["BR"])

    matches = selectors.partner_matches(request=hearing_request)

    assert _match(matches, delegate_only)["score"] == 2 + 3
    assert _match(matches, delegate_only)["action_countries"] == []
    assert _match(matches, action_only)["score"] == 2 + 1
    assert _match(matches, action_only)["delegate_countries"] == []


def test_matches_need_a_sector_in_common_and_a_published_partner(hearing_request):
    shown = PartnerFactory(sectors=["education", "natural-sciences"])
    unpublished = PartnerFactory(sectors=["education"], published=False)
    DelegateFactory(partner=unpublished, country="SN")
    other_sector = PartnerFactory(sectors=["natural-sciences"])
    DelegateFactory(partner=other_sector, country="SN")

    matches = selectors.partner_matches(request=hearing_request)

    assert [item["partner_id"] for item in matches] == [shown.pk]
    assert matches[0]["sector_codes"] == ["education"]


def test_matches_come_best_first_then_in_the_order_partners_were_made(hearing_request):
    first_plain = PartnerFactory(sectors=["education"])
    best = PartnerFactory(sectors=["education", "culture"])
    DelegateFactory(partner=best, country="SN")
    second_plain = PartnerFactory(sectors=["culture"])
    middle = PartnerFactory(sectors=["education"])
    ActionFactory(partner=middle, countries=["SN"])

    matches = selectors.partner_matches(request=hearing_request)

    assert [(item["partner_id"], item["score"]) for item in matches] == [
        (best.pk, 7),
        (middle.pk, 3),
        (first_plain.pk, 2),
        (second_plain.pk, 2),
    ]


def test_a_request_without_a_sector_matches_no_one(django_assert_num_queries):
    request = DialogueRequestFactory(country="SN")
    request.sectors.clear()
    PartnerFactory(sectors=["education"])
    with django_assert_num_queries(1):
        assert selectors.partner_matches(request=request) == []


def test_matching_reads_the_same_few_queries_for_many_partners(
    hearing_request, django_assert_num_queries
):
    for number in range(12):
        partner = PartnerFactory(sectors=["education"])
        DelegateFactory(partner=partner, country="SN")
        ActionFactory(partner=partner, countries=["BR"], title_en=f"Action {number}")
    # Sectors, co-sponsors (not prefetched here), sector links, delegates, actions.
    with django_assert_num_queries(5):
        matches = selectors.partner_matches(request=hearing_request)
    assert len(matches) == 12
    assert {item["score"] for item in matches} == {2 + 3 + 1}


# --- Public hearings ---------------------------------------------------------------------


def test_the_public_list_holds_accepted_scheduled_and_held_hearings_latest_first():
    for state in (State.SUBMITTED, State.UNDER_REVIEW, State.DECLINED, State.WITHDRAWN):
        DialogueRequestFactory(state=state, theme_en=f"Not public: {state}")
    DialogueRequestFactory(state=State.ACCEPTED, theme_en="Accepted earlier")
    DialogueRequestFactory(
        state=State.ACCEPTED, theme_en="Accepted later", state_changed_at=NOW + DAY
    )
    DialogueRequestFactory(state=State.HELD, theme_en="Held", scheduled_at=NOW - 9 * DAY)
    DialogueRequestFactory(state=State.SCHEDULED, theme_en="Soon", scheduled_at=NOW + DAY)

    hearings = list(selectors.hearing_list_public())

    # Not yet scheduled first: their date is still to come.
    assert _themes(hearings) == ["Accepted later", "Accepted earlier", "Soon", "Held"]
    assert all("internal_notes" in h.get_deferred_fields() for h in hearings)


def test_a_public_card_names_joined_co_sponsors_and_selected_published_ngos_only(
    django_assert_num_queries,
):
    hearing = DialogueRequestFactory(
        state=State.SCHEDULED,
        sectors=["culture", "education"],
        internal_notes="SECRET",
        event=EventFactory(title_en="Forum", title="Forum"),
    )
    CoSponsorFactory(request=hearing, user=make_delegate("br@example.org", "BR"))
    CoSponsorFactory(request=hearing, user=make_delegate("ke@example.org", "KE"), joined_at=None)
    status = ExpressionOfInterest.Status
    ExpressionOfInterestFactory(
        request=hearing, status=status.SELECTED, partner=PartnerFactory(name_en="Speaks")
    )
    ExpressionOfInterestFactory(
        request=hearing,
        status=status.SELECTED,
        partner=PartnerFactory(name_en="Unpublished", published=False),
    )
    ExpressionOfInterestFactory(request=hearing, partner=PartnerFactory(name_en="Pending"))
    ExpressionOfInterestFactory(
        request=hearing, status=status.NOT_SELECTED, partner=PartnerFactory(name_en="Not chosen")
    )

    with django_assert_num_queries(4):
        (card,) = selectors.hearing_list_public()
        assert [s.code for s in card.sectors.all()] == ["education", "culture"]
        assert [c.country.code for c in card.joined_cosponsors] == ["BR"]
        assert [i.partner.name for i in card.selected_interests] == ["Speaks"]
        assert [c.code for c in card.countries] == ["SN", "BR"]
        assert card.event.title == "Forum"


def test_a_public_hearing_shows_its_outcome_documents_only():
    hearing = DialogueRequestFactory(state=State.HELD)
    _file(hearing, RequestFile.Kind.ATTACHMENT, "private-brief.pdf")
    outcome = _file(hearing, RequestFile.Kind.OUTCOME, "summary.pdf")

    found = selectors.hearing_get_public(pk=hearing.pk)

    assert found == hearing
    assert found.outcome_files == [outcome]
    assert "internal_notes" in found.get_deferred_fields()


def test_a_request_not_yet_public_is_no_public_hearing():
    submitted = DialogueRequestFactory(state=State.SUBMITTED)
    assert selectors.hearing_get_public(pk=submitted.pk) is None
    assert selectors.hearing_get_public(pk=submitted.pk + 1000) is None


def test_the_calendar_holds_dated_hearings_soonest_first():
    DialogueRequestFactory(state=State.ACCEPTED, theme_en="Not dated")
    DialogueRequestFactory(state=State.SCHEDULED, theme_en="Later", scheduled_at=NOW + 9 * DAY)
    DialogueRequestFactory(state=State.HELD, theme_en="Past", scheduled_at=NOW - 9 * DAY)
    same_time = NOW + DAY
    DialogueRequestFactory(state=State.SCHEDULED, theme_en="Tied A", scheduled_at=same_time)
    DialogueRequestFactory(state=State.SCHEDULED, theme_en="Tied B", scheduled_at=same_time)

    assert _themes(selectors.hearing_list_on_calendar()) == ["Past", "Tied A", "Tied B", "Later"]


def test_an_events_page_lists_its_dated_hearings_in_date_order():
    event, other = EventFactory(), EventFactory()
    DialogueRequestFactory(
        state=State.SCHEDULED, event=event, theme_en="Second", scheduled_at=NOW + 2 * DAY
    )
    DialogueRequestFactory(state=State.HELD, event=event, theme_en="First", scheduled_at=NOW - DAY)
    DialogueRequestFactory(state=State.ACCEPTED, event=event, theme_en="Not dated")
    DialogueRequestFactory(state=State.SCHEDULED, event=other, theme_en="Elsewhere")
    joined = CoSponsorFactory(
        request=DialogueRequestFactory(
            state=State.SCHEDULED, event=event, theme_en="Third", scheduled_at=NOW + 3 * DAY
        ),
        user=make_delegate("br@example.org", "BR"),
    )
    CoSponsorFactory(
        request=joined.request, user=make_delegate("ke@example.org", "KE"), joined_at=None
    )

    hearings = selectors.hearing_list_at_event(event=event)

    assert _themes(hearings) == ["First", "Second", "Third"]
    assert [c.country.code for c in hearings[2].joined_cosponsors] == ["BR"]
    assert hearings[0].selected_interests == []
    assert "internal_notes" in hearings[0].get_deferred_fields()


def test_the_period_holds_hearings_taking_place_or_scheduled_in_it_bounds_included():
    start = timezone.localdate()
    end = start + 10 * DAY
    at = datetime.time(12)

    def on(day):
        return timezone.make_aware(datetime.datetime.combine(day, at))

    def scheduled_on(day, theme, state=State.SCHEDULED, *, hearing_on=None):
        return DialogueRequestFactory(
            state=state, theme_en=theme, scheduled_at=hearing_on or on(day)
        )

    # Made out of date order, so that only the ordering puts them in it.
    announced = scheduled_on(None, "Announced", hearing_on=on(end + 60 * DAY))
    Transition.objects.create(request=announced, to_state=State.SCHEDULED, at=on(end))
    scheduled_on(end, "On the last day", State.HELD)
    scheduled_on(start, "On the first day")
    scheduled_on(start - DAY, "Day before")
    scheduled_on(end + DAY, "Day after")
    for theme, moved_on in [("Announced before", start - DAY), ("Announced after", end + DAY)]:
        outside = scheduled_on(None, theme, hearing_on=on(end + 60 * DAY))
        Transition.objects.create(request=outside, to_state=State.SCHEDULED, at=on(moved_on))
    accepted = DialogueRequestFactory(state=State.ACCEPTED, theme_en="Only accepted")
    Transition.objects.create(request=accepted, to_state=State.ACCEPTED, at=on(start))

    hearings = selectors.hearing_list_public_between(start=start, end=end)

    assert _themes(hearings) == ["On the first day", "On the last day", "Announced"]


# --- Delegates and the Secretariat --------------------------------------------------------


def test_a_delegate_lists_their_countrys_requests_and_those_they_co_sponsor_latest_first(
    django_assert_num_queries,
):
    delegate = make_delegate("delegate@example.org", "BR")
    profile = delegate.delegate_profile
    DialogueRequestFactory(country="BR", theme_en="Own, older", submitted_at=NOW - 2 * DAY)
    own_and_invited = DialogueRequestFactory(country="BR", theme_en="Own and co-sponsored")
    CoSponsorFactory(request=own_and_invited, user=delegate, joined_at=None)
    invited = DialogueRequestFactory(
        country="SN", theme_en="Invited", submitted_at=NOW - DAY, internal_notes="SECRET"
    )
    CoSponsorFactory(request=invited, user=delegate, joined_at=None)
    DialogueRequestFactory(country="SN", theme_en="Another country")

    CoSponsorFactory(request=invited, user=make_delegate("ke@example.org", "KE"))

    with django_assert_num_queries(2):
        requests = list(selectors.request_list_for_delegate(user=delegate, profile=profile))
        assert _themes(requests) == ["Own and co-sponsored", "Invited", "Own, older"]
        assert requests[1].requester.email.startswith("requester")
        assert [c.country.code for c in requests[1].joined_cosponsors] == ["KE"]
    assert "internal_notes" in requests[1].get_deferred_fields()


def _accepted_with_company():
    """An accepted request on two sectors, at a forum, co-sponsored by Brazil
    (joined) and Kenya (invited)."""
    request = DialogueRequestFactory(
        state=State.ACCEPTED,
        sectors=["culture", "education"],
        event=EventFactory(title_en="Forum", title="Forum"),
    )
    CoSponsorFactory(request=request, user=make_delegate("br@example.org", "BR"))
    CoSponsorFactory(request=request, user=make_delegate("ke@example.org", "KE"), joined_at=None)
    return request


def test_a_private_request_carries_its_history_co_sponsors_and_files(django_assert_num_queries):
    request = _accepted_with_company()
    later = Transition.objects.create(
        request=request, to_state=State.ACCEPTED, at=request.submitted_at + DAY
    )
    # Recorded last, but taken first: the history is in the order of events.
    Transition.objects.create(
        request=request, to_state=State.UNDER_REVIEW, at=request.submitted_at + DAY / 2
    )
    attachment = _file(request, RequestFile.Kind.ATTACHMENT, "brief.pdf")

    with django_assert_num_queries(7):
        found = selectors.request_get_private(pk=request.pk)
    with django_assert_num_queries(0):
        assert [t.to_state for t in found.transitions.all()] == [
            State.SUBMITTED,
            State.UNDER_REVIEW,
            State.ACCEPTED,
        ]
        assert found.transitions.all()[2] == later
        assert found.transitions.all()[0].by.email == found.requester.email
        assert [c.user.email for c in found.cosponsors.all()] == [
            "br@example.org",
            "ke@example.org",
        ]
        assert [c.country.code for c in found.joined_cosponsors] == ["BR"]
        assert [s.code for s in found.sectors.all()] == ["education", "culture"]
        assert list(found.files.all()) == [attachment]
        assert found.selected_interests == []
        assert found.requester.email.startswith("requester")
        assert found.event.title == "Forum"
    assert selectors.request_get_private(pk=request.pk + 1000) is None


def test_the_triage_page_carries_matches_and_every_interest(django_assert_num_queries):
    request = _accepted_with_company()
    _file(request, RequestFile.Kind.OUTCOME, "summary.pdf")
    match = PartnerMatchFactory(request=request, partner=PartnerFactory(name_en="Matched"))
    pending = ExpressionOfInterestFactory(
        request=request, submitted_by=UserFactory(email="editor@ngo.example.org")
    )
    unpublished = ExpressionOfInterestFactory(
        request=request, partner=PartnerFactory(published=False)
    )

    with django_assert_num_queries(8):
        found = selectors.request_get_for_triage(pk=request.pk)
    with django_assert_num_queries(0):
        assert [(m, m.partner.name) for m in found.matches.all()] == [(match, "Matched")]
        assert list(found.interests.all()) == [pending, unpublished]
        assert [i.partner.name for i in found.interests.all()] == [
            pending.partner.name,
            unpublished.partner.name,
        ]
        assert [i.submitted_by for i in found.interests.all()][1] is None
        assert found.interests.all()[0].submitted_by.email == "editor@ngo.example.org"
        assert [t.to_state for t in found.transitions.all()] == [State.SUBMITTED]
        assert [t.by.email for t in found.transitions.all()] == [found.requester.email]
        assert [c.user.email for c in found.cosponsors.all()] == [
            "br@example.org",
            "ke@example.org",
        ]
        assert [c.country.code for c in found.joined_cosponsors] == ["BR"]
        assert [s.code for s in found.sectors.all()] == ["education", "culture"]
        assert [f.original_name for f in found.files.all()] == ["summary.pdf"]
        assert found.event.title == "Forum"
    assert selectors.request_get_for_triage(pk=request.pk + 1000) is None


def test_the_queue_holds_requests_awaiting_work_oldest_first():
    for state in (State.SCHEDULED, State.HELD, State.DECLINED, State.WITHDRAWN):
        DialogueRequestFactory(state=state, theme_en=f"Done: {state}")
    DialogueRequestFactory(state=State.ACCEPTED, theme_en="To schedule", submitted_at=NOW - DAY)
    DialogueRequestFactory(
        state=State.UNDER_REVIEW, theme_en="Reviewed", submitted_at=NOW - 3 * DAY
    )
    DialogueRequestFactory(state=State.SUBMITTED, theme_en="New", submitted_at=NOW)

    queue = list(selectors.request_queue())

    assert _themes(queue) == ["Reviewed", "To schedule", "New"]
    assert {"description", "expertise_sought", "summary", "follow_up"} <= queue[
        0
    ].get_deferred_fields()


def test_waiting_counts_from_submission_until_decided_then_from_acceptance():
    limit = datetime.timedelta(days=selectors.STALE_AFTER_DAYS)
    on_the_day = DialogueRequestFactory(state=State.SUBMITTED, submitted_at=NOW - limit)
    past_it = DialogueRequestFactory(
        state=State.UNDER_REVIEW, submitted_at=NOW - limit - datetime.timedelta(seconds=1)
    )
    accepted = DialogueRequestFactory(
        state=State.ACCEPTED, submitted_at=NOW - 90 * DAY, state_changed_at=NOW - 40 * DAY
    )

    items = selectors.with_waiting([on_the_day, past_it, accepted], now=NOW)

    assert [(item.waiting, item.overdue) for item in items] == [
        (limit, False),
        (limit + datetime.timedelta(seconds=1), True),
        (40 * DAY, False),
    ]


def test_waiting_is_counted_to_now_by_default():
    request = DialogueRequestFactory(state=State.SUBMITTED, submitted_at=NOW - 31 * DAY)
    (item,) = selectors.with_waiting(iter([request]))
    assert item.overdue is True
    assert 31 * DAY <= item.waiting < 32 * DAY


def test_stale_requests_are_undecided_thirty_days_after_submission_oldest_first():
    limit = datetime.timedelta(days=selectors.STALE_AFTER_DAYS)
    DialogueRequestFactory(theme_en="On the day", submitted_at=NOW - limit)
    DialogueRequestFactory(
        state=State.UNDER_REVIEW, theme_en="Older", submitted_at=NOW - limit - DAY
    )
    DialogueRequestFactory(
        theme_en="Recent", submitted_at=NOW - limit + datetime.timedelta(seconds=1)
    )
    DialogueRequestFactory(state=State.ACCEPTED, theme_en="Decided", submitted_at=NOW - 90 * DAY)

    assert _themes(selectors.request_list_stale(now=NOW)) == ["Older", "On the day"]
    DialogueRequestFactory(theme_en="Fresh", submitted_at=timezone.now() - limit + DAY)
    # Counted to now by default: the two above stay stale, the fresh one does not.
    by_default = _themes(selectors.request_list_stale())
    assert by_default[:2] == ["Older", "On the day"]
    assert "Fresh" not in by_default


# --- NGOs ------------------------------------------------------------------------------------


def test_an_ngos_open_calls_are_accepted_requests_matching_it_earliest_first():
    partner, other = PartnerFactory(), PartnerFactory()
    soon = timezone.localdate() + 10 * DAY
    late = DialogueRequestFactory(state=State.ACCEPTED, theme_en="Late", preferred_from=soon + DAY)
    early = DialogueRequestFactory(state=State.ACCEPTED, theme_en="Early", preferred_from=soon)
    scheduled = DialogueRequestFactory(state=State.SCHEDULED, theme_en="Already scheduled")
    not_matched = DialogueRequestFactory(state=State.ACCEPTED, theme_en="Someone else's")
    for request in (late, early, scheduled):
        PartnerMatchFactory(request=request, partner=partner)
    PartnerMatchFactory(request=not_matched, partner=other)
    own = ExpressionOfInterestFactory(request=early, partner=partner)
    ExpressionOfInterestFactory(request=early, partner=other)

    calls = list(selectors.open_calls_for_partner(partner=partner))

    assert _themes(calls) == ["Early", "Late"]
    assert calls[0].own_interests == [own]
    assert calls[1].own_interests == []
    assert "internal_notes" in calls[0].get_deferred_fields()


def test_an_ngos_interests_come_latest_first_with_their_request(django_assert_num_queries):
    partner = PartnerFactory()
    older = ExpressionOfInterestFactory(partner=partner)
    newer = ExpressionOfInterestFactory(partner=partner)
    ExpressionOfInterestFactory()
    ExpressionOfInterest.objects.filter(pk=older.pk).update(created_at=NOW - DAY)

    with django_assert_num_queries(1):
        interests = list(selectors.interests_of_partner(partner=partner))
        assert interests == [newer, older]
        assert interests[0].request.theme == newer.request.theme
