"""Thin Celery tasks: they take ids, load objects, send email in each reader's language."""

import datetime
import logging

from celery import shared_task
from django.conf import settings
from django.core import signing
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from foundation.validators import single_line
from partners.models import Contact, PartnerEditor, PartnerInvitation, PartnerRevision
from partners.models import ReviewReminder as Reminder
from partners.selectors import partner_reviews_due

logger = logging.getLogger(__name__)

INVITATION_SALT = "partners.invitation"
REVIEW_WINDOW_DAYS = 183


def _send(*, template: str, to: str, language: str, context: dict) -> None:
    with translation.override(language):
        context = {**context, "site_url": settings.SITE_URL, "language": language}
        subject = render_to_string(f"partners/email/{template}_subject.txt", context)
        body = render_to_string(f"partners/email/{template}.txt", context)
        send_mail(
            settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + single_line(subject),
            body,
            None,
            [to],
        )


def invitation_token(invitation: PartnerInvitation) -> str:
    return signing.dumps({"i": invitation.pk, "n": invitation.nonce}, salt=INVITATION_SALT)


@shared_task
def send_invitation(invitation_id: int) -> None:
    invitation = (
        PartnerInvitation.objects.select_related("partner").filter(pk=invitation_id).first()
    )
    if invitation is None or invitation.accepted_at or invitation.revoked_at:
        # Accepted or revoked before the worker got to it: the link would not work.
        return
    with translation.override(invitation.language):
        url = reverse("partners_editor:join", kwargs={"token": invitation_token(invitation)})
    _send(
        template="invitation",
        to=invitation.email,
        language=invitation.language,
        context={"invitation": invitation, "partner": invitation.partner, "url": url},
    )


@shared_task
def send_revision_outcome(revision_id: int) -> None:
    revision = PartnerRevision.objects.select_related("partner").filter(pk=revision_id).first()
    if revision is None:
        return
    editors = PartnerEditor.objects.filter(
        partner_id=revision.partner_id, user__is_active=True
    ).select_related("user")
    for editor in editors:
        user = editor.user
        with translation.override(user.preferred_language):
            url = reverse("partners_editor:profile")
        _send(
            template="revision_outcome",
            to=user.email,
            language=user.preferred_language,
            context={
                "revision": revision,
                "partner": revision.partner,
                "user": user,
                "approved": revision.state == PartnerRevision.State.APPROVED,
                "url": url,
            },
        )


def _reminder_recipients(partner) -> list[tuple[str, str]]:
    """(email, language) of the partner's editors, else of its contacts."""
    editors = [
        (e.user.email, e.user.preferred_language)
        for e in PartnerEditor.objects.filter(partner=partner, user__is_active=True)
        .select_related("user")
        .order_by("pk")
    ]
    if editors:
        return editors
    return list(
        Contact.objects.filter(partner=partner)
        .order_by("pk")
        .values_list("email", "preferred_language")
    )


def send_review_reminder(partner, *, today: datetime.date) -> bool:
    """Email one partner about its coming review, unless already done for that date."""
    review_date = partner.next_review_date
    recipients = _reminder_recipients(partner)
    if not recipients:
        return False
    try:
        # The unique constraint (partner, review_date) is the once-only
        # guarantee: two beat runs racing each other insert one row, not two.
        with transaction.atomic():
            Reminder.objects.create(
                partner=partner, review_date=review_date, recipients=len(recipients)
            )
    except IntegrityError:
        return False
    for email, language in recipients:
        _send(
            template="review_reminder",
            to=email,
            language=language or settings.LANGUAGE_CODE,
            context={"partner": partner, "review_date": review_date, "today": today},
        )
    return True


@shared_task
def send_review_reminders(today: str | None = None) -> int:
    """Email each partner whose review is due within six months, once per review date."""
    day = datetime.date.fromisoformat(today) if today else timezone.localdate()
    due = (
        partner_reviews_due(within_days=REVIEW_WINDOW_DAYS, today=day)
        .filter(next_review_date__gte=day, published=True)
        .exclude(review_reminders__review_date=F("next_review_date"))
    )
    sent = 0
    for partner in due.iterator(chunk_size=200):
        if send_review_reminder(partner, today=day):
            sent += 1
    logger.info("review reminders sent to %d partners", sent)
    return sent
