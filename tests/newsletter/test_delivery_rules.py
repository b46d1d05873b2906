"""newsletter.delivery's shared rules at their edges: a campaign no longer
sending, a server's answer read as a failure (bytes that are not UTF-8, the
length kept, the log line), the retry settings, skipped rows, and what a
drain reports (how many it handled over several batches, whether more is
ready now, when to come back)."""

import datetime
import email
import email.policy
import logging

import pytest
from django.core import mail
from django.utils import timezone

from foundation.mail import outbox
from newsletter import delivery, services
from newsletter.models import Delivery, Issue, IssueRendition, Mailing
from tests.newsletter.factories import MAILING_TEXTS, IssueFactory, subscribed_contact

pytestmark = pytest.mark.django_db


def _issue_sending_to(*addresses) -> Issue:
    for address in addresses:
        subscribed_contact(email=address)
    issue = IssueFactory()
    Issue.objects.filter(pk=issue.pk).update(status=Issue.Status.SENDING)
    issue.refresh_from_db()
    services.issue_prepare_sending(issue=issue)
    return issue


# --- Which campaign is drained ----------------------------------------------------------


@pytest.mark.parametrize("status", [Issue.Status.DRAFT, Issue.Status.SENT])
def test_an_issue_no_longer_sending_is_not_drained(status):
    issue = _issue_sending_to("reader@example.org")
    Issue.objects.filter(pk=issue.pk).update(status=status)
    result = delivery.deliveries_drain(issue_id=issue.pk)
    assert (result.finished, result.handled) == (True, 0)
    assert mail.outbox == []
    assert Delivery.objects.get().status == Delivery.Status.PENDING


def test_a_mailing_no_longer_sending_is_not_drained():
    mailing = Mailing.objects.create(status=Mailing.Status.DRAFT, **MAILING_TEXTS)
    Delivery.objects.create(mailing=mailing, email="reader@example.org", language="en")
    result = delivery.deliveries_drain(mailing_id=mailing.pk)
    assert (result.finished, result.handled) == (True, 0)
    assert mail.outbox == []


# --- Failures ---------------------------------------------------------------------------


def test_a_servers_answer_that_is_not_utf8_is_kept_readable_and_classed_by_its_code():
    permanent = delivery._failure(550, b"Mailbox \xff unavailable")
    assert isinstance(permanent, delivery.PermanentFailure)
    assert str(permanent) == "550 Mailbox \ufffd unavailable"
    temporary = delivery._failure(451, "Try again later")
    assert isinstance(temporary, delivery.TemporaryFailure)
    assert str(temporary) == "451 Try again later"


def test_a_long_answer_is_kept_to_a_thousand_characters():
    assert len(str(delivery._failure(550, "x" * 2000))) == 1000


def test_a_failure_is_logged_with_the_row_the_address_and_the_outcome(caplog):
    issue = _issue_sending_to("refused@example.org")
    row = Delivery.objects.get(issue=issue)
    row.attempts = delivery.max_attempts()
    caplog.clear()  # preparing the issue logs its renderings
    with caplog.at_level(logging.WARNING, logger="newsletter.delivery"):
        delivery._record_failure(row, delivery.PermanentFailure("550 No such mailbox"))
    assert caplog.messages == [
        f"newsletter delivery {row.pk} to refused@example.org: failed (550 No such mailbox)"
    ]


def test_the_retry_delays_default_to_a_minute_and_an_hour_and_follow_the_settings(settings):
    assert (delivery.retry_base_seconds(), delivery.retry_cap_seconds()) == (60.0, 3600.0)
    settings.NEWSLETTER_RETRY_BASE_SECONDS = 10
    settings.NEWSLETTER_RETRY_CAP_SECONDS = 25
    assert (delivery.retry_base_seconds(), delivery.retry_cap_seconds()) == (10.0, 25.0)
    assert 5 <= delivery.backoff_seconds(1) <= 10
    assert 12.5 <= delivery.backoff_seconds(5) <= 25


# --- What a drain reports ---------------------------------------------------------------


