"""Sending an issue: one delivery row per address, exactly one message each.

How a message goes out (deliver_next):

1. In one database transaction, claim the next pending row with
   SELECT … FOR UPDATE SKIP LOCKED. The row lock is the "sending" mark: no
   other worker can take the row while it is held, and the database drops it
   by itself when a worker dies, so no lease or timeout is needed.
2. Still inside that transaction, talk SMTP up to the end of the message
   body: MAIL FROM, RCPT TO, DATA, the whole message, but NOT the final
   "<CRLF>.<CRLF>". A server accepts nothing before that final dot.
3. Mark the row sent, write the final dot (without waiting for the
   answer), and COMMIT.
4. Read the server's answer; a refusal updates the row afterwards.

A crash before the dot leaves the row pending and unlocked, and the server
drops the unfinished message: the row is sent again later, once. A crash
after the COMMIT has the row marked sent and the dot already handed to the
kernel (which still transmits it after the process dies): the server
accepts the message once. What remains is the instant between writing the
dot and writing the COMMIT, a few Python statements with no I/O wait: a
crash exactly there could send that one message twice. An earlier order
(COMMIT, then the dot) left a whole COMMIT round trip in which a crash lost
a message; the SIGKILL integration test caught it once (499/500).

Why not the alternatives: committing "sending" before SMTP and "sent"
after leaves rows whose fate is unknown after a crash (resend = doubles,
skip = loses); counting on the server to drop duplicate Message-IDs is not
something SMTP servers promise.

Answers the server gives at any step decide the row's fate: 4xx (and a lost
connection) are temporary, retried with exponential backoff and jitter
up to NEWSLETTER_MAX_ATTEMPTS; 5xx are permanent, recorded with the reason.
"""

import datetime
import email.policy
import logging
import random
import smtplib
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, mailers
from django.core.mail.backends.smtp import EmailBackend as SMTPBackend
from django.db import transaction
from django.db.models import Min, Q
from django.urls import reverse
from django.utils import timezone, translation

from foundation.mail.outbox import sender
from foundation.validators import single_line
from newsletter import tokens
from newsletter.models import Delivery, Issue, IssueRendition
from newsletter.selectors import address_is_unsubscribed
from newsletter.services import (
    PREFERENCES_PLACEHOLDER,
    UNSUBSCRIBE_PLACEHOLDER,
    issue_finish_if_done,
    issue_rendition,
    pdf_filename,
)

logger = logging.getLogger(__name__)


def retry_base_seconds() -> float:
    return float(getattr(settings, "NEWSLETTER_RETRY_BASE_SECONDS", 60))


def retry_cap_seconds() -> float:
    # Below the broker's visibility timeout, so that a waiting retry is never
    # redelivered as if its worker had died.
    return float(getattr(settings, "NEWSLETTER_RETRY_CAP_SECONDS", 3600))


def max_attempts() -> int:
    return int(getattr(settings, "NEWSLETTER_MAX_ATTEMPTS", 8))


def backoff_seconds(attempts: int) -> float:
    """Exponential backoff with jitter: between half and all of base × 2^(n−1), capped."""
    delay = min(retry_cap_seconds(), retry_base_seconds() * 2 ** max(0, attempts - 1))
    return random.uniform(delay / 2, delay)  # noqa: S311 - jitter, not cryptography


class TemporaryFailure(Exception):
    pass


class PermanentFailure(Exception):
    pass


def _failure(code: int, text) -> Exception:
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    reason = f"{code} {text}".strip()[:1000]
    return PermanentFailure(reason) if 500 <= code < 600 else TemporaryFailure(reason)


