"""Bounces: the per-delivery return path, the classifier on a corpus of real
formats, the hard/soft rules, suppression everywhere, reinstatement, and the
bounce mailbox read over IMAP from a real dovecot on 127.0.0.1."""

import datetime
from pathlib import Path

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone

from foundation.links import LinkInvalid, make_address_token, read_address_token
from foundation.mail import bounces, outbox
from foundation.mail.models import Bounce, Email, Suppression
from newsletter import delivery, selectors, services
from newsletter.models import Delivery, Issue
from tests.newsletter.factories import DeliveryFactory, IssueFactory, subscribed_contact

pytestmark = pytest.mark.django_db

CORPUS = Path(__file__).parent / "bounces"


def _verp(reference: str) -> str:
    return outbox.return_path(reference)


def _message(
    name: str, *, rcpt: str = "someone@example.net", reference: str = "n1", key=""
) -> bytes:
    text = (CORPUS / name).read_bytes()
    return (
        text.replace(b"{verp}", _verp(reference).encode())
        .replace(b"{rcpt}", rcpt.encode())
        .replace(b"{msgid}", (key or f"{name}-{reference}").encode())
        .replace(b"\r\n", b"\n")
        .replace(b"\n", b"\r\n")
    )


def big_bounce(*, rcpt: str, reference: str, size: int = 20 * 1024 * 1024) -> bytes:
    """A Postfix DSN returning a 20 MB message in full."""
    head = _message("postfix.eml", rcpt=rcpt, reference=reference, key="big").rsplit(b"--4F2A", 1)[
        0
    ]
    line = b"QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVphYmNkZWZnaGlqa2xtbm9wcXJzdHV2d3h5ejAx\r\n"
    body = line * (size // len(line) + 1)
    return (
        head
        + b"--4F2A01C0.1736842361/mail.portal.example.org\r\n"
        + b"Content-Type: message/rfc822\r\n\r\n"
        + b"From: ngo@portal.example.org\r\nTo: "
        + rcpt.encode()
        + b"\r\nContent-Type: application/pdf\r\nContent-Transfer-Encoding: base64\r\n\r\n"
        + body
        + b"\r\n--4F2A01C0.1736842361/mail.portal.example.org--\r\n"
    )


# The return path -----------------------------------------------------------------------


def test_return_path_is_a_short_case_insensitive_signed_address(settings):
    settings.BOUNCE_DOMAIN = "bounce.example.org"
    address = outbox.return_path("n123456")
    local, domain = address.split("@")
    assert domain == "bounce.example.org"
    assert len(local) <= 64 and local == local.lower()
    token = local.removeprefix("bounces+")
    assert read_address_token(outbox.VERP_PURPOSE, token.upper()) == "n123456"


@pytest.mark.parametrize(
    "token",
    ["", "n1", "n1-" + "0" * 20, "n2-" + "f" * 20, "n1-zz", "../etc", "n1-" + "a" * 200],
)
def test_forged_or_mangled_tokens_are_refused(token):
    with pytest.raises(LinkInvalid):
        read_address_token(outbox.VERP_PURPOSE, token)


def test_token_of_another_purpose_is_refused():
    token = make_address_token("something-else", "n1")
    with pytest.raises(LinkInvalid):
        read_address_token(outbox.VERP_PURPOSE, token)


def test_every_newsletter_message_goes_out_with_its_own_return_path(settings):
    subscribed_contact(email="reader@example.org", preferred_language="en")
    issue = IssueFactory()
    Issue.objects.filter(pk=issue.pk).update(status=Issue.Status.SENDING)
    issue.refresh_from_db()
    services.issue_prepare_sending(issue=issue)
    delivery.deliveries_drain(issue_id=issue.pk)
    (message,) = mail.outbox
    row = Delivery.objects.get()
    assert message.from_email == outbox.return_path(f"n{row.pk}")
    assert message.extra_headers["From"] == outbox.sender("en")


def test_outbox_email_goes_out_with_its_own_return_path():
    outbox.send("newsletter-confirm", to="x@example.org", language="en", key="k", context={})
    outbox.drain()
    (message,) = mail.outbox
    email = Email.objects.get()
    assert message.from_email == outbox.return_path(f"m{email.pk}")


# Classification -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "kind", "status"),
    [
        ("postfix.eml", "hard", "5.1.1"),
        ("exim.eml", "hard", ""),
        ("exchange.eml", "hard", "5.1.10"),
        ("gmail.eml", "hard", "5.1.1"),
        ("rewritten.eml", "hard", "5.1.1"),
        ("soft-full.eml", "soft", "5.2.2"),
        ("soft-delayed.eml", "soft", "4.4.1"),
        ("out-of-office.eml", "auto_reply", ""),
        ("malformed.eml", "unknown", ""),
    ],
)
def test_each_format_lands_in_its_class(name, kind, status):
    verdict = bounces.classify(_message(name, reference="n42"))
    assert verdict.kind == kind
    assert verdict.status == status
    assert verdict.reference == "n42"


