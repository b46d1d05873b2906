import threading
import time
from collections import Counter

import pytest
from django.core import mail
from django.utils import timezone

from newsletter import delivery, selectors, services
from newsletter.models import Delivery, Issue
from tests.factories import PartnerFactory
from tests.newsletter.factories import IssueFactory, SubscriberFactory, subscribed_contact
from tests.newsletter.smtp import RecordingHandler, start_server

pytestmark = pytest.mark.django_db


@pytest.fixture
def smtp_server(settings):
    handler = RecordingHandler(temporary_refusals=2)
    controller, port = start_server(handler)
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": port, "timeout": 10},
        }
    }
    settings.NEWSLETTER_RETRY_BASE_SECONDS = 30
    yield handler
    controller.stop()


def _approved_issue():
    issue = IssueFactory()
    Issue.objects.filter(pk=issue.pk).update(status=Issue.Status.SENDING)
    issue.refresh_from_db()
    return issue


def _drain_until_done(issue, rounds=10):
    for _ in range(rounds):
        result = delivery.deliveries_drain(issue_id=issue.pk)
        if result.finished:
            return result
        Delivery.objects.filter(issue=issue, status="pending").update(next_attempt_at=None)
    raise AssertionError("sending did not finish")


def test_recipients_are_deduplicated_case_insensitively_and_unsubscribed_left_out():
    partner = PartnerFactory()
    subscribed_contact(partner=partner, email="Ana@Example.org", preferred_language="es")
    subscribed_contact(email="ana@example.org", preferred_language="fr")
    subscribed_contact(email="gone@example.org")
    subscribed_contact(email="hidden@example.org", partner=PartnerFactory(published=False))
    subscribed_contact(email="nope@example.org", newsletter_opt_in=False)
    SubscriberFactory(email="gone@example.org", unsubscribed_at=timezone.now())
    SubscriberFactory(email="reader@example.net", language="fr")
    SubscriberFactory(email="unconfirmed@example.net", confirmed_at=None)
    SubscriberFactory(email="ana@example.org", language="en", subscribed_on_site=True)
    assert sorted(selectors.recipient_iter()) == [
        ("ana@example.org", "en"),
        ("reader@example.net", "fr"),
    ]


def test_sending_with_locmem_sends_one_message_per_address_in_its_language(
    django_capture_on_commit_callbacks,
):
    subscribed_contact(email="fr@example.org", preferred_language="fr")
    subscribed_contact(email="FR@example.org", preferred_language="fr")
    subscribed_contact(email="es@example.org", preferred_language="es")
    SubscriberFactory(email="en@example.net", language="en")
    issue = IssueFactory()
    with django_capture_on_commit_callbacks(execute=True):
        issue = services.issue_approve(issue=issue)
    assert sorted(message.to[0] for message in mail.outbox) == [
        "en@example.net",
        "es@example.org",
        "fr@example.org",
    ]
    by_address = {message.to[0]: message for message in mail.outbox}
    french = by_address["fr@example.org"]
    assert "janvier" in french.subject
    assert "Bienvenue dans la lettre de janvier." in french.body
    assert french.attachments[0].filename == "unesco-ngo-newsletter-2025-01-fr.pdf"
    assert french.extra_headers["List-Unsubscribe"].startswith(
        "<https://portal.example.org/fr/newsletters/unsubscribe/"
    )
    assert french.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "Bienvenidos" in by_address["es@example.org"].body
    issue.refresh_from_db()
    assert issue.status == Issue.Status.SENT
    assert issue.pdf_renders == 3


def test_rerunning_sends_only_what_is_not_sent():
    for index in range(4):
        subscribed_contact(email=f"person{index}@example.org")
    issue = _approved_issue()
    services.issue_prepare_sending(issue=issue)
    first = Delivery.objects.filter(issue=issue).order_by("pk").first()
    Delivery.objects.exclude(pk=first.pk).update(status="sent", sent_at=timezone.now())
    _drain_until_done(issue)
    services.issue_prepare_sending(issue=issue)
    _drain_until_done(issue)
    assert [message.to[0] for message in mail.outbox] == [first.email]
    assert Delivery.objects.filter(issue=issue).count() == 4


