"""Registration for every kind of participant, waiting lists, badges, check-in (issue 19).

Places are counted under a lock on the RegistrationType row
(select_for_update): joining, cancelling, confirming and expiring an offer
each take it, so two cancellations and three joins at once never give more
places than the type has, and a freed place is offered exactly once.
"""

import datetime
import hashlib
import hmac

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from forums import permissions
from forums.models import AgendaEntry, CheckIn, Registration, RegistrationType, SessionFeedback
from foundation.links import LinkExpired, LinkInvalid, make_link_token, read_link_token
from foundation.mail import outbox
from foundation.roles import roles_for

S = Registration.Status
HOLDING = (S.CONFIRMED, S.OFFERED)
BADGE_PURPOSE = "forums.badge"


def places_taken(registration_type: RegistrationType) -> int:
    return Registration.objects.filter(
        registration_type=registration_type, status__in=HOLDING
    ).count()


def _participation_url(registration: Registration, language: str) -> str:
    return (
        f"{settings.SITE_URL}/{language}/forums/{registration.event.slug}"
        f"/participation/{registration.pk}/"
    )


def register(
    *,
    registration_type: RegistrationType,
    user,
    full_name: str,
    email: str,
    language: str,
    organisation: str = "",
    position: str = "",
    listening_language: str = "",
    accessibility: str = "",
    is_voting_delegate: bool = False,
    today: datetime.date | None = None,
) -> Registration:
    """Register one participant under a type: a place if one is free, else the waiting list.

    Partner NGO representatives keep the Conference's rules (one voting
    delegate per NGO, the per-NGO limit); a verified delegate registers
    members of their own Member State's delegation.
    Side effects: writes a Registration (confirmed or waiting); mails the person.
    """
    if not permissions.can_register_as(user, registration_type):
        raise PermissionDenied
    roles = roles_for(user)
    email = email.strip().lower()
    kind = registration_type.kind
    if language not in dict(settings.LANGUAGES):
        raise ValidationError({"language": _("Choose French, English or Spanish.")})
    with transaction.atomic():
        registration_type = (
            RegistrationType.objects.select_for_update()
            .select_related("event")
            .get(pk=registration_type.pk)
        )
        event = registration_type.event
        if not event.published or not registration_type.is_open(today):
            raise ValidationError(_("Registration of this type is not open."))
        partner_id = roles.edited_partner_id if kind == RegistrationType.Kind.NGO else None
        if is_voting_delegate and not (partner_id and event.is_ciong):
            raise ValidationError(_("Only a conference session has voting delegates."))
        live = Registration.objects.filter(event=event).exclude(status=S.CANCELLED)
        if partner_id is not None:
            if live.filter(partner_id=partner_id).count() >= event.per_partner_limit:
                raise ValidationError(
                    _("Your organisation has already registered %(limit)d representatives.")
                    % {"limit": event.per_partner_limit}
                )
            if (
                is_voting_delegate
                and live.filter(partner_id=partner_id, is_voting_delegate=True).exists()
            ):
                raise ValidationError(_("Your organisation already has a voting delegate."))
        if live.filter(registration_type=registration_type, email=email).exists():
            raise ValidationError(_("This person is already registered."))
        full = (
            registration_type.capacity is not None
            and places_taken(registration_type) >= registration_type.capacity
        )
        now = timezone.now()
        registration = Registration(
            event=event,
            registration_type=registration_type,
            partner_id=partner_id,
            full_name=full_name.strip(),
            email=email,
            position=position.strip(),
            organisation=organisation.strip(),
            country=roles.verified_delegate_country or ""
            if kind == RegistrationType.Kind.DELEGATION
            else "",
            language=language,
            listening_language=listening_language,
            accessibility=accessibility.strip(),
            is_voting_delegate=is_voting_delegate and not full,
            registered_by=user,
            participant=user if email == (user.email or "").lower() else None,
            status=S.WAITING if full else S.CONFIRMED,
            waiting_since=now if full else None,
        )
        registration.full_clean(validate_constraints=False)
        try:
            with transaction.atomic():
                registration.save()
        except IntegrityError as error:
            raise ValidationError(_("This registration conflicts with another one.")) from error
        _mail(registration, "waiting" if full else "confirmed")
    return registration


