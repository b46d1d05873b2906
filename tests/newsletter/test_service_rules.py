"""newsletter.services, rule by rule, without rendering a PDF: months, the
issue's and the mailing's steps and their refusals, subscriptions and
preferences. test_delivery.py and test_mailings.py follow the sending itself."""

import datetime
import logging
import re
from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone, translation

from foundation.mail import outbox
from foundation.mail.models import Email, Suppression
from newsletter import services, tasks, tokens
from newsletter.models import Delivery, Issue, IssueRendition, Mailing, Subscriber
from tests.factories import UserFactory
from tests.forums.factories import EventFactory
from tests.newsletter.factories import DeliveryFactory, IssueFactory, SubscriberFactory
from tests.partners.factories import sector_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def queued(monkeypatch) -> list[tuple[str, int]]:
    """The tasks queued after commit, by name and row, recorded instead of sent to the broker."""
    calls: list[tuple[str, int]] = []
    for name in ("render_issue", "send_issue", "send_mailing"):
        recorder = SimpleNamespace(delay=lambda pk, name=name: calls.append((name, pk)))
        monkeypatch.setattr(tasks, name, recorder)
    return calls


# --- Months ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "month"),
    [
        ("2026-11", datetime.date(2026, 11, 1)),
        ("2000-01", datetime.date(2000, 1, 1)),
        ("2100-12", datetime.date(2100, 12, 1)),
    ],
)
def test_a_month_is_read_as_its_first_day(value, month):
    assert services.parse_month(value) == month


@pytest.mark.parametrize(
    "value", ["", None, "1999-12", "2101-01", "2026-13", "2026-1-1", "26-11", "2026/11", "x" * 500]
)
def test_anything_else_is_refused_in_words(value):
    with pytest.raises(ValidationError) as refused:
        services.parse_month(value)
    assert refused.value.messages == ["Give a month as YYYY-MM."]
    with translation.override("es"), pytest.raises(ValidationError) as refused:
        services.parse_month(value)
    assert refused.value.messages == ["Indique un mes con el formato AAAA-MM."]


@pytest.mark.parametrize(
    ("today", "month"),
    [
        (datetime.date(2026, 11, 30), datetime.date(2026, 10, 1)),
        (datetime.date(2026, 11, 1), datetime.date(2026, 10, 1)),
        (datetime.date(2026, 1, 15), datetime.date(2025, 12, 1)),
        (datetime.date(2024, 3, 1), datetime.date(2024, 2, 1)),
    ],
)
def test_the_previous_month(today, month):
    assert services.previous_month(today) == month


# --- The issue's steps -------------------------------------------------------------------


def test_building_makes_the_draft_of_the_month_once(django_capture_on_commit_callbacks, queued):
    before = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        issue = services.issue_build(month=datetime.date(2026, 10, 17))
    assert issue.month == datetime.date(2026, 10, 1)
    assert issue.status == Issue.Status.DRAFT
    assert before <= issue.built_at <= timezone.now()
    assert queued == [("render_issue", issue.pk)]
    again = services.issue_build(month=datetime.date(2026, 10, 1))
    assert again.pk == issue.pk and again.built_at >= issue.built_at
    assert Issue.objects.count() == 1


def test_rebuilding_drops_the_drafts_renditions(
    settings, django_capture_on_commit_callbacks, queued
):
    settings.NEWSLETTER_RENDER_AHEAD = False
    issue = IssueFactory()
    IssueRendition.objects.create(issue=issue, language="fr", pdf_size=1, source_digest="x")
    with django_capture_on_commit_callbacks(execute=True):
        services.issue_build(month=issue.month)
    assert not IssueRendition.objects.exists()
    assert queued == []  # rendering ahead switched off


def test_an_approved_issue_is_not_built_again_nor_its_note_changed():
    issue = IssueFactory(status=Issue.Status.SENDING)
    with pytest.raises(ValidationError) as refused:
        services.issue_build(month=issue.month)
    assert refused.value.messages == ["This issue has already been approved."]
    with pytest.raises(ValidationError) as refused:
        services.issue_update_note(issue=issue, notes={"en": "Changed"})
    assert refused.value.messages == ["An approved issue can no longer be edited."]
    issue.refresh_from_db()
    assert issue.editorial_note_en == "Welcome to the January letter."


def test_with_auto_send_a_built_issue_is_approved_at_once(
    settings, django_capture_on_commit_callbacks, queued
):
    settings.NEWSLETTER_AUTO_SEND = True
    with django_capture_on_commit_callbacks(execute=True):
        issue = services.issue_build(month=datetime.date(2026, 10, 1))
    assert issue.status == Issue.Status.SENDING
    assert issue.approved_by is None and issue.approved_at is not None
    assert queued == [("send_issue", issue.pk)]  # not a rendering ahead