def test_address_unsubscribed_after_approval_is_skipped():
    subscribed_contact(email="leaves@example.org")
    subscribed_contact(email="stays@example.org")
    issue = _approved_issue()
    services.issue_prepare_sending(issue=issue)
    services.subscriber_unsubscribe(email="LEAVES@example.org")
    _drain_until_done(issue)
    assert [message.to[0] for message in mail.outbox] == ["stays@example.org"]
    assert Delivery.objects.get(email="leaves@example.org").status == Delivery.Status.SKIPPED


def test_smtp_temporary_refusals_are_retried_and_permanent_ones_recorded(smtp_server):
    for address in ("ok1@example.org", "temp-1@example.org", "perm-1@example.org", "ok2@x.org"):
        subscribed_contact(email=address)
    issue = _approved_issue()
    services.issue_prepare_sending(issue=issue)
    first = delivery.deliveries_drain(issue_id=issue.pk)
    assert not first.finished
    assert smtp_server.received_by() == {"ok1@example.org": 1, "ok2@x.org": 1}
    temp = Delivery.objects.get(email="temp-1@example.org")
    assert temp.status == "pending" and temp.attempts == 1 and "451" in temp.last_error
    assert temp.next_attempt_at is not None
    _drain_until_done(issue)
    assert smtp_server.received_by() == {
        "ok1@example.org": 1,
        "ok2@x.org": 1,
        "temp-1@example.org": 1,
    }
    temp.refresh_from_db()
    assert (temp.status, temp.attempts, temp.last_error) == ("sent", 3, "")
    assert temp.accepted_at is not None
    perm = Delivery.objects.get(email="perm-1@example.org")
    assert perm.status == "failed" and perm.attempts == 1
    assert perm.last_error.startswith("550") and "No such mailbox" in perm.last_error


def test_smtp_message_carries_headers_parts_and_pdf(smtp_server):
    subscribed_contact(email="reader@example.org", preferred_language="es")
    issue = _approved_issue()
    services.issue_prepare_sending(issue=issue)
    _drain_until_done(issue)
    (message,) = smtp_server.messages
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert message["List-Unsubscribe"].startswith(
        "<https://portal.example.org/es/newsletters/unsubscribe/"
    )
    assert message["Message-ID"].startswith("<newsletter.2025-01.")
    kinds = [part.get_content_type() for part in message.walk()]
    assert {"text/plain", "text/html", "application/pdf"} <= set(kinds)
    attachment = next(
        part for part in message.walk() if part.get_content_type() == "application/pdf"
    )
    assert attachment.get_filename() == "unesco-ngo-newsletter-2025-01-es.pdf"
    assert attachment.get_content().startswith(b"%PDF-")
    text = message.get_body(("plain",)).get_content()
    assert "Bienvenidos a la carta de enero." in text


def test_temporary_failures_give_up_after_the_maximum(smtp_server, settings):
    settings.NEWSLETTER_MAX_ATTEMPTS = 2
    subscribed_contact(email="temp-slow@example.org")
    issue = _approved_issue()
    services.issue_prepare_sending(issue=issue)
    _drain_until_done(issue)
    row = Delivery.objects.get()
    assert row.status == "failed" and row.attempts == 2 and "451" in row.last_error


def test_backoff_grows_exponentially_with_jitter(settings):
    settings.NEWSLETTER_RETRY_BASE_SECONDS = 60
    settings.NEWSLETTER_RETRY_CAP_SECONDS = 3600
    for attempts, low, high in [(1, 30, 60), (2, 60, 120), (3, 120, 240), (10, 1800, 3600)]:
        values = {delivery.backoff_seconds(attempts) for _ in range(20)}
        assert all(low <= value <= high for value in values)
        assert len(values) > 1


def test_connection_refused_is_temporary(settings):
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": 8049, "timeout": 2},
        }
    }
    subscribed_contact(email="someone@example.org")
    issue = _approved_issue()
    services.issue_prepare_sending(issue=issue)
    result = delivery.deliveries_drain(issue_id=issue.pk)
    row = Delivery.objects.get()
    assert row.status == "pending" and "connection" in row.last_error
    assert result.retry_in is not None and not result.finished


