"""The outbox's drain beside another worker, against PostgreSQL: a row another
worker holds is skipped, never waited for (select_for_update(skip_locked=True))."""

import datetime
import threading
import time

import pytest
from django.core import mail
from django.db import connections, transaction

from foundation.mail import outbox
from foundation.mail.models import Email
from tests.concurrency import run_in_parallel

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.concurrency,
]

T0 = datetime.datetime(2026, 11, 30, 9, 0, tzinfo=datetime.UTC)
HOLD_SECONDS = 10


def _row(key, to):
    return Email.objects.create(
        key=key,
        to=to,
        template="newsletter-confirm",
        language="en",
        subject="Subject",
        body="Body\n",
        created_at=T0,
        next_attempt_at=T0,
    )


def test_a_row_another_worker_holds_is_skipped_not_waited_for():
    held = _row("held", "held@example.org")
    _row("free", "free@example.org")
    locked, release = threading.Event(), threading.Event()

    def other_worker():
        try:
            with transaction.atomic():
                Email.objects.select_for_update().get(pk=held.pk)
                locked.set()
                release.wait(HOLD_SECONDS)
        finally:
            connections.close_all()

    thread = threading.Thread(target=other_worker)
    thread.start()
    assert locked.wait(5)
    started = time.monotonic()
    try:
        sent = outbox.drain(now=T0)
        waited = time.monotonic() - started
    finally:
        release.set()
        thread.join()
    # Waiting for the lock would have taken the whole HOLD_SECONDS.
    assert waited < HOLD_SECONDS / 2
    assert sent == 1
    assert [m.to for m in mail.outbox] == [["free@example.org"]]
    assert Email.objects.get(key="held").status == Email.Status.PENDING
    # Once the other worker lets go, the row is sent by the next drain.
    assert outbox.drain(now=T0) == 1


def test_the_same_email_queued_by_two_transactions_at_once_is_queued_once():
    results = []

    def queue():
        with transaction.atomic():
            results.append(
                outbox.send("newsletter-confirm", to="r@example.org", language="en", key="k")
            )
            # Still uncommitted when the other transaction looks for the row.
            time.sleep(1)

    assert run_in_parallel([queue, queue]) == ["ok", "ok"]
    assert sorted(results) == [False, True]
    assert Email.objects.filter(key="k").count() == 1
