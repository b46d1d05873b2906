"""Who may do what to working groups, documents, events and registrations.

Views, the API, the admin and the tasks all ask here. The Secretariat's
powers need two-factor authentication (can_act_as_secretariat): an account
without it is treated as a visitor on object pages.

Working groups: editors of member NGOs read internal documents; the editors
of the coordinating NGO, and the people the group named (WorkingGroupMembership,
while it holds: `current_memberships`), manage meetings and documents; only
the Secretariat publishes, returns and comments. Being on the Liaison
Committee (forums.elections.permissions.is_committee_member) gives no group
of itself.
"""

from django.db.models import F, Q, QuerySet

from forums.elections import permissions as elections_permissions
from forums.models import (
    Document,
    DocumentFile,
    Event,
    EventDocument,
    WorkingGroup,
    WorkingGroupMembership,
)
from foundation.roles import roles_for


def _signed_in(user) -> bool:
    return roles_for(user).signed_in


def _cache(user) -> dict:
    # Group ids are looked up once per request and user: views ask several
    # questions in a row. The roles themselves come from foundation.roles.
    cache = getattr(user, "_forums_perm_cache", None)
    if cache is None:
        cache = {}
        user._forums_perm_cache = cache
    return cache


def is_secretariat(user) -> bool:
    """Secretariat powers (with two-factor), as every rule below means it."""
    return roles_for(user).secretariat


def current_memberships() -> QuerySet[WorkingGroupMembership]:
    """Memberships that still give management rights.

    A membership is recorded for a person on behalf of a partner NGO; it
    lapses, without anyone having to delete it, as soon as the person is no
    longer an editor of that partner, or the partner is neither a member nor
    the coordinator of the group any more.
    """
    return (
        WorkingGroupMembership.objects.filter(partner__editors__user=F("user"))
        .filter(
            Q(working_group__member_partners=F("partner"))
            | Q(working_group__coordinating_partner=F("partner"))
        )
        .distinct()
    )


def managed_group_ids(user) -> set[int]:
    if not _signed_in(user):
        return set()
    cache = _cache(user)
    if "managed" not in cache:
        managed = set(
            current_memberships().filter(user=user).values_list("working_group_id", flat=True)
        )
        # The coordinating NGO's editors manage their group (issue 17): the
        # right follows coordination, not a Liaison Committee role.
        partner_id = roles_for(user).edited_partner_id
        if partner_id is not None:
            managed |= set(
                WorkingGroup.objects.filter(coordinating_partner_id=partner_id).values_list(
                    "pk", flat=True
                )
            )
        cache["managed"] = managed
    return cache["managed"]


def readable_group_ids(user) -> set[int]:
    """Groups whose internal documents the user reads (besides the Secretariat)."""
    if not _signed_in(user):
        return set()
    cache = _cache(user)
    if "readable" not in cache:
        # The managed groups include those the user's NGO coordinates.
        ids = set(managed_group_ids(user))
        partner_id = roles_for(user).edited_partner_id
        if partner_id is not None:
            ids |= set(
                WorkingGroup.member_partners.through.objects.filter(
                    partner_id=partner_id
                ).values_list("workinggroup_id", flat=True)
            )
        cache["readable"] = ids
    return cache["readable"]


# Working groups


def can_read_internal(user, group: WorkingGroup) -> bool:
    return is_secretariat(user) or group.pk in readable_group_ids(user)


def can_manage_group(user, group: WorkingGroup) -> bool:
    """Add meetings and documents, upload versions, submit for review."""
    return is_secretariat(user) or group.pk in managed_group_ids(user)


def can_view_document(user, document: Document) -> bool:
    return document.is_public or can_read_internal(user, document.working_group)


def can_edit_document(user, document: Document) -> bool:
    """New versions and submission: the group's managers, not while under review."""
    if document.state == Document.State.REVIEW:
        return is_secretariat(user)
    return can_manage_group(user, document.working_group)


def can_submit_document(user, document: Document) -> bool:
    return document.state == Document.State.DRAFT and can_manage_group(user, document.working_group)


def can_publish_document(user, document: Document) -> bool:
    return is_secretariat(user)


def can_comment_document(user, document: Document) -> bool:
    return is_secretariat(user)


