"""forums.services_attendance at its edges: each refusal in words, the
per-NGO limit and the voting delegate on both sides, what a registration
stores, the waiting list's order and counts, the emails' words and links in
the participant's language, the badge code's exact form and the door's
clock, the personal agenda and session feedback."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import formats, timezone, translation

from forums import services_attendance as services
from forums.models import CheckIn, Registration, SessionFeedback
from foundation.mail.models import Email
from tests.factories import PartnerEditorFactory, UserFactory
from tests.forums.factories import (
    EventFactory,
    ProgrammeItemFactory,
    RegistrationFactory,
    RegistrationTypeFactory,
    register_person,
)

pytestmark = pytest.mark.django_db
S = Registration.Status


@pytest.fixture
def event(partner_b):
    event = EventFactory(slug="ciong-2026", kind="ciong", title_es="Conferencia de las ONG")
    event.organisers.add(partner_b)
    return event


def _refusal(call) -> list[str]:
    with pytest.raises(ValidationError) as refused:
        call()
    return refused.value.messages


# --- Registering ------------------------------------------------------------------------


def test_a_registration_is_stored_trimmed_and_linked_to_its_participant(event):
    rtype = RegistrationTypeFactory(event=event, kind="public")
    user = UserFactory(email="Ada@Example.org")
    registration = services.register(
        registration_type=rtype,
        user=user,
        full_name="  Ada Lovelace ",
        email=" ADA@example.ORG ",
        language="es",
        organisation=" Comisión ",
        position=" Chair ",
        listening_language="en",
        accessibility=" Step-free access \n",
    )
    stored = Registration.objects.get(pk=registration.pk)
    assert (stored.full_name, stored.email, stored.organisation, stored.position) == (
        "Ada Lovelace",
        "ada@example.org",
        "Comisión",
        "Chair",
    )
    assert (stored.language, stored.listening_language, stored.accessibility) == (
        "es",
        "en",
        "Step-free access",
    )
    assert (stored.participant, stored.registered_by, stored.partner, stored.country) == (
        user,
        user,
        None,
        "",
    )
    assert (stored.status, stored.waiting_since) == (S.CONFIRMED, None)


def test_someone_registered_by_another_person_is_not_linked_to_their_account(event):
    rtype = RegistrationTypeFactory(event=event, kind="public")
    registration = register_person(rtype, UserFactory(), 1)
    assert registration.participant is None
    assert (registration.organisation, registration.position, registration.accessibility) == (
        "",
        "",
        "",
    )


def test_an_editor_registering_a_member_of_the_public_speaks_for_no_ngo(event, editor_a):
    rtype = RegistrationTypeFactory(event=event, kind="public")
    assert register_person(rtype, editor_a, 1).partner is None


def test_a_delegations_member_takes_the_delegates_country_and_no_one_else_does(
    event, verified_delegate
):
    delegation = RegistrationTypeFactory(event=event, kind="delegation")
    assert register_person(delegation, verified_delegate, 1).country == "SN"
    public = RegistrationTypeFactory(event=event, kind="public")
    assert register_person(public, verified_delegate, 2).country == ""


@pytest.mark.parametrize("language", ["de", ""])
def test_a_language_outside_the_portals_is_refused_on_its_field(event, language):
    rtype = RegistrationTypeFactory(event=event)
    with pytest.raises(ValidationError) as refused:
        register_person(rtype, UserFactory(), language=language)
    assert refused.value.message_dict == {"language": ["Choose French, English or Spanish."]}
    assert not Registration.objects.exists()


def test_registration_is_judged_on_the_day_given_and_closed_for_an_unpublished_event(event):
    today = timezone.localdate()
    rtype = RegistrationTypeFactory(event=event, opens_on=today, closes_on=today)
    message = ["Registration of this type is not open."]
    yesterday = today - datetime.timedelta(days=1)
    assert _refusal(lambda: register_person(rtype, UserFactory(), 1, today=yesterday)) == message
    assert register_person(rtype, UserFactory(), 2, today=today).status == S.CONFIRMED
    event.published = False
    event.save()
    assert _refusal(lambda: register_person(rtype, UserFactory(), 3, today=today)) == message


def test_only_an_ngo_at_a_conference_session_has_a_voting_delegate(editor_a, verified_delegate):
    forum = EventFactory(kind="forum")
    message = ["Only a conference session has voting delegates."]
    ngo = RegistrationTypeFactory(event=forum, kind="ngo")
    assert _refusal(lambda: register_person(ngo, editor_a, 1, is_voting_delegate=True)) == message
    ciong = EventFactory(kind="ciong")
    delegation = RegistrationTypeFactory(event=ciong, kind="delegation")
    assert (
        _refusal(lambda: register_person(delegation, verified_delegate, 2, is_voting_delegate=True))
        == message
    )
    assert not Registration.objects.exists()


def test_one_voting_delegate_per_ngo_whoever_else_is_registered(event, editor_a, editor_b):
    ngo = RegistrationTypeFactory(event=event, kind="ngo")
    register_person(ngo, editor_b, 1, is_voting_delegate=True)  # another NGO's
    register_person(ngo, editor_a, 2)  # this NGO's, not voting
    delegate = register_person(ngo, editor_a, 3, is_voting_delegate=True)
    assert delegate.is_voting_delegate
    assert _refusal(lambda: register_person(ngo, editor_a, 4, is_voting_delegate=True)) == [
        "Your organisation already has a voting delegate."
    ]


def test_the_same_person_may_register_under_two_types(event):
    user = UserFactory()
    register_person(RegistrationTypeFactory(event=event), user, 1)
    assert register_person(RegistrationTypeFactory(event=event), user, 1).status == S.CONFIRMED


def test_the_per_ngo_limit_counts_this_ngos_live_registrations_only(event, editor_a, partner_a):
    event.per_partner_limit = 2
    event.save()
    ngo = RegistrationTypeFactory(event=event, kind="ngo")
    RegistrationFactory(event=event, partner=None)  # someone without an NGO
    RegistrationFactory(event=event, partner=PartnerEditorFactory().partner)  # another NGO
    RegistrationFactory(event=event, partner=partner_a, status=S.CANCELLED)
    register_person(ngo, editor_a, 1)
    register_person(ngo, editor_a, 2)
    assert _refusal(lambda: register_person(ngo, editor_a, 3)) == [
        "Your organisation has already registered 2 representatives."
    ]
    assert Registration.objects.filter(partner=partner_a).exclude(status=S.CANCELLED).count() == 2


def test_the_same_address_twice_is_refused_in_words_and_once_cancelled_is_welcome(event):
    rtype = RegistrationTypeFactory(event=event)
    user = UserFactory()
    first = register_person(rtype, user, 1)
    assert _refusal(lambda: register_person(rtype, user, 1)) == [
        "This person is already registered."
    ]
    services.cancel(registration=first, user=user)
    assert register_person(rtype, user, 1).status == S.CONFIRMED


def test_an_ngo_registers_a_person_once_per_event(event, editor_a):
    first_type = RegistrationTypeFactory(event=event, kind="ngo")
    second_type = RegistrationTypeFactory(event=event, kind="ngo")
    register_person(first_type, editor_a, 1)
    assert _refusal(lambda: register_person(second_type, editor_a, 1)) == [
        "This registration conflicts with another one."
    ]
    assert Registration.objects.count() == 1


def test_an_ngo_may_register_a_person_again_after_cancelling(event, editor_a):
    first_type = RegistrationTypeFactory(event=event, kind="ngo")
    second_type = RegistrationTypeFactory(event=event, kind="ngo")
    registration = register_person(first_type, editor_a, 1)
    services.cancel(registration=registration, user=editor_a)
    assert register_person(second_type, editor_a, 1).status == S.CONFIRMED
    assert register_person(first_type, editor_a, 2).status == S.CONFIRMED


def test_a_voting_delegate_on_the_waiting_list_does_not_vote(event, editor_a):
    ngo = RegistrationTypeFactory(event=event, kind="ngo", capacity=0)
    waiting = register_person(ngo, editor_a, 1, is_voting_delegate=True)
    stored = Registration.objects.get(pk=waiting.pk)
    assert (stored.status, stored.is_voting_delegate) == (S.WAITING, False)
    assert stored.waiting_since is not None


def test_places_are_counted_per_type(event):
    small = RegistrationTypeFactory(event=event, capacity=1)
    other = RegistrationTypeFactory(event=event, capacity=1)
    register_person(other, UserFactory(), 1)
    assert register_person(small, UserFactory(), 2).status == S.CONFIRMED
    assert services.places_taken(small) == 1


# --- Emails -----------------------------------------------------------------------------


def test_the_confirmation_is_written_in_the_participants_language_with_their_page(event):
    rtype = RegistrationTypeFactory(event=event, name_es="Observadores")
    with translation.override("fr"):  # whatever the person registering works in
        registration = register_person(rtype, UserFactory(), 4, language="es")
    email = Email.objects.get(to="person4@example.org")
    assert (email.template, email.language) == ("forums-participation-confirmed", "es")
    # One confirmation per registration: the key has no offer deadline in it.
    assert email.key == f"forums.participation:{registration.pk}:confirmed:"
    assert "Person 4" in email.body
    assert "Conferencia de las ONG" in email.body and "(Observadores)" in email.body
    assert f"/es/forums/ciong-2026/participation/{registration.pk}/" in email.body


def test_someone_put_on_the_waiting_list_is_told_so(event):
    rtype = RegistrationTypeFactory(event=event, capacity=0)
    register_person(rtype, UserFactory(), 5, language="en")
    email = Email.objects.get(to="person5@example.org")
    assert email.template == "forums-participation-waiting"


def test_the_offer_tells_the_deadline_and_each_offer_is_mailed_once(event):
    rtype = RegistrationTypeFactory(event=event, capacity=1, confirm_days=3)
    users = [UserFactory() for _ in range(2)]
    first, second = (register_person(rtype, user, n, language="en") for n, user in enumerate(users))
    services.cancel(registration=first, user=users[0])
    second.refresh_from_db()
    offer = Email.objects.get(template="forums-participation-offered")
    assert offer.to == "person1@example.org"
    deadline = second.offer_expires_at
    with translation.override("en"), timezone.override(datetime.UTC):
        shown = formats.date_format(timezone.localtime(deadline), "DATETIME_FORMAT")
    assert f"before {shown} (UTC)" in offer.body
    assert offer.key.endswith(f":offered:{deadline}")


# --- The waiting list -------------------------------------------------------------------


def test_the_longest_waiting_is_offered_first_and_other_types_wait_on(event):
    rtype = RegistrationTypeFactory(event=event, capacity=1, confirm_days=2)
    other = RegistrationTypeFactory(event=event, capacity=0)
    holder_user = UserFactory()
    holder = register_person(rtype, holder_user, 0)
    elsewhere = register_person(other, UserFactory(), 9)
    late = register_person(rtype, UserFactory(), 1)
    early = register_person(rtype, UserFactory(), 2)
    Registration.objects.filter(pk=early.pk).update(
        waiting_since=late.waiting_since - datetime.timedelta(hours=1)
    )
    # Waiting longest of all, but for another type: not offered this place.
    Registration.objects.filter(pk=elsewhere.pk).update(
        waiting_since=late.waiting_since - datetime.timedelta(hours=2)
    )
    before = timezone.now()
    services.cancel(registration=holder, user=holder_user)
    statuses = dict(
        Registration.objects.filter(pk__in=[late.pk, early.pk, elsewhere.pk]).values_list(
            "pk", "status"
        )
    )
    assert statuses == {late.pk: S.WAITING, early.pk: S.OFFERED, elsewhere.pk: S.WAITING}
    early.refresh_from_db()
    assert (
        before + datetime.timedelta(days=2)
        <= early.offer_expires_at
        <= timezone.now() + datetime.timedelta(days=2)
    )


def test_of_two_people_waiting_since_the_same_moment_the_first_registered_is_offered(event):
    rtype = RegistrationTypeFactory(event=event, capacity=1)
    holder_user = UserFactory()
    holder = register_person(rtype, holder_user, 0)
    first = register_person(rtype, UserFactory(), 1)
    second = register_person(rtype, UserFactory(), 2)
    Registration.objects.filter(pk__in=[first.pk, second.pk]).update(
        waiting_since=timezone.now() - datetime.timedelta(hours=1)
    )
    services.cancel(registration=holder, user=holder_user)
    assert dict(
        Registration.objects.filter(pk__in=[first.pk, second.pk]).values_list("pk", "status")
    ) == {first.pk: S.OFFERED, second.pk: S.WAITING}


def test_a_type_without_a_limit_offers_one_place_per_cancellation(event):
    rtype = RegistrationTypeFactory(event=event, capacity=None)
    waiting = [
        RegistrationFactory(
            event=event,
            registration_type=rtype,
            status=S.WAITING,
            waiting_since=timezone.now() - datetime.timedelta(minutes=n),
            email=f"waiting{n}@example.org",
        )
        for n in (3, 2, 1)
    ]
    holder_user = UserFactory()
    holder = register_person(rtype, holder_user, 0)
    services.cancel(registration=holder, user=holder_user)
    assert list(
        Registration.objects.filter(pk__in=[r.pk for r in waiting])
        .order_by("pk")
        .values_list("status", flat=True)
    ) == [S.OFFERED, S.WAITING, S.WAITING]


def test_an_overbooked_type_offers_nothing(event):
    rtype = RegistrationTypeFactory(event=event, capacity=3)
    holders = [register_person(rtype, UserFactory(), n) for n in range(3)]
    waiting = register_person(rtype, UserFactory(), 9)
    rtype.capacity = 1
    rtype.save()
    services.cancel(registration=holders[0], user=holders[0].registered_by)
    waiting.refresh_from_db()
    assert waiting.status == S.WAITING
    assert not Email.objects.filter(template="forums-participation-offered").exists()


def test_a_cancelled_voting_delegate_no_longer_votes_and_the_next_is_offered_the_place(
    event, editor_a
):
    ngo = RegistrationTypeFactory(event=event, kind="ngo", capacity=1)
    delegate = register_person(ngo, editor_a, 1, is_voting_delegate=True)
    following = register_person(ngo, editor_a, 2)
    cancelled = services.cancel(registration=delegate, user=editor_a)
    stored = Registration.objects.get(pk=delegate.pk)
    assert (cancelled.status, stored.status, stored.is_voting_delegate) == (
        S.CANCELLED,
        S.CANCELLED,
        False,
    )
    following.refresh_from_db()
    assert following.status == S.OFFERED


def test_a_registration_without_a_type_is_cancelled_by_the_ngos_editors(event, secretariat):
    registration = RegistrationFactory(event=event, registration_type=None)
    assert _refusal(lambda: services.cancel(registration=registration, user=secretariat)) == [
        "This registration is managed by the NGO's editors."
    ]


def test_confirming_is_refused_in_words_unless_a_place_is_offered_in_time(event):
    rtype = RegistrationTypeFactory(event=event, capacity=0, confirm_days=1)
    user = UserFactory()
    waiting = register_person(rtype, user, 1)
    assert _refusal(lambda: services.confirm_offer(registration=waiting, user=user)) == [
        "No place is offered to you at the moment."
    ]
    deadline = timezone.now() + datetime.timedelta(hours=5)
    Registration.objects.filter(pk=waiting.pk).update(status=S.OFFERED, offer_expires_at=deadline)
    late = deadline + datetime.timedelta(seconds=1)
    assert _refusal(lambda: services.confirm_offer(registration=waiting, user=user, now=late)) == [
        "The offer has expired."
    ]
    confirmed = services.confirm_offer(registration=waiting, user=user, now=deadline)
    stored = Registration.objects.get(pk=waiting.pk)
    assert (confirmed.status, stored.status, stored.offer_expires_at) == (
        S.CONFIRMED,
        S.CONFIRMED,
        None,
    )
    assert services.confirm_offer(registration=waiting, user=user).status == S.CONFIRMED


def test_expiry_counts_every_types_late_offers_and_leaves_the_others(event, editor_a):
    now = timezone.now()
    first = RegistrationTypeFactory(event=event, capacity=1)
    second = RegistrationTypeFactory(event=event, capacity=1)

    def offered(rtype, n, expires, **extra):
        return RegistrationFactory(
            event=event,
            registration_type=rtype,
            status=S.OFFERED,
            offer_expires_at=expires,
            email=f"offered{n}@example.org",
            **extra,
        )

    late_one = offered(first, 1, now - datetime.timedelta(minutes=1), is_voting_delegate=True)
    late_two = offered(second, 2, now - datetime.timedelta(minutes=1))
    on_time = offered(first, 3, now)
    confirmed_late = RegistrationFactory(
        event=event,
        registration_type=second,
        status=S.CONFIRMED,
        offer_expires_at=now - datetime.timedelta(days=1),
    )
    assert services.expire_offers(now=now) == 2
    statuses = dict(
        Registration.objects.filter(
            pk__in=[late_one.pk, late_two.pk, on_time.pk, confirmed_late.pk]
        ).values_list("pk", "status")
    )
    assert statuses == {
        late_one.pk: S.CANCELLED,
        late_two.pk: S.CANCELLED,
        on_time.pk: S.OFFERED,
        confirmed_late.pk: S.CONFIRMED,
    }
    assert not Registration.objects.get(pk=late_one.pk).is_voting_delegate


def test_expiry_leaves_alone_a_type_without_a_late_offer(event):
    """An unlimited type offers a place at each visit: expiry must not visit it
    for an offer still running or for a late offer already cancelled."""
    now = timezone.now()
    rtype = RegistrationTypeFactory(event=event, capacity=None)
    RegistrationFactory(
        event=event,
        registration_type=rtype,
        status=S.CANCELLED,
        offer_expires_at=now - datetime.timedelta(days=1),
    )
    RegistrationFactory(
        event=event,
        registration_type=rtype,
        status=S.OFFERED,
        offer_expires_at=now + datetime.timedelta(days=1),
    )
    waiting = RegistrationFactory(
        event=event, registration_type=rtype, status=S.WAITING, waiting_since=now
    )
    assert services.expire_offers(now=now) == 0
    waiting.refresh_from_db()
    assert waiting.status == S.WAITING


# --- Badges and the door ----------------------------------------------------------------


def test_a_badge_code_is_the_registration_number_and_ten_characters_of_its_signature(event):
    registration = RegistrationFactory(event=event, registration_type=RegistrationTypeFactory())
    code = services.badge_code(registration)
    number, digest = code.split("-")
    assert number == str(registration.pk)
    assert len(digest) == 10 and digest == digest.upper()
    assert all(char in "0123456789ABCDEF" for char in digest)
    other_event = Registration(pk=registration.pk, event_id=event.pk + 1)
    assert services.badge_code(other_event) != code  # the event is signed too


def test_a_typed_code_is_read_with_spaces_and_a_long_or_forged_one_is_refused(event):
    rtype = RegistrationTypeFactory(event=event)
    register_person(rtype, UserFactory(), 0)  # someone else at the same event
    registration = register_person(rtype, UserFactory(), 1)
    code = services.badge_code(registration)
    assert services.read_badge(event, f"  {code.lower()} \n") == registration
    message = ["This badge is not valid for this event."]
    for forged in (
        code + "-" + "0" * 40,  # too long to be typed: read as a token, refused
        f"x-{code}",
        f"{registration.pk}-{code.split('-')[1]}-extra",
        None,
    ):
        assert _refusal(lambda forged=forged: services.read_badge(event, forged)) == message


def test_a_signed_badge_of_a_deleted_or_foreign_registration_is_refused(event):
    registration = register_person(RegistrationTypeFactory(event=event), UserFactory(), 1)
    token = services.badge_token(registration)
    code = services.badge_code(registration)
    foreign = RegistrationFactory(event=EventFactory())
    Registration.objects.filter(pk=registration.pk).update(event=foreign.event)
    message = ["This badge is not valid for this event."]
    assert _refusal(lambda: services.read_badge(event, token)) == message
    assert _refusal(lambda: services.read_badge(event, code)) == message


def test_a_badge_of_a_waiting_registration_is_refused_in_words(event):
    waiting = register_person(RegistrationTypeFactory(event=event, capacity=0), UserFactory(), 1)
    assert _refusal(lambda: services.read_badge(event, services.badge_token(waiting))) == [
        "This registration is not confirmed."
    ]


def test_a_signed_badge_is_read_even_when_it_holds_a_dash(event):
    """Signed tokens use the URL-safe alphabet, dash included: a long value is
    a token whatever characters it holds, never a typed code."""
    rtype = RegistrationTypeFactory(event=event)
    for n in range(40):
        registration = register_person(rtype, UserFactory(), n)
        token = services.badge_token(registration)
        if "-" in token:
            break
    assert "-" in token
    assert services.read_badge(event, token) == registration


def test_the_badge_is_read_in_one_query_with_what_the_door_shows(
    event, editor_a, partner_a, django_assert_num_queries
):
    registration = register_person(RegistrationTypeFactory(event=event, kind="ngo"), editor_a, 1)
    code = services.badge_code(registration)
    with django_assert_num_queries(1):
        found = services.read_badge(event, code)
        assert (found.registration_type.pk, found.partner) == (
            registration.registration_type_id,
            partner_a,
        )
        assert not hasattr(found, "check_in")  # not checked in yet, known without a query


@pytest.mark.parametrize(
    ("offset", "kept"),
    [
        (datetime.timedelta(minutes=-5), True),
        (datetime.timedelta(days=-2) + datetime.timedelta(minutes=1), True),
        (datetime.timedelta(days=-2) - datetime.timedelta(minutes=1), False),
        (datetime.timedelta(minutes=5), False),
    ],
    ids=["five-minutes-ago", "just-within-two-days", "over-two-days-ago", "in-the-future"],
)
def test_the_door_keeps_a_phones_time_within_the_last_two_days(event, secretariat, offset, kept):
    registration = register_person(RegistrationTypeFactory(event=event), UserFactory(), 1)
    at = timezone.now() + offset
    _found, record, created = services.check_in(
        event=event, user=secretariat, code=services.badge_code(registration), at=at
    )
    assert created
    stored = CheckIn.objects.get(registration=registration)
    assert (stored.at == at) is kept
    assert (stored.by, record.pk) == (secretariat, stored.pk)


# --- The personal agenda and feedback ---------------------------------------------------


def test_the_agenda_keeps_the_chosen_items_of_the_event_only(event):
    user = UserFactory()
    registration = register_person(RegistrationTypeFactory(event=event), user, 1)
    first, second, third = (ProgrammeItemFactory(event=event) for _ in range(3))
    foreign = ProgrammeItemFactory()
    services.agenda_set(registration=registration, user=user, item_ids=[first.pk, second.pk])
    services.agenda_set(
        registration=registration, user=user, item_ids=[second.pk, third.pk, foreign.pk]
    )
    assert sorted(registration.agenda.values_list("item_id", flat=True)) == [second.pk, third.pk]
    with pytest.raises(PermissionDenied):
        services.agenda_set(registration=registration, user=UserFactory(), item_ids=[first.pk])
    assert registration.agenda.count() == 2


def test_feedback_comes_once_per_session_from_a_participant_who_came(event, secretariat):
    user = UserFactory()
    registration = register_person(RegistrationTypeFactory(event=event), user, 1)
    item = ProgrammeItemFactory(event=event)
    assert _refusal(
        lambda: services.feedback_give(registration=registration, user=user, item=item, rating=4)
    ) == ["Only participants who attended can give feedback."]
    services.check_in(event=event, user=secretariat, code=services.badge_code(registration))
    foreign = ProgrammeItemFactory()
    assert _refusal(
        lambda: services.feedback_give(registration=registration, user=user, item=foreign, rating=4)
    ) == ["This session belongs to another event."]
    with pytest.raises(PermissionDenied):
        services.feedback_give(registration=registration, user=UserFactory(), item=item, rating=1)
    services.feedback_give(registration=registration, user=user, item=item, rating=2)
    assert SessionFeedback.objects.values_list("rating", "comment").get() == (2, "")
    given = services.feedback_give(
        registration=registration, user=user, item=item, rating=5, comment="  Inspiring \n"
    )
    stored = SessionFeedback.objects.get()
    assert (stored.pk, stored.item, stored.registration) == (given.pk, item, registration)
    assert (stored.rating, stored.comment) == (5, "Inspiring")
