"""Writes for the newsletter: build, edit, approve, render, subscribe.

Sending itself lives in newsletter.delivery.
"""

import datetime
import hashlib
import logging
import uuid
from itertools import islice

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from foundation.links import site_url
from foundation.mail import bounces as bounce_mailbox
from foundation.mail import outbox
from newsletter import tokens
from newsletter.models import Delivery, Issue, IssueRendition, Mailing, Subscriber
from newsletter.public_cache import issues_changed
from newsletter.selectors import audience_iter, issue_content, recipient_counts, recipient_iter

logger = logging.getLogger(__name__)

LANGUAGES = [code for code, _name in settings.LANGUAGES]
# Filled in per recipient when a message is built: the bodies are rendered
# once per language and shared.
UNSUBSCRIBE_PLACEHOLDER = "__NEWSLETTER_UNSUBSCRIBE_URL__"
PREFERENCES_PLACEHOLDER = "__NEWSLETTER_PREFERENCES_URL__"
DELIVERY_BATCH = 1000


def parse_month(value: str) -> datetime.date:
    """'YYYY-MM' as the first day of that month; ValidationError otherwise."""
    try:
        parsed = datetime.datetime.strptime(value, "%Y-%m").date()  # None: TypeError
    except (TypeError, ValueError):
        raise ValidationError(_("Give a month as YYYY-MM.")) from None
    if not 2000 <= parsed.year <= 2100:
        raise ValidationError(_("Give a month as YYYY-MM."))
    return parsed


def previous_month(today: datetime.date | None = None) -> datetime.date:
    today = today or timezone.localdate()
    return (today.replace(day=1) - datetime.timedelta(days=1)).replace(day=1)


def _enqueue_sending(issue: Issue) -> None:
    from newsletter import tasks  # noqa: PLC0415 -- cycle: tasks imports this module

    transaction.on_commit(lambda: tasks.send_issue.delay(issue.pk))


def _enqueue_rendering(issue: Issue) -> None:
    """A draft's PDFs are rendered ahead (tasks.render_issue), not after approval."""
    from newsletter import tasks  # noqa: PLC0415 -- cycle: tasks imports this module

    if getattr(settings, "NEWSLETTER_RENDER_AHEAD", True):
        transaction.on_commit(lambda: tasks.render_issue.delay(issue.pk))


@transaction.atomic
def issue_build(*, month: datetime.date) -> Issue:
    """Create the draft for a month, or refresh an existing draft.

    Side effects: creates the Issue (draft) or drops the renditions of the
    draft, whose content may have changed; with NEWSLETTER_AUTO_SEND, approves
    it and queues the sending, else queues the rendering ahead
    (tasks.render_issue). An issue already approved is left alone.
    """
    month = month.replace(day=1)
    issue, created = Issue.objects.select_for_update().get_or_create(month=month)
    if not created and issue.status != Issue.Status.DRAFT:
        raise ValidationError(_("This issue has already been approved."))
    issue.built_at = timezone.now()
    issue.full_clean()
    issue.save()
    issue.renditions.all().delete()
    if settings.NEWSLETTER_AUTO_SEND:
        issue = issue_approve(issue=issue, approved_by=None)
    else:
        _enqueue_rendering(issue)
    return issue


@transaction.atomic
def issue_update_note(*, issue: Issue, notes: dict[str, str]) -> Issue:
    """Set the editorial note in each language given. Drafts only.

    Side effects: saves the issue; drops its renditions and queues their
    rendering ahead (tasks.render_issue).
    """
    issue = Issue.objects.select_for_update().get(pk=issue.pk)
    if issue.status != Issue.Status.DRAFT:
        raise ValidationError(_("An approved issue can no longer be edited."))
    for language, note in notes.items():
        if language in LANGUAGES:
            setattr(issue, f"editorial_note_{language}", (note or "").strip())
    issue.full_clean()
    issue.save()
    issue.renditions.all().delete()
    _enqueue_rendering(issue)
    return issue


def issue_send_test_copy(*, issue: Issue, email: str, language: str) -> None:
    """Send the issue as a subscriber in `language` would receive it, to `email`
    only (the Secretariat's own address), before approving it.

    Side effects: renders and stores the issue's rendition in `language`
    (dropped again if the note changes); sends one email, outside the
    deliveries (no Delivery row, nothing counted as sent).
    """
    from newsletter.delivery import build_test_message  # noqa: PLC0415 -- delivery imports services

    build_test_message(issue=issue, email=email, language=language).send()