class Sender:
    """One connection to the configured mailer, reused for a run of messages.

    With an SMTP mailer the message is sent in two steps (begin, finish)
    around the commit; other backends (console, locmem in tests) send whole
    in finish().
    """

    def __init__(self):
        self.backend = mailers.default
        self.smtp = isinstance(self.backend, SMTPBackend)
        self._pending_message = None

    def _connection(self) -> smtplib.SMTP:
        if self.backend.connection is None:
            try:
                self.backend.open()
            except smtplib.SMTPResponseException as error:
                self.close()
                raise _failure(error.smtp_code, error.smtp_error) from error
            except (OSError, smtplib.SMTPException) as error:
                self.close()
                raise TemporaryFailure(f"connection: {error}") from error
        return self.backend.connection

    def close(self):
        try:
            self.backend.close()
        except (OSError, smtplib.SMTPException):
            self.backend.connection = None

    def begin(self, message: EmailMultiAlternatives) -> None:
        """Everything up to the final dot of DATA (SMTP); nothing for other backends."""
        self._pending_message = message
        if not self.smtp:
            return
        connection = self._connection()
        sender = self.backend.prep_address(message.from_email)
        recipients = [self.backend.prep_address(address) for address in message.recipients()]
        body = message.message(policy=email.policy.SMTP).as_bytes()
        try:
            connection.ehlo_or_helo_if_needed()
            code, text = connection.mail(sender)
            if code != 250:
                self._reset(code)
                raise _failure(code, text)
            for recipient in recipients:
                code, text = connection.rcpt(recipient)
                if code not in (250, 251):
                    self._reset(code)
                    raise _failure(code, text)
            connection.putcmd("data")
            code, text = connection.getreply()
            if code != 354:
                self._reset(code)
                raise _failure(code, text)
            data = smtplib._quote_periods(body)
            if not data.endswith(b"\r\n"):
                data += b"\r\n"
            connection.send(data)
        except (OSError, smtplib.SMTPServerDisconnected) as error:
            self.close()
            raise TemporaryFailure(f"connection: {error}") from error

    def send_final_dot(self) -> None:
        """Write the final dot of DATA without waiting for the answer (SMTP only).

        Called just before the commit that marks the row sent: the only crash
        window left is between this write and the COMMIT's write, a few
        instructions, instead of a whole COMMIT round trip.
        """
        if not self.smtp:
            return
        try:
            self.backend.connection.send(b".\r\n")
        except (OSError, smtplib.SMTPServerDisconnected) as error:
            self.close()
            raise TemporaryFailure(
                f"connection lost before the end of the message: {error}"
            ) from error
        self._dot_sent = True

    def finish(self) -> None:
        """The server's answer to the final dot (SMTP), or the whole send (others)."""
        message, self._pending_message = self._pending_message, None
        if not self.smtp:
            self.backend.send_messages([message])
            return
        connection = self.backend.connection
        try:
            if not getattr(self, "_dot_sent", False):
                connection.send(b".\r\n")
            self._dot_sent = False
            code, text = connection.getreply()
        except (OSError, smtplib.SMTPServerDisconnected) as error:
            self.close()
            raise TemporaryFailure(f"connection lost after the message: {error}") from error
        if code != 250:
            if code == 421:
                self.close()
            raise _failure(code, text)

    def _reset(self, code: int) -> None:
        if code == 421:
            self.close()
            return
        try:
            self.backend.connection.rset()
        except (OSError, smtplib.SMTPException):
            self.close()


@dataclass
class Rendered:
    subject: str
    text: str
    html: str
    pdf: bytes
    pdf_name: str


# Per worker process: the three renditions of the issue being sent, read once
# from storage and shared by every message in that language.
_rendered_cache: dict[int, Rendered] = {}


def rendered_for(*, issue: Issue, language: str) -> Rendered:
    rendition = IssueRendition.objects.filter(issue=issue, language=language).first()
    if rendition is None:
        rendition = issue_rendition(issue=issue, language=language)
    cached = _rendered_cache.get(rendition.pk)
    if cached is None:
        with rendition.pdf.open("rb") as handle:
            document = handle.read()
        cached = Rendered(
            subject=single_line(rendition.email_subject),
            text=rendition.email_text,
            html=rendition.email_html,
            pdf=document,
            pdf_name=pdf_filename(issue, language),
        )
        if len(_rendered_cache) > 12:
            _rendered_cache.clear()
        _rendered_cache[rendition.pk] = cached
    return cached


def personal_links(*, email: str, language: str) -> tuple[str, str]:
    """The recipient's signed one-click unsubscribe and preferences links."""
    with translation.override(language):
        unsubscribe = settings.SITE_URL + reverse(
            "newsletter:unsubscribe",
            kwargs={"token": tokens.make_token(email, salt=tokens.UNSUBSCRIBE_SALT)},
        )
        preferences = settings.SITE_URL + reverse(
            "newsletter:preferences",
            kwargs={"token": tokens.make_token(email, salt=tokens.PREFERENCES_SALT)},
        )
    return unsubscribe, preferences


def message_id_for(delivery: Delivery) -> str:
    domain = urlsplit(settings.SITE_URL).hostname or "localhost"
    return f"<newsletter.{delivery.issue.slug}.{delivery.pk}@{domain}>"


def build_message(*, delivery: Delivery, rendered: Rendered) -> EmailMultiAlternatives:
    unsubscribe, preferences = personal_links(email=delivery.email, language=delivery.language)

    def personal(text: str) -> str:
        return text.replace(UNSUBSCRIBE_PLACEHOLDER, unsubscribe).replace(
            PREFERENCES_PLACEHOLDER, preferences
        )

    message = EmailMultiAlternatives(
        subject=rendered.subject,
        body=personal(rendered.text),
        to=[delivery.email],
        from_email=sender(delivery.language),
        headers={
            "Message-ID": delivery.message_id,
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "List-Id": f"NGO-UNESCO newsletter <newsletter.{urlsplit(settings.SITE_URL).hostname}>",
            "Content-Language": delivery.language,
        },
    )
    message.attach_alternative(personal(rendered.html), "text/html")
    message.attach(rendered.pdf_name, rendered.pdf, "application/pdf")
    return message


