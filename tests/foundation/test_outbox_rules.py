"""foundation.mail.outbox, rule by rule: what each step stores, and where each boundary lies.

test_mail.py follows an email from queueing to the server; these tests pin the
rules it passes through: which errors are retried and how long after, what a
suppression cancels, which rows a drain takes and in what order.
"""

import datetime
import logging
import smtplib

import pytest
from django.core import mail
from django.db.models import OuterRef
from django.utils import timezone

from foundation.links import read_address_token
from foundation.mail import outbox
from foundation.mail.models import Email, Suppression

pytestmark = pytest.mark.django_db

CONTEXT = {"confirm_url": "https://portal.example.org/confirm/x/", "site_url": ""}
T0 = datetime.datetime(2026, 11, 30, 9, 0, tzinfo=datetime.UTC)


def _row(to="reader@example.org", key="test:1", **fields):
    """A queued email as `send` stores it, due at T0."""
    defaults = {
        "template": "newsletter-confirm",
        "language": "en",
        "subject": "Subject",
        "body": "Body\n",
        "created_at": T0,
        "next_attempt_at": T0,
    }
    return Email.objects.create(key=key, to=to, **(defaults | fields))


def _server_answers(settings, error):
    settings.MAILERS = {
        "default": {
            "BACKEND": "tests.foundation.mail_backends.FailingBackend",
            "OPTIONS": {"error": error},
        }
    }


# is_transient: which errors are worth sending again


@pytest.mark.parametrize(
    ("code", "transient"),
    [(399, False), (400, True), (450, True), (499, True), (500, False), (554, False)],
)
def test_a_reply_code_is_transient_from_400_to_499(code, transient):
    assert outbox.is_transient(smtplib.SMTPResponseException(code, b"reply")) is transient
    refused = smtplib.SMTPRecipientsRefused({"a@example.org": (code, b"reply")})
    assert outbox.is_transient(refused) is transient


def test_refused_recipients_are_retried_only_when_every_refusal_is_temporary():
    both_temporary = {"a@example.org": (450, b"later"), "b@example.org": (421, b"busy")}
    one_permanent = {"a@example.org": (450, b"later"), "b@example.org": (550, b"unknown")}
    assert outbox.is_transient(smtplib.SMTPRecipientsRefused(both_temporary)) is True
    assert outbox.is_transient(smtplib.SMTPRecipientsRefused(one_permanent)) is False
    # No refusal recorded: nothing says a retry would help.
    assert outbox.is_transient(smtplib.SMTPRecipientsRefused({})) is False


@pytest.mark.parametrize(
    ("error", "transient"),
    [
        # A connection refused with a permanent code is not worth retrying.
        (smtplib.SMTPConnectError(554, b"no service"), False),
        (smtplib.SMTPException("protocol error"), False),
        (smtplib.SMTPAuthenticationError(535, b"bad credentials"), False),
        (ConnectionResetError(), True),
        (BrokenPipeError(), True),
        (OSError("no route"), False),
        (RuntimeError("a bug"), False),
    ],
)
def test_errors_beyond_the_reply_codes(error, transient):
    assert outbox.is_transient(error) is transient


# retry_delay: doubling from one minute, at most an hour


@pytest.mark.parametrize(
    ("attempts", "seconds"),
    [(1, 60), (2, 120), (3, 240), (6, 1920), (7, 3600), (12, 3600)],
)
def test_the_retry_delay_doubles_up_to_an_hour(attempts, seconds):
    assert outbox.retry_delay(attempts) == datetime.timedelta(seconds=seconds)


def test_the_retry_delay_follows_its_settings(settings):
    settings.MAIL_RETRY_BASE_SECONDS = 10
    settings.MAIL_RETRY_CAP_SECONDS = 30
    assert [outbox.retry_delay(n).total_seconds() for n in (1, 2, 3, 4)] == [10, 20, 30, 30]


# bounce_domain and return_path: where bounces come back


def test_the_bounce_domain_is_its_setting_else_the_senders_domain(settings):
    settings.DEFAULT_FROM_EMAIL = "NGO–UNESCO partnership <ngo@unesco.example>"
    settings.BOUNCE_DOMAIN = "bounces.unesco.example"
    assert outbox.bounce_domain() == "bounces.unesco.example"
    settings.BOUNCE_DOMAIN = ""
    assert outbox.bounce_domain() == "unesco.example"
    del settings.BOUNCE_DOMAIN
    assert outbox.bounce_domain() == "unesco.example"


def test_without_a_sender_address_bounces_go_to_localhost(settings):
    settings.BOUNCE_DOMAIN = ""
    settings.DEFAULT_FROM_EMAIL = ""
    assert outbox.bounce_domain() == "localhost"


