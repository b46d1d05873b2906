"""Emails to partners' editors and contacts, queued through foundation.mail.outbox.

Each function is called inside the transaction of the change it reports, so
a rolled-back change sends nothing; its key names the event, so repeating
the call mails nobody twice.
"""

from django.conf import settings
from django.urls import reverse
from django.utils import translation

from foundation.links import make_link_token
from foundation.mail import outbox
from partners.models import Contact, PartnerEditor, PartnerInvitation, PartnerRevision

INVITATION_SALT = "partners.invitation"


def invitation_token(invitation: PartnerInvitation) -> str:
    """The signed token of an invitation's link; read back in partners.views_editor."""
    return make_link_token(INVITATION_SALT, {"i": invitation.pk, "n": invitation.nonce})


def _context(language: str, **context) -> dict:
    return {**context, "site_url": settings.SITE_URL, "language": language}


def invitation(invitation: PartnerInvitation) -> bool:
    """The invitation email; a resend has a new nonce, hence a new key and email."""
    with translation.override(invitation.language):
        url = reverse("partners_editor:join", kwargs={"token": invitation_token(invitation)})
    return outbox.send(
        "partners-invitation",
        to=invitation.email,
        language=invitation.language,
        key=invitation_key(invitation),
        about_account=True,
        context=_context(
            invitation.language, invitation=invitation, partner=invitation.partner, url=url
        ),
    )


def invitation_key(invitation: PartnerInvitation) -> str:
    return f"partners.invitation:{invitation.pk}:{invitation.nonce}"


def revision_outcome(revision: PartnerRevision) -> int:
    """Tell each active editor of the partner that their proposal was approved or not."""
    editors = PartnerEditor.objects.filter(
        partner_id=revision.partner_id, user__is_active=True
    ).select_related("user")
    queued = 0
    for editor in editors:
        user = editor.user
        with translation.override(user.preferred_language):
            url = reverse("partners_editor:profile")
        queued += outbox.send(
            "partners-revision-outcome",
            to=user.email,
            language=user.preferred_language,
            key=f"partners.revision-outcome:{revision.pk}:{revision.state}",
            context=_context(
                user.preferred_language,
                revision=revision,
                partner=revision.partner,
                user=user,
                approved=revision.state == PartnerRevision.State.APPROVED,
                url=url,
            ),
        )
    return queued


def review_reminder_recipients(partner) -> list[tuple[str, str]]:
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


def review_reminder(partner, *, recipients: list[tuple[str, str]], today) -> int:
    review_date = partner.next_review_date
    queued = 0
    for email, language in recipients:
        queued += outbox.send(
            "partners-review-reminder",
            to=email,
            language=language or settings.LANGUAGE_CODE,
            key=f"partners.review-reminder:{partner.pk}:{review_date.isoformat()}",
            context=_context(
                language or settings.LANGUAGE_CODE,
                partner=partner,
                review_date=review_date,
                today=today,
            ),
        )
    return queued
