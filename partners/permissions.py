"""Who may do what to which partner object. Views, the admin and tasks ask here.

An NGO editor works on exactly one partner (PartnerEditor is one-to-one with
the user); every object an editor reaches is looked up *through* that
partner, so another partner's id in a URL or a form finds nothing (404).
Only the Secretariat, with two-factor authentication, changes statuses,
decides on revisions, hides actions and invites editors.
"""

from django.http import Http404

from partners.models import Action, Partner, PartnerEditor
from portal.accounts.permissions import can_act_as_secretariat


def editor_partner(user) -> Partner | None:
    """The partner whose profile `user` keeps current, or None."""
    if not (user and user.is_authenticated and user.is_active):
        return None
    cached = getattr(user, "_editor_partner_cache", False)
    if cached is not False:
        return cached
    link = PartnerEditor.objects.select_related("partner").filter(user=user).first()
    partner = link.partner if link else None
    user._editor_partner_cache = partner
    return partner


def can_review_revisions(user) -> bool:
    return can_act_as_secretariat(user)


def get_own_action_or_404(user, pk) -> Action:
    """The action `pk` if it belongs to the user's partner; otherwise 404."""
    partner = editor_partner(user)
    if partner is None:
        raise Http404
    action = Action.objects.filter(partner=partner, pk=pk).prefetch_related("sectors").first()
    if action is None:
        raise Http404
    return action
