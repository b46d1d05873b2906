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

The rate (docs/newsletter.md): a drain keeps one SMTP connection for all its
messages; it claims candidates in batches of CLAIM_BATCH with session-level
advisory locks (dropped by the database when the worker dies, like row
locks), skipping the unsubscribed and suppressed of a batch in one query.
In a worker (_send_batch) each message costs one database query, and no
wait for it: after message N's final dot the drain writes "COMMIT;
BEGIN; <claim-and-mark N+1>" in one query without waiting, reads the SMTP
server's answer to N, then the database's. The order of the steps above is
unchanged (N's COMMIT is written after N's dot, N+1 is claimed before any
SMTP command for it), so the crash guarantee is too; _send_batch's
docstring goes through the cases. Each language's message is built once per
process (headers, encoded PDF) as bytes with placeholders; only the
recipient, the Message-ID, the return path and the personal links are
filled in per message.

A delivery belongs to an issue or to a one-off mailing (a "campaign"); both
go through this same path. Every message's envelope sender is its own VERP
return path (foundation.mail.outbox.return_path), so a bounce names it.
"""

import contextlib
import datetime
import email.policy
import logging
import quopri
import random
import smtplib
import socket
import time
from dataclasses import dataclass, field
from email.utils import formatdate
from urllib.parse import urlsplit

import psycopg
from django.conf import settings
from django.core.mail import EmailMultiAlternatives, mailers
from django.core.mail.backends.smtp import EmailBackend as SMTPBackend
from django.db import connection as db
from django.db import transaction
from django.db.models import Exists, Min, OuterRef, Q
from django.urls import reverse
from django.utils import timezone, translation
from psycopg import generators, pq

from foundation.mail import outbox
from foundation.validators import single_line
from newsletter import tokens
from newsletter.models import Delivery, Issue, IssueRendition, Mailing, Subscriber
from newsletter.services import (
    LANGUAGES,
    PREFERENCES_PLACEHOLDER,
    UNSUBSCRIBE_PLACEHOLDER,
    campaign_finish_if_done,
    issue_rendition,
    mailing_rendered,
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
        self._dot_sent = False

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
            # The final dot is a write of its own, right after the body (see
            # send_final_dot): with Nagle's algorithm it would wait for the
            # acknowledgement of the body's last segment, up to the server's
            # delayed-ACK timer (40 ms on Linux), on every message.
            with contextlib.suppress(OSError, AttributeError):
                self.backend.connection.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        return self.backend.connection

    def close(self):
        try:
            self.backend.close()
        except (OSError, smtplib.SMTPException):
            self.backend.connection = None

    def begin(self, message: "Outgoing") -> None:
        """Everything up to the final dot of DATA (SMTP); nothing for other backends."""
        self._pending_message = message
        if not self.smtp:
            return
        connection = self._connection()
        sender = message.envelope_from
        recipients = message.to
        body = message.data()
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
            self.backend.send_messages([message.django_message()])
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
    headers: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Campaign:
    """An issue or a one-off mailing: what a delivery belongs to."""

    issue: Issue | None = None
    mailing: Mailing | None = None

    @property
    def obj(self):
        return self.issue if self.issue is not None else self.mailing

    @property
    def column(self) -> str:
        return "issue_id" if self.issue is not None else "mailing_id"

    @property
    def key(self) -> str:
        return f"issue-{self.issue.pk}" if self.issue is not None else f"mailing-{self.mailing.pk}"

    @property
    def slug(self) -> str:
        return self.issue.slug if self.issue is not None else f"mailing-{self.mailing.pk}"

    def deliveries(self):
        if self.issue is not None:
            return Delivery.objects.filter(issue=self.issue)
        return Delivery.objects.filter(mailing=self.mailing)


# Per worker process: what each language of the campaign being sent shares,
# read once from storage (and built once as bytes, see MessageTemplate).
_rendered_cache: dict[tuple[str, str], Rendered] = {}
_template_cache: dict[tuple[str, str], "MessageTemplate"] = {}


def rendered_for(
    *, issue: Issue | None = None, language: str, campaign: Campaign | None = None
) -> Rendered:
    campaign = campaign or Campaign(issue=issue)
    cache_key = (campaign.key, language)
    cached = _rendered_cache.get(cache_key)
    if cached is not None:
        return cached
    if campaign.issue is not None:
        issue = campaign.issue
        rendition = IssueRendition.objects.filter(issue=issue, language=language).first()
        if rendition is None:
            rendition = issue_rendition(issue=issue, language=language)
        with rendition.pdf.open("rb") as handle:
            document = handle.read()
        cached = Rendered(
            subject=single_line(rendition.email_subject),
            text=rendition.email_text,
            html=rendition.email_html,
            pdf=document,
            pdf_name=pdf_filename(issue, language),
        )
    else:
        subject, text, html, document, name = mailing_rendered(
            mailing=campaign.mailing, language=language
        )
        cached = Rendered(
            subject=single_line(subject), text=text, html=html, pdf=document, pdf_name=name
        )
    if len(_rendered_cache) > 12:
        _rendered_cache.clear()
        _template_cache.clear()
    _rendered_cache[cache_key] = cached
    return cached


# Per worker process: each language's link prefixes (reverse() once, not per message).
_link_prefixes: dict[str, tuple[str, str]] = {}
_TOKEN = "__TOKEN__"


def personal_links(*, email: str, language: str) -> tuple[str, str]:
    """The recipient's signed one-click unsubscribe and preferences links."""
    prefixes = _link_prefixes.get(language)
    if prefixes is None:
        with translation.override(language):
            prefixes = (
                settings.SITE_URL + reverse("newsletter:unsubscribe", kwargs={"token": _TOKEN}),
                settings.SITE_URL + reverse("newsletter:preferences", kwargs={"token": _TOKEN}),
            )
        _link_prefixes[language] = prefixes
    # Tokens are URL-safe ([A-Za-z0-9_:-]): reverse() would write them unchanged.
    return (
        prefixes[0].replace(_TOKEN, tokens.make_token(email, salt=tokens.UNSUBSCRIBE_SALT)),
        prefixes[1].replace(_TOKEN, tokens.make_token(email, salt=tokens.PREFERENCES_SALT)),
    )