def test_a_20_mb_bounce_is_classified_from_its_first_part():
    verdict = bounces.classify(big_bounce(rcpt="big@example.net", reference="n7"))
    assert verdict.kind == "hard" and verdict.reference == "n7"


@pytest.mark.parametrize(
    "raw",
    [
        b"",
        b"\x00\x01\x02",
        b"Subject: x\r\n\r\n",
        b"Content-Type: multipart/report\r\n\r\n--",
        b"\xff" * 5000,
        b"From: a\r\n" * 10000,
    ],
)
def test_garbage_never_raises(raw):
    assert bounces.classify(raw).kind == "unknown"


# Rules --------------------------------------------------------------------------------


def _delivery(email: str) -> Delivery:
    return DeliveryFactory(email=email)


def test_hard_bounce_suppresses_the_delivery_address_at_once():
    row = _delivery("gone@example.net")
    bounce = bounces.record(
        bounces.classify(_message("postfix.eml", rcpt=row.email, reference=f"n{row.pk}"))
    )
    assert bounce.kind == "hard" and bounce.email == "gone@example.net"
    assert outbox.is_suppressed("GONE@example.net")
    assert "5.1.1" in Suppression.objects.get().reason


def test_rewritten_recipient_suppresses_the_address_we_mailed():
    row = _delivery("alumnus@example.edu")
    bounces.record(bounces.classify(_message("rewritten.eml", reference=f"n{row.pk}")))
    assert outbox.is_suppressed("alumnus@example.edu")
    assert not outbox.is_suppressed("j.doe.1998@alumni-mail.example.com")


def test_three_soft_bounces_in_30_days_suppress_two_do_not():
    row = _delivery("full@example.net")
    now = timezone.now()
    for index, at in enumerate(
        [now - datetime.timedelta(days=40), now - datetime.timedelta(days=10)]
    ):
        raw = _message("soft-full.eml", rcpt=row.email, reference=f"n{row.pk}", key=f"s{index}")
        bounces.record(bounces.classify(raw), now=at)
    raw = _message("soft-delayed.eml", rcpt=row.email, reference=f"n{row.pk}", key="s2")
    bounces.record(bounces.classify(raw), now=now)
    assert not outbox.is_suppressed(row.email)  # the first is older than 30 days
    raw = _message("soft-full.eml", rcpt=row.email, reference=f"n{row.pk}", key="s3")
    bounces.record(bounces.classify(raw), now=now)
    assert outbox.is_suppressed(row.email)


def test_auto_replies_and_unknown_messages_are_never_counted():
    row = _delivery("away@example.net")
    for name in ("out-of-office.eml", "malformed.eml"):
        bounces.record(bounces.classify(_message(name, rcpt=row.email, reference=f"n{row.pk}")))
    assert not Suppression.objects.exists()
    assert set(Bounce.objects.values_list("email", flat=True)) == {""}


def test_a_message_read_twice_counts_once():
    row = _delivery("twice@example.net")
    raw = _message("soft-full.eml", rcpt=row.email, reference=f"n{row.pk}")
    assert bounces.record(bounces.classify(raw)) is not None
    assert bounces.record(bounces.classify(raw)) is None
    assert Bounce.objects.count() == 1


def test_a_forged_return_path_suppresses_nobody():
    row = _delivery("victim@example.net")
    raw = _message("postfix.eml", rcpt="", reference=f"n{row.pk}").replace(
        outbox.return_path(f"n{row.pk}").encode(), f"bounces+n{row.pk}-{'0' * 20}@x".encode()
    )
    bounces.record(bounces.classify(raw))
    assert not outbox.is_suppressed("victim@example.net")


# Suppression everywhere, and reinstatement --------------------------------------------------


def test_suppressed_address_gets_no_notification_but_account_mail():
    outbox.suppress("gone@example.net", reason="550 5.1.1")
    assert not outbox.send("newsletter-confirm", to="Gone@example.net", language="en", key="a")
    assert outbox.send(
        "newsletter-confirm", to="gone@example.net", language="en", key="b", about_account=True
    )
    outbox.drain()
    assert len(mail.outbox) == 1


def test_queued_notification_is_cancelled_when_the_address_is_suppressed():
    outbox.send("newsletter-confirm", to="later@example.net", language="en", key="a")
    outbox.suppress("later@example.net", reason="550")
    assert outbox.drain() == 0
    assert Email.objects.get().status == Email.Status.CANCELLED