def test_the_note_is_set_per_language_given_and_unknown_languages_ignored(
    django_capture_on_commit_callbacks,
    queued,
):
    issue = IssueFactory()
    IssueRendition.objects.create(issue=issue, language="fr", pdf_size=1, source_digest="x")
    with django_capture_on_commit_callbacks(execute=True):
        services.issue_update_note(
            issue=issue, notes={"fr": "  Édito  ", "es": None, "de": "Leitartikel"}
        )
    issue.refresh_from_db()
    assert (issue.editorial_note_fr, issue.editorial_note_es, issue.editorial_note_en) == (
        "Édito",
        "",
        "Welcome to the January letter.",
    )
    assert not IssueRendition.objects.exists()
    assert queued == [("render_issue", issue.pk)]


def test_approving_records_who_and_checks_the_count_shown(
    django_capture_on_commit_callbacks, queued
):
    issue = IssueFactory()
    SubscriberFactory()
    secretary = UserFactory()
    with pytest.raises(ValidationError) as refused:
        services.issue_approve(issue=issue, approved_by=secretary, expected_recipients=2)
    assert refused.value.code == "recipients_changed"
    assert refused.value.messages == [
        "The number of subscribers changed since the page was shown: check it again."
    ]
    assert Issue.objects.get().status == Issue.Status.DRAFT
    before = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        services.issue_approve(issue=issue, approved_by=secretary, expected_recipients=1)
    stored = Issue.objects.get()
    assert (stored.status, stored.approved_by) == (Issue.Status.SENDING, secretary)
    assert before <= stored.approved_at <= timezone.now()
    assert queued == [("send_issue", issue.pk)]
    with pytest.raises(ValidationError) as refused:
        services.issue_approve(issue=issue, approved_by=secretary)
    assert refused.value.messages == ["This issue has already been approved."]


def test_resuming_reopens_a_sent_issue_only_if_deliveries_wait(
    django_capture_on_commit_callbacks, queued
):
    draft = IssueFactory(month=datetime.date(2025, 2, 1))
    with pytest.raises(ValidationError) as refused:
        services.issue_resume(issue=draft)
    assert refused.value.messages == ["Approve the issue before sending it."]
    sent = IssueFactory(status=Issue.Status.SENT, sent_at=timezone.now())
    with django_capture_on_commit_callbacks(execute=True):
        services.issue_resume(issue=sent)
    assert queued == [("send_issue", sent.pk)]
    assert Issue.objects.get(pk=sent.pk).status == Issue.Status.SENT
    DeliveryFactory(issue=sent)
    services.issue_resume(issue=sent)
    stored = Issue.objects.get(pk=sent.pk)
    assert (stored.status, stored.sent_at) == (Issue.Status.SENDING, None)
    assert sent.status == Issue.Status.SENDING


def test_an_issue_is_finished_once_no_delivery_waits():
    issue = IssueFactory(status=Issue.Status.SENDING)
    waiting = DeliveryFactory(issue=issue)
    DeliveryFactory(issue=issue, status=Delivery.Status.SENT)
    assert services.issue_finish_if_done(issue=issue) is False
    assert Issue.objects.get().status == Issue.Status.SENDING
    Delivery.objects.filter(pk=waiting.pk).update(status=Delivery.Status.FAILED)
    before = timezone.now()
    assert services.issue_finish_if_done(issue=issue) is True
    stored = Issue.objects.get()
    assert stored.status == Issue.Status.SENT and before <= stored.sent_at <= timezone.now()


def test_a_draft_is_not_prepared_for_sending():
    with pytest.raises(ValidationError) as refused:
        services.issue_prepare_sending(issue=IssueFactory())
    assert refused.value.messages == ["Approve the issue before sending it."]
    assert not Delivery.objects.exists()


def test_file_names_name_the_issue_and_the_language():
    issue = IssueFactory(month=datetime.date(2026, 3, 1))
    assert services.pdf_filename(issue, "es") == f"unesco-ngo-newsletter-{issue.slug}-es.pdf"
    assert issue.slug in services.pdf_filename(issue, "fr")


# --- Mailings -----------------------------------------------------------------------------


def _mailing_data(**changes):
    data = {}
    for code in ("fr", "en", "es"):
        data[f"subject_{code}"] = f" Subject {code} "
        data[f"body_{code}"] = f" Body {code} "
    data |= {"audience": Mailing.Audience.SUBSCRIBERS, "public": False}
    return data | changes