def _domain() -> str:
    return urlsplit(settings.SITE_URL).hostname or "localhost"


def _headers(*, message_id: str, unsubscribe: str, language: str) -> dict:
    return {
        "From": outbox.sender(language),
        "Message-ID": message_id,
        "List-Unsubscribe": f"<{unsubscribe}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        "List-Id": f"NGO-UNESCO newsletter <newsletter.{_domain()}>",
        "Content-Language": language,
    }


def _personal(text: str, unsubscribe: str, preferences: str) -> str:
    return text.replace(UNSUBSCRIBE_PLACEHOLDER, unsubscribe).replace(
        PREFERENCES_PLACEHOLDER, preferences
    )


def build_message(
    *, delivery: Delivery, rendered: Rendered, envelope_from: str | None = None
) -> EmailMultiAlternatives:
    """The whole message as Django builds it (backends other than SMTP; the reference
    the fast path is checked against)."""
    unsubscribe, preferences = personal_links(email=delivery.email, language=delivery.language)
    message = EmailMultiAlternatives(
        subject=rendered.subject,
        body=_personal(rendered.text, unsubscribe, preferences),
        to=[delivery.email],
        from_email=envelope_from or outbox.sender(delivery.language),
        headers=_headers(
            message_id=delivery.message_id, unsubscribe=unsubscribe, language=delivery.language
        ),
    )
    message.attach_alternative(_personal(rendered.html, unsubscribe, preferences), "text/html")
    if rendered.pdf:
        message.attach(rendered.pdf_name, rendered.pdf, "application/pdf")
    return message


def build_test_message(*, issue: Issue, email: str, language: str) -> EmailMultiAlternatives:
    """The issue as a subscriber in `language` receives it, addressed to
    `email`, its subject marked as a test copy."""
    rendered = rendered_for(issue=issue, language=language)
    delivery = Delivery(email=email, language=language)  # unsaved: no row is kept
    with translation.override(language):
        subject = translation.gettext("[Test copy] %(subject)s") % {"subject": rendered.subject}
    message = build_message(delivery=delivery, rendered=rendered)
    message.subject = subject
    del message.extra_headers["Message-ID"]
    return message


