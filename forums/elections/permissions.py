"""Who may do what in an election.

The Secretariat (with two-factor) runs the election: it validates
candidatures, closes the roll and makes the count. Tellers the election
names enter the paper count. Editors of an NGO nominate it; the voting
delegates on the roll vote. A Liaison Committee member is an editor of an
NGO that holds a seat in the current term (selectors.committee_partner_ids);
the Chair is the person whose account the term names (`chair_account`).
"""

from forums.elections import selectors
from forums.models import Candidature, Election
from foundation.roles import roles_for


def _secretariat(user) -> bool:
    return roles_for(user).secretariat


def can_view_election(user, election: Election) -> bool:
    return election.published or _secretariat(user)


def can_nominate(user, election: Election) -> bool:
    """An NGO editor (whether their NGO may stand is the service's reasoned answer)."""
    return election.published and roles_for(user).editor


def can_manage_election(user, election: Election) -> bool:
    """Validate candidatures, close the roll, make the count."""
    return _secretariat(user)


def can_enter_paper_count(user, election: Election) -> bool:
    if _secretariat(user):
        return True
    return bool(roles_for(user).signed_in and election.tellers.filter(pk=user.pk).exists())


def can_view_candidature(user, candidature: Candidature) -> bool:
    """Its statement and CV: public once validated; before, its NGO and the Secretariat."""
    if candidature.state == Candidature.State.VALIDATED and candidature.election.published:
        return True
    return _secretariat(user) or roles_for(user).edited_partner_id == candidature.partner_id


def is_committee_member(user) -> bool:
    """An editor of an NGO holding a seat of the Liaison Committee's current term."""
    partner_id = roles_for(user).edited_partner_id
    if partner_id is None:
        return False
    cache = user.__dict__.setdefault("_elections_cache", {})
    if "committee" not in cache:
        cache["committee"] = partner_id in selectors.committee_partner_ids()
    return cache["committee"]


def is_committee_chair(user) -> bool:
    """The Chairperson of the Committee's current term, by their own account."""
    if not roles_for(user).signed_in:
        return False
    cache = user.__dict__.setdefault("_elections_cache", {})
    if "chair" not in cache:
        cache["chair"] = user.pk in selectors.committee_chair_account_ids()
    return cache["chair"]