@pytest.mark.concurrency
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_claimed_row_is_skipped_by_other_workers():
    """SKIP LOCKED: while one worker holds a row, another neither waits nor takes it."""
    from django.db import transaction

    subscribed_contact(email="only@example.org")
    issue = _approved_issue()
    services.issue_prepare_sending(issue=issue)
    locked, release = threading.Event(), threading.Event()

    def other_worker():
        from django.db import connection as thread_connection

        with transaction.atomic():
            Delivery.objects.select_for_update().get(email="only@example.org")
            locked.set()
            release.wait(10)
        thread_connection.close()

    thread = threading.Thread(target=other_worker)
    thread.start()
    assert locked.wait(10)
    started = time.monotonic()
    assert delivery.deliver_next(issue=issue, sender=delivery.Sender()) is None
    assert time.monotonic() - started < 2
    release.set()
    thread.join()
    assert delivery.deliver_next(issue=issue, sender=delivery.Sender()) == "sent"
    assert [message.to[0] for message in mail.outbox] == ["only@example.org"]


@pytest.mark.concurrency
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_worker_path_merges_round_trips_and_keeps_every_outcome(smtp_server, monkeypatch):
    """Outside a transaction (as in a worker) a drain writes its own transactions
    (delivery._send_batch): refusals at RCPT and in answer to the final dot are
    recorded, the others sent once, and the next message is not held up."""

    def one_by_one(*args, **kwargs):
        raise AssertionError("a worker's drain sent a message one transaction at a time")

    monkeypatch.setattr(delivery, "_send_one", one_by_one)
    ok = [f"ok{index}@example.org" for index in range(6)]
    for address in [*ok, "temp-1@example.org", "perm-1@example.org", "late-1@example.org"]:
        subscribed_contact(email=address)
    issue = _approved_issue()
    services.issue_prepare_sending(issue=issue)
    first = delivery.deliveries_drain(issue_id=issue.pk)
    assert not first.finished and first.handled == 9
    assert smtp_server.received_by() == Counter(dict.fromkeys(ok, 1))
    rows = {row.email: row for row in Delivery.objects.filter(issue=issue)}
    for address in ("temp-1@example.org", "late-1@example.org"):
        assert rows[address].status == "pending" and rows[address].attempts == 1
        assert "451" in rows[address].last_error and rows[address].sent_at is None
    assert rows["perm-1@example.org"].status == "failed"
    assert all(rows[address].accepted_at is not None for address in ok)
    _drain_until_done(issue)
    assert smtp_server.received_by() == Counter(
        dict.fromkeys([*ok, "temp-1@example.org", "late-1@example.org"], 1)
    )
    late = Delivery.objects.get(email="late-1@example.org")
    assert (late.status, late.attempts, late.last_error) == ("sent", 3, "")
    # Nothing is left open on the connection.
    from django.db import connection

    assert connection.connection.pgconn.transaction_status == 0  # IDLE


@pytest.mark.concurrency
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_worker_path_stops_at_its_limit(smtp_server):
    addresses = [f"reader{index}@example.org" for index in range(4)]
    for address in addresses:
        subscribed_contact(email=address)
    issue = _approved_issue()
    services.issue_prepare_sending(issue=issue)
    result = delivery.deliveries_drain(issue_id=issue.pk, limit=2)
    assert (result.handled, result.more_now, result.finished) == (2, True, False)
    assert sum(smtp_server.received_by().values()) == 2
    assert Delivery.objects.filter(issue=issue, status="pending").count() == 2


@pytest.mark.concurrency
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_worker_cut_off_mid_batch_keeps_what_was_committed_and_leaves_nothing_open(
    smtp_server, monkeypatch
):
    """An unforeseen error while the database's answer is on its way (the SMTP
    connection drops as the server answers the dot): the message's COMMIT has
    gone, so it stays sent; the next one's claim, in flight with it, is rolled
    back and sent later; the connection is left idle for the worker's next task."""
    from django.db import connection

    for address in ("first@example.org", "second@example.org"):
        subscribed_contact(email=address)
    issue = _approved_issue()
    services.issue_prepare_sending(issue=issue)
    finish = delivery.Sender.finish

    def drops_once(sender):
        monkeypatch.setattr(delivery.Sender, "finish", finish)
        raise ConnectionResetError("the SMTP server went away")

    monkeypatch.setattr(delivery.Sender, "finish", drops_once)
    with pytest.raises(ConnectionResetError):
        delivery.deliveries_drain(issue_id=issue.pk)

    assert connection.connection.pgconn.transaction_status == 0  # IDLE
    statuses = dict(Delivery.objects.filter(issue=issue).values_list("email", "status"))
    assert statuses == {"first@example.org": "sent", "second@example.org": "pending"}
    _drain_until_done(issue)
    assert smtp_server.received_by() == {"first@example.org": 1, "second@example.org": 1}