def _mail(registration: Registration, what: str) -> None:
    with translation.override(registration.language):
        event_title = str(registration.event.title)
        # Every caller holds a typed registration: the older, untyped ones
        # are the NGO editors' own and are never mailed from here.
        type_name = str(registration.registration_type.name)
    outbox.send(
        f"forums-participation-{what}",
        to=registration.email,
        language=registration.language,
        key=f"forums.participation:{registration.pk}:{what}:{registration.offer_expires_at or ''}",
        context={
            "full_name": registration.full_name,
            "event_title": event_title,
            "type_name": type_name,
            "expires": registration.offer_expires_at,
            "url": _participation_url(registration, registration.language),
        },
    )


def _promote_next(registration_type: RegistrationType, *, now) -> None:
    """Offer free places to the next people waiting (the type row is locked by the caller)."""
    if registration_type.capacity is None:
        free = 1
    else:
        free = registration_type.capacity - places_taken(registration_type)
    waiting = Registration.objects.filter(
        registration_type=registration_type, status=S.WAITING
    ).order_by("waiting_since", "pk")
    for registration in waiting[: max(free, 0)]:
        registration.status = S.OFFERED
        registration.offer_expires_at = now + datetime.timedelta(
            days=registration_type.confirm_days
        )
        registration.save(update_fields=["status", "offer_expires_at"])
        _mail(registration, "offered")


def cancel(*, registration: Registration, user) -> Registration:
    """Withdraw a participant; a place it held goes to the next one waiting.

    Side effects: status cancelled; an offer (with email) to the next person.
    """
    if not permissions.can_view_participation(user, registration):
        raise PermissionDenied
    if registration.registration_type_id is None:
        raise ValidationError(_("This registration is managed by the NGO's editors."))
    with transaction.atomic():
        registration_type = RegistrationType.objects.select_for_update().get(
            pk=registration.registration_type_id
        )
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        if registration.status == S.CANCELLED:
            return registration  # twice is once: nothing more is freed
        registration.status = S.CANCELLED
        registration.is_voting_delegate = False
        registration.save(update_fields=["status", "is_voting_delegate"])
        _promote_next(registration_type, now=timezone.now())
    return registration


def confirm_offer(*, registration: Registration, user, now=None) -> Registration:
    """Take the place offered from the waiting list, before the deadline."""
    if not permissions.can_view_participation(user, registration):
        raise PermissionDenied
    now = now or timezone.now()
    with transaction.atomic():
        RegistrationType.objects.select_for_update().get(pk=registration.registration_type_id)
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        if registration.status == S.CONFIRMED:
            return registration
        if registration.status != S.OFFERED:
            raise ValidationError(_("No place is offered to you at the moment."))
        if registration.offer_expires_at and registration.offer_expires_at < now:
            raise ValidationError(_("The offer has expired."))
        registration.status = S.CONFIRMED
        registration.offer_expires_at = None
        registration.save(update_fields=["status", "offer_expires_at"])
        _mail(registration, "confirmed")
    return registration


def expire_offers(*, now=None) -> int:
    """Withdraw offers past their deadline and offer the places to the next people.

    Run by the beat task `forums.tasks.expire_offers`. Returns how many expired.
    """
    now = now or timezone.now()
    expired = 0
    type_ids = set(
        Registration.objects.filter(status=S.OFFERED, offer_expires_at__lt=now).values_list(
            "registration_type_id", flat=True
        )
    )
    for type_id in type_ids:
        with transaction.atomic():
            registration_type = RegistrationType.objects.select_for_update().get(pk=type_id)
            late = Registration.objects.filter(
                registration_type=registration_type, status=S.OFFERED, offer_expires_at__lt=now
            )
            expired += late.update(status=S.CANCELLED, is_voting_delegate=False)
            _promote_next(registration_type, now=now)
    return expired