# The fast path: one language's message as bytes, built once ----------------------

_TO = "recipient@placeholder.invalid"
_DATE = "Thu, 01 Jan 1970 00:00:00 -0000"
_MSGID = "<message-id@placeholder.invalid>"
_UNSUB = "https://unsubscribe.placeholder.invalid/"
_TEXT = "@@NEWSLETTER-TEXT-PART@@"
_HTML = "@@NEWSLETTER-HTML-PART@@"


def _qp(text: str) -> bytes:
    # Quoted-printable of the UTF-8 text, CRLF line ends, as the SMTP policy writes.
    encoded = quopri.encodestring(text.replace("\r\n", "\n").encode("utf-8"))
    return encoded.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")


class MessageTemplate:
    """A language's message with placeholders for the per-recipient parts.

    Built by Django's own message code once (so headers, the encoded subject
    and the base64 PDF are exactly what build_message would write), with the
    two text parts switched to quoted-printable placeholders; render() fills
    in the recipient, the Message-ID, the unsubscribe header and the bodies.
    """

    def __init__(self, rendered: Rendered, language: str):
        self.rendered = rendered
        message = EmailMultiAlternatives(
            subject=rendered.subject,
            body=_TEXT,
            to=[_TO],
            headers=_headers(message_id=_MSGID, unsubscribe=_UNSUB, language=language)
            | {"Date": _DATE},
        )
        message.attach_alternative(_HTML, "text/html")
        if rendered.pdf:
            message.attach(rendered.pdf_name, rendered.pdf, "application/pdf")
        mime = message.message(policy=email.policy.SMTP)
        for part in mime.walk():
            if part.get_content_type() in ("text/plain", "text/html") and not part.get_filename():
                del part["Content-Transfer-Encoding"]
                part["Content-Transfer-Encoding"] = "quoted-printable"
        data = mime.as_bytes()
        if data.count(_TEXT.encode()) != 1 or data.count(_HTML.encode()) != 1:
            raise ValueError("the message template lost a placeholder")
        self.pieces = data

    def render(self, *, to: str, message_id: str, unsubscribe: str, preferences: str) -> bytes:
        text = _personal(self.rendered.text, unsubscribe, preferences)
        html = _personal(self.rendered.html, unsubscribe, preferences)
        return (
            self.pieces.replace(_TO.encode(), to.encode("ascii"), 1)
            .replace(_DATE.encode(), formatdate(localtime=True).encode("ascii"), 1)
            .replace(_MSGID.encode(), message_id.encode("ascii"), 1)
            .replace(_UNSUB.encode(), unsubscribe.encode("ascii"), 1)
            .replace(_TEXT.encode(), _qp(text), 1)
            .replace(_HTML.encode(), _qp(html), 1)
        )


def _template(campaign: Campaign, language: str) -> MessageTemplate:
    key = (campaign.key, language)
    template = _template_cache.get(key)
    if template is None:
        template = MessageTemplate(rendered_for(campaign=campaign, language=language), language)
        _template_cache[key] = template
    return template


@dataclass
class Outgoing:
    """One message on its way: what the Sender needs, built lazily."""

    to: list[str]
    envelope_from: str
    delivery: Delivery
    campaign: Campaign

    def data(self) -> bytes:
        delivery = self.delivery
        unsubscribe, preferences = personal_links(email=delivery.email, language=delivery.language)
        if delivery.email.isascii():
            return _template(self.campaign, delivery.language).render(
                to=delivery.email,
                message_id=delivery.message_id,
                unsubscribe=unsubscribe,
                preferences=preferences,
            )
        return (
            self.django_message().message(policy=email.policy.SMTP).as_bytes()
        )  # an internationalised address: the slow path

    def django_message(self) -> EmailMultiAlternatives:
        return build_message(
            delivery=self.delivery,
            rendered=rendered_for(campaign=self.campaign, language=self.delivery.language),
            envelope_from=self.envelope_from,
        )


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


# Claiming ---------------------------------------------------------------------------

