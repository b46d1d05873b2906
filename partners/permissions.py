"""Who may do what to which partner object. Views, the admin and tasks ask here.

An NGO editor works on exactly one partner (PartnerEditor is one-to-one with
the user); every object an editor reaches is looked up *through* that
partner, so another partner's id in a URL or a form finds nothing (404).
Only the Secretariat, with two-factor authentication, changes statuses,
decides on revisions, hides actions and invites editors.
"""

from django.http import Http404

from foundation.accounts.permissions import can_act_as_secretariat
from foundation.roles import focal_point_sector_ids, roles_for
from partners.models import Action, Partner


def editor_partner(user) -> Partner | None:
    """The partner whose profile `user` keeps current, published or not
    (self-service: see `foundation.roles`), or None."""
    if not roles_for(user).editor:
        return None
    # roles_for joined the link and its partner into the user's relation cache.
    return user.partner_editor.partner


def can_review_revisions(user) -> bool:
    return can_act_as_secretariat(user)


def get_own_action_or_404(user, pk) -> Action:
    """The action `pk` if it belongs to the user's partner; otherwise 404."""
    partner_id = roles_for(user).edited_partner_id
    if partner_id is None:
        raise Http404
    action = Action.objects.filter(partner_id=partner_id, pk=pk).prefetch_related("sectors").first()
    if action is None:
        raise Http404
    return action


# --- The partnership lifecycle: applications -----------------------------


def can_examine_applications(user) -> bool:
    """The Secretariat (with its second factor) examines and decides."""
    return can_act_as_secretariat(user)


def is_applicant_of(user, application) -> bool:
    return bool(user.is_authenticated and user.is_active and application.applicant_id == user.pk)


def follows_any_sector_of(user, sector_ids) -> bool:
    """Whether `user` is the focal point of one of these sectors."""
    return bool(focal_point_sector_ids(user) & set(sector_ids))


def can_view_application(user, application, *, sector_ids=None) -> bool:
    """The applicant, the Secretariat, and the focal points of the request's sectors
    once it is submitted (a draft is the applicant's own)."""
    if is_applicant_of(user, application) or can_examine_applications(user):
        return True
    if application.state in {"draft", "withdrawn"}:
        return False
    if sector_ids is None:
        sector_ids = application.sectors.values_list("pk", flat=True)
    return follows_any_sector_of(user, sector_ids)


def can_comment_application(user, application, sector) -> bool:
    """A focal point comments in their own sector, on a request of that sector under way."""
    if application.state not in {"submitted", "incomplete", "examination", "recommended"}:
        return False
    if sector is None or sector.pk not in focal_point_sector_ids(user):
        return False
    return application.sectors.filter(pk=sector.pk).exists()
