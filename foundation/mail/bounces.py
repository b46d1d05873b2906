"""Bounces: read the bounce mailbox over IMAP, classify, record, suppress.

Every message the portal sends has its own return path (outbox.return_path:
`bounces+<reference>-<signature>@<domain>`), so a bounce arriving at that
address names the delivery it answers, even when the receiving server
rewrote the recipient or quotes none of the original message.

A message is classified as:
- hard: the address does not exist or refuses us for good (5.x.x, or what
  flufl.bounce reads as a permanent failure) → suppressed at once;
- soft: a temporary failure (4.x.x, a full mailbox, a delay) → suppressed
  after SOFT_LIMIT soft bounces within SOFT_WINDOW;
- auto_reply (an out-of-office) or unknown (anything else, a malformed
  message): recorded, never counted, moved to a folder a person reads.

RFC 3464 delivery status notifications (multipart/report) are read from
their message/delivery-status part first; other formats (old Exim, Postfix
without DSN, Exchange, Gmail's prose) go to flufl.bounce, the detectors GNU
Mailman maintains.

Each message is recorded once (Bounce.message_key is unique) and then moved
out of the inbox, so a crash between the two reads it again without
counting it twice. Only the first MAX_FETCH_BYTES of a message are fetched:
the report comes first and the returned original, however large, last.
"""

import contextlib
import datetime
import email
import email.policy
import hashlib
import imaplib
import ipaddress
import logging
import re
import ssl
from collections.abc import Callable
from dataclasses import dataclass, field
from email.header import Header, decode_header
from email.message import Message
from email.utils import parseaddr
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from flufl.bounce import all_failures

from foundation.links import LinkInvalid, read_address_token
from foundation.mail import outbox
from foundation.mail.models import REVIEW_KINDS, Bounce, Email

logger = logging.getLogger(__name__)

SOFT_LIMIT = 3
SOFT_WINDOW = datetime.timedelta(days=30)
MAX_FETCH_BYTES = 2 * 1024 * 1024
PROCESSED_FOLDER = "Processed"
REVIEW_FOLDER = "Review"
# Mailbox names we accept: letters, digits, and a few separators; no quotes,
# spaces, CR or LF that could reach the IMAP command line.
MAILBOX_NAME = re.compile(r"[A-Za-z0-9_./-]{1,100}")
LOCAL_HOSTS = {"127.0.0.1", "::1", "localhost"}

# reference prefix → function(pk) giving the delivery's address (or None).
# Apps register theirs in AppConfig.ready(); foundation imports no app.
_resolvers: dict[str, Callable[[int], str | None]] = {}


def register_reference(prefix: str, resolver: Callable[[int], str | None]) -> None:
    _resolvers[prefix] = resolver


def _outbox_address(pk: int) -> str | None:
    return Email.objects.filter(pk=pk).values_list("to", flat=True).first()


register_reference("m", _outbox_address)


# The mailbox URL ------------------------------------------------------------


@dataclass(frozen=True)
class Mailbox:
    host: str
    port: int
    user: str
    password: str
    folder: str
    tls: bool


def parse_mailbox_url(url: str) -> Mailbox:
    """BOUNCE_MAILBOX_URL as a Mailbox; ValidationError when it is not one we accept.

    imaps:// anywhere; plain imap:// only to this machine (a test server, a
    local relay), never across a network with the password in clear.
    """
    if not url or len(url) > 1000 or any(ord(char) < 33 for char in url):
        raise ValidationError(_("The mailbox URL is empty, too long or contains spaces."))
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        raise ValidationError(_("The mailbox URL cannot be read.")) from None
    if parts.scheme not in ("imap", "imaps"):
        raise ValidationError(_("The mailbox URL must start with imaps:// (or imap:// locally)."))
    host = parts.hostname or ""
    if not host:
        raise ValidationError(_("The mailbox URL names no server."))
    if parts.scheme == "imap" and host not in LOCAL_HOSTS:
        try:
            local = ipaddress.ip_address(host).is_loopback
        except ValueError:
            local = False
        if not local:
            raise ValidationError(_("Plain imap:// is allowed only to 127.0.0.1; use imaps://."))
    user, password = unquote(parts.username or ""), unquote(parts.password or "")
    if not user or not password:
        raise ValidationError(_("The mailbox URL needs a user name and a password."))
    if any(char in user + password for char in "\r\n\x00"):
        raise ValidationError(_("The mailbox URL cannot be read."))
    folder = unquote(parts.path.lstrip("/")) or "INBOX"
    if not MAILBOX_NAME.fullmatch(folder) or parts.query or parts.fragment:
        raise ValidationError(_("The mailbox name is not allowed."))
    return Mailbox(
        host=host,
        port=port or (993 if parts.scheme == "imaps" else 143),
        user=user,
        password=password,
        folder=folder,
        tls=parts.scheme == "imaps",
    )


