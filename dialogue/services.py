"""Writes to dialogue requests. The workflow lives here and nowhere else.

Every state change goes through `request_transition`, which checks the
TRANSITIONS table and the actor's role, locks the row, records a Transition
and queues the emails after the commit. Views, admin actions and the demo
seed call it; none writes `state` directly.
"""

import datetime
import zoneinfo

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dialogue import notifications, permissions
from dialogue.models import (
    CoSponsor,
    DialogueRequest,
    ExpressionOfInterest,
    PartnerMatch,
    RequestFile,
    State,
    Transition,
)
from dialogue.selectors import partner_matches
from dialogue.uploads import check_upload
from forums.models import Event
from foundation.accounts.permissions import verified_delegate_profile
from foundation.files import store_checked_upload
from foundation.languages import is_language
from foundation.validators import clean_text
from partners.models import Sector
from partners.permissions import editor_partner

SECRETARIAT = "secretariat"
REQUESTER = "requester"

# (from, to) → who may make the move. Anything not listed is refused.
TRANSITIONS: dict[tuple[str, str], str] = {
    (State.SUBMITTED, State.UNDER_REVIEW): SECRETARIAT,
    (State.UNDER_REVIEW, State.ACCEPTED): SECRETARIAT,
    (State.ACCEPTED, State.SCHEDULED): SECRETARIAT,
    # Rescheduling: the date, place or link change, the state does not.
    (State.SCHEDULED, State.SCHEDULED): SECRETARIAT,
    (State.SCHEDULED, State.HELD): SECRETARIAT,
    (State.SUBMITTED, State.DECLINED): SECRETARIAT,
    (State.UNDER_REVIEW, State.DECLINED): SECRETARIAT,
    (State.ACCEPTED, State.DECLINED): SECRETARIAT,
    (State.SUBMITTED, State.WITHDRAWN): REQUESTER,
    (State.UNDER_REVIEW, State.WITHDRAWN): REQUESTER,
    (State.ACCEPTED, State.WITHDRAWN): REQUESTER,
}

MAX_THEME = 255
MAX_TEXT = 5000
MAX_REASON = 2000


def allowed_targets(*, request: DialogueRequest, user) -> list[str]:
    """The states `user` may move `request` to now (for buttons and admin actions)."""
    return [
        to_state
        for (from_state, to_state), actor in TRANSITIONS.items()
        if from_state == request.state and _actor_may(actor, user, request)
    ]


def _actor_may(actor: str, user, request: DialogueRequest) -> bool:
    if actor == SECRETARIAT:
        return permissions.can_triage(user)
    if actor == REQUESTER:
        return permissions.can_withdraw(user, request)
    return False


def _validate_schedule(schedule: dict) -> dict:
    """Check date, time zone, place or link; return the fields to set."""
    scheduled_at = schedule.get("scheduled_at")
    if not isinstance(scheduled_at, datetime.datetime):
        raise ValidationError(_("A date and time are required to schedule the hearing."))
    time_zone = schedule.get("time_zone") or ""
    if time_zone not in zoneinfo.available_timezones():
        raise ValidationError(_("Choose a valid time zone."))
    ends_at = schedule.get("ends_at")
    if ends_at is not None and ends_at < scheduled_at:
        raise ValidationError(_("The hearing cannot end before it starts."))
    place = (schedule.get("place") or "").strip()
    online_link = (schedule.get("online_link") or "").strip()
    if not place and not online_link:
        raise ValidationError(_("Give a place, an online link, or both."))
    event = _validate_event(schedule.get("event"))
    return {
        "scheduled_at": scheduled_at,
        "ends_at": ends_at,
        "time_zone": time_zone,
        "place": place,
        "online_link": online_link,
        "occasion": (schedule.get("occasion") or "").strip(),
        "event": event,
    }