def test_suppressed_address_is_left_out_of_the_newsletter_and_skipped_if_queued():
    subscribed_contact(email="gone@example.net")
    subscribed_contact(email="here@example.net")
    outbox.suppress("gone@example.net", reason="550")
    assert [address for address, _ in selectors.recipient_iter()] == ["here@example.net"]
    issue = IssueFactory()
    Issue.objects.filter(pk=issue.pk).update(status=Issue.Status.SENDING)
    issue.refresh_from_db()
    Delivery.objects.create(issue=issue, email="gone@example.net", language="en")
    services.issue_prepare_sending(issue=issue)
    delivery.deliveries_drain(issue_id=issue.pk)
    assert [message.to for message in mail.outbox] == [["here@example.net"]]
    assert Delivery.objects.get(email="gone@example.net").status == "skipped"


def test_confirming_the_address_again_reinstates_it():
    outbox.suppress("back@example.net", reason="550")
    services.subscriber_confirm(email="back@example.net", language="en")
    assert not outbox.is_suppressed("back@example.net")
    assert Suppression.objects.get().lifted_by == "back@example.net"


# The mailbox URL ------------------------------------------------------------------------


def test_mailbox_url_is_read():
    box = bounces.parse_mailbox_url("imaps://bounce%40portal:p%40ss@mail.example.org:993/INBOX")
    assert (box.host, box.port, box.user, box.password, box.folder, box.tls) == (
        "mail.example.org",
        993,
        "bounce@portal",
        "p@ss",
        "INBOX",
        True,
    )
    assert bounces.parse_mailbox_url("imap://u:p@127.0.0.1:1143").folder == "INBOX"


@pytest.mark.parametrize(
    "url",
    [
        "",
        "imap://u:p@mail.example.org/INBOX",  # clear text across a network
        "imap://u:p@10.0.0.1/INBOX",
        "http://u:p@mail.example.org/",
        "file:///etc/passwd",
        "imaps://mail.example.org/INBOX",  # no credentials
        "imaps://u@mail.example.org/INBOX",
        "imaps://u:p@/INBOX",
        "imaps://u:p@mail.example.org:99999/INBOX",
        "imaps://u:p@mail.example.org/INBOX\r\nA1 DELETE INBOX",
        "imaps://u:p@mail.example.org/INBOX%0d%0aA1%20DELETE%20INBOX",
        'imaps://u:p@mail.example.org/"INBOX"',
        "imaps://u%0d%0aA1:p@mail.example.org/INBOX",
        "imaps://u:p@mail.example.org/INBOX?x=1",
        "imaps://u:p@mail.example.org/" + "a" * 2000,
    ],
)
def test_hostile_mailbox_urls_are_refused(url):
    with pytest.raises(ValidationError):
        bounces.parse_mailbox_url(url)


def test_process_bounces_command_refuses_a_bad_url(settings):
    from django.core.management.base import CommandError

    settings.BOUNCE_MAILBOX_URL = "imap://u:p@mail.example.org/INBOX"
    with pytest.raises(CommandError):
        call_command("process_bounces")


# A real IMAP server -------------------------------------------------------------------------


@pytest.fixture
def imap_server():
    from tests.newsletter.imap import ImapServer

    server = ImapServer().start()
    yield server
    server.stop()


@pytest.mark.integration
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_bounce_mailbox_over_imap_classifies_records_and_reads_nothing_twice(imap_server, settings):
    settings.BOUNCE_MAILBOX_URL = imap_server.url
    rows = {
        name: _delivery(f"{name.split('.')[0]}@example.net")
        for name in sorted(p.name for p in CORPUS.glob("*.eml"))
    }
    for name, row in rows.items():
        imap_server.append(_message(name, rcpt=row.email, reference=f"n{row.pk}"))
    big = _delivery("big@example.net")
    imap_server.append(big_bounce(rcpt=big.email, reference=f"n{big.pk}"))

    from io import StringIO

    out = StringIO()
    call_command("process_bounces", stdout=out)
    assert "10 messages read" in out.getvalue(), imap_server.log()
    kinds = dict(Bounce.objects.values_list("reference", "kind"))
    expected = {
        "exchange.eml": "hard",
        "exim.eml": "hard",
        "gmail.eml": "hard",
        "postfix.eml": "hard",
        "rewritten.eml": "hard",
        "soft-full.eml": "soft",
        "soft-delayed.eml": "soft",
        "out-of-office.eml": "auto_reply",
        "malformed.eml": "unknown",
    }
    for name, kind in expected.items():
        assert kinds.get(f"n{rows[name].pk}") == kind, name
    assert kinds[f"n{big.pk}"] == "hard"
    suppressed = set(Suppression.objects.values_list("email", flat=True))
    assert suppressed == {
        rows[name].email
        for name in ("exchange.eml", "exim.eml", "gmail.eml", "postfix.eml", "rewritten.eml")
    } | {big.email}
    assert imap_server.count("INBOX") == 0
    assert imap_server.count("Processed") == 8
    assert imap_server.count("Review") == 2

    # The beat task finds nothing new: nothing is read twice.
    from foundation.mail.tasks import process_bounces

    assert process_bounces() == 0
    assert Bounce.objects.count() == 10