# Classification -----------------------------------------------------------------


@dataclass
class Verdict:
    kind: str
    addresses: set[str] = field(default_factory=set)
    status: str = ""
    reason: str = ""
    reference: str = ""
    subject: str = ""
    message_key: str = ""
    sender: str = ""
    excerpt: str = ""


VERP_ADDRESS = re.compile(r"\bbounces\+([a-z0-9]{1,24}-[0-9a-f]{20})@", re.IGNORECASE)
STATUS_CODE = re.compile(r"^([245])\.\d{1,3}\.\d{1,3}")
AUTO_SUBJECT = re.compile(
    r"^(out of (the )?office|automatic reply|auto[- ]?reply|absence|"
    r"r[ée]ponse automatique|respuesta autom[áa]tica|fuera de la oficina|abwesenheit)",
    re.IGNORECASE,
)
# Soft by convention although 5.x.x: the mailbox exists, it is full.
SOFT_DESPITE_PERMANENT = {"5.2.2"}


def _text(value) -> str:
    return str(value or "").strip()


def _header_text(value) -> str:
    """A header as text: encoded words decoded, raw 8-bit bytes read as UTF-8."""
    try:
        parts = decode_header(value if isinstance(value, Header) else _text(value))
    except Exception:  # noqa: BLE001 -- a malformed header is shown as it came
        return _text(value)
    text = []
    for chunk, charset in parts:
        if isinstance(chunk, bytes):
            try:
                chunk = chunk.decode(
                    charset if charset and charset != "unknown-8bit" else "utf-8", "replace"
                )
            except LookupError:
                chunk = chunk.decode("utf-8", "replace")
        text.append(chunk)
    return "".join(text).strip()


def _reference(message: Message, raw: bytes) -> str:
    """The signed delivery reference of the return path the bounce came back to."""
    candidates = []
    for header in ("Delivered-To", "X-Original-To", "Envelope-To", "To", "X-Failed-Recipients"):
        for value in message.get_all(header, []) or []:
            candidates.append(str(value))
    candidates.append(raw[:MAX_FETCH_BYTES].decode("latin-1"))
    for text in candidates:
        for token in VERP_ADDRESS.findall(text):
            try:
                return read_address_token(outbox.VERP_PURPOSE, token)
            except LinkInvalid:
                continue
    return ""


def _is_auto_reply(message: Message) -> bool:
    auto = _text(message.get("Auto-Submitted")).lower()
    if auto.startswith("auto-replied"):
        return True
    if message.get("X-Autoreply") or message.get("X-Autorespond"):
        return True
    if _text(message.get("Precedence")).lower() == "auto_reply":
        return True
    return bool(AUTO_SUBJECT.match(_text(message.get("Subject"))))


def _dsn_fields(message: Message) -> list[Message]:
    """The per-recipient field groups of an RFC 3464 report, if the message is one."""
    if message.get_content_type() != "multipart/report":
        return []
    for part in message.walk():
        if part.get_content_type() not in (
            "message/delivery-status",
            "message/global-delivery-status",
        ):
            continue
        payload = part.get_payload()
        if isinstance(payload, list):
            # The email package parses the report as a list of header blocks:
            # the first per message, the others one per recipient.
            return [block for block in payload[1:] if isinstance(block, Message)]
        text = payload if isinstance(payload, str) else ""
        blocks = re.split(r"\r?\n\r?\n", text.strip())
        return [email.message_from_string(block) for block in blocks[1:]]
    return []


