"""Places and the waiting list under parallel requests, against PostgreSQL (issue 19).

Each thread has its own connection and goes through the service the views
use; a barrier releases them together. Remove the select_for_update on the
RegistrationType row in forums.services_attendance and the joins and the
mixed cancellations and joins fail (tried: they over-fill, or a freed place is
never offered).
"""

import pytest

from forums import services_attendance as services
from forums.models import Registration
from tests.concurrency import run_in_parallel
from tests.factories import UserFactory
from tests.forums.factories import EventFactory, RegistrationTypeFactory

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.concurrency,
]
S = Registration.Status


def _join(rtype, user, n):
    return lambda: services.register(
        registration_type=rtype,
        user=user,
        full_name=f"P{n}",
        email=f"p{n}@example.org",
        language="fr",
    )


def _holding(rtype) -> int:
    return Registration.objects.filter(
        registration_type=rtype, status__in=[S.CONFIRMED, S.OFFERED]
    ).count()


def test_parallel_joins_never_overfill_a_type():
    rtype = RegistrationTypeFactory(event=EventFactory(), capacity=3)
    users = [UserFactory() for _ in range(8)]
    outcomes = run_in_parallel([_join(rtype, u, n) for n, u in enumerate(users)])
    assert outcomes == ["ok"] * 8
    assert _holding(rtype) == 3
    assert Registration.objects.filter(registration_type=rtype, status=S.WAITING).count() == 5


def test_two_cancellations_and_three_joins_at_once_never_overfill():
    rtype = RegistrationTypeFactory(event=EventFactory(), capacity=3)
    users = [UserFactory() for _ in range(8)]
    regs = [_join(rtype, u, n)() for n, u in enumerate(users[:5])]
    assert [r.status for r in regs] == [S.CONFIRMED] * 3 + [S.WAITING] * 2
    calls = [
        lambda r=regs[0], u=users[0]: services.cancel(registration=r, user=u),
        lambda r=regs[1], u=users[1]: services.cancel(registration=r, user=u),
        *[_join(rtype, u, n) for n, u in enumerate(users[5:], start=5)],
    ]
    outcomes = run_in_parallel(calls)
    assert outcomes == ["ok"] * 5
    assert _holding(rtype) == 3
    # The two freed places went to the two who waited first, whatever the order.
    offered = set(
        Registration.objects.filter(registration_type=rtype, status=S.OFFERED).values_list(
            "email", flat=True
        )
    )
    assert offered == {"p3@example.org", "p4@example.org"}


def test_one_place_freed_twice_at_once_is_offered_exactly_once():
    # Idempotence of cancelling (the same registration three times at once);
    # the lock itself is proven by the two tests above, which fail without it.
    rtype = RegistrationTypeFactory(event=EventFactory(), capacity=1)
    users = [UserFactory() for _ in range(3)]
    regs = [_join(rtype, u, n)() for n, u in enumerate(users)]
    calls = [lambda: services.cancel(registration=regs[0], user=users[0]) for _ in range(3)]
    assert run_in_parallel(calls) == ["ok"] * 3
    statuses = list(
        Registration.objects.filter(registration_type=rtype)
        .order_by("pk")
        .values_list("status", flat=True)
    )
    assert statuses == [S.CANCELLED, S.OFFERED, S.WAITING]
    from foundation.mail.models import Email

    assert Email.objects.filter(template="forums-participation-offered").count() == 1


def test_a_badge_scanned_on_two_phones_at_once_checks_in_once():
    from forums.models import CheckIn
    from tests.factories import PartnerFactory

    event = EventFactory()
    partner = PartnerFactory()
    event.organisers.add(partner)
    from tests.factories import PartnerEditorFactory

    staff = [PartnerEditorFactory(partner=partner).user for _ in range(2)]
    registration = _join(RegistrationTypeFactory(event=event), UserFactory(), 1)()
    code = services.badge_code(registration)
    outcomes = run_in_parallel(
        [lambda u=u: services.check_in(event=event, user=u, code=code) for u in staff]
    )
    assert outcomes == ["ok", "ok"]
    assert CheckIn.objects.filter(registration=registration).count() == 1


def test_parallel_http_registrations_fill_one_place_and_queue_the_rest():
    from django.test import Client

    from tests.conftest import sign_in, verified

    event = EventFactory(slug="tight-forum")
    rtype = RegistrationTypeFactory(event=event, capacity=1)
    users = [verified(UserFactory(email=f"h{n}@example.org")) for n in range(4)]
    responses = []

    def post(user, n):
        client = Client()
        sign_in(client, user)
        responses.append(
            client.post(
                "/en/forums/tight-forum/participate/",
                {
                    "registration_type": rtype.pk,
                    "full_name": f"H{n}",
                    "email": user.email,
                    "language": "en",
                },
            ).status_code
        )

    run_in_parallel([lambda u=u, n=n: post(u, n) for n, u in enumerate(users)])
    assert responses == [302] * 4
    assert _holding(rtype) == 1
    assert Registration.objects.filter(registration_type=rtype, status=S.WAITING).count() == 3