def _other_connection():
    """A connection of its own, as another worker or the Secretariat's page has."""
    import psycopg
    from django.db import connection

    settings = connection.settings_dict
    url = (
        f"postgresql://{settings['USER']}@{settings['HOST']}:{settings['PORT']}/{settings['NAME']}"
    )
    return psycopg.connect(url, autocommit=True)


@pytest.mark.concurrency
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_workers_claim_stays_its_own_until_the_final_dot(smtp_server, monkeypatch):
    """Until the message's final dot the mark "sent" is not committed: a worker
    that dies while talking to the server leaves the row pending, to be sent
    later (the module docstring's exactly-once argument)."""
    for address in ("first@example.org", "second@example.org"):
        subscribed_contact(email=address)
    issue = _approved_issue()
    services.issue_prepare_sending(issue=issue)
    seen_by_others = {}
    begin = delivery.Sender.begin

    def look_from_elsewhere(sender, message):
        with _other_connection() as other:
            (status,) = other.execute(
                "SELECT status FROM newsletter_delivery WHERE email = %s", message.to
            ).fetchone()
        seen_by_others[message.to[0]] = status
        begin(sender, message)

    monkeypatch.setattr(delivery.Sender, "begin", look_from_elsewhere)
    delivery.deliveries_drain(issue_id=issue.pk)

    assert seen_by_others == {"first@example.org": "pending", "second@example.org": "pending"}
    assert set(Delivery.objects.values_list("status", flat=True)) == {"sent"}


@pytest.mark.concurrency
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_row_that_cannot_be_claimed_mid_batch_is_passed_over(smtp_server, monkeypatch):
    """The next message's claim goes out with the previous COMMIT; when it finds
    its row no longer pending (the address unsubscribed meanwhile, say), the
    worker claims the one after in the transaction already open."""
    addresses = ["first@example.org", "second@example.org", "third@example.org"]
    for address in addresses:
        subscribed_contact(email=address)
    issue = _approved_issue()
    services.issue_prepare_sending(issue=issue)
    begin = delivery.Sender.begin

    def second_leaves_meanwhile(sender, message):
        if message.to == ["first@example.org"]:
            with _other_connection() as other:
                other.execute(
                    "UPDATE newsletter_delivery SET status = 'skipped' WHERE email = %s",
                    ["second@example.org"],
                )
        begin(sender, message)

    monkeypatch.setattr(delivery.Sender, "begin", second_leaves_meanwhile)
    delivery.deliveries_drain(issue_id=issue.pk)

    statuses = dict(Delivery.objects.values_list("email", "status"))
    assert statuses == {
        "first@example.org": "sent",
        "second@example.org": "skipped",
        "third@example.org": "sent",
    }
    assert smtp_server.received_by() == {"first@example.org": 1, "third@example.org": 1}
    from django.db import connection

    assert connection.connection.pgconn.transaction_status == 0  # IDLE


@pytest.mark.concurrency
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_tidying_up_after_an_error_never_raises_even_when_the_database_is_gone():
    """The worker's error handler reads what is in flight and rolls back: when the
    database connection is gone too, that fails quietly, so the error the worker
    reports is the one that stopped it, not one from tidying up."""
    from django.db import connection

    wire = delivery._Wire()
    wire.send(wire.statement(("BEGIN", None), ("SELECT pg_sleep(5)", None)))
    with _other_connection() as other:
        other.execute("SELECT pg_terminate_backend(%s)", [connection.connection.info.backend_pid])
    try:
        wire.abandon()
    finally:
        connection.close()
    assert Delivery.objects.count() == 0  # a new connection works


@pytest.mark.concurrency
def test_a_statement_without_parameters_goes_out_as_written(db):
    wire = delivery._Wire()
    assert wire.statement(("COMMIT", None), ("SELECT %s", ["it's"])) == b"COMMIT; SELECT 'it''s'"


def test_message_refused_after_the_dot_is_retried(smtp_server):
    subscribed_contact(email="late-2@example.org")
    issue = _approved_issue()
    services.issue_prepare_sending(issue=issue)
    delivery.deliveries_drain(issue_id=issue.pk)
    row = Delivery.objects.get()
    assert (row.status, row.attempts, row.sent_at) == ("pending", 1, None)
    assert row.last_error.startswith("451")
    _drain_until_done(issue)
    assert smtp_server.received_by() == {"late-2@example.org": 1}