def _address(value: str) -> str:
    # "rfc822; someone@example.org" → someone@example.org
    address = value.partition(";")[2] if ";" in value else value
    address = parseaddr(address.strip())[1].strip().lower()
    try:
        validate_email(address)
    except ValidationError:
        return ""
    return address


def _from_dsn(message: Message) -> Verdict | None:
    verdict = None
    for fields in _dsn_fields(message):
        action = _text(fields.get("Action")).lower()
        status_match = STATUS_CODE.match(_text(fields.get("Status")))
        status = status_match[0] if status_match else ""
        if action not in ("failed", "delayed") and not status.startswith(("4", "5")):
            continue
        if action == "failed" and status.startswith("5") and status not in SOFT_DESPITE_PERMANENT:
            kind = Bounce.Kind.HARD
        else:
            kind = Bounce.Kind.SOFT
        address = _address(_text(fields.get("Original-Recipient"))) or _address(
            _text(fields.get("Final-Recipient"))
        )
        reason = _text(fields.get("Diagnostic-Code"))
        if verdict is None or (kind == Bounce.Kind.HARD and verdict.kind != Bounce.Kind.HARD):
            verdict = Verdict(kind=kind, status=status, reason=reason or status)
        if address:
            verdict.addresses.add(address)
    return verdict


def _from_detectors(message: Message) -> Verdict | None:
    temporary, permanent = all_failures(message)
    permanent = {_address(a.decode() if isinstance(a, bytes) else a) for a in permanent}
    temporary = {_address(a.decode() if isinstance(a, bytes) else a) for a in temporary}
    permanent.discard("")
    temporary.discard("")
    if permanent:
        return Verdict(kind=Bounce.Kind.HARD, addresses=permanent, reason=_diagnostic(message))
    if temporary:
        return Verdict(kind=Bounce.Kind.SOFT, addresses=temporary, reason=_diagnostic(message))
    return None


def _diagnostic(message: Message) -> str:
    """A line of the human-readable part, for the Secretariat's list."""
    for part in message.walk():
        if part.get_content_type() == "text/plain":
            try:
                text = part.get_content() if hasattr(part, "get_content") else ""
            except (LookupError, ValueError, AttributeError):
                text = ""
            for line in str(text).splitlines():
                if re.search(r"\b[45]\d\d\b|[45]\.\d\.\d", line):
                    return line.strip()[:500]
    return ""


def message_key(message: Message, raw: bytes) -> str:
    message_id = _text(message.get("Message-ID"))[:200]
    if message_id:
        return f"id:{message_id}"
    return "sha256:" + hashlib.sha256(raw[:65536]).hexdigest()


def classify(raw: bytes) -> Verdict:
    """Classify one message (its first MAX_FETCH_BYTES). Never raises."""
    raw = raw[:MAX_FETCH_BYTES]
    try:
        message = email.message_from_bytes(raw, policy=email.policy.compat32)
    except Exception:  # noqa: BLE001 -- a message we cannot parse is left for a person
        return Verdict(kind=Bounce.Kind.UNKNOWN, message_key=message_key(Message(), raw))
    verdict = None
    try:
        # Bounces too say "Auto-Submitted: auto-replied": look for a failure first.
        verdict = _from_dsn(message) or _from_detectors(message)
        if verdict is None and _is_auto_reply(message):
            verdict = Verdict(kind=Bounce.Kind.AUTO_REPLY)
    except Exception:  # noqa: BLE001 -- a detector choking on a malformed message
        logger.warning("bounce: could not classify a message", exc_info=True)
        verdict = None
    verdict = verdict or Verdict(kind=Bounce.Kind.UNKNOWN)
    try:
        verdict.reference = _reference(message, raw)
    except Exception:  # noqa: BLE001
        verdict.reference = ""
    verdict.subject = (
        _header_text(message.get("Subject"))[:250].replace("\r", " ").replace("\n", " ")
    )
    verdict.message_key = message_key(message, raw)
    try:
        verdict.sender = parseaddr(_header_text(message.get("From")))[1][:254]
        if verdict.kind in REVIEW_KINDS:
            verdict.excerpt = _excerpt(message)
    except Exception:  # noqa: BLE001 -- a malformed header or part: the person reads less
        logger.warning("bounce: could not read the sender or the text", exc_info=True)
    return verdict