def test_the_return_path_is_signed_and_uses_its_local_part(settings):
    settings.BOUNCE_DOMAIN = "bounces.unesco.example"
    settings.BOUNCE_LOCAL_PART = "returns"
    address = outbox.return_path("m42")
    local, _, domain = address.partition("@")
    assert domain == "bounces.unesco.example"
    prefix, _, token = local.partition("+")
    assert prefix == "returns"
    assert read_address_token(outbox.VERP_PURPOSE, token) == "m42"
    del settings.BOUNCE_LOCAL_PART
    assert outbox.return_path("m42").startswith("bounces+m42-")


# suppress, reinstate, is_suppressed


def test_suppress_stores_the_address_in_lower_case_with_its_reason_and_date():
    suppression = outbox.suppress(" Reader@Example.ORG ", reason="550 5.1.1 unknown", at=T0)
    assert suppression == Suppression.objects.get()
    stored = Suppression.objects.get()
    assert (stored.email, stored.reason, stored.bounced_at, stored.lifted_at) == (
        "reader@example.org",
        "550 5.1.1 unknown",
        T0,
        None,
    )
    assert outbox.is_suppressed("READER@example.org ")
    assert not outbox.is_suppressed("other@example.org")
    assert not outbox.is_suppressed(None)


def test_suppress_without_a_date_uses_now_and_keeps_2000_characters_of_reason():
    before = timezone.now()
    outbox.suppress("reader@example.org", reason="x" * 2500)
    stored = Suppression.objects.get()
    assert before <= stored.bounced_at <= timezone.now()
    assert stored.reason == "x" * 2000


def test_suppressing_again_renews_a_lifted_suppression():
    outbox.suppress("reader@example.org", reason="first bounce", at=T0)
    assert outbox.reinstate("reader@example.org", by="secretariat@unesco.example") is True
    later = T0 + datetime.timedelta(days=30)
    outbox.suppress("reader@example.org", reason="second bounce", at=later)
    stored = Suppression.objects.get()
    assert (stored.reason, stored.bounced_at, stored.lifted_at) == ("second bounce", later, None)
    assert outbox.is_suppressed("reader@example.org")


def test_suppress_cancels_only_the_pending_mail_that_is_not_about_the_account():
    newsletter = _row(key="mailing:1")
    account = _row(key="accounts.confirm:1", about_account=True)
    sent = _row(key="mailing:0", status=Email.Status.SENT)
    other = _row(to="other@example.org", key="mailing:1")
    outbox.suppress("Reader@example.org", reason="hard bounce")
    statuses = dict(Email.objects.values_list("pk", "status"))
    assert statuses == {
        newsletter.pk: Email.Status.CANCELLED,
        account.pk: Email.Status.PENDING,
        sent.pk: Email.Status.SENT,
        other.pk: Email.Status.PENDING,
    }


def test_reinstate_lifts_once_and_records_who():
    outbox.suppress("reader@example.org", reason="hard bounce", at=T0)
    outbox.suppress("other@example.org", reason="hard bounce", at=T0)
    before = timezone.now()
    assert outbox.reinstate(" READER@example.org", by="s" * 300) is True
    lifted = Suppression.objects.get(email="reader@example.org")
    assert before <= lifted.lifted_at <= timezone.now()
    assert lifted.lifted_by == "s" * 254
    assert not outbox.is_suppressed("reader@example.org")
    # Lifting again changes nothing and says so.
    assert outbox.reinstate("reader@example.org", by="someone-else") is False
    lifted.refresh_from_db()
    assert lifted.lifted_by == "s" * 254
    assert outbox.is_suppressed("other@example.org")
    assert outbox.reinstate("never-bounced@example.org", by="x") is False


def test_the_suppressed_addresses_are_only_the_active_ones():
    outbox.suppress("reader@example.org", reason="hard bounce", at=T0)
    outbox.suppress("lifted@example.org", reason="hard bounce", at=T0)
    outbox.reinstate("lifted@example.org", by="secretariat")
    assert list(outbox.suppressed_addresses().values_list("email", flat=True)) == [
        "reader@example.org"
    ]


# send and render