def _validate_event(event) -> Event | None:
    """A linked forum or CIONG session must be public (its dates: DialogueRequest.clean)."""
    if event is None:
        return None
    if not isinstance(event, Event) or not event.published:
        raise ValidationError(_("Choose a published forum or conference session."))
    return event


@transaction.atomic
def request_submit(
    *,
    user,
    language: str,
    theme: str,
    description: str,
    sector_codes: list[str],
    setting: str,
    format: str,
    preferred_from: datetime.date,
    preferred_until: datetime.date,
    expertise_sought: str,
    executive_board_session: int | None = None,
    setting_detail: str = "",
    attachments: list | None = None,
) -> DialogueRequest:
    """A verified delegate asks for a hearing, for their own country.

    The country comes from the delegate's verified profile, never from the
    input. Side effects: creates the request, its first Transition and its
    attachments (private storage); after commit, emails the requester and
    the Secretariat.
    """
    profile = verified_delegate_profile(user)
    if profile is None:
        raise PermissionDenied
    if not is_language(language):
        language = settings.LANGUAGE_CODE
    sectors = list(Sector.objects.filter(code__in=sector_codes))
    if not sectors or len(sectors) != len(set(sector_codes)):
        raise ValidationError(_("Choose one or more UNESCO sectors from the list."))
    now = timezone.now()
    request = DialogueRequest(
        country=profile.country,
        requester=user,
        original_language=language,
        setting=setting,
        format=format,
        executive_board_session=executive_board_session,
        setting_detail=setting_detail,
        preferred_from=preferred_from,
        preferred_until=preferred_until,
        expertise_sought=clean_text(
            expertise_sought, label=_("Expertise sought"), max_length=MAX_TEXT
        ),
        state=State.SUBMITTED,
        submitted_at=now,
        state_changed_at=now,
    )
    setattr(
        request,
        f"theme_{language}",
        clean_text(theme, label=_("Theme"), max_length=MAX_THEME),
    )
    setattr(
        request,
        f"description_{language}",
        clean_text(description, label=_("Description"), max_length=MAX_TEXT),
    )
    request.full_clean()
    request.save()
    request.sectors.set(sectors)
    for uploaded in attachments or []:
        _store_file(request=request, uploaded=uploaded, kind=RequestFile.Kind.ATTACHMENT, by=user)
    record = Transition.objects.create(
        request=request, from_state="", to_state=State.SUBMITTED, by=user, at=now
    )
    notifications.send_transition(record.pk)
    return request


def _store_file(*, request: DialogueRequest, uploaded, kind: str, by) -> RequestFile:
    checked = check_upload(uploaded)
    stored = RequestFile(request=request, kind=kind, uploaded_by=by)
    return store_checked_upload(row=stored, upload=uploaded, checked=checked)


@transaction.atomic
def request_transition(
    *,
    request: DialogueRequest,
    to_state: str,
    by,
    reason: str = "",
    schedule: dict | None = None,
) -> Transition:
    """Move a request to `to_state` if the table and the actor's role allow it.

    A decline needs a reason; scheduling needs `schedule` (scheduled_at,
    time_zone, place and/or online_link, optional ends_at and occasion).
    Refusals raise before anything is written.

    Side effects: updates the request's state (and schedule), writes a
    Transition; on acceptance, records the matching partners; after commit,
    queues the emails to everyone concerned (and invitations to matched NGOs).
    """
    locked = DialogueRequest.objects.select_for_update().get(pk=request.pk)
    actor = TRANSITIONS.get((locked.state, to_state))
    if actor is None:
        raise ValidationError(
            _("A request that is %(state)s cannot become %(target)s."),
            params={
                "state": locked.get_state_display().lower(),
                "target": str(State(to_state).label).lower()
                if to_state in State.values
                else to_state,
            },
            code="invalid_transition",
        )
    if not _actor_may(actor, by, locked):
        raise PermissionDenied
    reason = clean_text(
        reason, label=_("Reason"), max_length=MAX_REASON, required=to_state == State.DECLINED
    )
    if to_state == State.SCHEDULED:
        for field, value in _validate_schedule(schedule or {}).items():
            setattr(locked, field, value)
    now = timezone.now()
    from_state = locked.state
    locked.state = to_state
    locked.state_changed_at = now
    if to_state == State.DECLINED:
        locked.decline_reason = reason
    locked.full_clean()
    locked.save()
    record = Transition.objects.create(
        request=locked, from_state=from_state, to_state=to_state, by=by, at=now, reason=reason
    )
    if to_state == State.ACCEPTED:
        _record_matches(locked)
        notifications.send_invitations(locked.pk)
    notifications.send_transition(record.pk)
    # Keep the caller's instance current.
    for field in (
        "state",
        "state_changed_at",
        "decline_reason",
        "scheduled_at",
        "ends_at",
        "time_zone",
        "place",
        "online_link",
        "occasion",
        "event",
    ):
        setattr(request, field, getattr(locked, field))
    return record