def test_a_drain_counts_every_row_it_handled_across_batches(monkeypatch):
    monkeypatch.setattr(delivery, "CLAIM_BATCH", 2)
    issue = _issue_sending_to(*(f"reader{n}@example.org" for n in range(5)))
    services.subscriber_unsubscribe(email="reader3@example.org")
    before = Delivery.objects.get(email="reader3@example.org").updated_at
    result = delivery.deliveries_drain(issue_id=issue.pk)
    assert (result.handled, result.finished, result.more_now) == (5, True, False)
    assert len(mail.outbox) == 4
    skipped = Delivery.objects.get(email="reader3@example.org")
    assert skipped.status == Delivery.Status.SKIPPED and skipped.updated_at > before


def test_a_drain_stopped_by_its_limit_says_more_is_ready_now():
    issue = _issue_sending_to("first@example.org", "second@example.org")
    result = delivery.deliveries_drain(issue_id=issue.pk, limit=1)
    assert (result.handled, result.more_now, result.finished, result.retry_in) == (
        1,
        True,
        False,
        None,
    )


def test_a_drain_that_handled_nothing_does_not_ask_to_run_again_at_once():
    issue = _issue_sending_to("first@example.org")
    result = delivery.deliveries_drain(issue_id=issue.pk, limit=0)
    assert (result.handled, result.more_now, result.finished) == (0, False, False)


def test_a_drain_with_only_retries_waiting_says_when_the_first_is_due(monkeypatch):
    issue = _issue_sending_to("later@example.org", "soon@example.org")
    now = timezone.now()
    # The drain's clock stands still: a retry due in half a second must not
    # come due while the drain reads its templates on a loaded machine.
    monkeypatch.setattr(timezone, "now", lambda: now)
    Delivery.objects.filter(email="later@example.org").update(
        next_attempt_at=now + datetime.timedelta(minutes=5)
    )
    Delivery.objects.filter(email="soon@example.org").update(
        next_attempt_at=now + datetime.timedelta(milliseconds=500)
    )
    result = delivery.deliveries_drain(issue_id=issue.pk)
    assert (result.handled, result.more_now, result.finished) == (0, False, False)
    assert result.retry_in == 0.5
    assert mail.outbox == []


# --- One delivery at a time (tests and tools) -------------------------------------------


def test_deliver_next_sends_skips_and_reports_the_end_one_row_at_a_time():
    issue = _issue_sending_to("first@example.org", "leaves@example.org", "last@example.org")
    services.subscriber_unsubscribe(email="leaves@example.org")
    sender = delivery.Sender()
    outcomes = [delivery.deliver_next(issue=issue, sender=sender) for _ in range(4)]
    assert outcomes == ["sent", "skipped", "sent", None]
    assert [message.to[0] for message in mail.outbox] == ["first@example.org", "last@example.org"]
    assert dict(Delivery.objects.filter(issue=issue).values_list("email", "status")) == {
        "first@example.org": "sent",
        "leaves@example.org": "skipped",
        "last@example.org": "sent",
    }
    accepted = Delivery.objects.filter(issue=issue, status="sent", accepted_at__isnull=False)
    assert accepted.count() == 2


def test_deliver_next_sends_the_next_due_row_past_those_already_sent(monkeypatch):
    monkeypatch.setattr(delivery, "CLAIM_BATCH", 2)
    issue = _issue_sending_to(*(f"reader{n}@example.org" for n in range(5)))
    rows = list(Delivery.objects.filter(issue=issue).order_by("pk"))
    # The first three already taken (sent by another worker): only the fourth is due.
    Delivery.objects.filter(pk__in=[row.pk for row in rows[:3]]).update(status="sent")
    Delivery.objects.filter(pk=rows[4].pk).update(
        next_attempt_at=timezone.now() + datetime.timedelta(hours=1)
    )
    assert delivery.deliver_next(issue=issue, sender=delivery.Sender()) == "sent"
    assert [message.to[0] for message in mail.outbox] == [rows[3].email]
    assert delivery.deliver_next(issue=issue, sender=delivery.Sender()) is None