def can_download_document_file(user, file: DocumentFile) -> bool:
    document = file.version.document
    if document.published_version_id == file.version_id:
        return True
    return can_read_internal(user, document.working_group)


# Events


def can_view_event(user, event: Event) -> bool:
    return event.published or is_secretariat(user)


def can_register_for(user, event: Event) -> bool:
    """An NGO editor, while registration is open (capacity is the service's business)."""
    return (
        event.published and event.state == Event.State.REGISTRATION_OPEN and roles_for(user).editor
    )


def can_view_partner_registrations(user, event: Event, partner_id: int) -> bool:
    return is_secretariat(user) or roles_for(user).edited_partner_id == partner_id


def can_manage_registrations(user, event: Event) -> bool:
    """Lists, exports, statistics, confirming and cancelling: the event's organisers."""
    return can_organise(user, event)


def can_change_event_status(user, event: Event | None = None) -> bool:
    """Publish, unpublish, open or close registration: the Secretariat's final say."""
    return is_secretariat(user)


def can_manage_documents(user, event: Event) -> bool:
    """Upload, publish, unpublish and delete an event's outcome documents."""
    return is_secretariat(user)


def can_download_event_file(user, document: EventDocument) -> bool:
    if document.published and document.event.published:
        return True
    return is_secretariat(user)


# Issue 19 and the elections' point 6: the organisers of an event are
#   - the Secretariat (with two-factor);
#   - the editors of the event's organising NGOs (`Event.organisers`);
#   - for International NGO Forums and Conference sessions the Liaison Committee
#     co-organises (`Event.committee_organised`): the Chair of the term in force
#     (their own account) and the editors of the NGOs holding a seat in it.
# Organisers review proposals, set up the call and the registration types,
# manage the programme, the registrations and the door, and read the figures.
# The Secretariat alone changes an event's publication and state
# (can_change_event_status) and sends the newsletter (newsletter.permissions).


def organiser_event_ids(user) -> set[int]:
    """Events whose organising NGOs include the one the user edits."""
    partner_id = roles_for(user).edited_partner_id
    if partner_id is None:
        return set()
    cache = _cache(user)
    if "organised" not in cache:
        cache["organised"] = set(
            Event.organisers.through.objects.filter(partner_id=partner_id).values_list(
                "event_id", flat=True
            )
        )
    return cache["organised"]


def is_committee_organiser(user) -> bool:
    """The Chair or a Committee member: organisers of the events the Committee co-organises."""
    if not _signed_in(user):
        return False
    return elections_permissions.is_committee_member(
        user
    ) or elections_permissions.is_committee_chair(user)


def can_organise(user, event: Event) -> bool:
    if is_secretariat(user) or event.pk in organiser_event_ids(user):
        return True
    return event.committee_organised and is_committee_organiser(user)


def can_set_up(user, event: Event) -> bool:
    """Open and edit the call for proposals and the registration types."""
    return can_organise(user, event)


def can_manage_programme(user, event: Event) -> bool:
    """Add, move and edit programme items (rooms and time slots, with clash warnings)."""
    return can_organise(user, event)


def can_propose(user, call) -> bool:
    """A partner NGO's editor while the call is open; anyone signed in if the call allows."""
    roles = roles_for(user)
    if not (call.event.published and call.is_open() and roles.signed_in):
        return False
    return roles.editor or call.open_to_others


def can_review_proposals(user, event: Event) -> bool:
    return can_organise(user, event)


def sees_proposer(user, call) -> bool:
    """Reviewers see the proposer's name unless the call asks for anonymous review;
    the Secretariat, who decides, always does."""
    return is_secretariat(user) or not call.anonymous_review


def can_register_as(user, registration_type) -> bool:
    """Who may register under each kind of registration type (dates and places aside)."""
    roles = roles_for(user)
    if not roles.signed_in:
        return False
    kind = registration_type.kind
    if kind == registration_type.Kind.NGO:
        return roles.editor
    if kind == registration_type.Kind.DELEGATION:
        return roles.verified_delegate
    return True  # observers and the public: any signed-in person


def can_view_participation(user, registration) -> bool:
    if not roles_for(user).signed_in:
        return False
    return (
        registration.participant_id == user.pk
        or registration.registered_by_id == user.pk
        or can_organise(user, registration.event)
    )


def can_staff_door(user, event: Event) -> bool:
    return can_organise(user, event)