def _record_matches(request: DialogueRequest) -> list[PartnerMatch]:
    matches = []
    for found in partner_matches(request=request):
        match, _created = PartnerMatch.objects.update_or_create(
            request=request,
            partner_id=found["partner_id"],
            defaults={
                "sector_codes": found["sector_codes"],
                "delegate_countries": found["delegate_countries"],
                "action_countries": found["action_countries"],
                "score": found["score"],
            },
        )
        matches.append(match)
    return matches


@transaction.atomic
def request_update_by_secretariat(
    *, request: DialogueRequest, by, internal_notes: str, translations: dict[str, str]
) -> DialogueRequest:
    """The Secretariat adds translations of theme and description, and internal notes.

    `translations` maps theme_fr, description_es… to text; the language the
    delegate wrote in cannot be blanked. Side effects: saves the request.
    """
    if not permissions.can_triage(by):
        raise PermissionDenied
    locked = DialogueRequest.objects.select_for_update().get(pk=request.pk)
    locked.internal_notes = clean_text(
        internal_notes, label=_("Internal notes"), max_length=MAX_TEXT, required=False
    )
    for name, value in translations.items():
        field, _sep, language = name.rpartition("_")
        if field not in {"theme", "description"} or not is_language(language):
            continue
        required = language == locked.original_language
        label = _("Theme") if field == "theme" else _("Description")
        limit = MAX_THEME if field == "theme" else MAX_TEXT
        setattr(locked, name, clean_text(value, label=label, max_length=limit, required=required))
    locked.full_clean()
    locked.save()
    return locked


@transaction.atomic
def request_record_outcome(
    *,
    request: DialogueRequest,
    by,
    texts: dict[str, str],
    documents: list | None = None,
) -> DialogueRequest:
    """After a hearing is held: summary and follow-up actions in three languages, documents.

    Side effects: saves the request; stores the documents (public once held).
    """
    if not permissions.can_triage(by):
        raise PermissionDenied
    locked = DialogueRequest.objects.select_for_update().get(pk=request.pk)
    if locked.state != State.HELD:
        raise ValidationError(_("An outcome can only be recorded once the hearing is held."))
    for name, value in texts.items():
        field, _sep, language = name.rpartition("_")
        if field not in {"summary", "follow_up"} or not is_language(language):
            continue
        label = _("Summary") if field == "summary" else _("Follow-up actions")
        setattr(
            locked,
            name,
            clean_text(value, label=label, max_length=MAX_TEXT * 2, required=False),
        )
    locked.full_clean()
    locked.save()
    for uploaded in documents or []:
        _store_file(request=locked, uploaded=uploaded, kind=RequestFile.Kind.OUTCOME, by=by)
    return locked