def test_send_stores_the_rendered_email_for_the_address_in_lower_case():
    assert outbox.send(
        "newsletter-confirm", to=" Reader@Example.org ", language="fr", key="k:1", context=CONTEXT
    )
    email = Email.objects.get()
    assert (email.to, email.key, email.template, email.language) == (
        "reader@example.org",
        "k:1",
        "newsletter-confirm",
        "fr",
    )
    assert email.subject == (
        "[ONG–UNESCO] Confirmez votre abonnement à la lettre d'information ONG–UNESCO"
    )
    assert email.body.startswith("Quelqu'un, probablement vous,")
    assert "https://portal.example.org/confirm/x/\n" in email.body
    # Stripped, then one line end: no blank lines the template's tags left.
    assert email.body == email.body.strip() + "\n"
    assert (email.html, email.about_account, email.status, email.attempts) == (
        "",
        False,
        Email.Status.PENDING,
        0,
    )


def test_send_without_a_prefix_or_a_context():
    assert outbox.send(
        "newsletter-confirm", to="r@example.org", language="es", key="k", prefix=False
    )
    email = Email.objects.get()
    assert email.subject == "Confirme su suscripción al boletín ONG–UNESCO"
    assert email.body.count("\n") > 2


def test_a_suppressed_address_gets_only_mail_about_its_account():
    outbox.suppress("reader@example.org", reason="hard bounce")
    assert (
        outbox.send("newsletter-confirm", to="Reader@example.org", language="en", key="a") is False
    )
    assert not Email.objects.exists()
    assert outbox.send(
        "newsletter-confirm", to="reader@example.org", language="en", key="b", about_account=True
    )
    assert Email.objects.get().about_account is True


@pytest.fixture
def notice_templates(settings, tmp_path):
    """An email "notice" with a text and an HTML body, found before the project's templates."""
    emails = tmp_path / "emails"
    emails.mkdir()
    (emails / "notice-subject.txt").write_text("About\n  {{ name }}\n")
    (emails / "notice-body.txt").write_text("\n\nDear {{ name }},\n\n")
    (emails / "notice-body.html").write_text("<p>Dear {{ name }}</p>")
    settings.TEMPLATES = [
        settings.TEMPLATES[0] | {"DIRS": [tmp_path, *settings.TEMPLATES[0]["DIRS"]]}
    ]


@pytest.mark.usefixtures("notice_templates")
def test_render_writes_text_unescaped_and_html_when_there_is_a_template():
    subject, body, html = outbox.render("notice", language="en", context={"name": "Smith & Co"})
    assert subject == "About Smith & Co"
    assert body == "Dear Smith & Co,\n"
    assert html == "<p>Dear Smith &amp; Co</p>"


# drain and _deliver: which rows go, in what order, and what each outcome stores


def test_a_delivered_row_is_marked_sent_with_its_attempt_and_no_error():
    email = _row(attempts=2, last_error="SMTPServerDisconnected: gone")
    before = timezone.now()
    assert outbox.drain(now=T0) == 1
    email.refresh_from_db()
    assert (email.status, email.attempts, email.last_error) == (Email.Status.SENT, 3, "")
    assert before <= email.sent_at <= timezone.now()
    [message] = mail.outbox
    assert (message.to, message.subject, message.body) == (
        ["reader@example.org"],
        "Subject",
        "Body\n",
    )
    assert message.alternatives == []


def test_the_message_carries_its_return_path_sender_and_html(settings):
    settings.DEFAULT_FROM_EMAIL = "ngo@unesco.example"
    settings.BOUNCE_DOMAIN = ""
    email = _row(language="fr", html="<p>Bonjour</p>")
    outbox.drain(now=T0)
    [message] = mail.outbox
    assert message.from_email == outbox.return_path(f"m{email.pk}")
    assert message.extra_headers == {"From": "Partenariat ONG–UNESCO <ngo@unesco.example>"}
    assert [(a.content, a.mimetype) for a in message.alternatives] == [
        ("<p>Bonjour</p>", "text/html")
    ]


def test_a_transient_error_keeps_the_row_pending_until_its_delay(settings):
    _server_answers(settings, smtplib.SMTPServerDisconnected("gone"))
    email = _row()
    assert outbox.drain(now=T0) == 0
    email.refresh_from_db()
    assert (email.status, email.attempts, email.last_error) == (
        Email.Status.PENDING,
        1,
        "SMTPServerDisconnected: gone",
    )
    assert email.next_attempt_at == T0 + datetime.timedelta(minutes=1)
    assert email.sent_at is None


def test_the_last_allowed_attempt_fails_the_row(settings):
    settings.MAIL_MAX_ATTEMPTS = 3
    _server_answers(settings, smtplib.SMTPResponseException(451, b"greylisted"))
    second = _row(key="k:2", attempts=1)
    last = _row(key="k:3", attempts=2)
    assert outbox.drain(now=T0) == 0
    second.refresh_from_db()
    last.refresh_from_db()
    assert (second.status, second.attempts) == (Email.Status.PENDING, 2)
    assert second.next_attempt_at == T0 + datetime.timedelta(minutes=2)
    assert (last.status, last.attempts, last.next_attempt_at) == (Email.Status.FAILED, 3, T0)
    assert last.last_error == "SMTPResponseException: (451, b'greylisted')"