CLAIM_BATCH = 50
# The key space of this module's advisory locks (pg_try_advisory_lock(int, int)).
LOCK_SPACE = 0x6E6C  # "nl"


def _due(campaign: Campaign):
    return (
        campaign.deliveries()
        .filter(status=Delivery.Status.PENDING)
        .filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=timezone.now()))
    )


def _candidates(campaign: Campaign, *, after: int, size: int) -> list[tuple[int, bool]]:
    """(pk, excluded) of the due deliveries after `after`; excluded: unsubscribed or suppressed."""
    unsubscribed = Subscriber.objects.filter(email=OuterRef("email"), unsubscribed_at__isnull=False)
    rows = (
        _due(campaign)
        .filter(pk__gt=after)
        .annotate(
            unsubscribed=Exists(unsubscribed),
            suppressed=outbox.suppressed_exists(OuterRef("email")),
        )
        .order_by("pk")
        .values_list("pk", "unsubscribed", "suppressed")[:size]
    )
    return [(pk, unsubscribed or suppressed) for pk, unsubscribed, suppressed in rows]


def _lock(pks: list[int]) -> set[int]:
    """The pks of `pks` this session now holds advisory locks on (others hold the rest)."""
    if not pks:
        return set()
    if db.vendor != "postgresql":
        return set(pks)  # SQLite: one writer at a time anyway
    with db.cursor() as cursor:
        cursor.execute(
            "SELECT id FROM unnest(%s::bigint[]) AS id"
            " WHERE pg_try_advisory_lock((%s::bigint << 40) | id)",
            [pks, LOCK_SPACE],
        )
        return {row[0] for row in cursor.fetchall()}


def _unlock(pks) -> None:
    if not pks or db.vendor != "postgresql":
        return
    with db.cursor() as cursor:
        cursor.execute(
            "SELECT pg_advisory_unlock((%s::bigint << 40) | id) FROM unnest(%s::bigint[]) AS id",
            [LOCK_SPACE, list(pks)],
        )


_CLAIM = f"""
    UPDATE {Delivery._meta.db_table} SET status = %s, attempts = attempts + 1,
        sent_at = %s, last_error = '', next_attempt_at = NULL, updated_at = %s,
        message_id = CASE WHEN message_id = '' THEN %s ELSE message_id END
    WHERE id = (
        SELECT id FROM {Delivery._meta.db_table}
        WHERE id = %s AND status = %s
          AND (next_attempt_at IS NULL OR next_attempt_at <= %s)
        FOR UPDATE SKIP LOCKED
    )
    RETURNING id, email, language, attempts, message_id
"""  # noqa: S608 -- the table name is ours; values are parameters
# The embedded default's SQLite has no row locks (nor needs them: one process,
# one writer at a time); the same claim without them.
_CLAIM_WITHOUT_ROW_LOCK = _CLAIM.replace("FOR UPDATE SKIP LOCKED", "")


def _claim_parameters(campaign: Campaign, pk: int, now) -> list:
    message_id = f"<newsletter.{campaign.slug}.{pk}@{_domain()}>"
    return [Delivery.Status.SENT, now, now, message_id, pk, Delivery.Status.PENDING, now]


def _claimed(row) -> Delivery | None:
    """The claimed row as far as sending it and recording a failure read it."""
    if row is None:
        return None
    pk, email, language, attempts, message_id = row
    return Delivery(pk=pk, email=email, language=language, attempts=attempts, message_id=message_id)


def _claim_and_mark(campaign: Campaign, pk: int, now) -> Delivery | None:
    """Mark one pending row sent, under its row lock, if no one else holds it. One statement.

    Must run inside the transaction that sends the message (the mark is
    committed only with the final dot, see the module docstring).
    """
    claim = _CLAIM if db.vendor == "postgresql" else _CLAIM_WITHOUT_ROW_LOCK
    with db.cursor() as cursor:
        cursor.execute(claim, _claim_parameters(campaign, pk, now))
        row = cursor.fetchone()
    return _claimed(row)


def _raw_transactions() -> bool:
    """Whether this drain may open its transactions itself (see _send_batch).

    Only in autocommit outside any atomic block: the workers. Inside a test's
    transaction, Django's atomic() (a savepoint) is used instead.
    """
    return db.vendor == "postgresql" and db.get_autocommit() and not db.in_atomic_block


