"""End-to-end sending with a real Celery worker process, real Redis and a real SMTP server.

Run with `pytest -m integration`. REDIS_URL must be set: without it these
tests fail rather than pass vacuously.
"""

import json
import os
import re
import time
from collections import Counter

import pytest
from django.conf import settings
from django.utils import timezone

from newsletter import tasks, tokens
from newsletter.models import Delivery, Issue, Subscriber
from tests.factories import PartnerFactory
from tests.newsletter import worker_trace
from tests.newsletter.factories import IssueFactory, SubscriberFactory, subscribed_contact
from tests.newsletter.smtp import RecordingHandler, start_server
from tests.newsletter.worker import Worker

pytestmark = [
    pytest.mark.integration,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

SUBJECT_WORD = {"fr": "janvier", "en": "January", "es": "enero"}


@pytest.fixture
def redis_url():
    url = os.environ.get("REDIS_URL")
    if not url:
        pytest.fail(
            "REDIS_URL is not set. The newsletter integration tests need a real Redis "
            "(e.g. REDIS_URL=redis://127.0.0.1:6379/4) to run a real Celery worker."
        )
    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        pytest.fail("The newsletter integration tests need DATABASE_URL to point to PostgreSQL.")
    return url


@pytest.fixture
def smtp():
    handler = RecordingHandler(temporary_refusals=2)
    controller, port = start_server(handler)
    handler.port = port
    yield handler
    controller.stop()


@pytest.fixture
def worker_factory(redis_url, smtp):
    workers = []

    def make(**kwargs):
        worker = Worker(
            redis_url=redis_url,
            database=settings.DATABASES["default"],
            smtp_port=smtp.port,
            **kwargs,
        )
        if workers:  # a restart: same queue, same Redis, same database
            worker.queue = workers[0].queue
            worker.env["NEWSLETTER_TEST_QUEUE"] = worker.queue
        workers.append(worker)
        return worker

    yield make
    for worker in workers:
        worker.stop()
    for worker in workers:
        worker.purge(redis_url)


def _approve_and_queue(issue: Issue, worker: Worker) -> None:
    Issue.objects.filter(pk=issue.pk).update(
        status=Issue.Status.SENDING, approved_at=timezone.now()
    )
    tasks.send_issue.apply_async((issue.pk,), queue=worker.queue)


def _wait_until_sent(issue: Issue, worker: Worker, *, timeout: float = 180) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        issue.refresh_from_db()
        if issue.status == Issue.Status.SENT:
            return
        time.sleep(0.25)
    counts = Counter(Delivery.objects.filter(issue=issue).values_list("status", flat=True))
    pytest.fail(f"Sending did not finish: {dict(counts)}\n--- worker log ---\n{worker.log()}")


def test_every_subscriber_receives_one_message_in_their_language(smtp, worker_factory, client):
    partner = PartnerFactory(name_en="Literacy Alliance", since=timezone.localdate().replace(day=1))
    expected = {}
    for index, language in enumerate(["fr", "en", "es"] * 4):
        address = f"contact{index}@example.org"
        subscribed_contact(partner=partner, email=address, preferred_language=language)
        expected[address] = language
    # The same person on two partners' contact lists, in different case.
    subscribed_contact(email="CONTACT0@Example.org", preferred_language="es")
    SubscriberFactory(email="visitor@example.net", language="es")
    expected["visitor@example.net"] = "es"
    SubscriberFactory(email="unconfirmed@example.net", confirmed_at=None)
    SubscriberFactory(email="contact1@example.org", language="en", unsubscribed_at=timezone.now())
    del expected["contact1@example.org"]
    issue = IssueFactory()
    worker = worker_factory().start()
    _approve_and_queue(issue, worker)
    _wait_until_sent(issue, worker)
    _wait_until_settled(smtp, issue)

    assert smtp.received_by() == Counter(dict.fromkeys(expected, 1))
    for message in smtp.messages:
        address = str(message["To"]).lower()
        language = expected[address]
        assert SUBJECT_WORD[language] in message["Subject"]
        assert message["Content-Language"] == language
        assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        link = re.fullmatch(
            r"<(https://portal\.example\.org/(\w\w)/newsletters/unsubscribe/([^/]+)/)>",
            message["List-Unsubscribe"],
        )
        assert link and link[2] == language
        assert tokens.read_token(link[3], salt=tokens.UNSUBSCRIBE_SALT) == address
        (attachment,) = [p for p in message.walk() if p.get_content_type() == "application/pdf"]
        assert attachment.get_filename() == f"unesco-ngo-newsletter-2025-01-{language}.pdf"
        assert attachment.get_content().startswith(b"%PDF-")
        assert message.get_body(("plain",)) is not None and message.get_body(("html",)) is not None
    issue.refresh_from_db()
    assert issue.pdf_renders == 3

    # The one-click link works as a mail provider calls it: POST, no session, no CSRF token.
    message = smtp.messages[0]
    url = message["List-Unsubscribe"].strip("<>").removeprefix("https://portal.example.org")
    response = client.post(url, {"List-Unsubscribe": "One-Click"}, secure=True)
    assert response.status_code == 200
    subscriber = Subscriber.objects.get(email=str(message["To"]).lower())
    assert subscriber.unsubscribed_at is not None


def _wait_until_settled(smtp, issue: Issue, *, timeout: float = 30, quiet: float = 0.5) -> None:
    """Wait until the server has accepted what the database says was sent, and nothing more comes.

    A row is committed as sent before the worker reads the server's answer to
    its final dot (see newsletter/delivery.py), and the test server
    takes 10 ms per message: when the issue is marked sent, the last messages
    can still be on their way. Counting at that instant undercounts.
    """
    sent = set(
        Delivery.objects.filter(issue=issue, status=Delivery.Status.SENT).values_list(
            "email", flat=True
        )
    )
    deadline = time.monotonic() + timeout
    last_count, last_change = -1, time.monotonic()
    while time.monotonic() < deadline:
        count = len(smtp.messages)
        if count != last_count:
            last_count, last_change = count, time.monotonic()
        elif sent <= set(smtp.received_by()) and time.monotonic() - last_change >= quiet:
            return
        time.sleep(0.05)


def _timeline(smtp, trace_path, addresses) -> dict[str, list[tuple[float, str]]]:
    """Worker and server events for each address, in time order."""
    events = [*worker_trace.read(trace_path), *list(smtp.events)]
    return {
        address: sorted((at, event) for at, event, to in events if to == address)
        for address in sorted(addresses)
    }


def test_worker_killed_mid_sending_every_address_gets_exactly_one(smtp, worker_factory, tmp_path):
    total = 500
    smtp.delay = 0.01
    trace_path = tmp_path / "worker-trace.jsonl"
    trace_env = {"NEWSLETTER_TRACE_FILE": str(trace_path)}
    partner = PartnerFactory()
    for index in range(total):
        subscribed_contact(
            partner=partner,
            email=f"member{index:03d}@example.org",
            preferred_language=["fr", "en", "es"][index % 3],
        )
    issue = IssueFactory()
    first = worker_factory(extra_env=trace_env).start()
    _approve_and_queue(issue, first)
    deadline = time.monotonic() + 120
    while len(smtp.messages) < 120 and time.monotonic() < deadline:
        time.sleep(0.02)
    first.kill()
    received_before_restart = len(smtp.messages)
    assert 0 < received_before_restart < total, first.log()

    second = worker_factory(extra_env=trace_env).start()
    _wait_until_sent(issue, second)
    counted_at, at_once = time.time(), smtp.received_by()
    _wait_until_settled(smtp, issue)
    counts = smtp.received_by()
    wrong = {a: n for a, n in counts.items() if n != 1}
    missing = {f"member{index:03d}@example.org" for index in range(total)} - set(counts)
    late = set(counts) - set(at_once)
    if report := os.environ.get("NEWSLETTER_CRASH_REPORT"):
        issue.refresh_from_db()
        marked_sent_at = issue.sent_at.timestamp()
        # Messages the server accepted after the issue was marked sent: a count
        # taken at that instant could not have seen them.
        after_marked_sent = sorted(
            (round(at - marked_sent_at, 4), to)
            for at, event, to in list(smtp.events)
            if event == "accepted" and at > marked_sent_at
        )
        with open(report, "a", encoding="utf-8") as lines:  # bench/crash_loop.py reads it
            summary = {
                "at_once": len(at_once),
                "settled": len(counts),
                "counted_at": counted_at,
                "marked_sent_at": marked_sent_at,
                "accepted_after_marked_sent": after_marked_sent,
                "timeline_after_marked_sent": _timeline(
                    smtp, trace_path, {to for _delay, to in after_marked_sent}
                ),
                "late": _timeline(smtp, trace_path, late),
                "wrong": wrong,
                "missing": sorted(missing),
            }
            lines.write(json.dumps(summary) + "\n")
    timeline = _timeline(smtp, trace_path, missing | set(wrong))
    assert not missing, (counted_at, timeline)
    assert not wrong, timeline
    assert Delivery.objects.filter(issue=issue, status=Delivery.Status.SENT).count() == total


def test_temporary_refusals_retried_permanent_recorded_others_not_held_up(smtp, worker_factory):
    partner = PartnerFactory()
    ok = [f"ok{index}@example.org" for index in range(10)]
    temporary = [f"temp-{index}@example.org" for index in range(3)]
    permanent = [f"perm-{index}@example.org" for index in range(2)]
    for address in ok + temporary + permanent:
        subscribed_contact(partner=partner, email=address)
    issue = IssueFactory()
    worker = worker_factory().start()
    _approve_and_queue(issue, worker)
    _wait_until_sent(issue, worker)
    _wait_until_settled(smtp, issue)

    assert smtp.received_by() == Counter(dict.fromkeys(ok + temporary, 1))
    rows = {row.email: row for row in Delivery.objects.filter(issue=issue)}
    for address in temporary:
        assert (rows[address].status, rows[address].attempts) == ("sent", 3)
    for address in permanent:
        assert rows[address].status == "failed"
        assert (
            rows[address].last_error.startswith("550")
            and "No such mailbox" in rows[address].last_error
        )
    for address in ok:
        assert (rows[address].status, rows[address].attempts) == ("sent", 1)
    # The refused ones did not hold the others back.
    order = [str(message["To"]).lower() for message in smtp.messages]
    assert max(order.index(address) for address in ok) < min(order.index(a) for a in temporary)