def test_eight_attempts_by_default(settings):
    _server_answers(settings, smtplib.SMTPServerDisconnected("gone"))
    seventh = _row(key="k:7", attempts=6)
    eighth = _row(key="k:8", attempts=7)
    outbox.drain(now=T0)
    seventh.refresh_from_db()
    eighth.refresh_from_db()
    assert (seventh.status, seventh.attempts) == (Email.Status.PENDING, 7)
    assert (eighth.status, eighth.attempts) == (Email.Status.FAILED, 8)


def test_a_permanent_error_fails_at_once_and_keeps_2000_characters_of_it(settings):
    _server_answers(settings, smtplib.SMTPDataError(552, b"x" * 3000))
    email = _row()
    assert outbox.drain(now=T0) == 0
    email.refresh_from_db()
    assert (email.status, email.attempts, email.next_attempt_at) == (Email.Status.FAILED, 1, T0)
    assert len(email.last_error) == 2000
    assert email.last_error.startswith("SMTPDataError: (552, b'xxx")


def test_a_row_whose_address_bounced_meanwhile_is_cancelled_not_sent():
    email = _row()
    account = _row(key="accounts:1", about_account=True)
    Suppression.objects.create(email="reader@example.org", reason="hard bounce")
    assert outbox.drain(now=T0) == 1
    email.refresh_from_db()
    account.refresh_from_db()
    assert (email.status, email.attempts) == (Email.Status.CANCELLED, 0)
    assert (account.status, account.attempts) == (Email.Status.SENT, 1)
    assert [m.to for m in mail.outbox] == [["reader@example.org"]]
    assert mail.outbox[0].subject == "Subject"


def test_drain_takes_only_due_pending_rows_of_the_ids_given():
    due = _row(key="k:due")
    other = _row(key="k:other")
    later = _row(key="k:later", next_attempt_at=T0 + datetime.timedelta(seconds=1))
    failed = _row(key="k:failed", status=Email.Status.FAILED)
    assert outbox.drain(ids=[due.pk, later.pk, failed.pk], now=T0) == 1
    statuses = dict(Email.objects.values_list("key", "status"))
    assert statuses == {
        "k:due": Email.Status.SENT,
        "k:other": Email.Status.PENDING,
        "k:later": Email.Status.PENDING,
        "k:failed": Email.Status.FAILED,
    }
    assert outbox.drain(now=T0) == 1
    assert Email.objects.get(pk=other.pk).status == Email.Status.SENT
    assert outbox.drain(now=later.next_attempt_at) == 1


def test_drain_sends_the_longest_waiting_first_and_stops_at_its_limit():
    newest = _row(key="k:1", next_attempt_at=T0 - datetime.timedelta(minutes=1))
    oldest = _row(key="k:2", next_attempt_at=T0 - datetime.timedelta(minutes=5))
    tie_first = _row(key="k:3", next_attempt_at=T0)
    tie_second = _row(key="k:4", next_attempt_at=T0)
    assert outbox.drain(now=T0, limit=1) == 1
    assert Email.objects.get(pk=oldest.pk).status == Email.Status.SENT
    assert outbox.drain(now=T0, limit=2) == 2
    assert Email.objects.get(pk=newest.pk).status == Email.Status.SENT
    assert Email.objects.get(pk=tie_first.pk).status == Email.Status.SENT
    assert Email.objects.get(pk=tie_second.pk).status == Email.Status.PENDING
    assert [m.to for m in mail.outbox] == [["reader@example.org"]] * 3


def test_drain_counts_only_what_went_out(settings):
    _row(key="k:1")
    Suppression.objects.create(email="gone@example.org", reason="hard bounce")
    _row(to="gone@example.org", key="k:2")
    assert outbox.drain(now=T0) == 1
    _row(key="k:3")
    _server_answers(settings, smtplib.SMTPDataError(552, b"too big"))
    assert outbox.drain(now=T0) == 0


def test_the_sweep_takes_rows_a_minute_old_and_older():
    _row(created_at=T0 - datetime.timedelta(seconds=59), key="k:young")
    _row(created_at=T0 - datetime.timedelta(seconds=60), key="k:old")
    assert outbox.sweep(now=T0) == 1
    assert Email.objects.get(key="k:old").status == Email.Status.SENT
    assert Email.objects.get(key="k:young").status == Email.Status.PENDING
    assert outbox.drain(now=T0, min_age=None) == 1


