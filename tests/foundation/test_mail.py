"""foundation.mail.outbox: written with the change, sent after commit, once, retried if useful."""

import datetime
import smtplib
import socket

import pytest
from django.conf import settings
from django.core import mail
from django.db import transaction
from django.utils import timezone

from foundation.email_config import smtp_mailer
from foundation.mail import outbox
from foundation.mail.models import Email
from partners import services
from tests.factories import PartnerFactory
from tests.foundation.smtp import smtp_server

pytestmark = pytest.mark.django_db

CONTEXT = {"confirm_url": "https://portal.example.org/confirm/x/", "site_url": ""}


def _queue(key="test:1", to="reader@example.org", language="en"):
    return outbox.send(
        "newsletter-confirm", to=to, language=language, key=key, context=CONTEXT, prefix=False
    )


@pytest.fixture
def smtp(settings):
    handler, controller = smtp_server(refusals=1)
    settings.MAILERS = {"default": smtp_mailer(host="127.0.0.1", port=handler.port, timeout=5)}
    yield handler
    controller.stop()


def test_it_sends_at_commit_in_the_recipients_language(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        assert _queue(language="fr") is True
        assert mail.outbox == []  # not before the commit
    [message] = mail.outbox
    assert message.to == ["reader@example.org"]
    assert message.subject == "Confirmez votre abonnement à la lettre d'information ONG–UNESCO"
    assert "https://portal.example.org/confirm/x/" in message.body
    assert Email.objects.get().status == Email.Status.SENT


def test_a_rolled_back_change_sends_nothing(django_capture_on_commit_callbacks):
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        _queue()
        raise RuntimeError
    assert mail.outbox == []
    assert not Email.objects.exists()


def test_the_same_key_twice_sends_once(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        assert _queue(to="Reader@Example.org") is True
        assert _queue(to="reader@example.org") is False
    with django_capture_on_commit_callbacks(execute=True):
        assert _queue() is False
    assert outbox.sweep(now=timezone.now() + datetime.timedelta(hours=1)) == 0
    assert len(mail.outbox) == 1
    # Another key is another email.
    with django_capture_on_commit_callbacks(execute=True):
        assert _queue(key="test:2") is True
    assert len(mail.outbox) == 2


def test_an_editor_invitation_refused_with_421_is_delivered_once_on_retry(
    client, smtp, django_capture_on_commit_callbacks
):
    partner = PartnerFactory()
    with django_capture_on_commit_callbacks(execute=True):
        services.invitation_create(partner=partner, email="awa@example.org", language="fr")
    row = Email.objects.get()
    assert smtp.refused == 1 and smtp.messages == []
    assert (row.status, row.attempts) == (Email.Status.PENDING, 1)
    assert "421" in row.last_error
    assert row.next_attempt_at > timezone.now()

    assert outbox.sweep() == 0  # not due yet
    due = row.next_attempt_at + datetime.timedelta(seconds=1)
    assert outbox.sweep(now=due) == 1
    assert outbox.sweep(now=due + datetime.timedelta(hours=2)) == 0

    [message] = smtp.messages
    assert message["To"] == "awa@example.org"
    # The subject tag and the sender's name are in the recipient's language.
    assert message["Subject"].startswith("[ONG–UNESCO] ")
    assert message["From"].startswith("Partenariat ONG–UNESCO <")
    assert partner.name_fr in message["Subject"]
    link = next(line for line in message.get_content().splitlines() if "/join/" in line)
    response = client.get(link.split(settings.SITE_URL, 1)[-1].strip())
    assert response.status_code == 200
    assert Email.objects.get().status == Email.Status.SENT


def test_a_permanent_refusal_is_not_retried(settings, django_capture_on_commit_callbacks):
    handler, controller = smtp_server(refusals=0)
    settings.MAILERS = {"default": smtp_mailer(host="127.0.0.1", port=handler.port, timeout=5)}
    try:
        with django_capture_on_commit_callbacks(execute=True):
            _queue(to="perm-nobody@example.org")
        row = Email.objects.get()
        assert (row.status, row.attempts) == (Email.Status.FAILED, 1)
        assert "550" in row.last_error
        assert outbox.sweep(now=timezone.now() + datetime.timedelta(days=1)) == 0
        assert handler.messages == []
    finally:
        controller.stop()


def test_a_server_that_is_down_is_retried_with_growing_delays(settings):
    with socket_closed() as port:
        settings.MAILERS = {"default": smtp_mailer(host="127.0.0.1", port=port, timeout=2)}
        _queue()
        now = timezone.now()
        delays = []
        for _attempt in range(3):
            outbox.drain(now=now)
            row = Email.objects.get()
            delays.append(row.next_attempt_at - now)
            now = row.next_attempt_at
    assert row.status == Email.Status.PENDING and row.attempts == 3
    assert [d.total_seconds() for d in delays] == [60, 120, 240]


def test_after_the_last_attempt_the_email_is_marked_failed(settings):
    settings.MAIL_MAX_ATTEMPTS = 2
    with socket_closed() as port:
        settings.MAILERS = {"default": smtp_mailer(host="127.0.0.1", port=port, timeout=2)}
        _queue()
        outbox.drain()
        outbox.drain(now=timezone.now() + datetime.timedelta(hours=1))
    row = Email.objects.get()
    assert (row.status, row.attempts) == (Email.Status.FAILED, 2)


@pytest.mark.parametrize(
    ("error", "transient"),
    [
        (smtplib.SMTPServerDisconnected("gone"), True),
        (smtplib.SMTPConnectError(421, b"busy"), True),
        (smtplib.SMTPResponseException(451, b"greylisted"), True),
        (smtplib.SMTPSenderRefused(452, b"full", "a@example.org"), True),
        (smtplib.SMTPRecipientsRefused({"a@example.org": (450, b"later")}), True),
        (TimeoutError(), True),
        (ConnectionRefusedError(), True),
        (smtplib.SMTPResponseException(554, b"rejected"), False),
        (smtplib.SMTPRecipientsRefused({"a@example.org": (550, b"no such user")}), False),
        (smtplib.SMTPDataError(552, b"too big"), False),
        (smtplib.SMTPNotSupportedError(), False),
        (ValueError("a bug"), False),
    ],
)
def test_transient_and_permanent_errors(error, transient):
    assert outbox.is_transient(error) is transient


def test_a_cancelled_email_is_not_sent(django_capture_on_commit_callbacks):
    with transaction.atomic():
        _queue()
        assert outbox.cancel(key="test:1") == 1
    assert outbox.sweep(now=timezone.now() + datetime.timedelta(minutes=5)) == 0
    assert mail.outbox == []


def test_the_sweep_runs_every_minute_on_beat():
    entry = settings.CELERY_BEAT_SCHEDULE["mail-sweep-outbox"]
    assert entry["task"] == "foundation.mail.tasks.sweep_outbox"
    assert entry["schedule"] == 60.0


def test_the_sweep_leaves_fresh_rows_to_their_own_task():
    _queue()  # no commit callback ran: as if its task were lost
    assert outbox.sweep() == 0
    assert outbox.sweep(now=timezone.now() + outbox.SWEEP_MIN_AGE) == 1
    assert len(mail.outbox) == 1


class socket_closed:
    """A port on 127.0.0.1 where nothing listens: connecting is refused."""

    def __enter__(self) -> int:
        probe = socket.socket()
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
        probe.close()
        return port

    def __exit__(self, *exc):
        return False


@pytest.mark.parametrize(
    ("language", "name", "tag"),
    [
        ("fr", "Partenariat ONG–UNESCO", "[ONG–UNESCO] "),
        ("en", "NGO–UNESCO partnership", "[NGO–UNESCO] "),
        ("es", "Asociación ONG–UNESCO", "[ONG–UNESCO] "),
    ],
)
def test_sender_name_and_subject_tag_are_in_the_recipients_language(settings, language, name, tag):
    settings.DEFAULT_FROM_EMAIL = "UNESCO NGO partnership <ngo@unesco.example>"
    assert outbox.sender(language) == f"{name} <ngo@unesco.example>"
    assert outbox.subject_prefix(language) == tag


def test_queued_email_goes_out_under_the_name_in_its_language(
    settings, django_capture_on_commit_callbacks
):
    settings.DEFAULT_FROM_EMAIL = "ngo@unesco.example"
    with django_capture_on_commit_callbacks(execute=True):
        outbox.send(
            "newsletter-confirm", to="r@example.org", language="es", key="k", context=CONTEXT
        )
    [message] = mail.outbox
    # The From header; the envelope sender is the email's own return path (bounces).
    assert message.extra_headers["From"] == "Asociación ONG–UNESCO <ngo@unesco.example>"
    assert message.from_email.startswith("bounces+m") and message.from_email.endswith(
        "@unesco.example"
    )
    assert message.subject.startswith("[ONG–UNESCO] ")
