"""Session proposals: submit, review, decide, place in the programme (issue 19).

Services check permission themselves as well as the views, and raise
ValidationError with a translated message for every rule a user can break.
"""

import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from forums import permissions
from forums.models import CallForProposals, ProgrammeItem, Proposal, Review, Speaker
from foundation.mail import outbox
from foundation.roles import roles_for


def proposal_submit(*, call: CallForProposals, user, proposer_language: str, **fields) -> Proposal:
    """A new proposal from the user's NGO (or, where the call allows, another organisation).

    `proposer_language` is the proposer's language, in which the decision will be written.
    Side effects: writes a Proposal.
    """
    if not permissions.can_propose(user, call):
        raise ValidationError(_("This call for proposals is not open to you."))
    roles = roles_for(user)
    partner = user.partner_editor.partner if roles.editor else None
    if fields.get("format") not in (code for code, _label in call.format_choices):
        raise ValidationError({"format": _("This call does not ask for this format.")})
    if fields.get("language") not in (code for code, _label in call.language_choices):
        raise ValidationError({"language": _("This call does not offer this language.")})
    theme = (fields.get("theme") or "").strip()
    if theme and call.theme_list and theme not in call.theme_list:
        raise ValidationError({"theme": _("Choose one of the call's themes.")})
    organisation = partner.name if partner else (fields.get("organisation") or "").strip()
    if not organisation:
        raise ValidationError({"organisation": _("Name your organisation.")})
    proposal = Proposal(
        call=call,
        proposer=user,
        partner=partner,
        organisation=organisation,
        title=fields["title"].strip(),
        abstract=fields["abstract"].strip(),
        theme=theme,
        format=fields["format"],
        speakers=fields["speakers"].strip(),
        language=fields["language"],
        interpretation=sorted(set(fields.get("interpretation") or [])),
        room_size=fields["room_size"],
        proposer_language=proposer_language
        if proposer_language in dict(settings.LANGUAGES)
        else "en",
    )
    if not proposal.speaker_list:
        raise ValidationError({"speakers": _("Name at least one speaker.")})
    proposal.full_clean()
    proposal.save()
    return proposal


def review_save(*, proposal: Proposal, user, score: int, comment: str = "") -> Review:
    """Create or replace the user's review. Side effects: writes a Review."""
    if not permissions.can_review_proposals(user, proposal.call.event):
        raise PermissionDenied
    if proposal.proposer_id == user.pk:
        raise ValidationError(_("You cannot review your own proposal."))
    if proposal.state != Proposal.State.SUBMITTED:
        raise ValidationError(_("This proposal has already been decided."))
    review, _created = Review.objects.get_or_create(
        proposal=proposal, reviewer=user, defaults={"score": score, "comment": comment}
    )
    review.score = score
    review.comment = comment.strip()
    review.full_clean(validate_constraints=False)
    review.save()
    return review


def proposal_decide(*, proposal: Proposal, user, accept: bool, message: str) -> Proposal:
    """Accept or decline, with a message to the proposer in their language.

    Side effects: sets the state; queues one email (key: the proposal and decision).
    """
    if not permissions.can_review_proposals(user, proposal.call.event):
        raise PermissionDenied
    with transaction.atomic():
        proposal = (
            Proposal.objects.select_for_update().select_related("call__event").get(pk=proposal.pk)
        )
        if proposal.state != Proposal.State.SUBMITTED:
            raise ValidationError(_("This proposal has already been decided."))
        proposal.state = Proposal.State.ACCEPTED if accept else Proposal.State.DECLINED
        proposal.decision_message = message.strip()
        proposal.decided_at = timezone.now()
        proposal.decided_by = user
        proposal.save()
        with translation.override(proposal.proposer_language):
            event_title = str(proposal.call.event.title)
        outbox.send(
            "forums-proposal-decision",
            to=proposal.proposer.email,
            language=proposal.proposer_language,
            key=f"forums.proposal:{proposal.pk}:{proposal.state}",
            context={
                "proposal_title": proposal.title,
                "event_title": event_title,
                "accepted": accept,
                "message": proposal.decision_message,
                "url": settings.SITE_URL
                + f"/{proposal.proposer_language}/forums/{proposal.call.event.slug}/call/",
            },
        )
    return proposal