def test_deliver_next_takes_a_campaign_too():
    issue = _issue_sending_to("reader@example.org")
    campaign = delivery.Campaign(issue=issue)
    assert delivery.deliver_next(sender=delivery.Sender(), campaign=campaign) == "sent"


# --- The message itself -----------------------------------------------------------------


def test_a_message_built_whole_carries_its_id_language_sender_html_and_pdf():
    issue = _issue_sending_to("lectora@example.org")
    Delivery.objects.update(language="es")
    delivery.deliveries_drain(issue_id=issue.pk)
    [message] = mail.outbox
    row = Delivery.objects.get()
    assert message.from_email.startswith("bounces+n")  # the envelope: bounces come back
    assert message.extra_headers["From"] == outbox.sender("es")
    assert (message.extra_headers["Message-ID"], message.extra_headers["Content-Language"]) == (
        row.message_id,
        "es",
    )
    assert [alternative.mimetype for alternative in message.alternatives] == ["text/html"]
    assert [attachment.mimetype for attachment in message.attachments] == ["application/pdf"]
    without_envelope = delivery.build_message(delivery=row, rendered=RENDERED)
    assert without_envelope.from_email == outbox.sender("es")


RENDERED = delivery.Rendered(
    subject="Lettre de janvier",
    text="Bonjour à tous\n",
    html="<p>Bonjour à tous</p>",
    pdf=b"%PDF-1.4 test",
    pdf_name="lettre.pdf",
)


def test_the_fast_path_writes_the_subject_and_quoted_printable_text_parts():
    template = delivery.MessageTemplate(RENDERED, "fr")
    data = template.render(
        to="reader@example.org",
        message_id="<n1@portal.example.org>",
        unsubscribe="https://portal.example.org/u/1",
        preferences="https://portal.example.org/p/1",
    )
    parsed = email.message_from_bytes(data, policy=email.policy.default)
    assert (parsed["Subject"], parsed["To"], parsed["Message-ID"]) == (
        "Lettre de janvier",
        "reader@example.org",
        "<n1@portal.example.org>",
    )
    parts = {
        part.get_content_type(): part
        for part in parsed.walk()
        if part.get_content_type() in ("text/plain", "text/html")
    }
    assert {kind: part["Content-Transfer-Encoding"] for kind, part in parts.items()} == {
        "text/plain": "quoted-printable",
        "text/html": "quoted-printable",
    }
    assert parts["text/plain"].get_content().strip() == "Bonjour à tous"


def test_a_text_holding_a_placeholder_is_refused_rather_than_sent_garbled():
    garbled = delivery.Rendered(
        subject=delivery._TEXT, text="Bonjour", html="<p>x</p>", pdf=b"", pdf_name=""
    )
    with pytest.raises(ValueError) as refused:
        delivery.MessageTemplate(garbled, "fr")
    assert str(refused.value) == "the message template lost a placeholder"


def test_each_languages_link_prefixes_are_reversed_once_per_worker(monkeypatch, settings):
    monkeypatch.setattr(delivery, "_link_prefixes", {})
    unsubscribe, preferences = delivery.personal_links(email="a@example.org", language="es")
    assert unsubscribe.startswith(f"{settings.SITE_URL}/es/newsletters/unsubscribe/")
    assert preferences.startswith(f"{settings.SITE_URL}/es/newsletters/preferences/")
    # Known prefixes are not reversed again.
    monkeypatch.setattr(delivery, "_link_prefixes", {"fr": ("U:__TOKEN__", "P:__TOKEN__")})
    unsubscribe, preferences = delivery.personal_links(email="a@example.org", language="fr")
    assert unsubscribe.startswith("U:") and preferences.startswith("P:")


def test_an_issue_without_its_renditions_is_rendered_in_the_language_asked(monkeypatch):
    monkeypatch.setattr(delivery, "_rendered_cache", {})
    issue = IssueFactory()
    assert not IssueRendition.objects.filter(issue=issue).exists()
    rendered = delivery.rendered_for(issue=issue, language="es")
    assert "enero" in rendered.subject
    assert rendered.pdf.startswith(b"%PDF")
    assert list(IssueRendition.objects.filter(issue=issue).values_list("language", flat=True)) == [
        "es"
    ]
