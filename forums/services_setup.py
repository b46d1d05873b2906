"""The organisers' set-up: the call for proposals, registration types, programme items.

Each service checks the organiser rule itself (forums.permissions) as well as
the views, and raises ValidationError with a translated message for every
rule a user can break.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from forums import permissions
from forums.models import CallForProposals, Event, ProgrammeItem, RegistrationType, Speaker
from forums.models.events import speaker_lines
from forums.services_attendance import _promote_next, places_taken
from forums.services_proposals import clashes
from foundation.languages import localized_field_names


def call_save(*, event: Event, user, form) -> CallForProposals:
    """Open the event's call for proposals, or change it.

    `form` is a valid forms_setup.CallForm bound to the call (or to a new one).
    Side effects: writes the CallForProposals row.
    """
    if not permissions.can_set_up(user, event):
        raise PermissionDenied
    call = form.save(commit=False)
    call.event = event
    call.full_clean()
    call.save()
    return call


def registration_type_save(*, event: Event, user, form) -> RegistrationType:
    """Create or change a registration type.

    Lowering the capacity below the places already held is refused (nobody
    loses a place they were given); raising it offers the new places to the
    people waiting longest, as a cancellation would.
    Side effects: writes the type; may offer places (with emails) to people waiting.
    """
    if not permissions.can_set_up(user, event):
        raise PermissionDenied
    registration_type = form.save(commit=False)
    registration_type.event = event
    registration_type.full_clean()
    with transaction.atomic():
        if registration_type.pk is not None:
            # The same lock as registering and cancelling: the count of places is exact.
            RegistrationType.objects.select_for_update().get(pk=registration_type.pk)
            held = places_taken(registration_type)
            if registration_type.capacity is not None and registration_type.capacity < held:
                raise ValidationError(
                    {
                        "capacity": _(
                            "%(held)s places are already held: the capacity cannot be lower."
                        )
                        % {"held": held}
                    }
                )
        registration_type.save()
        _promote_next(registration_type, now=timezone.now())
    return registration_type


def programme_item_save(
    *,
    event: Event,
    user,
    data: dict,
    item: ProgrammeItem | None = None,
    confirm_clashes: bool = False,
) -> tuple[ProgrammeItem | None, list[str]]:
    """Add a programme item or move and edit one, with the clash warnings of placing a proposal.

    `data` is a valid forms_setup.ProgrammeItemForm's cleaned data. Returns
    (item, warnings): with clashes and without `confirm_clashes` nothing is
    written and the item is None.
    Side effects: writes the ProgrammeItem and replaces its speakers.
    """
    if not permissions.can_manage_programme(user, event):
        raise PermissionDenied
    if item is not None and item.event_id != event.pk:
        raise PermissionDenied
    if not (event.start_date <= data["day"] <= event.end_date):
        raise ValidationError({"day": _("The day must fall within the event's dates.")})
    if data["end_time"] <= data["start_time"]:
        raise ValidationError({"end_time": _("The session must end after it starts.")})
    speakers = speaker_lines(data.get("speakers", ""))
    warnings = clashes(
        event=event,
        day=data["day"],
        start=data["start_time"],
        end=data["end_time"],
        room=data.get("room", ""),
        speakers=[name for name, _affiliation in speakers],
        exclude_pk=item.pk if item is not None else None,
    )
    if warnings and not confirm_clashes:
        return None, warnings
    with transaction.atomic():
        item = item or ProgrammeItem(event=event)
        item.day, item.start_time, item.end_time = data["day"], data["start_time"], data["end_time"]
        item.room = (data.get("room") or "").strip()
        item.kind = data["kind"]
        item.interpretation = sorted(set(data.get("interpretation") or []))
        for name in (*localized_field_names("title"), *localized_field_names("description")):
            setattr(item, name, data.get(name) or "")
        item.full_clean()
        item.save()
        # A proposal's speakers carry its NGO: keep it for the names that stay.
        partners = {s.name.casefold(): s.partner_id for s in item.speakers.all()}
        item.speakers.all().delete()
        Speaker.objects.bulk_create(
            Speaker(
                item=item,
                name=name,
                affiliation=affiliation,
                partner_id=partners.get(name.casefold()),
            )
            for name, affiliation in speakers
        )
    return item, warnings
