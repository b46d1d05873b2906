"""The one way to send a transactional email.

An email is a template name, an address, a language and a key:

    outbox.send("partners-invitation", to=address, language="fr",
                key=f"partners.invitation:{pk}:{nonce}", context={...})

Templates follow one convention: `emails/<name>-subject.txt`,
`emails/<name>-body.txt` and, optionally, `emails/<name>-body.html`, rendered
in the recipient's language when the email is queued (text parts without
HTML escaping).

`send` writes a row in the caller's transaction (an outbox): a rolled-back
change sends nothing, and the unique (key, to) makes the same event mail one
address once, however often it is repeated. After commit a Celery task sends
the row; a beat task sweeps rows left pending (a broker message lost with a
Redis restart, a retry that is due). A transient SMTP error (4xx, a dropped
or refused connection, a timeout) leaves the row pending with a growing
delay; a permanent one (5xx) marks it failed at once.

Every message carries its own return path (VERP, `return_path`): a bounce
names the message it answers even when the receiving server rewrote the
recipient (foundation.mail.bounces reads them). An address that bounced is
suppressed: `send` queues nothing for it and a queued row is cancelled, unless
the email is about the person's own account (`about_account`). The newsletter
asks `is_suppressed` too, so the rule lives here once.

Not for the monthly newsletter, which has its own batch delivery.
"""

import datetime
import logging
import smtplib
from email.utils import parseaddr
from functools import partial

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.db.models import Exists
from django.template import Context, TemplateDoesNotExist, loader
from django.utils import timezone, translation
from django.utils.translation import gettext

from foundation.links import make_address_token
from foundation.mail.models import Email, Suppression

logger = logging.getLogger(__name__)

SWEEP_MIN_AGE = datetime.timedelta(minutes=1)
VERP_PURPOSE = "foundation.mail.verp"


def bounce_domain() -> str:
    """BOUNCE_DOMAIN, else the domain of DEFAULT_FROM_EMAIL."""
    domain = _setting("BOUNCE_DOMAIN", "")
    if not domain:
        domain = parseaddr(settings.DEFAULT_FROM_EMAIL)[1].rpartition("@")[2] or "localhost"
    return domain


def return_path(reference: str) -> str:
    """The envelope sender of one delivery: bounces+<signed reference>@<bounce domain>.

    `reference` is short ([a-z0-9], e.g. "n42" for newsletter delivery 42);
    the signature keeps a forged bounce from suppressing someone else.
    """
    local = _setting("BOUNCE_LOCAL_PART", "bounces")
    return f"{local}+{make_address_token(VERP_PURPOSE, reference)}@{bounce_domain()}"


def is_suppressed(email: str) -> bool:
    """Whether `email` bounced and was not reinstated: it receives nothing but account mail."""
    return Suppression.objects.filter(
        email=(email or "").strip().lower(), lifted_at__isnull=True
    ).exists()


def suppressed_addresses():
    """The suppressed addresses, as a subquery for `email__in` (lower case)."""
    return Suppression.objects.filter(lifted_at__isnull=True).values("email")


def suppressed_exists(email_ref) -> Exists:
    """Exists(...) for annotating rows whose (lower-case) address `email_ref` is suppressed."""
    return Exists(Suppression.objects.filter(email=email_ref, lifted_at__isnull=True))


def suppress(email: str, *, reason: str, at: datetime.datetime | None = None) -> Suppression:
    """Stop all but account mail to `email`. Side effects: the Suppression row; pending
    non-account emails to it cancelled."""
    address = (email or "").strip().lower()
    at = at or timezone.now()
    suppression, _created = Suppression.objects.update_or_create(
        email=address, defaults={"reason": reason[:2000], "bounced_at": at, "lifted_at": None}
    )
    Email.objects.filter(to=address, status=Email.Status.PENDING, about_account=False).update(
        status=Email.Status.CANCELLED
    )
    logger.info("mail: %s suppressed (%s)", address, reason[:200])
    return suppression


def reinstate(email: str, *, by: str) -> bool:
    """Lift the suppression of `email` (the Secretariat, or the person confirming the
    address again). Returns whether one was lifted. Side effect: Suppression.lifted_*."""
    lifted = Suppression.objects.filter(
        email=(email or "").strip().lower(), lifted_at__isnull=True
    ).update(lifted_at=timezone.now(), lifted_by=by[:254])
    return bool(lifted)


def _setting(name: str, default):
    return getattr(settings, name, default)


def _render_text(name: str, context: dict) -> str:
    # Plain text is never HTML: "Smith & Co" must not arrive as "Smith &amp; Co".
    template = loader.get_template(name)
    return template.template.render(Context(context, autoescape=False))


def sender(language: str) -> str:
    """DEFAULT_FROM_EMAIL's address under the portal's name in `language`
    ("Partenariat ONG–UNESCO <ngo@…>"): a French partner reads a French
    sender, whatever name the setting carries."""
    _name, address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    address = address or settings.DEFAULT_FROM_EMAIL
    with translation.override(language):
        name = gettext("NGO–UNESCO partnership")
    # Not formataddr: it would encode the accents here already; Django's
    # message encodes the header once, when it is sent.
    return f'"{name}" <{address}>' if any(c in name for c in ',;:"()<>@') else f"{name} <{address}>"


def subject_prefix(language: str) -> str:
    """The tag before every subject, in `language` ("[ONG–UNESCO] ")."""
    with translation.override(language):
        return gettext("[NGO–UNESCO]") + " "