@transaction.atomic
def cosponsor_invite(*, request: DialogueRequest, by, email: str) -> CoSponsor:
    """The requester invites a verified delegate of another Member State.

    Side effects: creates the invitation; after commit, emails the invitee.
    """
    if not permissions.can_invite_cosponsor(by, request):
        raise PermissionDenied
    email = (email or "").strip().lower()
    invitee = get_user_model().objects.filter(email=email, is_active=True).first()
    profile = verified_delegate_profile(invitee) if invitee else None
    if profile is None or profile.country == request.country:
        raise ValidationError(
            _("No verified delegate of another Member State has this email address.")
        )
    if request.cosponsors.filter(user=invitee).exists():
        raise ValidationError(_("This delegate has already been invited."))
    cosponsor = CoSponsor(
        request=request,
        user=invitee,
        country=profile.country,
        invited_by=by,
        invited_at=timezone.now(),
    )
    cosponsor.full_clean()
    cosponsor.save()
    notifications.send_cosponsor_invitation(cosponsor.pk)
    return cosponsor


@transaction.atomic
def cosponsor_join(*, request: DialogueRequest, user) -> CoSponsor:
    """An invited delegate joins as co-sponsor. Side effects: sets joined_at."""
    if not permissions.can_join_as_cosponsor(user, request):
        raise PermissionDenied
    cosponsor = CoSponsor.objects.select_for_update().get(request=request, user=user)
    cosponsor.joined_at = timezone.now()
    cosponsor.save(update_fields=["joined_at"])
    return cosponsor


@transaction.atomic
def interest_express(
    *,
    request: DialogueRequest,
    user,
    statement: str,
    proposed_speaker: str,
    languages: list[str],
) -> ExpressionOfInterest:
    """An NGO editor tells the Secretariat their NGO would take part.

    One expression per partner and request; sending again updates it while
    the call is open. Side effects: creates or updates the expression.
    """
    locked = DialogueRequest.objects.select_for_update().get(pk=request.pk)
    if not permissions.can_express_interest(user, locked):
        raise PermissionDenied
    # can_express_interest above made sure the partner is published.
    partner = editor_partner(user)
    languages = [code for code in languages if is_language(code)]
    if not languages:
        raise ValidationError(_("Choose at least one language."))
    values = {
        "submitted_by": user,
        "statement": clean_text(statement, label=_("Statement"), max_length=MAX_REASON),
        "proposed_speaker": clean_text(
            proposed_speaker, label=_("Proposed speaker"), max_length=200
        ),
        "languages": languages,
    }
    interest, created = ExpressionOfInterest.objects.get_or_create(
        request=locked, partner=partner, defaults=values
    )
    if not created:
        for field, value in values.items():
            setattr(interest, field, value)
    interest.full_clean()
    interest.save()
    return interest


@transaction.atomic
def participants_select(
    *, request: DialogueRequest, by, selected_partner_ids: list[int]
) -> list[ExpressionOfInterest]:
    """The Secretariat picks the participating NGOs among those interested.

    Every other interested NGO becomes not selected. Side effects: updates
    each expression's status; after commit, tells each NGO whose status
    changed (once per status).
    """
    if not permissions.can_triage(by):
        raise PermissionDenied
    locked = DialogueRequest.objects.select_for_update().get(pk=request.pk)
    if locked.state not in (State.ACCEPTED, State.SCHEDULED):
        raise ValidationError(
            _("Participants are chosen once the request is accepted and before it is held.")
        )
    interests = list(locked.interests.select_for_update())
    known = {interest.partner_id for interest in interests}
    wanted = set(selected_partner_ids)
    if not wanted <= known:
        raise ValidationError(_("Only NGOs that expressed interest can be selected."))
    now = timezone.now()
    changed = []
    for interest in interests:
        status = (
            ExpressionOfInterest.Status.SELECTED
            if interest.partner_id in wanted
            else ExpressionOfInterest.Status.NOT_SELECTED
        )
        if interest.status != status:
            interest.status = status
            interest.decided_at = now
            interest.save(update_fields=["status", "decided_at", "updated_at"])
            changed.append(interest)
    for interest in changed:
        notifications.send_selection(interest.pk)
    return interests