def test_a_mailing_is_saved_with_each_languages_text_trimmed():
    mailing = services.mailing_save(mailing=None, data=_mailing_data(public="on", region="africa"))
    stored = Mailing.objects.get()
    assert stored == mailing
    assert (stored.subject_fr, stored.body_es, stored.subject) == (
        "Subject fr",
        "Body es",
        "Subject en",
    )
    assert (stored.public, stored.official_notice, stored.region, stored.country) == (
        True,
        False,
        "africa",
        "",
    )
    assert stored.event is None and stored.status == Mailing.Status.DRAFT


def test_each_refused_mailing_in_words():
    def refusal(**changes):
        with pytest.raises(ValidationError) as refused:
            services.mailing_save(mailing=None, data=_mailing_data(**changes))
        return refused.value

    notice = refusal(official_notice=True, audience=Mailing.Audience.SUBSCRIBERS)
    assert notice.message_dict == {
        "official_notice": [
            "Only a mailing to the contacts of partner NGOs or to the Liaison Committee can be "
            "an official notice."
        ]
    }
    assert refusal(audience=Mailing.Audience.EVENT).messages == [
        "Choose the event whose registrants receive the mailing."
    ]
    assert not Mailing.objects.exists()
    for audience in Mailing.NOTICE_AUDIENCES:
        services.mailing_save(
            mailing=None, data=_mailing_data(official_notice=True, audience=audience)
        )
    assert Mailing.objects.filter(official_notice=True).count() == 2


def test_the_event_is_kept_only_for_an_event_audience():
    event = EventFactory()
    for_event = services.mailing_save(
        mailing=None, data=_mailing_data(audience=Mailing.Audience.EVENT, event=event)
    )
    assert for_event.event == event
    elsewhere = services.mailing_save(
        mailing=None, data=_mailing_data(audience=Mailing.Audience.EDITORS, event=event)
    )
    assert Mailing.objects.get(pk=elsewhere.pk).event is None


def test_an_approved_mailing_is_not_edited_nor_approved_again(
    django_capture_on_commit_callbacks, queued
):
    mailing = services.mailing_save(mailing=None, data=_mailing_data())
    secretary = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        services.mailing_approve(mailing=mailing, approved_by=secretary)
    assert queued == [("send_mailing", mailing.pk)]
    stored = Mailing.objects.get()
    assert (stored.status, stored.approved_by) == (Mailing.Status.SENDING, secretary)
    assert stored.approved_at is not None
    with pytest.raises(ValidationError) as refused:
        services.mailing_save(mailing=mailing, data=_mailing_data(subject_en="Changed"))
    assert refused.value.messages == ["An approved mailing can no longer be edited."]
    with pytest.raises(ValidationError) as refused:
        services.mailing_approve(mailing=mailing)
    assert refused.value.messages == ["This mailing has already been approved."]
    assert Mailing.objects.get().subject_en == "Subject en"


@pytest.mark.parametrize("missing", ["subject_es", "body_fr"])
def test_a_mailing_needs_its_three_languages_to_be_approved(missing):
    mailing = services.mailing_save(mailing=None, data=_mailing_data())
    Mailing.objects.filter(pk=mailing.pk).update(**{missing: ""})
    with pytest.raises(ValidationError) as refused:
        services.mailing_approve(mailing=mailing)
    assert refused.value.messages == ["Write the subject and the text in the three languages."]
    assert Mailing.objects.get().status == Mailing.Status.DRAFT


def test_a_draft_mailing_is_not_prepared_for_sending():
    mailing = services.mailing_save(mailing=None, data=_mailing_data())
    with pytest.raises(ValidationError) as refused:
        services.mailing_prepare_sending(mailing=mailing)
    assert refused.value.messages == ["Approve the mailing before sending it."]
    assert services.mailing_pdf_filename(mailing) == f"unesco-ngo-mailing-{mailing.pk}.pdf"