def test_cancel_withdraws_only_the_pending_rows_of_its_key():
    _row(key="invite:1")
    _row(key="invite:1", to="b@example.org", status=Email.Status.SENT)
    _row(key="invite:2")
    assert outbox.cancel(key="invite:1") == 1
    assert dict(Email.objects.values_list("to", "status").filter(key="invite:1")) == {
        "reader@example.org": Email.Status.CANCELLED,
        "b@example.org": Email.Status.SENT,
    }
    assert Email.objects.get(key="invite:2").status == Email.Status.PENDING


def test_the_same_event_mails_each_address_once():
    assert outbox.send("newsletter-confirm", to="a@example.org", language="en", key="k")
    assert outbox.send("newsletter-confirm", to="b@example.org", language="en", key="k")
    assert not outbox.send("newsletter-confirm", to="A@example.org", language="en", key="k")
    assert sorted(Email.objects.values_list("to", flat=True)) == ["a@example.org", "b@example.org"]


@pytest.mark.usefixtures("notice_templates")
def test_an_email_with_an_html_part_stores_and_sends_it():
    outbox.send("notice", to="r@example.org", language="en", key="k", context={"name": "Awa"})
    assert Email.objects.get().html == "<p>Dear Awa</p>"
    outbox.drain()
    [message] = mail.outbox
    assert [(a.content, a.mimetype) for a in message.alternatives] == [
        ("<p>Dear Awa</p>", "text/html")
    ]


def test_the_task_queued_after_commit_sends_its_own_email_only(
    django_capture_on_commit_callbacks,
):
    # A row whose own task was lost: the sweep's business, not this task's.
    _row(to="lost@example.org", key="lost", created_at=T0, next_attempt_at=T0)
    with django_capture_on_commit_callbacks(execute=True):
        outbox.send("newsletter-confirm", to="r@example.org", language="en", key="k")
    assert [m.to for m in mail.outbox] == [["r@example.org"]]
    assert Email.objects.get(key="lost").status == Email.Status.PENDING


def test_a_sender_name_with_a_comma_is_quoted(settings, monkeypatch):
    settings.DEFAULT_FROM_EMAIL = "ngo@unesco.example"
    monkeypatch.setattr(outbox, "gettext", lambda text: "UNESCO, NGO partnership")
    assert outbox.sender("en") == '"UNESCO, NGO partnership" <ngo@unesco.example>'
    monkeypatch.setattr(outbox, "gettext", lambda text: "NGO–UNESCO (partnership)")
    assert outbox.sender("en") == '"NGO–UNESCO (partnership)" <ngo@unesco.example>'
    monkeypatch.setattr(outbox, "gettext", lambda text: "NGO–UNESCO partnership X")
    assert outbox.sender("en") == "NGO–UNESCO partnership X <ngo@unesco.example>"


def test_rows_are_marked_whose_address_is_suppressed_now():
    _row(to="bounced@example.org", key="a")
    _row(to="reinstated@example.org", key="b")
    _row(to="fine@example.org", key="c")
    outbox.suppress("bounced@example.org", reason="hard bounce")
    outbox.suppress("reinstated@example.org", reason="hard bounce")
    outbox.reinstate("reinstated@example.org", by="secretariat")
    marked = dict(
        Email.objects.annotate(suppressed=outbox.suppressed_exists(OuterRef("to"))).values_list(
            "to", "suppressed"
        )
    )
    assert marked == {
        "bounced@example.org": True,
        "reinstated@example.org": False,
        "fine@example.org": False,
    }


def test_each_outcome_is_logged_for_the_operator(settings, caplog):
    caplog.set_level(logging.INFO, logger="foundation.mail.outbox")
    _server_answers(settings, smtplib.SMTPServerDisconnected("gone"))
    _row(key="k:retry")
    outbox.drain(now=T0)
    _server_answers(settings, smtplib.SMTPDataError(552, b"too big"))
    _row(key="k:failed", to="other@example.org")
    outbox.drain(now=T0)
    outbox.suppress("Bounced@example.org", reason="550 " + "x" * 300)
    assert [(r.levelname, r.getMessage()) for r in caplog.records] == [
        ("WARNING", "mail k:retry to reader@example.org: SMTPServerDisconnected: gone, retry"),
        (
            "ERROR",
            "mail k:failed to other@example.org failed: SMTPDataError: (552, b'too big')",
        ),
        ("INFO", "mail: bounced@example.org suppressed (550 " + "x" * 196 + ")"),
    ]