def _smtp(sender: Sender, message: "Outgoing") -> Exception | None:
    """Everything up to and including the final dot; the failure, if any."""
    try:
        sender.begin(message)
        sender.send_final_dot()
    except (TemporaryFailure, PermanentFailure) as error:
        return error
    return None


def _store_failure(delivery: Delivery, error: Exception) -> str:
    """Record a refused or failed attempt (autocommit); the row's new status.

    The attempt is written whether the claim was rolled back (the count is
    restored here) or committed before the server refused (the same count).
    """
    _record_failure(delivery, error)
    Delivery.objects.filter(pk=delivery.pk).update(
        status=delivery.status,
        attempts=delivery.attempts,
        sent_at=None,
        last_error=delivery.last_error,
        next_attempt_at=delivery.next_attempt_at,
        updated_at=timezone.now(),
    )
    return delivery.status


def _send_one(campaign: Campaign, pk: int, sender: Sender, accepted: list[int]) -> str | None:
    """Claim, send and record one delivery inside atomic(); its row's new status, or None if taken.

    The path of deliver_next() and of drains running inside a transaction
    (tests); workers use _send_batch, which keeps the same order.
    """
    now = timezone.now()
    with transaction.atomic():
        delivery = _claim_and_mark(campaign, pk, now)
        if delivery is None:
            return None
        failed = _smtp(sender, _outgoing(campaign, delivery))
        if failed is not None:
            transaction.set_rollback(True)
    if failed is not None:
        # Rolled back: the row is pending again as it was; record the attempt.
        return _store_failure(delivery, failed)
    # Committed: from here on the row says sent, and only now can the server
    # accept the message (see the module docstring).
    try:
        sender.finish()
    except (TemporaryFailure, PermanentFailure) as error:
        return _store_failure(delivery, error)
    accepted.append(pk)
    return Delivery.Status.SENT


class _Wire:
    """The worker's own transactions, written to libpq directly (PostgreSQL only).

    Lets a statement go out without waiting for its answer: the COMMIT that
    marks a message sent (with the claim of the next message) is written
    right after the final dot, and its answer is read after the SMTP
    server's answer, so the database round trip overlaps the server's.
    """

    def __init__(self):
        db.ensure_connection()
        self.connection = db.connection
        self.pgconn = self.connection.pgconn
        self._quoting = psycopg.ClientCursor(self.connection)
        self.in_flight = False

    def statement(self, *parts: tuple[str, list | None]) -> bytes:
        """Several statements as one query string, parameters quoted by psycopg
        (a statement without parameters comes back as it is)."""
        return "; ".join(self._quoting.mogrify(sql, params) for sql, params in parts).encode(
            self.connection.info.encoding
        )

    def send(self, query: bytes) -> None:
        self.pgconn.send_query(query)
        self.in_flight = True
        self.connection.wait(generators.send(self.pgconn))

    def fetch(self):
        """The results of the statement in flight; the rows of its last one."""
        results = self.connection.wait(generators.fetch_many(self.pgconn))
        self.in_flight = False
        rows = []
        for result in results:
            if result.status == pq.ExecStatus.FATAL_ERROR:
                raise psycopg.errors.error_from_result(
                    result, encoding=self.connection.info.encoding
                )
            rows = [
                tuple(result.get_value(row, column) for column in range(result.nfields))
                for row in range(result.ntuples)
            ]
        return rows

    def run(self, query: bytes):
        self.send(query)
        return self.fetch()

    def claimed(self, rows) -> Delivery | None:
        if not rows:
            return None
        pk, email, language, attempts, message_id = rows[0]
        encoding = self.connection.info.encoding
        return _claimed(
            (
                int(pk),
                email.decode(encoding),
                language.decode(encoding),
                int(attempts),
                message_id.decode(encoding),
            )
        )

    def idle(self) -> bool:
        """No transaction of ours is open."""
        return self.pgconn.transaction_status == pq.TransactionStatus.IDLE

    def abandon(self) -> None:
        """After an error: read what is in flight and roll back whatever is open."""
        with contextlib.suppress(Exception):
            if self.in_flight:
                self.fetch()
        with contextlib.suppress(Exception):
            if not self.idle():
                self.run(b"ROLLBACK")


