"""Who may do what to which dialogue request.

The one place views, admin, services and tasks ask. A delegate sees the
requests of their own country and those they were invited to co-sponsor,
never another country's; the Secretariat (with two-factor) sees all; NGO
editors and visitors see the public page of accepted, scheduled and held
hearings only.
"""

from dialogue.models import PUBLIC_STATES, DialogueRequest, RequestFile, State
from foundation.accounts.permissions import can_act_as_secretariat, verified_delegate_profile
from foundation.roles import roles_for


def is_requester(user, request: DialogueRequest) -> bool:
    return bool(
        user and user.is_authenticated and request.requester_id and request.requester_id == user.pk
    )


def is_cosponsor(user, request: DialogueRequest, *, joined_only: bool = False) -> bool:
    if not (user and user.is_authenticated):
        return False
    cosponsors = request.cosponsors.filter(user=user)
    if joined_only:
        cosponsors = cosponsors.filter(joined_at__isnull=False)
    return cosponsors.exists()


def can_view_request(user, request: DialogueRequest) -> bool:
    """The private page: everything but the Secretariat's internal notes."""
    if can_act_as_secretariat(user):
        return True
    profile = verified_delegate_profile(user)
    if profile is None:
        return False
    if profile.country == request.country:
        return True
    return is_cosponsor(user, request)


def can_view_public(request: DialogueRequest) -> bool:
    return request.state in PUBLIC_STATES


def can_submit_request(user) -> bool:
    return verified_delegate_profile(user) is not None


def can_withdraw(user, request: DialogueRequest) -> bool:
    """Only the requester, and only before the hearing is scheduled."""
    return (
        is_requester(user, request)
        and verified_delegate_profile(user) is not None
        and request.state in (State.SUBMITTED, State.UNDER_REVIEW, State.ACCEPTED)
    )


def can_invite_cosponsor(user, request: DialogueRequest) -> bool:
    return (
        is_requester(user, request)
        and verified_delegate_profile(user) is not None
        and request.state not in (State.HELD, State.DECLINED, State.WITHDRAWN)
    )


def can_join_as_cosponsor(user, request: DialogueRequest) -> bool:
    return (
        verified_delegate_profile(user) is not None
        and request.state not in (State.HELD, State.DECLINED, State.WITHDRAWN)
        and request.cosponsors.filter(user=user, joined_at__isnull=True).exists()
    )


def can_triage(user) -> bool:
    return can_act_as_secretariat(user)


def can_see_internal_notes(user) -> bool:
    return can_act_as_secretariat(user)


def can_express_interest(user, request: DialogueRequest) -> bool:
    """An NGO editor of a published partner, while the call is open (accepted).

    Published only (`public_partner_id`): a selected interest names the
    partner on the public hearing page; see `foundation.roles`.
    """
    return roles_for(user).public_partner_id is not None and request.state == State.ACCEPTED


def can_download(user, file: RequestFile) -> bool:
    request = file.request
    if file.kind == RequestFile.Kind.OUTCOME and request.state == State.HELD:
        return True
    return can_view_request(user, request)
