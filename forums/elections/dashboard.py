"""The elections' panel on the signed-in user's dashboard (/<lang>/my/).

Three reminders, each shown only when it applies: nominate your NGO while
candidatures are open (to an editor whose NGO may stand), vote now (to a
voting delegate on the roll who has not voted), results published. A
constant number of queries whatever the number of elections: the elections
of interest (one), the NGO's candidatures in them (one, editors only), its
standing (at most one) and the voter's unused roll entries (one).
"""

import datetime

from django.db.models import Q
from django.utils import timezone

from forums.elections.permissions import can_nominate
from forums.elections.services import NGO_STATUSES
from forums.models import Candidature, Election, RollEntry
from foundation.roles import roles_for
from partners.models import Partner
from partners.selectors import partner_in_good_standing

# How long "results published" stays on the dashboard after the count.
RESULTS_SHOWN_FOR = datetime.timedelta(days=60)


def _may_stand(partner: Partner, *, today) -> bool:
    """Status and standing, as the candidature's own check asks them first."""
    return (
        partner.kind == Partner.Kind.NGO
        and partner.status in NGO_STATUSES
        and partner_in_good_standing(partner, today=today)
    )


def panels(request) -> list[dict]:
    user = request.user
    roles = roles_for(user)
    if not roles.signed_in:
        return []
    now = timezone.now()
    today = timezone.localdate(now)
    pending = Q(counted_at__isnull=True)
    elections = list(
        Election.objects.filter(published=True, call_opens__lte=today)
        .filter(
            (pending & Q(candidatures_close__gt=now))
            | (pending & Q(voting_opens__lte=now, voting_closes__gt=now))
            | Q(counted_at__gte=now - RESULTS_SHOWN_FOR)
        )
        .order_by("voting_opens")[:10]
    )
    if not elections:
        return []
    nominate, vote, results = [], [], []
    calls = [e for e in elections if e.counted_at is None and now < e.candidatures_close]
    if calls and roles.editor and all(can_nominate(user, e) for e in calls):
        partner = user.partner_editor.partner  # cached by roles_for
        if _may_stand(partner, today=today):
            standing = set(
                Candidature.objects.filter(election__in=calls, partner=partner)
                .exclude(state=Candidature.State.REJECTED)
                .values_list("election_id", flat=True)
            )
            nominate = [e for e in calls if e.pk not in standing]
    voting = [
        e
        for e in elections
        if e.counted_at is None and e.roll_closed and e.voting_opens <= now < e.voting_closes
    ]
    if voting and user.email:
        unused = set(
            RollEntry.objects.filter(
                election__in=voting, delegate_email__iexact=user.email, mark__isnull=True
            ).values_list("election_id", flat=True)
        )
        vote = [e for e in voting if e.pk in unused]
    results = [e for e in elections if e.counted_at is not None]
    if not (nominate or vote or results):
        return []
    return [
        {
            "template": "forums/elections/panel.html",
            "context": {"nominate": nominate, "vote": vote, "results": results},
        }
    ]