def _send_batch(
    campaign: Campaign, pks: list[int], sender: Sender, accepted: list[int], more
) -> int:
    """Send a locked batch in a worker; how many rows got a new status.

    The per-message protocol is the module docstring's, with the round
    trips merged: message N's row is claimed and marked sent in a
    transaction; its SMTP dialogue runs up to the final dot; the dot is
    written, then at once one query "COMMIT; BEGIN; <claim and mark N+1>";
    then the server's answer to N's dot is read, then the database's answer
    (both were on their way at the same time). Crash analysis: before the
    dot, N's claim is uncommitted and the message unfinished (both dropped:
    N is sent again later, once); once the query is written, N's COMMIT
    reaches the database (the kernel sends written data even after the
    process dies) while N+1's claim, uncommitted, is rolled back when the
    connection drops and N+1 has had no SMTP command yet. The window between
    the dot and the query is the same few instructions as before, with the
    query's text prepared before the dot. `more(handled)` says whether the
    drain may start another message (budget and limit).
    """
    wire = _Wire()
    handled, index = 0, 0
    current: Delivery | None = None  # claimed in the open transaction
    try:
        while True:
            if current is None:
                if index >= len(pks) or not more(handled):
                    break
                now = timezone.now()
                claim = (_CLAIM, _claim_parameters(campaign, pks[index], now))
                rows = wire.run(
                    wire.statement(("BEGIN", None), claim) if wire.idle() else wire.statement(claim)
                )
                index += 1
                current = wire.claimed(rows)
                continue
            message = _outgoing(campaign, current)
            try:
                sender.begin(message)
            except (TemporaryFailure, PermanentFailure) as error:
                wire.run(b"ROLLBACK")
                _store_failure(current, error)
                handled, current = handled + 1, None
                continue
            # Prepared before the dot, so that nothing but two writes separates them.
            following = None
            if index < len(pks) and more(handled + 1):
                following, now = pks[index], timezone.now()
                index += 1
                query = wire.statement(
                    ("COMMIT", None),
                    ("BEGIN", None),
                    (_CLAIM, _claim_parameters(campaign, following, now)),
                )
            else:
                query = b"COMMIT"
            try:
                sender.send_final_dot()
            except TemporaryFailure as error:
                wire.run(b"ROLLBACK")
                _store_failure(current, error)
                handled, current = handled + 1, None
                if following is not None:
                    index -= 1
                continue
            wire.send(query)
            answer = None
            try:
                sender.finish()
            except (TemporaryFailure, PermanentFailure) as error:
                answer = error
            rows = wire.fetch()
            sent, handled = current, handled + 1
            current = wire.claimed(rows) if following is not None else None
            if answer is None:
                accepted.append(sent.pk)
                continue
            # Refused after the commit: let the next claim go (no SMTP command
            # was sent for it), record the refusal, and claim it again.
            if following is not None:
                wire.run(b"ROLLBACK")
                current, index = None, index - 1
            _store_failure(sent, answer)
    except BaseException:
        wire.abandon()
        raise
    if not wire.idle():
        wire.run(b"ROLLBACK")
    return handled


def _outgoing(campaign: Campaign, delivery: Delivery) -> "Outgoing":
    return Outgoing(
        to=[delivery.email],
        envelope_from=outbox.return_path(f"n{delivery.pk}"),
        delivery=delivery,
        campaign=campaign,
    )


def _mark_accepted(accepted: list[int]) -> None:
    # Informational (the progress page's "unconfirmed"): one statement per batch.
    if accepted:
        Delivery.objects.filter(pk__in=accepted).update(accepted_at=timezone.now())
        accepted.clear()


def _skip(pks: list[int]) -> int:
    if not pks:
        return 0
    return Delivery.objects.filter(pk__in=pks, status=Delivery.Status.PENDING).update(
        status=Delivery.Status.SKIPPED, updated_at=timezone.now()
    )