@transaction.atomic
def issue_approve(
    *, issue: Issue, approved_by=None, expected_recipients: int | None = None
) -> Issue:
    """Approve a draft: it becomes public and goes out.

    `expected_recipients` is the count the Secretariat confirmed: if the
    recipients are no longer that many, nothing is approved.

    Side effects: status draft → sending, approval recorded; queues
    tasks.send_issue after commit (which keeps the renditions made ahead if
    their sources are unchanged, else renders the three languages once,
    creates the deliveries and starts the workers).
    """
    issue = Issue.objects.select_for_update().get(pk=issue.pk)
    if issue.status != Issue.Status.DRAFT:
        raise ValidationError(_("This issue has already been approved."))
    if expected_recipients is not None and recipient_counts()["total"] != expected_recipients:
        raise ValidationError(
            _("The number of subscribers changed since the page was shown: check it again."),
            code="recipients_changed",
        )
    issue.status = Issue.Status.SENDING
    issue.approved_at = timezone.now()
    issue.approved_by = approved_by
    issue.save()
    _enqueue_sending(issue)
    return issue


def issue_resume(*, issue: Issue) -> Issue:
    """Queue the sending of an approved issue again; only what is not sent goes out.

    Side effects: reopens a finished issue if deliveries are pending; queues
    tasks.send_issue.
    """
    if issue.status == Issue.Status.DRAFT:
        raise ValidationError(_("Approve the issue before sending it."))
    with transaction.atomic():
        if (
            issue.status == Issue.Status.SENT
            and issue.deliveries.filter(status=Delivery.Status.PENDING).exists()
        ):
            Issue.objects.filter(pk=issue.pk).update(status=Issue.Status.SENDING, sent_at=None)
            issue.status = Issue.Status.SENDING
            issues_changed()
        _enqueue_sending(issue)
    return issue


def month_label(issue: Issue) -> str:
    return date_format(issue.month, "YEAR_MONTH_FORMAT")


def issue_render_html_preview(*, issue: Issue, language: str) -> str:
    """The issue's PDF markup, for the Secretariat's preview."""
    from newsletter import pdf  # noqa: PLC0415 -- WeasyPrint takes seconds to import

    with translation.override(language):
        return pdf.render_html(issue=issue, language=language, sections=issue_content(issue=issue))


def issue_render_pdf(*, issue: Issue, language: str) -> bytes:
    """Render the PDF in one language now (preview of a draft; not stored)."""
    from newsletter import pdf  # noqa: PLC0415 -- WeasyPrint takes seconds to import

    return pdf.render_pdf(issue_render_html_preview(issue=issue, language=language))


def _rendition_sources(issue: Issue, language: str) -> dict:
    """What a rendition is made of, without the PDF (template rendering only:
    milliseconds, against seconds for WeasyPrint), and its digest."""
    from newsletter import pdf  # noqa: PLC0415 -- as below, though render_html loads no WeasyPrint

    with translation.override(language):
        sections = issue_content(issue=issue)
        context = {
            "issue": issue,
            "sections": sections,
            "month_label": month_label(issue),
            "web_url": site_url(issue.get_absolute_url()),
            "unsubscribe_url": UNSUBSCRIBE_PLACEHOLDER,
            "preferences_url": PREFERENCES_PLACEHOLDER,
        }
        sources = {
            "html": pdf.render_html(issue=issue, language=language, sections=sections),
            "email_subject": _("Newsletter of the NGO–UNESCO partnership – %(month)s")
            % {"month": month_label(issue)},
            "email_text": render_to_string("newsletter/email.txt", context),
            "email_html": render_to_string("newsletter/email.html", context),
        }
    digest = hashlib.sha256()
    for key in ("html", "email_subject", "email_text", "email_html"):
        digest.update(sources[key].encode())
        digest.update(b"\0")
    sources["digest"] = digest.hexdigest()
    return sources