def render(template: str, *, language: str, context: dict) -> tuple[str, str, str]:
    """(subject, text body, HTML body or "") of `template` in `language`."""
    with translation.override(language):
        subject = " ".join(_render_text(f"emails/{template}-subject.txt", context).split())
        body = _render_text(f"emails/{template}-body.txt", context).strip() + "\n"
        try:
            html_template = loader.get_template(f"emails/{template}-body.html")
        except TemplateDoesNotExist:
            html = ""  # the HTML part is optional
        else:
            html = html_template.render(context)
    return subject, body, html


def send(
    template: str,
    *,
    to: str,
    language: str,
    key: str,
    context: dict | None = None,
    prefix: bool = True,
    about_account: bool = False,
) -> bool:
    """Queue one email for `to`, unless (key, to) was queued before or `to` is suppressed.

    Returns whether a new email was queued. `prefix` puts the site's subject
    tag (`subject_prefix`, in `language`) before the subject. `about_account`:
    the email concerns the recipient's own account or address (a confirmation,
    an invitation), so it goes even to a suppressed address.
    Side effects: an Email row in the current transaction; a Celery task
    queued for it after commit.
    """
    address = to.strip().lower()
    if not about_account and is_suppressed(address):
        return False
    if Email.objects.filter(key=key, to=address).exists():
        return False
    subject, body, html = render(template, language=language, context=context or {})
    if prefix:
        subject = subject_prefix(language) + subject
    try:
        with transaction.atomic():
            email = Email.objects.create(
                key=key,
                to=address,
                template=template,
                language=language,
                subject=subject,
                body=body,
                html=html,
                about_account=about_account,
            )
    except IntegrityError:
        # Queued at the same moment by a concurrent transaction.
        return False
    transaction.on_commit(partial(_queue_drain, email.pk))
    return True


def _queue_drain(pk: int) -> None:
    from foundation.mail.tasks import drain_outbox  # noqa: PLC0415 -- cycle: tasks imports this module

    drain_outbox.delay([pk])


def cancel(*, key: str) -> int:
    """Withdraw the emails of `key` not sent yet (e.g. a revoked invitation's).

    Side effects: marks pending rows cancelled. Returns how many.
    """
    return Email.objects.filter(key=key, status=Email.Status.PENDING).update(
        status=Email.Status.CANCELLED
    )


def is_transient(error: BaseException) -> bool:
    """Whether sending again later may succeed."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _message in error.recipients.values()]
        return bool(codes) and all(400 <= code < 500 for code in codes)
    if isinstance(error, smtplib.SMTPResponseException):
        return 400 <= error.smtp_code < 500
    if isinstance(error, (smtplib.SMTPServerDisconnected, smtplib.SMTPConnectError)):
        return True
    if isinstance(error, smtplib.SMTPException):
        return False
    return isinstance(error, (TimeoutError, ConnectionError))


def retry_delay(attempts: int) -> datetime.timedelta:
    """1, 2, 4… minutes after the 1st, 2nd, 3rd… failure, at most an hour."""
    base = float(_setting("MAIL_RETRY_BASE_SECONDS", 60))
    cap = float(_setting("MAIL_RETRY_CAP_SECONDS", 3600))
    return datetime.timedelta(seconds=min(cap, base * 2 ** (attempts - 1)))


def _message(email: Email) -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(
        subject=email.subject,
        body=email.body,
        to=[email.to],
        # The envelope sender (where bounces go); the From header is the portal's.
        from_email=return_path(f"m{email.pk}"),
        headers={"From": sender(email.language)},
    )
    if email.html:
        message.attach_alternative(email.html, "text/html")
    return message


def _deliver(email: Email, now: datetime.datetime) -> bool:
    """Send one locked row and record the outcome on it. Returns whether it went out."""
    if not email.about_account and is_suppressed(email.to):
        email.status = Email.Status.CANCELLED
        email.save(update_fields=["status"])
        return False
    email.attempts += 1
    try:
        _message(email).send()
    except Exception as error:
        email.last_error = f"{type(error).__name__}: {error}"[:2000]
        if is_transient(error) and email.attempts < _setting("MAIL_MAX_ATTEMPTS", 8):
            email.next_attempt_at = now + retry_delay(email.attempts)
            logger.warning("mail %s to %s: %s, retry", email.key, email.to, email.last_error)
        else:
            email.status = Email.Status.FAILED
            logger.error("mail %s to %s failed: %s", email.key, email.to, email.last_error)
        email.save(update_fields=["attempts", "last_error", "next_attempt_at", "status"])
        return False
    email.status = Email.Status.SENT
    email.sent_at = timezone.now()
    email.last_error = ""
    email.save(update_fields=["attempts", "last_error", "status", "sent_at"])
    return True


def drain(
    *,
    ids: list[int] | None = None,
    now: datetime.datetime | None = None,
    min_age: datetime.timedelta | None = None,
    limit: int = 1000,
) -> int:
    """Send the pending emails that are due (of `ids`, or all of them).

    Each row is claimed with select_for_update(skip_locked=True), so two
    workers never send the same row, and marked sent in the same
    transaction. A worker killed between the server's acceptance and the
    commit leaves the row pending and it is sent again: at most a rare
    double, never a loss. Returns how many were sent.
    """
    now = now or timezone.now()
    due = Email.objects.filter(status=Email.Status.PENDING, next_attempt_at__lte=now)
    if ids is not None:
        due = due.filter(pk__in=ids)
    if min_age is not None:
        due = due.filter(created_at__lte=now - min_age)
    sent = 0
    for _round in range(limit):
        with transaction.atomic():
            email = (
                due.select_for_update(skip_locked=True).order_by("next_attempt_at", "pk").first()
            )
            if email is None:
                break
            sent += _deliver(email, now)
    return sent


def sweep(*, now: datetime.datetime | None = None) -> int:
    """Send what the per-email tasks left: lost broker messages, retries now due."""
    return drain(now=now, min_age=SWEEP_MIN_AGE)