def test_a_mailing_reads_in_each_language_with_a_web_address_only_if_public():
    mailing = services.mailing_save(mailing=None, data=_mailing_data(public=True))
    subject, text, html, document, name = services.mailing_rendered(mailing=mailing, language="es")
    assert subject == "Subject es"
    assert text.startswith("Subject es\n\nBody es\n") and "Body es" in html
    assert "Subject es" in html and "Leerlo en el portal" in text
    for part in (text, html):  # each recipient's own links are put in at sending
        assert services.UNSUBSCRIBE_PLACEHOLDER in part
        assert services.PREFERENCES_PLACEHOLDER in part
    with translation.override("es"):
        assert f"https://portal.example.org{mailing.get_absolute_url()}" in text
    assert (document, name) == (b"", f"unesco-ngo-mailing-{mailing.pk}.pdf")
    private = services.mailing_save(mailing=None, data=_mailing_data())
    _subject, text, _html, _document, _name = services.mailing_rendered(
        mailing=private, language="fr"
    )
    assert private.get_absolute_url() not in text
    assert "Lire sur le portail" not in text and "Lire sur le portail" not in _html


# --- Subscriptions -------------------------------------------------------------------------


def test_a_request_sends_a_confirmation_in_the_visitors_language():
    assert services.subscriber_request(email=" Reader@Example.ORG ", language="es") is True
    email = Email.objects.get()
    assert (email.to, email.language, email.about_account) == ("reader@example.org", "es", True)
    assert "?lang=es" in email.body and "https://portal.example.org/es/" in email.body
    assert not Subscriber.objects.exists()
    assert services.subscriber_request(email="other@example.org", language="de") is True
    assert Email.objects.get(to="other@example.org").language == "en"


def test_the_confirmation_links_token_names_the_address_and_the_subject_has_no_tag():
    services.subscriber_request(email="Reader@example.org", language="en")
    email = Email.objects.get()
    assert email.subject == "Confirm your subscription to the NGO–UNESCO newsletter"
    token = re.search(r"/subscribe/confirm/([^/]+)/\?lang=en", email.body).group(1)
    assert tokens.read_token(token, salt=tokens.CONFIRM_SALT) == "reader@example.org"
    # A token of another purpose (the unsubscribe links) is not a confirmation.
    assert tokens.read_token(token, salt=tokens.UNSUBSCRIBE_SALT) is None


def test_a_confirmed_subscriber_gets_no_new_confirmation_but_a_former_one_does():
    SubscriberFactory(email="reader@example.org")
    assert services.subscriber_request(email="reader@example.org", language="fr") is False
    SubscriberFactory(email="left@example.org", unsubscribed_at=timezone.now())
    SubscriberFactory(email="unconfirmed@example.org", confirmed_at=None)
    SubscriberFactory(email="contact@example.org", subscribed_on_site=False)
    for address in ("left@example.org", "unconfirmed@example.org", "contact@example.org"):
        assert services.subscriber_request(email=address, language="fr") is True
    assert Email.objects.count() == 3


def test_confirming_subscribes_keeps_the_first_date_and_lifts_a_suppression():
    outbox.suppress("reader@example.org", reason="hard bounce")
    first = services.subscriber_confirm(email="Reader@example.org", language="es")
    assert (first.email, first.language, first.subscribed_on_site) == (
        "reader@example.org",
        "es",
        True,
    )
    assert first.confirmed_at is not None and first.unsubscribed_at is None
    lifted = Suppression.objects.get()
    assert lifted.lifted_at is not None and lifted.lifted_by == "reader@example.org"
    services.subscriber_unsubscribe(email="reader@example.org")
    again = services.subscriber_confirm(email="reader@example.org", language="xx")
    assert (again.confirmed_at, again.language, again.unsubscribed_at) == (
        first.confirmed_at,
        "es",
        None,
    )


def test_unsubscribing_is_dated_once_and_works_for_any_address():
    contact = services.subscriber_unsubscribe(email=" Contact@Example.org ")
    assert contact.email == "contact@example.org" and contact.unsubscribed_at is not None
    first_date = contact.unsubscribed_at
    services.subscriber_unsubscribe(email="contact@example.org")
    assert Subscriber.objects.get().unsubscribed_at == first_date


def test_preferences_set_the_language_and_opt_in_or_out():
    with pytest.raises(ValidationError) as refused:
        services.subscriber_set_preferences(email="r@example.org", language="de", subscribed=True)
    assert refused.value.messages == ["Choose one of the portal's languages."]
    assert not Subscriber.objects.exists()
    joined = services.subscriber_set_preferences(
        email="R@example.org", language="fr", subscribed=True
    )
    assert (joined.language, joined.subscribed_on_site, joined.unsubscribed_at) == (
        "fr",
        True,
        None,
    )
    confirmed = joined.confirmed_at
    assert confirmed is not None
    left = services.subscriber_set_preferences(
        email="r@example.org", language="es", subscribed=False
    )
    assert left.language == "es" and left.unsubscribed_at is not None
    left_at = left.unsubscribed_at
    again = services.subscriber_set_preferences(
        email="r@example.org", language="es", subscribed=False
    )
    assert again.unsubscribed_at == left_at
    back = services.subscriber_set_preferences(
        email="r@example.org", language="en", subscribed=True
    )
    assert (back.unsubscribed_at, back.confirmed_at) == (None, confirmed)