EXCERPT_LENGTH = 4000
# Control characters but tab and line ends: a malformed message shows as text.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _excerpt(message: Message) -> str:
    """The beginning of the first text part, as plain text, for the person reviewing it."""
    for part in message.walk():
        if part.get_content_maintype() != "text" or part.get_filename():
            continue
        payload = part.get_payload(decode=True) or b""
        charset = part.get_content_charset() or "utf-8"
        try:
            text = payload[: EXCERPT_LENGTH * 4].decode(charset, "replace")
        except LookupError:
            text = payload[: EXCERPT_LENGTH * 4].decode("utf-8", "replace")
        if part.get_content_subtype() == "html":
            text = strip_tags(text)
        text = CONTROL_CHARACTERS.sub("", text).strip()
        if text:
            return text[:EXCERPT_LENGTH]
    return ""


# Recording --------------------------------------------------------------------------


def reference_address(reference: str) -> str | None:
    """The address of the delivery a VERP reference names ("n42", "m7"), if it still exists."""
    match = re.fullmatch(r"([a-z]+)(\d{1,18})", reference or "")
    if match is None or match[1] not in _resolvers:
        return None
    return _resolvers[match[1]](int(match[2]))


def record(verdict: Verdict, *, now: datetime.datetime | None = None) -> Bounce | None:
    """Record a classified message and apply the rules. None if it was recorded before.

    The address is the delivery's (from the signed return path) when there is
    one: a server that rewrote the recipient reports an address we never
    mailed. Side effects: a Bounce row; a Suppression for a hard bounce, or
    for the SOFT_LIMIT-th soft bounce within SOFT_WINDOW.
    """
    now = now or timezone.now()
    address = reference_address(verdict.reference) if verdict.reference else None
    if not address and len(verdict.addresses) == 1:
        address = next(iter(verdict.addresses))
    counted = verdict.kind in (Bounce.Kind.HARD, Bounce.Kind.SOFT)
    try:
        with transaction.atomic():
            bounce = Bounce.objects.create(
                message_key=verdict.message_key,
                kind=verdict.kind,
                email=(address or "") if counted else "",
                reference=verdict.reference,
                status=verdict.status[:20],
                reason=verdict.reason[:2000],
                subject=verdict.subject,
                received_at=now,
                sender=verdict.sender,
                excerpt=verdict.excerpt,
            )
            if counted and address:
                _apply_rules(bounce, now)
    except IntegrityError:
        return None
    return bounce


def _apply_rules(bounce: Bounce, now: datetime.datetime) -> None:
    reason = " ".join(part for part in (bounce.status, bounce.reason) if part) or bounce.kind
    if bounce.kind == Bounce.Kind.HARD:
        outbox.suppress(bounce.email, reason=reason, at=now)
        return
    soft = Bounce.objects.filter(
        email=bounce.email, kind=Bounce.Kind.SOFT, received_at__gt=now - SOFT_WINDOW
    ).count()
    if soft >= SOFT_LIMIT:
        outbox.suppress(bounce.email, reason=f"{soft} × {reason}", at=now)


# Messages left for a person ----------------------------------------------------------


def mark_handled(bounce: Bounce, *, by: str, now: datetime.datetime | None = None) -> bool:
    """Mark an automatic reply or unknown message handled; False if it was already.

    Side effects: the Bounce's handled_at and handled_by.
    """
    updated = Bounce.objects.filter(
        pk=bounce.pk, kind__in=REVIEW_KINDS, handled_at__isnull=True
    ).update(handled_at=now or timezone.now(), handled_by=by[:254])
    return bool(updated)


