"""Who may do what to which partner object. Views, the admin and tasks ask here.

An NGO editor works on exactly one partner (PartnerEditor is one-to-one with
the user); every object an editor reaches is looked up *through* that
partner, so another partner's id in a URL or a form finds nothing (404).
Only the Secretariat, with two-factor authentication, changes statuses,
decides on revisions, hides actions and invites editors.
"""

from django.http import Http404

from foundation.accounts.permissions import can_act_as_secretariat
from foundation.roles import roles_for
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