def test_a_partner_contact_opting_in_on_the_preferences_page_is_not_marked_on_site():
    SubscriberFactory(email="contact@example.org", subscribed_on_site=False)
    stored = services.subscriber_set_preferences(
        email="contact@example.org", language="fr", subscribed=True
    )
    assert stored.subscribed_on_site is False


def test_the_secretariat_reinstates_a_suppressed_address_in_its_own_name():
    outbox.suppress("reader@example.org", reason="hard bounce")
    secretary = UserFactory(email="sec@example.org")
    assert services.suppression_reinstate(email="reader@example.org", by=secretary) is True
    assert Suppression.objects.get().lifted_by == "sec@example.org"
    assert services.suppression_reinstate(email="reader@example.org", by="cron") is False


def test_each_languages_text_is_kept_whatever_the_secretariats_language():
    with translation.override("fr"):
        services.mailing_save(mailing=None, data=_mailing_data())
    stored = Mailing.objects.get()
    assert (stored.subject_fr, stored.subject_en, stored.subject_es) == (
        "Subject fr",
        "Subject en",
        "Subject es",
    )
    assert (stored.body_fr, stored.body_en, stored.body_es) == ("Body fr", "Body en", "Body es")


def test_an_actor_without_an_address_is_recorded_by_name():
    outbox.suppress("reader@example.org", reason="hard bounce")
    assert services.suppression_reinstate(email="reader@example.org", by="bounce review") is True
    assert Suppression.objects.get().lifted_by == "bounce review"


def test_a_mailings_pdf_is_kept_unless_removed_and_its_sectors_are_stored(private_storage_dir):
    education, culture = sector_for("education"), sector_for("culture")
    mailing = services.mailing_save(
        mailing=None,
        data=_mailing_data(sectors=[education, culture]),
        pdf=SimpleUploadedFile("c.pdf", b"%PDF-1.4\n%convocation\n"),
    )
    stored = Mailing.objects.get()
    assert set(stored.sectors.all()) == {education, culture}
    assert stored.pdf.name.startswith("newsletter/mailings/mailing-")
    services.mailing_save(mailing=mailing, data=_mailing_data(sectors=[culture]))
    stored = Mailing.objects.get()
    assert stored.pdf  # not asked to remove it
    assert list(stored.sectors.all()) == [culture]
    *_texts, document, _name = services.mailing_rendered(mailing=stored, language="fr")
    assert document == b"%PDF-1.4\n%convocation\n"
    services.mailing_save(mailing=mailing, data=_mailing_data(), remove_pdf=True)
    stored = Mailing.objects.get()
    assert not stored.pdf and not stored.sectors.exists()


def test_a_campaign_is_finished_once_none_of_its_deliveries_wait(caplog):
    issue = IssueFactory(status=Issue.Status.SENDING)
    other = IssueFactory(month=datetime.date(2025, 2, 1), status=Issue.Status.SENDING)
    waiting = DeliveryFactory(issue=issue)
    assert services.issue_finish_if_done(issue=issue) is False
    Delivery.objects.filter(pk=waiting.pk).update(status=Delivery.Status.SENT)
    with caplog.at_level(logging.INFO, logger="newsletter"):
        assert services.issue_finish_if_done(issue=issue) is True
    stored = Issue.objects.get(pk=issue.pk)
    assert stored.status == Issue.Status.SENT and stored.sent_at is not None
    assert Issue.objects.get(pk=other.pk).status == Issue.Status.SENDING  # only its own
    assert f"newsletter Issue {issue.pk}: sending finished" in caplog.messages
    caplog.clear()
    assert services.issue_finish_if_done(issue=issue) is True  # already finished: no new log
    assert not [m for m in caplog.messages if "sending finished" in m]


def test_preparing_a_mailing_again_adds_no_second_delivery():
    SubscriberFactory(email="reader@example.org")
    mailing = services.mailing_save(mailing=None, data=_mailing_data())
    Mailing.objects.filter(pk=mailing.pk).update(status=Mailing.Status.SENDING)
    mailing.refresh_from_db()
    assert services.mailing_prepare_sending(mailing=mailing) == 1
    assert services.mailing_prepare_sending(mailing=mailing) == 1
    assert list(Delivery.objects.values_list("email", "language")) == [("reader@example.org", "fr")]
