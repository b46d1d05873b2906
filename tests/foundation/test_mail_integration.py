"""The outbox with a real Celery worker, real Redis and a real SMTP server.

Run with `pytest -m integration` and REDIS_URL set to a Redis database this
test may flush (it plays a Redis restart that loses the queued task).
"""

import datetime
import os
import time

import pytest
import redis
from django.conf import settings
from django.utils import timezone

from foundation.mail.models import Email
from foundation.mail.tasks import sweep_outbox
from partners import services
from tests.factories import PartnerFactory
from tests.foundation.smtp import smtp_server
from tests.newsletter.worker import Worker

pytestmark = [
    pytest.mark.integration,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def redis_url():
    url = os.environ.get("REDIS_URL")
    if not url:
        pytest.fail("REDIS_URL is not set: this test needs a real Redis for a real worker.")
    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        pytest.fail("This test needs DATABASE_URL to point to PostgreSQL.")
    return url


def _wait_for(condition, *, timeout: float, worker: Worker):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    pytest.fail(f"Timed out. Worker log:\n{worker.log()}")


def test_an_invitation_whose_task_was_lost_with_redis_is_sent_once_by_the_sweep(redis_url):
    handler, controller = smtp_server(refusals=0)
    broker = redis.Redis.from_url(redis_url)
    worker = Worker(
        redis_url=redis_url,
        database=settings.DATABASES["default"],
        smtp_port=handler.port,
        concurrency=1,
    )
    # The default queue, where the commit of the invitation queues its task.
    worker.queue = worker.env["NEWSLETTER_TEST_QUEUE"] = "celery"
    try:
        broker.flushdb()
        services.invitation_create(partner=PartnerFactory(), email="awa@example.org", language="fr")
        row = Email.objects.get()
        assert row.status == Email.Status.PENDING
        assert broker.llen("celery") == 1  # the drain task, queued at commit

        broker.flushdb()  # Redis restarted without its data: the task is gone
        # The sweep takes rows older than a minute.
        Email.objects.filter(pk=row.pk).update(
            created_at=timezone.now() - datetime.timedelta(minutes=2)
        )
        worker.start()
        sweep_outbox.delay()
        _wait_for(lambda: len(handler.messages) == 1, timeout=60, worker=worker)
        # A second sweep (the next minute's) finds nothing to send.
        sweep_outbox.delay()
        _wait_for(lambda: broker.llen("celery") == 0, timeout=30, worker=worker)
        time.sleep(2)
        assert [m["To"] for m in handler.messages] == ["awa@example.org"]
        row.refresh_from_db()
        assert (row.status, row.attempts) == (Email.Status.SENT, 1)
    finally:
        worker.stop()
        broker.flushdb()
        broker.close()
        controller.stop()