def issue_rendition(*, issue: Issue, language: str) -> IssueRendition:
    """The rendition of an issue in a language: stored, checked, or rendered now.

    A final rendition (the approved content) is returned as it is. Any other
    one (made for a draft ahead of approval, see issue_render_ahead) is kept
    only if its sources are unchanged (same digest), and becomes final if the
    issue is approved by now; otherwise it is rendered again. The issue row is
    locked meanwhile, so that two workers render an issue once. Side effects:
    stores the PDF in private storage, saves an IssueRendition, increments
    Issue.pdf_renders when it renders.
    """
    from newsletter import pdf  # noqa: PLC0415 -- WeasyPrint takes seconds to import

    existing = IssueRendition.objects.filter(issue=issue, language=language).first()
    if existing is not None and existing.final:
        return existing
    with transaction.atomic():
        issue = Issue.objects.select_for_update().get(pk=issue.pk)
        approved = issue.status != Issue.Status.DRAFT
        existing = IssueRendition.objects.filter(issue=issue, language=language).first()
        if existing is not None and existing.final:
            return existing
        sources = _rendition_sources(issue, language)
        if existing is not None and existing.source_digest == sources["digest"]:
            if approved:
                IssueRendition.objects.filter(pk=existing.pk).update(final=True)
                existing.final = True
            return existing
        if existing is not None:
            existing.pdf.delete(save=False)
            existing.delete()
        with translation.override(language):
            document = pdf.render_pdf(sources["html"])
        rendition = IssueRendition(
            issue=issue,
            language=language,
            pdf_size=len(document),
            email_subject=sources["email_subject"],
            email_text=sources["email_text"],
            email_html=sources["email_html"],
            source_digest=sources["digest"],
            final=approved,
        )
        rendition.pdf.save(pdf_filename(issue, language), ContentFile(document), save=False)
        rendition.full_clean()
        rendition.save()
        Issue.objects.filter(pk=issue.pk).update(pdf_renders=F("pdf_renders") + 1)
    logger.info("newsletter %s: rendered %s (%d bytes)", issue.slug, language, len(document))
    return rendition


def issue_render_ahead(*, issue_id: int) -> int:
    """Render a draft's three languages before approval, so that sending starts at once.

    What the Secretariat approves is what the draft shows at approval:
    issue_rendition keeps these renditions at sending only if their sources
    are unchanged. Returns how many languages were rendered or checked.
    Side effects: IssueRenditions (not final), Issue.pdf_renders.
    """
    issue = Issue.objects.filter(pk=issue_id, status=Issue.Status.DRAFT).first()
    if issue is None:
        return 0
    for language in LANGUAGES:
        issue_rendition(issue=issue, language=language)
    return len(LANGUAGES)


def pdf_filename(issue: Issue, language: str) -> str:
    return f"unesco-ngo-newsletter-{issue.slug}-{language}.pdf"


def issue_prepare_sending(*, issue: Issue) -> int:
    """Render every language once and create one delivery per recipient address.

    Idempotent: existing deliveries are kept as they are (the unique
    constraint on issue and address drops duplicates), so preparing again
    after a crash adds nothing already there. Returns the number of
    deliveries. Side effects: IssueRenditions, Delivery rows.
    """
    if issue.status == Issue.Status.DRAFT:
        raise ValidationError(_("Approve the issue before sending it."))
    for language in LANGUAGES:
        issue_rendition(issue=issue, language=language)
    recipients = recipient_iter()
    while batch := list(islice(recipients, DELIVERY_BATCH)):
        Delivery.objects.bulk_create(
            [Delivery(issue=issue, email=email, language=language) for email, language in batch],
            ignore_conflicts=True,
        )
    return issue.deliveries.count()


def issue_finish_if_done(*, issue: Issue) -> bool:
    """Mark a sending issue sent once no delivery is pending. Side effect: Issue.status."""
    return campaign_finish_if_done(issue)


def campaign_finish_if_done(campaign: Issue | Mailing) -> bool:
    """Mark a sending issue or mailing sent once no delivery is pending. Side effect: its status."""
    model = type(campaign)
    with transaction.atomic():
        if campaign.deliveries.filter(status=Delivery.Status.PENDING).exists():
            return False
        updated = model.objects.filter(pk=campaign.pk, status=model.Status.SENDING).update(
            status=model.Status.SENT, sent_at=timezone.now()
        )
    if updated:
        issues_changed()
        logger.info("newsletter %s %s: sending finished", model.__name__, campaign.pk)
    return True


# One-off mailings --------------------------------------------------------------

# The audience's filters, stored as "" when not chosen.
MAILING_CHOICE_FIELDS = ("audience", "partner_status", "region", "country")
MAILING_FIELDS = (*MAILING_CHOICE_FIELDS, "event", "public", "official_notice")