# Badges and the door


def badge_code(registration: Registration) -> str:
    """A short code to type at the door: the id and an HMAC of it (no personal data)."""
    digest = hmac.new(
        settings.SECRET_KEY.encode(),
        f"{BADGE_PURPOSE}:{registration.event_id}:{registration.pk}".encode(),
        hashlib.sha256,
    ).hexdigest()[:10]
    return f"{registration.pk}-{digest.upper()}"


def badge_token(registration: Registration) -> str:
    """What the badge's QR code holds: the event and registration ids, signed."""
    return make_link_token(BADGE_PURPOSE, {"e": registration.event_id, "r": registration.pk})


def read_badge(event, code: str) -> Registration:
    """The confirmed registration a scanned token or typed code stands for; else ValidationError."""
    code = (code or "").strip()
    registration_id = None
    if "-" in code and len(code) < 40:
        number, _sep, _digest = code.partition("-")
        if number.isdigit():
            candidate = Registration(pk=int(number), event_id=event.pk)
            if hmac.compare_digest(badge_code(candidate), code.upper()):
                registration_id = int(number)
    else:
        try:
            value = read_link_token(BADGE_PURPOSE, code, max_age=None)
        except (LinkInvalid, LinkExpired):
            value = None
        if (
            isinstance(value, dict)
            and value.get("e") == event.pk
            and isinstance(value.get("r"), int)
        ):
            registration_id = value["r"]
    if registration_id is None:
        raise ValidationError(_("This badge is not valid for this event."))
    registration = (
        Registration.objects.select_related("registration_type", "partner", "check_in")
        .filter(pk=registration_id, event=event)
        .first()
    )
    if registration is None:
        raise ValidationError(_("This badge is not valid for this event."))
    if registration.status != S.CONFIRMED:
        raise ValidationError(_("This registration is not confirmed."))
    return registration


def check_in(*, event, user, code: str, at=None) -> tuple[Registration, CheckIn, bool]:
    """Record that the badge's holder came in: once, however often it is scanned.

    Returns (registration, check-in, whether it was new). `at` is when a
    phone recorded it offline. Side effects: writes one CheckIn at most.
    """
    if not permissions.can_staff_door(user, event):
        raise PermissionDenied
    registration = read_badge(event, code)
    now = timezone.now()
    if at is None or at > now or at < now - datetime.timedelta(days=2):
        at = now
    # Two phones at once: get_or_create catches the loser's IntegrityError
    # itself and reads the winner's row (test_waiting_list_concurrency).
    record, created = CheckIn.objects.get_or_create(
        registration=registration, defaults={"at": at, "by": user}
    )
    return registration, record, created


def agenda_set(*, registration: Registration, user, item_ids: list[int]) -> None:
    """The programme items the participant plans to attend."""
    if not permissions.can_view_participation(user, registration):
        raise PermissionDenied
    items = set(registration.event.programme.filter(pk__in=item_ids).values_list("pk", flat=True))
    with transaction.atomic():
        registration.agenda.exclude(item_id__in=items).delete()
        known = set(registration.agenda.values_list("item_id", flat=True))
        AgendaEntry.objects.bulk_create(
            [AgendaEntry(registration=registration, item_id=pk) for pk in items - known]
        )


def feedback_give(*, registration: Registration, user, item, rating: int, comment: str = ""):
    """One rating per session, from a participant who was checked in."""
    if not permissions.can_view_participation(user, registration):
        raise PermissionDenied
    if item.event_id != registration.event_id:
        raise ValidationError(_("This session belongs to another event."))
    if not CheckIn.objects.filter(registration=registration).exists():
        raise ValidationError(_("Only participants who attended can give feedback."))
    feedback, _created = SessionFeedback.objects.update_or_create(
        item=item,
        registration=registration,
        defaults={"rating": rating, "comment": comment.strip()},
    )
    return feedback
