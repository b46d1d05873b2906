"""Emails about dialogue requests, each in its recipient's language, each sent once.

Called by dialogue.services inside the transaction of each change (and by
the daily reminder task): every email is an outbox row (foundation.mail)
with a unique (key, address), so a rolled-back change sends nothing and a
repeated call mails nobody twice. The Secretariat's internal notes are never
put in any email context.
"""

import logging
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone, translation

from dialogue.models import (
    CoSponsor,
    DialogueRequest,
    ExpressionOfInterest,
    State,
    Transition,
)
from dialogue.selectors import STALE_AFTER_DAYS, request_list_stale
from foundation.languages import is_language
from foundation.mail import outbox
from partners.models import Partner

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Recipient:
    email: str
    language: str
    # Whether this person may follow the private request page; others get
    # the public page (or none) as the link.
    role: str = "other"


def _language(code: str | None) -> str:
    return code if is_language(code) else settings.LANGUAGE_CODE


def _user_recipient(user, role: str) -> Recipient | None:
    if user is None or not user.is_active or not user.email:
        return None
    return Recipient(user.email.lower(), _language(user.preferred_language), role)


def _secretariat() -> list[Recipient]:
    users = get_user_model().objects.filter(is_secretariat=True, is_active=True)
    return [r for r in (_user_recipient(u, "secretariat") for u in users) if r]


def _delegates(request: DialogueRequest) -> list[Recipient]:
    people = [_user_recipient(request.requester, "delegate")]
    for cosponsor in request.cosponsors.filter(joined_at__isnull=False).select_related("user"):
        people.append(_user_recipient(cosponsor.user, "delegate"))
    return [person for person in people if person]


def partner_recipients(partner: Partner) -> list[Recipient]:
    """A partner's contacts and NGO editors, once per address."""
    people = [
        Recipient(contact.email.lower(), _language(contact.preferred_language), "ngo")
        for contact in partner.contacts.all()
    ]
    for link in partner.editors.select_related("user"):
        person = _user_recipient(link.user, "ngo")
        if person:
            people.append(person)
    return _unique(people)


def _unique(people: list[Recipient]) -> list[Recipient]:
    seen: dict[str, Recipient] = {}
    for person in people:
        # The Secretariat's role wins, then a delegate's.
        current = seen.get(person.email)
        if current is None or current.role == "other" or person.role == "secretariat":
            seen[person.email] = person
    return list(seen.values())


def _link(name: str, pk: int) -> tuple[str, int]:
    """A link resolved later, inside the recipient's language (/fr/…, /es/…)."""
    return (name, pk)


def send_once(*, key: str, recipient: Recipient, template: str, context: dict) -> bool:
    """Queue one email unless (key, address) was queued before. Returns whether it was.

    The key is namespaced ("dialogue.") in the shared outbox; the keys
    recorded before the outbox existed were carried over with that prefix.
    """
    with translation.override(recipient.language):
        context = {**context, "recipient": recipient}
        if isinstance(context.get("link"), tuple):
            name, pk = context["link"]
            context["link"] = settings.SITE_URL + reverse(name, kwargs={"pk": pk})
    return outbox.send(
        f"dialogue-{template}",
        to=recipient.email,
        language=recipient.language,
        key=f"dialogue.{key}",
        context=context,
    )


def _request_links(request: DialogueRequest, recipient: Recipient) -> dict:
    if recipient.role == "secretariat":
        return {"link": _link("dialogue:triage", request.pk)}
    if recipient.role == "delegate":
        return {"link": _link("dialogue:request_detail", request.pk)}
    if request.is_public:
        return {"link": _link("dialogue:detail", request.pk)}
    return {"link": ""}


def send_transition(transition_id: int) -> int:
    record = (
        Transition.objects.select_related("request", "request__requester", "by")
        .filter(pk=transition_id)
        .first()
    )
    if record is None:
        return 0
    request = record.request
    state = record.to_state
    if state == State.SUBMITTED:
        people = _delegates(request) + _secretariat()
    elif state == State.WITHDRAWN:
        people = _secretariat() + _delegates(request)
    else:
        people = _delegates(request)
        if state in (State.SCHEDULED, State.HELD):
            for interest in request.interests.filter(
                status=ExpressionOfInterest.Status.SELECTED
            ).select_related("partner"):
                people += partner_recipients(interest.partner)
    sent = 0
    for person in _unique(people):
        context = {
            "request": request,
            "transition": record,
            "rescheduled": record.from_state == record.to_state,
            **_request_links(request, person),
        }
        sent += send_once(
            key=f"transition:{record.pk}", recipient=person, template="transition", context=context
        )
    return sent


def send_invitations(request_id: int) -> int:
    """Invite the matched partners' contacts and editors to express interest."""
    request = DialogueRequest.objects.filter(pk=request_id, state=State.ACCEPTED).first()
    if request is None:
        return 0
    sent = 0
    for match in request.matches.select_related("partner").prefetch_related("partner__contacts"):
        for person in partner_recipients(match.partner):
            context = {
                "request": request,
                "match": match,
                "link": _link("dialogue:interest", request.pk),
            }
            sent += send_once(
                key=f"invite:{request.pk}", recipient=person, template="invitation", context=context
            )
    return sent


def send_selection(interest_id: int) -> int:
    interest = (
        ExpressionOfInterest.objects.select_related("request", "partner", "submitted_by")
        .filter(pk=interest_id)
        .first()
    )
    if interest is None or interest.status == ExpressionOfInterest.Status.PENDING:
        return 0
    people = partner_recipients(interest.partner)
    submitter = _user_recipient(interest.submitted_by, "ngo")
    if submitter:
        people = _unique([*people, submitter])
    sent = 0
    for person in people:
        context = {
            "request": interest.request,
            "interest": interest,
            "selected": interest.status == ExpressionOfInterest.Status.SELECTED,
            "link": _link("dialogue:detail", interest.request_id),
        }
        sent += send_once(
            key=f"selection:{interest.pk}:{interest.status}",
            recipient=person,
            template="selection",
            context=context,
        )
    return sent


def send_cosponsor_invitation(cosponsor_id: int) -> int:
    cosponsor = (
        CoSponsor.objects.select_related("request", "user", "invited_by")
        .filter(pk=cosponsor_id, joined_at__isnull=True)
        .first()
    )
    if cosponsor is None:
        return 0
    person = _user_recipient(cosponsor.user, "delegate")
    if person is None:
        return 0
    context = {
        "request": cosponsor.request,
        "cosponsor": cosponsor,
        "link": _link("dialogue:request_detail", cosponsor.request_id),
    }
    return int(
        send_once(
            key=f"cosponsor:{cosponsor.pk}",
            recipient=person,
            template="cosponsor",
            context=context,
        )
    )


def send_stale_reminders(now=None) -> int:
    """Remind the Secretariat of requests with no decision after 30, 60, 90… days.

    The key names the 30-day period, so a daily run reminds once per period.
    """
    now = now or timezone.now()
    secretariat = _secretariat()
    sent = 0
    for request in request_list_stale(now=now).iterator(chunk_size=200):
        days = (now - request.submitted_at).days
        period = days // STALE_AFTER_DAYS
        for person in secretariat:
            context = {
                "request": request,
                "days": days,
                "link": _link("dialogue:triage", request.pk),
            }
            sent += send_once(
                key=f"stale:{request.pk}:{period}",
                recipient=person,
                template="reminder",
                context=context,
            )
    if sent:
        logger.info("dialogue: %d stale-request reminders sent", sent)
    return sent