@transaction.atomic
def mailing_save(*, mailing: Mailing | None, data: dict, pdf=None, remove_pdf=False) -> Mailing:
    """Create or edit a draft mailing from the form's cleaned data.

    Side effects: saves the Mailing (and its sectors, its PDF).
    """
    if mailing is not None:
        mailing = Mailing.objects.select_for_update().get(pk=mailing.pk)
        if mailing.status != Mailing.Status.DRAFT:
            raise ValidationError(_("An approved mailing can no longer be edited."))
    else:
        mailing = Mailing()
    for code in LANGUAGES:
        setattr(mailing, f"subject_{code}", data[f"subject_{code}"].strip())
        setattr(mailing, f"body_{code}", data[f"body_{code}"].strip())
    for name in MAILING_CHOICE_FIELDS:
        setattr(mailing, name, data.get(name) or "")
    mailing.event = data.get("event")
    mailing.public = bool(data.get("public"))
    mailing.official_notice = bool(data.get("official_notice"))
    if mailing.official_notice and mailing.audience not in Mailing.NOTICE_AUDIENCES:
        raise ValidationError(
            {
                "official_notice": _(
                    "Only a mailing to the contacts of partner NGOs or to the Liaison "
                    "Committee can be an official notice."
                )
            }
        )
    if mailing.audience != Mailing.Audience.EVENT:
        mailing.event = None
    elif mailing.event is None:
        raise ValidationError(_("Choose the event whose registrants receive the mailing."))
    if remove_pdf and mailing.pdf:
        mailing.pdf.delete(save=False)
    if pdf is not None:
        mailing.pdf.save(f"mailing-{uuid.uuid4().hex}.pdf", pdf, save=False)
    mailing.full_clean()
    mailing.save()
    mailing.sectors.set(data.get("sectors") or [])
    return mailing


@transaction.atomic
def mailing_approve(*, mailing: Mailing, approved_by=None) -> Mailing:
    """Approve a draft mailing: it goes out (and is archived if public).

    Side effects: draft → sending; queues tasks.send_mailing after commit.
    """
    mailing = Mailing.objects.select_for_update().get(pk=mailing.pk)
    if mailing.status != Mailing.Status.DRAFT:
        raise ValidationError(_("This mailing has already been approved."))
    for code in LANGUAGES:
        if not getattr(mailing, f"subject_{code}") or not getattr(mailing, f"body_{code}"):
            raise ValidationError(_("Write the subject and the text in the three languages."))
    mailing.status = Mailing.Status.SENDING
    mailing.approved_at = timezone.now()
    mailing.approved_by = approved_by
    mailing.save()
    from newsletter import tasks  # noqa: PLC0415 -- cycle: tasks imports this module

    transaction.on_commit(lambda: tasks.send_mailing.delay(mailing.pk))
    return mailing


def mailing_prepare_sending(*, mailing: Mailing) -> int:
    """One delivery per address of the audience; idempotent like issue_prepare_sending."""
    if mailing.status == Mailing.Status.DRAFT:
        raise ValidationError(_("Approve the mailing before sending it."))
    recipients = audience_iter(mailing=mailing)
    while batch := list(islice(recipients, DELIVERY_BATCH)):
        Delivery.objects.bulk_create(
            [
                Delivery(mailing=mailing, email=email, language=language)
                for email, language in batch
            ],
            ignore_conflicts=True,
        )
    return mailing.deliveries.count()


def mailing_pdf_filename(mailing: Mailing) -> str:
    return f"unesco-ngo-mailing-{mailing.pk}.pdf"


def mailing_rendered(*, mailing: Mailing, language: str) -> tuple[str, str, str, bytes, str]:
    """(subject, text, HTML, PDF bytes or b"", PDF name) of a mailing in `language`."""
    with translation.override(language):
        # The language's own text, or the fallbacks' (modeltranslation).
        subject, body = mailing.subject, mailing.body
        context = {
            "subject": subject,
            "body": body,
            "web_url": site_url(mailing.get_absolute_url()) if mailing.public else "",
            "unsubscribe_url": UNSUBSCRIBE_PLACEHOLDER,
            "preferences_url": PREFERENCES_PLACEHOLDER,
        }
        text = render_to_string("newsletter/mailing_email.txt", context)
        html = render_to_string("newsletter/mailing_email.html", context)
    document = b""
    if mailing.pdf:
        with mailing.pdf.open("rb") as handle:
            document = handle.read()
    return subject, text, html, document, mailing_pdf_filename(mailing)


# Subscriptions ---------------------------------------------------------------


def _normalise(email: str) -> str:
    return email.strip().lower()


def subscriber_request(*, email: str, language: str) -> bool:
    """A visitor asks to subscribe: email them a link to confirm (double opt-in).

    Nothing changes until they confirm; an address already subscribed gets no
    new email. Returns whether a confirmation was sent. Side effects: a
    confirmation email (after commit) in `language`.
    """
    address = _normalise(email)
    language = language if language in LANGUAGES else settings.LANGUAGE_CODE
    subscriber = Subscriber.objects.filter(email=address).first()
    if (
        subscriber is not None
        and subscriber.subscribed_on_site
        and subscriber.confirmed_at
        and not subscriber.unsubscribed_at
    ):
        return False
    subscription_confirmation_send(email=address, language=language)
    return True