def deliver_next(
    *, issue: Issue | None = None, sender: Sender, campaign: Campaign | None = None
) -> str | None:
    """Claim and send the next pending delivery (one; tests and tools).

    Returns the row's new status, or None when no row can be claimed now.
    """
    campaign = campaign or Campaign(issue=issue)
    after = 0
    while True:
        candidates = _candidates(campaign, after=after, size=CLAIM_BATCH)
        if not candidates:
            return None
        for pk, excluded in candidates:
            after = pk
            locked = _lock([pk])
            if not locked:
                continue
            try:
                if excluded:
                    if _skip([pk]):
                        return Delivery.Status.SKIPPED
                    continue
                accepted: list[int] = []
                status = _send_one(campaign, pk, sender, accepted)
                _mark_accepted(accepted)
                if status is not None:
                    return status
            finally:
                _unlock(locked)


@dataclass
class DrainResult:
    handled: int = 0
    more_now: bool = False
    retry_in: float | None = None
    finished: bool = False


def _campaign(issue_id: int | None, mailing_id: int | None) -> Campaign | None:
    if issue_id is not None:
        issue = Issue.objects.filter(pk=issue_id).first()
        if issue is None or issue.status != Issue.Status.SENDING:
            return None
        return Campaign(issue=issue)
    mailing = Mailing.objects.filter(pk=mailing_id).first()
    if mailing is None or mailing.status != Mailing.Status.SENDING:
        return None
    return Campaign(mailing=mailing)


def deliveries_drain(
    *,
    issue_id: int | None = None,
    mailing_id: int | None = None,
    budget_seconds: float = 60,
    limit: int = 1000,
) -> DrainResult:
    """Send pending deliveries of a campaign until none is claimable or the budget is spent.

    Several workers drain the same campaign side by side; the advisory locks
    keep them on different batches. Side effects: messages, Delivery rows,
    and the campaign marked sent when nothing is pending any more.
    """
    result = DrainResult()
    campaign = _campaign(issue_id, mailing_id)
    if campaign is None:
        result.finished = True
        return result
    deadline = time.monotonic() + budget_seconds
    # Built before any transaction of ours is open: rendering may need its own.
    for language in LANGUAGES:
        _template(campaign, language)
    sender = Sender()
    raw = _raw_transactions() and sender.smtp
    after, wrapped_without_work = 0, False
    accepted: list[int] = []
    try:
        while result.handled < limit and time.monotonic() < deadline:
            candidates = _candidates(campaign, after=after, size=CLAIM_BATCH)
            if not candidates:
                if after == 0 or wrapped_without_work:
                    break
                # Back to the start once: rows a failure made due again, or
                # rows another worker let go.
                after, wrapped_without_work = 0, True
                continue
            after = candidates[-1][0]
            locked = _lock([pk for pk, _excluded in candidates])
            if not locked:
                continue
            try:
                skipped = _skip([pk for pk, excluded in candidates if excluded and pk in locked])
                result.handled += skipped
                if skipped:
                    wrapped_without_work = False
                todo = [pk for pk, excluded in candidates if not excluded and pk in locked]
                handled = 0
                if raw:
                    handled = _send_batch(
                        campaign,
                        todo,
                        sender,
                        accepted,
                        lambda done: result.handled + done < limit and time.monotonic() < deadline,
                    )
                else:
                    for pk in todo:
                        if result.handled + handled >= limit or time.monotonic() >= deadline:
                            break
                        if _send_one(campaign, pk, sender, accepted) is not None:
                            handled += 1
                result.handled += handled
                if handled:
                    wrapped_without_work = False
                _mark_accepted(accepted)
            finally:
                _unlock(locked)
    finally:
        sender.close()
        _mark_accepted(accepted)
    now = timezone.now()
    pending = campaign.deliveries().filter(status=Delivery.Status.PENDING)
    if not pending.exists():
        result.finished = campaign_finish_if_done(campaign.obj)
        return result
    ready = pending.filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
    if result.handled and ready.exists():
        # Out of budget with work left, or others hold the last rows.
        result.more_now = True
    waiting = pending.filter(next_attempt_at__gt=now).aggregate(first=Min("next_attempt_at"))
    if waiting["first"] is not None:
        result.retry_in = max(0.0, (waiting["first"] - now).total_seconds())
    return result
