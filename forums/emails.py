"""Emails about working-group documents, queued through foundation.mail.outbox.

Called inside the transaction of the document's change; the key names the
change (the document's updated_at), so a document submitted, returned and
submitted again mails each time, and never twice for one change.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import translation

from forums import permissions
from forums.models import Document
from foundation.mail import outbox


def _document_url(document: Document) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        return settings.SITE_URL + document.get_absolute_url()


def _send(users, *, template: str, key: str, context: dict) -> int:
    queued = 0
    for user in users:
        queued += outbox.send(
            template,
            to=user.email,
            language=user.preferred_language or settings.LANGUAGE_CODE,
            key=key,
            context=context,
            # These subjects never carried the site prefix; kept as they were.
            prefix=False,
        )
    return queued


def document_submitted(document: Document) -> int:
    """Tell the Secretariat a working-group document awaits review."""
    users = get_user_model().objects.filter(is_secretariat=True, is_active=True)
    return _send(
        users.iterator(),
        template="forums-document-submitted",
        key=f"forums.document-submitted:{document.pk}:{document.updated_at.isoformat()}",
        context={"document": document, "url": _document_url(document)},
    )


def document_decision(document: Document, decision: str) -> int:
    """Tell the group's members their document was published or returned."""
    # Only the people who manage the group today: a membership whose person
    # left the partner, or whose partner left the group, gets no email.
    managers = permissions.current_memberships().filter(working_group=document.working_group)
    users = get_user_model().objects.filter(is_active=True, pk__in=managers.values("user_id"))
    return _send(
        users.iterator(),
        template="forums-document-decision",
        key=f"forums.document-{decision}:{document.pk}:{document.updated_at.isoformat()}",
        context={
            "document": document,
            "published": decision == "published",
            "url": _document_url(document),
        },
    )