def subscription_confirmation_send(*, email: str, language: str) -> None:
    """Queue the double opt-in email (foundation.mail.outbox).

    Each request is its own email (a visitor may ask again after losing the
    first), hence a fresh key. Side effects: one outbox row, sent after commit.
    """
    token = tokens.make_token(email, salt=tokens.CONFIRM_SALT)
    with translation.override(language):
        confirm_url = (
            settings.SITE_URL
            + reverse("newsletter:subscribe_confirm", kwargs={"token": token})
            + f"?lang={language}"
        )
    outbox.send(
        "newsletter-confirm",
        to=email,
        language=language,
        key=f"newsletter.confirm:{uuid.uuid4().hex}",
        context={"confirm_url": confirm_url},
        prefix=False,
        about_account=True,  # the person asked for it: it may reinstate their address
    )


@transaction.atomic
def subscriber_confirm(*, email: str, language: str) -> Subscriber:
    """Confirm a subscription from the link in the confirmation email.

    Side effects: creates or updates the Subscriber (confirmed, subscribed).
    """
    address = _normalise(email)
    language = language if language in LANGUAGES else ""
    subscriber, _created = Subscriber.objects.select_for_update().get_or_create(email=address)
    subscriber.subscribed_on_site = True
    subscriber.confirmed_at = subscriber.confirmed_at or timezone.now()
    subscriber.unsubscribed_at = None
    if language:
        subscriber.language = language
    subscriber.full_clean()
    subscriber.save()
    # Confirming the address again proves it works: a bounce's suppression is lifted.
    outbox.reinstate(address, by=address)
    return subscriber


def _subscriber_for_update(address: str) -> Subscriber:
    # get_or_create itself reads the row again when a simultaneous request
    # inserted it first (tests/newsletter/test_subscriber_concurrency.py).
    return Subscriber.objects.select_for_update().get_or_create(email=address)[0]


@transaction.atomic
def subscriber_unsubscribe(*, email: str) -> Subscriber:
    """Stop the newsletter to an address, whatever the source of the subscription.

    Side effects: Subscriber.unsubscribed_at set (the row is created for a
    partner contact); pending deliveries to the address are skipped when
    their turn comes.
    """
    subscriber = _subscriber_for_update(_normalise(email))
    if subscriber.unsubscribed_at is None:
        subscriber.unsubscribed_at = timezone.now()
        subscriber.save()
    return subscriber


@transaction.atomic
def subscriber_set_preferences(
    *, email: str, language: str, subscribed: bool, topics=None
) -> Subscriber:
    """Save the preferences page. Side effects: the address's Subscriber row and topics."""
    if language not in LANGUAGES:
        raise ValidationError(_("Choose one of the portal's languages."))
    subscriber = _subscriber_for_update(_normalise(email))
    subscriber.language = language
    if subscribed:
        # The link in the email proves the address: this is an opt-in.
        subscriber.unsubscribed_at = None
        if subscriber.confirmed_at is None:
            subscriber.confirmed_at = timezone.now()
            subscriber.subscribed_on_site = True
    elif subscriber.unsubscribed_at is None:
        subscriber.unsubscribed_at = timezone.now()
    subscriber.full_clean()
    subscriber.save()
    if topics is not None:
        subscriber.topics.set(topics)
    return subscriber


def suppression_reinstate(*, email: str, by) -> bool:
    """The Secretariat reinstates a suppressed address. Side effect: the suppression lifted."""
    return outbox.reinstate(email, by=_actor(by))


def _actor(by) -> str:
    return getattr(by, "email", "") or str(by)


def bounce_mark_handled(*, bounce, by) -> bool:
    """The Secretariat read an automatic reply or unknown message and needs nothing more.

    Side effects: the Bounce marked handled (by whom, when). False if it was already.
    """
    return bounce_mailbox.mark_handled(bounce, by=_actor(by))


def bounce_classify(*, bounce, kind: str, email: str, by):
    """The Secretariat reads a message left for review as a hard or soft bounce for `email`.

    The normal rule follows (foundation.mail.bounces): a hard bounce suppresses
    the address at once, soft ones at the third within 30 days. Side effects:
    the Bounce (kind, address, handled); maybe a Suppression.
    """
    classified = bounce_mailbox.classify_by_hand(bounce, kind=kind, email=email, by=_actor(by))
    if classified is None:
        raise ValidationError(_("This message has already been handled."))
    return classified
