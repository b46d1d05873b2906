"""Two requests writing the same new address's preferences at once, against
PostgreSQL: one Subscriber row, and neither request fails."""

import time

import pytest
from django.db import transaction

from newsletter import services
from newsletter.models import Subscriber
from tests.concurrency import run_in_parallel

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.concurrency,
]


def test_two_unsubscriptions_of_a_new_address_at_once_make_one_row():
    def unsubscribe():
        with transaction.atomic():
            services.subscriber_unsubscribe(email="New@example.org")
            time.sleep(1)  # still uncommitted when the other request inserts

    assert run_in_parallel([unsubscribe, unsubscribe]) == ["ok", "ok"]
    stored = Subscriber.objects.get()
    assert stored.email == "new@example.org" and stored.unsubscribed_at is not None