def build_test_message(*, issue: Issue, email: str, language: str) -> EmailMultiAlternatives:
    """The issue as a subscriber in `language` receives it, addressed to
    `email`, its subject marked as a test copy."""
    rendered = rendered_for(issue=issue, language=language)
    delivery = Delivery(issue=issue, email=email, language=language)
    with translation.override(language):
        subject = translation.gettext("[Test copy] %(subject)s") % {"subject": rendered.subject}
    message = build_message(delivery=delivery, rendered=rendered)
    message.subject = subject
    del message.extra_headers["Message-ID"]
    return message


def _record_failure(delivery: Delivery, error: Exception) -> None:
    delivery.last_error = str(error)[:1000]
    if isinstance(error, TemporaryFailure) and delivery.attempts < max_attempts():
        delivery.status = Delivery.Status.PENDING
        delivery.next_attempt_at = timezone.now() + datetime.timedelta(
            seconds=backoff_seconds(delivery.attempts)
        )
    else:
        delivery.status = Delivery.Status.FAILED
        delivery.next_attempt_at = None
    logger.warning(
        "newsletter delivery %s to %s: %s (%s)",
        delivery.pk,
        delivery.email,
        delivery.status,
        delivery.last_error,
    )


def deliver_next(*, issue: Issue, sender: Sender) -> str | None:
    """Claim and send the next pending delivery of an issue.

    Returns the row's new status, or None when no row can be claimed now.
    Side effects: one message; the Delivery row updated.
    """
    with transaction.atomic():
        delivery = (
            Delivery.objects.select_for_update(skip_locked=True)
            .filter(issue=issue, status=Delivery.Status.PENDING)
            .filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=timezone.now()))
            .order_by("pk")
            .first()
        )
        if delivery is None:
            return None
        delivery.issue = issue
        if address_is_unsubscribed(email=delivery.email):
            delivery.status = Delivery.Status.SKIPPED
            delivery.save(update_fields=["status", "updated_at"])
            return delivery.status
        delivery.attempts += 1
        delivery.message_id = delivery.message_id or message_id_for(delivery)
        message = build_message(
            delivery=delivery, rendered=rendered_for(issue=issue, language=delivery.language)
        )
        try:
            sender.begin(message)
        except (TemporaryFailure, PermanentFailure) as error:
            _record_failure(delivery, error)
            delivery.save()
            return delivery.status
        delivery.status = Delivery.Status.SENT
        delivery.sent_at = timezone.now()
        delivery.last_error = ""
        delivery.next_attempt_at = None
        delivery.save()
        try:
            sender.send_final_dot()
        except TemporaryFailure as error:
            transaction.set_rollback(True)
            failed = error
        else:
            failed = None
    if failed is not None:
        Delivery.objects.filter(pk=delivery.pk).update(
            last_error=str(failed)[:1000], updated_at=timezone.now()
        )
        return Delivery.Status.PENDING
    # Committed: from here on the row says sent, and only now can the server
    # accept the message (see the module docstring).
    try:
        sender.finish()
    except (TemporaryFailure, PermanentFailure) as error:
        _record_failure(delivery, error)
        Delivery.objects.filter(pk=delivery.pk).update(
            status=delivery.status,
            sent_at=None,
            last_error=delivery.last_error,
            next_attempt_at=delivery.next_attempt_at,
            updated_at=timezone.now(),
        )
        return delivery.status
    Delivery.objects.filter(pk=delivery.pk).update(accepted_at=timezone.now())
    return Delivery.Status.SENT


@dataclass
class DrainResult:
    handled: int = 0
    more_now: bool = False
    retry_in: float | None = None
    finished: bool = False


def deliveries_drain(
    *, issue_id: int, budget_seconds: float = 60, limit: int = 1000
) -> DrainResult:
    """Send pending deliveries of an issue until none is claimable or the budget is spent.

    Several workers drain the same issue side by side; SKIP LOCKED keeps them
    on different rows. Side effects: messages, Delivery rows, and the issue
    marked sent when nothing is pending any more.
    """
    result = DrainResult()
    issue = Issue.objects.filter(pk=issue_id).first()
    if issue is None or issue.status != Issue.Status.SENDING:
        result.finished = True
        return result
    deadline = time.monotonic() + budget_seconds
    sender = Sender()
    try:
        while result.handled < limit and time.monotonic() < deadline:
            if deliver_next(issue=issue, sender=sender) is None:
                break
            result.handled += 1
    finally:
        sender.close()
    now = timezone.now()
    pending = Delivery.objects.filter(issue=issue, status=Delivery.Status.PENDING)
    if not pending.exists():
        result.finished = issue_finish_if_done(issue=issue)
        return result
    ready = pending.filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
    if result.handled and ready.exists():
        # Out of budget with work left, or others hold the last rows.
        result.more_now = True
    waiting = pending.filter(next_attempt_at__gt=now).aggregate(first=Min("next_attempt_at"))
    if waiting["first"] is not None:
        result.retry_in = max(0.0, (waiting["first"] - now).total_seconds())
    return result
