"""Registration rules under parallel requests, against PostgreSQL.

Each thread has its own database connection and goes through the same
service as the view; a barrier releases them together.
"""

import pytest

from forums import services
from forums.models import Event, Registration
from tests.concurrency import run_in_parallel
from tests.conftest import sign_in
from tests.factories import PartnerEditorFactory, PartnerFactory
from tests.forums.factories import EventFactory

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.concurrency,
]


def test_two_editors_of_same_ngo_cannot_both_become_voting_delegate():
    partner = PartnerFactory()
    editors = [PartnerEditorFactory(partner=partner).user for _ in range(2)]
    event = EventFactory(kind=Event.Kind.CIONG)
    calls = [
        lambda user=user, n=n: services.registration_create(
            event=event,
            user=user,
            full_name=f"Delegate {n}",
            email=f"delegate{n}@example.org",
            is_voting_delegate=True,
        )
        for n, user in enumerate(editors)
    ]
    outcomes = run_in_parallel(calls)
    assert sorted(outcomes) == ["Your organisation already has a voting delegate.", "ok"]
    assert Registration.objects.filter(event=event, is_voting_delegate=True).count() == 1


def test_capacity_never_exceeded_under_parallel_registrations():
    event = EventFactory(capacity=3, per_partner_limit=5)
    editors = [PartnerEditorFactory(partner=PartnerFactory()).user for _ in range(8)]
    calls = [
        lambda user=user, n=n: services.registration_create(
            event=event, user=user, full_name=f"Rep {n}", email=f"rep{n}@example.org"
        )
        for n, user in enumerate(editors)
    ]
    outcomes = run_in_parallel(calls)
    assert outcomes.count("ok") == 3
    assert outcomes.count("The event is full.") == 5
    assert Registration.objects.filter(event=event).count() == 3


def test_per_ngo_limit_holds_under_parallel_registrations():
    partner = PartnerFactory()
    editors = [PartnerEditorFactory(partner=partner).user for _ in range(4)]
    event = EventFactory(per_partner_limit=2)
    calls = [
        lambda user=user, n=n: services.registration_create(
            event=event, user=user, full_name=f"Rep {n}", email=f"rep{n}@example.org"
        )
        for n, user in enumerate(editors)
    ]
    outcomes = run_in_parallel(calls)
    assert outcomes.count("ok") == 2
    assert Registration.objects.filter(event=event, partner=partner).count() == 2


def test_parallel_http_requests_respect_capacity():
    from django.test import Client

    from tests.conftest import verified

    event = EventFactory(slug="tight", capacity=1)
    users = [verified(PartnerEditorFactory(partner=PartnerFactory()).user) for _ in range(4)]
    responses = []

    def post(user, n):
        client = Client()
        sign_in(client, user)
        responses.append(
            client.post(
                "/en/forums/tight/register/", {"full_name": f"R{n}", "email": f"r{n}@example.org"}
            ).status_code
        )

    run_in_parallel([lambda u=u, n=n: post(u, n) for n, u in enumerate(users)])
    assert sorted(responses) == [302, 400, 400, 400]
    assert Registration.objects.filter(event=event).count() == 1
