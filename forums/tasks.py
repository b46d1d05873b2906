"""Thin Celery tasks: load by id, send each person their email in their language."""

import logging

from celery import shared_task
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.utils import translation
from django.utils.translation import gettext as _

from forums import permissions
from forums.models import Document
from foundation.validators import single_line

logger = logging.getLogger(__name__)


def _send(users, subject_and_body) -> int:
    sent = 0
    for user in users:
        with translation.override(user.preferred_language or settings.LANGUAGE_CODE):
            subject, body = subject_and_body()
            # A title stored before titles were checked must not break the header.
            send_mail(single_line(subject), body, None, [user.email])
        sent += 1
    return sent


def _document_url(document: Document) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        return settings.SITE_URL + document.get_absolute_url()


@shared_task
def notify_document_submitted(document_id: int) -> int:
    """Tell the Secretariat a working-group document awaits review."""
    document = Document.objects.select_related("working_group").filter(pk=document_id).first()
    if document is None:
        return 0
    users = get_user_model().objects.filter(is_secretariat=True, is_active=True)
    url = _document_url(document)

    def message():
        return (
            _("Document submitted for review: %(title)s") % {"title": document.title},
            _("The working group “%(group)s” submitted “%(title)s” for review.\n\n%(url)s")
            % {"group": document.working_group.name, "title": document.title, "url": url},
        )

    sent = _send(users.iterator(), message)
    logger.info("document %s submitted: %s Secretariat emails", document_id, sent)
    return sent


@shared_task
def notify_document_decision(document_id: int, decision: str) -> int:
    """Tell the group's members their document was published or returned."""
    document = Document.objects.select_related("working_group").filter(pk=document_id).first()
    if document is None:
        return 0
    managers = permissions.current_memberships().filter(working_group=document.working_group)
    users = get_user_model().objects.filter(is_active=True, pk__in=managers.values("user_id"))
    url = _document_url(document)

    def message():
        if decision == "published":
            subject = _("Published: %(title)s") % {"title": document.title}
            body = _("The Secretariat published “%(title)s”.\n\n%(url)s")
        else:
            subject = _("Returned with comments: %(title)s") % {"title": document.title}
            body = _("The Secretariat returned “%(title)s” with comments.\n\n%(url)s")
        return subject, body % {"title": document.title, "url": url}

    sent = _send(users.iterator(), message)
    logger.info("document %s %s: %s member emails", document_id, decision, sent)
    return sent