def classify_by_hand(
    bounce: Bounce, *, kind: str, email: str, by: str, now: datetime.datetime | None = None
) -> Bounce | None:
    """A person reads a message left for review as a hard or soft bounce for `email`.

    It then counts as if it had been recognised: a hard bounce suppresses the
    address at once, a soft one at the SOFT_LIMIT-th within SOFT_WINDOW
    (the message's own reading date counts). None if the message was
    handled already. Side effects: the Bounce (kind, address, handled); maybe
    a Suppression.
    """
    if kind not in (Bounce.Kind.HARD, Bounce.Kind.SOFT):
        raise ValueError(f"not a bounce kind: {kind!r}")
    now = now or timezone.now()
    with transaction.atomic():
        bounce = (
            Bounce.objects.select_for_update()
            .filter(pk=bounce.pk, kind__in=REVIEW_KINDS, handled_at__isnull=True)
            .first()
        )
        if bounce is None:
            return None
        bounce.kind = kind
        bounce.email = email.strip().lower()[:254]
        bounce.handled_at = now
        bounce.handled_by = by[:254]
        bounce.classified_by = by[:254]
        bounce.save(
            update_fields=[
                "kind",
                "email",
                "handled_at",
                "handled_by",
                "classified_by",
            ]
        )
        _apply_rules(bounce, now)
    return bounce


# The mailbox -----------------------------------------------------------------------


@dataclass
class Report:
    read: int = 0
    counts: dict[str, int] = field(default_factory=dict)


def _connect(mailbox: Mailbox, timeout: float) -> imaplib.IMAP4:
    if mailbox.tls:
        context = ssl.create_default_context()
        return imaplib.IMAP4_SSL(mailbox.host, mailbox.port, ssl_context=context, timeout=timeout)
    return imaplib.IMAP4(mailbox.host, mailbox.port, timeout=timeout)


def _ensure_folder(connection: imaplib.IMAP4, name: str) -> None:
    status, _data = connection.create(name)
    # NO [ALREADYEXISTS] is the usual answer after the first run.
    if status not in ("OK", "NO"):
        raise imaplib.IMAP4.error(f"cannot create {name}")


def _can_move(connection: imaplib.IMAP4) -> bool:
    # imaplib keeps the capabilities announced before login; ask again.
    status, data = connection.capability()
    return status == "OK" and b"MOVE" in (data[0] or b"").upper().split()


def _move(connection: imaplib.IMAP4, uid: bytes, folder: str, *, can_move: bool) -> None:
    if can_move:
        status, _data = connection.uid("MOVE", uid, folder)
        if status == "OK":
            return
    status, _data = connection.uid("COPY", uid, folder)
    if status != "OK":
        raise imaplib.IMAP4.error(f"cannot copy message {uid!r} to {folder}")
    connection.uid("STORE", uid, "+FLAGS.SILENT", r"(\Deleted)")
    connection.expunge()


def process_mailbox(url: str | None = None, *, limit: int = 500, timeout: float = 30) -> Report:
    """Read, classify, record and move up to `limit` messages of the bounce mailbox.

    Side effects: Bounce and Suppression rows; messages moved to Processed
    (bounces) or Review (auto-replies, unknown) on the server.
    """
    mailbox = parse_mailbox_url(url if url is not None else settings.BOUNCE_MAILBOX_URL)
    report = Report()
    connection = _connect(mailbox, timeout)
    try:
        connection.login(mailbox.user, mailbox.password)
        for folder in (PROCESSED_FOLDER, REVIEW_FOLDER):
            _ensure_folder(connection, folder)
        can_move = _can_move(connection)
        status, _data = connection.select(mailbox.folder)
        if status != "OK":
            raise imaplib.IMAP4.error(f"cannot open {mailbox.folder}")
        status, data = connection.uid("SEARCH", None, "ALL")
        uids = (data[0] or b"").split()[:limit] if status == "OK" else []
        for uid in uids:
            status, data = connection.uid("FETCH", uid, f"(BODY.PEEK[]<0.{MAX_FETCH_BYTES}>)")
            raw = b"".join(
                item[1] for item in data or [] if isinstance(item, tuple) and len(item) > 1
            )
            verdict = classify(raw)
            record(verdict)
            counted = verdict.kind in (Bounce.Kind.HARD, Bounce.Kind.SOFT)
            _move(
                connection, uid, PROCESSED_FOLDER if counted else REVIEW_FOLDER, can_move=can_move
            )
            report.read += 1
            report.counts[verdict.kind] = report.counts.get(verdict.kind, 0) + 1
        connection.close()
    finally:
        with contextlib.suppress(imaplib.IMAP4.error, OSError):
            connection.logout()
    if report.read:
        logger.info("bounces: %d read %s", report.read, report.counts)
    return report