def _overlaps(day, start, end):
    return Q(day=day, start_time__lt=end, end_time__gt=start)


def clashes(
    *,
    event,
    day: datetime.date,
    start: datetime.time,
    end: datetime.time,
    room: str,
    speakers: list[str],
    exclude_pk=None,
) -> list[str]:
    """Warnings for a slot: the room already used, a speaker elsewhere at the same time."""
    others = ProgrammeItem.objects.filter(event=event).filter(_overlaps(day, start, end))
    if exclude_pk:
        others = others.exclude(pk=exclude_pk)
    warnings = []
    for item in others.filter(room__iexact=room.strip()).order_by("start_time") if room else []:
        warnings.append(
            _("%(room)s is already used from %(start)s to %(end)s by “%(title)s”.")
            % {
                "room": item.room,
                "start": f"{item.start_time:%H:%M}",
                "end": f"{item.end_time:%H:%M}",
                "title": item.title,
            }
        )
    wanted = {name.casefold() for name in speakers}
    busy = (
        Speaker.objects.filter(item__in=others)
        .select_related("item")
        .order_by("item__start_time", "name")
    )
    for speaker in busy:
        if speaker.name.casefold() in wanted:
            warnings.append(
                _("%(name)s speaks at the same time in %(room)s (“%(title)s”).")
                % {
                    "name": speaker.name,
                    "room": speaker.item.room or "?",
                    "title": speaker.item.title,
                }
            )
    return warnings


def proposal_schedule(
    *,
    proposal: Proposal,
    user,
    day,
    start_time,
    end_time,
    room: str,
    interpretation=None,
    confirm_clashes: bool = False,
) -> tuple[ProgrammeItem | None, list[str]]:
    """Place an accepted proposal in a room and a time slot.

    Returns (item, warnings). With clashes and without `confirm_clashes`
    nothing is written and the item is None: the organiser sees the warnings
    and decides. Side effects: writes the ProgrammeItem and its speakers.
    """
    event = proposal.call.event
    if not permissions.can_organise(user, event):
        raise PermissionDenied
    if proposal.state != Proposal.State.ACCEPTED:
        raise ValidationError(_("Only an accepted proposal can be placed in the programme."))
    if not (event.start_date <= day <= event.end_date):
        raise ValidationError({"day": _("The day must fall within the event's dates.")})
    if end_time <= start_time:
        raise ValidationError({"end_time": _("The session must end after it starts.")})
    names = [name for name, _aff in proposal.speaker_list]
    warnings = clashes(
        event=event,
        day=day,
        start=start_time,
        end=end_time,
        room=room,
        speakers=names,
        exclude_pk=proposal.programme_item_id,
    )
    if warnings and not confirm_clashes:
        return None, warnings
    kinds = {"workshop": ProgrammeItem.Kind.WORKSHOP}
    with transaction.atomic():
        item = proposal.programme_item or ProgrammeItem(event=event)
        item.day, item.start_time, item.end_time = day, start_time, end_time
        item.room = room.strip()
        item.kind = kinds.get(proposal.format, ProgrammeItem.Kind.PARALLEL)
        # In the proposal's own language, and the title in the default one too
        # (the programme lists every item by title); never in the language the
        # Secretariat happens to work in, which the plain attributes would write.
        setattr(item, f"title_{settings.LANGUAGE_CODE}", proposal.title)
        setattr(item, f"title_{proposal.language}", proposal.title)
        setattr(item, f"description_{proposal.language}", proposal.abstract)
        item.interpretation = sorted(
            set(interpretation if interpretation is not None else proposal.interpretation)
        )
        item.full_clean()
        item.save()
        item.speakers.all().delete()
        for name, affiliation in proposal.speaker_list:
            Speaker.objects.create(
                item=item, name=name, affiliation=affiliation, partner=proposal.partner
            )
        proposal.programme_item = item
        proposal.save(update_fields=["programme_item"])
    return item, warnings
