"""Demo data for this app, built by `manage.py seed_demo`. Idempotent.

Senegal's Permanent Delegation asks for a thematic debate on lifelong
learning at the NGP Committee, after the NGOs' 2020 working-group paper on
dialogue with Member States; one request stands in each state of the
workflow. Rows are found again by their English theme, so a second run
changes nothing. The workflow's history is written directly here (the
seed has no signed-in Secretariat to act through the service).
"""

import datetime
import zoneinfo

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.utils import timezone

from dialogue.models import (
    DialogueRequest,
    ExpressionOfInterest,
    PartnerMatch,
    State,
    Transition,
)
from forums.models import Event
from foundation.accounts.demo import DEMO_PASSWORD
from foundation.accounts.models import DelegateProfile
from partners.models import Partner, Sector

THEME = {
    "en": "Lifelong learning: how NGOs reach adults out of school",
    "fr": "Apprendre tout au long de la vie : comment les ONG atteignent les adultes",
    "es": "Aprendizaje a lo largo de la vida: cómo las ONG llegan a los adultos",
}
DESCRIPTION = {
    "en": (
        "The Permanent Delegation asks the Committee on Non-Governmental Partners to hold a "
        "thematic debate with partner NGOs on adult literacy and lifelong learning, drawing "
        "on their field work and on the recommendations of the CIONG."
    ),
    "fr": (
        "La Délégation permanente demande au Comité sur les partenaires non gouvernementaux "
        "d'organiser un débat thématique avec les ONG partenaires sur l'alphabétisation des "
        "adultes et l'apprentissage tout au long de la vie."
    ),
    "es": (
        "La Delegación Permanente pide al Comité sobre los Asociados No Gubernamentales un "
        "debate temático con las ONG asociadas sobre la alfabetización de adultos."
    ),
}

# The path each request followed, up to its current state.
PATHS = {
    State.SUBMITTED: [],
    State.UNDER_REVIEW: [State.UNDER_REVIEW],
    State.ACCEPTED: [State.UNDER_REVIEW, State.ACCEPTED],
    State.SCHEDULED: [State.UNDER_REVIEW, State.ACCEPTED, State.SCHEDULED],
    State.HELD: [State.UNDER_REVIEW, State.ACCEPTED, State.SCHEDULED, State.HELD],
    State.DECLINED: [State.UNDER_REVIEW, State.DECLINED],
    State.WITHDRAWN: [State.WITHDRAWN],
}
SUFFIX = {
    State.SUBMITTED: "",
    State.UNDER_REVIEW: " (2)",
    State.ACCEPTED: " (3)",
    State.SCHEDULED: " (4)",
    State.HELD: " (5)",
    State.DECLINED: " (6)",
    State.WITHDRAWN: " (7)",
}


def _delegate(with_accounts: bool):
    """The demo delegate of Senegal: the same account portal.demo_accounts completes."""
    if not with_accounts:
        return None

    user, created = get_user_model().objects.get_or_create(
        email="delegate@demo.example.org",
        defaults={"full_name": "Delegate of Senegal (demo)", "preferred_language": "fr"},
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save()
    EmailAddress.objects.get_or_create(
        user=user, email=user.email, defaults={"verified": True, "primary": True}
    )
    DelegateProfile.objects.get_or_create(
        user=user,
        defaults={
            "country": "SN",
            "body": DelegateProfile.Body.PERMANENT_DELEGATION,
            "verified_at": timezone.now(),
        },
    )
    return user


def seed(*, with_accounts: bool, stdout=None) -> None:
    requester = _delegate(with_accounts)
    education = Sector.objects.filter(code="education").first()
    partner = (
        Partner.objects.filter(slug="wcll").first()
        or Partner.objects.filter(published=True, sectors=education).order_by("pk").first()
    )
    now = timezone.now()
    created = 0
    for position, state in enumerate(PATHS):
        theme_en = THEME["en"] + SUFFIX[state]
        request = DialogueRequest.objects.filter(theme_en=theme_en).first()
        if request is not None:
            if requester and request.requester_id is None:
                request.requester = requester
                request.save(update_fields=["requester"])
            continue
        submitted = now - datetime.timedelta(days=50 - position * 5)
        scheduled_at = None
        if state in (State.SCHEDULED, State.HELD):
            days = 40 if state == State.SCHEDULED else -10
            scheduled_at = (now + datetime.timedelta(days=days)).replace(
                hour=13, minute=0, second=0, microsecond=0
            )
        request = DialogueRequest(
            country="SN",
            requester=requester,
            original_language="fr",
            setting="png-committee",
            executive_board_session=222,
            format="thematic-debate",
            preferred_from=(now + datetime.timedelta(days=30)).date(),
            preferred_until=(now + datetime.timedelta(days=90)).date(),
            expertise_sought=(
                "Adult literacy programmes, community learning centres, recognition of "
                "non-formal learning."
            ),
            state=state,
            submitted_at=submitted,
            state_changed_at=submitted + datetime.timedelta(days=len(PATHS[state])),
            decline_reason=(
                "The 222nd session's agenda is full; please resubmit for the next session."
                if state == State.DECLINED
                else ""
            ),
            scheduled_at=scheduled_at,
            time_zone="Europe/Paris" if scheduled_at else "",
            place="UNESCO Headquarters, Room IX, Paris" if scheduled_at else "",
            occasion="222nd session of the Executive Board" if scheduled_at else "",
        )
        for code in ("fr", "en", "es"):
            setattr(request, f"theme_{code}", THEME[code] + SUFFIX[state])
            setattr(request, f"description_{code}", DESCRIPTION[code])
        if state == State.HELD:
            request.summary_en = (
                "Six NGOs presented adult-literacy work in 14 countries; delegates asked for a "
                "joint report to the next session."
            )
            request.summary_fr = (
                "Six ONG ont présenté leurs actions d'alphabétisation dans 14 pays ; les "
                "délégués ont demandé un rapport commun pour la session suivante."
            )
            request.follow_up_en = "Joint report to the NGP Committee at its next session."
        request.full_clean()
        request.save()
        if education:
            request.sectors.set([education])
        previous = ""
        at = submitted
        for step in [State.SUBMITTED, *PATHS[state]]:
            Transition.objects.create(
                request=request,
                from_state=previous,
                to_state=step,
                by=requester if step in (State.SUBMITTED, State.WITHDRAWN) else None,
                at=at,
                reason=request.decline_reason if step == State.DECLINED else "",
            )
            previous = step
            at += datetime.timedelta(days=1)
        if partner and state in (State.ACCEPTED, State.SCHEDULED, State.HELD):
            PartnerMatch.objects.get_or_create(
                request=request,
                partner=partner,
                defaults={"sector_codes": ["education"], "score": 2},
            )
            interest = ExpressionOfInterest(
                request=request,
                partner=partner,
                statement=(
                    "Our member associations run literacy circles for adults in Senegal and "
                    "across West Africa."
                ),
                proposed_speaker="Dr Awa Ndiaye",
                languages=["fr", "en"],
            )
            if state != State.ACCEPTED:
                interest.status = ExpressionOfInterest.Status.SELECTED
                interest.decided_at = at
            interest.save()
        created += 1
    created += _seed_ciong_round_table(partner=partner, education=education)
    created += _seed_open_call(requester=requester)
    if stdout is not None:
        stdout.write(f"Dialogue: {created} demo requests created.")


OPEN_CALL_THEME = {
    "en": "Ocean literacy in coastal schools: a debate with partner NGOs",
    "fr": "L'éducation à l'océan dans les écoles du littoral : débat avec les ONG partenaires",
    "es": "La cultura oceánica en las escuelas costeras: debate con las ONG asociadas",
}
OPEN_CALL_DESCRIPTION = {
    "en": (
        "Small island developing States ask partner NGOs to share how they bring the ocean "
        "into school curricula and teacher training."
    ),
    "fr": (
        "Des petits États insulaires en développement demandent aux ONG partenaires comment "
        "elles font entrer l'océan dans les programmes scolaires et la formation des "
        "enseignants."
    ),
    "es": (
        "Pequeños Estados insulares en desarrollo piden a las ONG asociadas que expliquen cómo "
        "llevan el océano a los planes de estudio y a la formación docente."
    ),
}


def _seed_open_call(*, requester) -> int:
    """An accepted request, its call for interest open and unanswered: the
    demo editor can express interest and see the page change."""
    existing = DialogueRequest.objects.filter(theme_en=OPEN_CALL_THEME["en"]).first()
    if existing is not None:
        if requester and existing.requester_id is None:
            existing.requester = requester
            existing.save(update_fields=["requester"])
        return 0
    now = timezone.now()
    submitted = now - datetime.timedelta(days=12)
    request = DialogueRequest(
        country="FJ",
        requester=requester,
        original_language="en",
        setting="png-committee",
        executive_board_session=223,
        format="thematic-debate",
        preferred_from=(now + datetime.timedelta(days=45)).date(),
        preferred_until=(now + datetime.timedelta(days=120)).date(),
        expertise_sought="Ocean literacy curricula, teacher training, school partnerships.",
        state=State.ACCEPTED,
        submitted_at=submitted,
        state_changed_at=now - datetime.timedelta(days=2),
    )
    for code in ("fr", "en", "es"):
        setattr(request, f"theme_{code}", OPEN_CALL_THEME[code])
        setattr(request, f"description_{code}", OPEN_CALL_DESCRIPTION[code])
    request.full_clean()
    request.save()
    sectors = list(Sector.objects.filter(code__in=["education", "natural-sciences"]))
    request.sectors.set(sectors)
    previous, at = "", submitted
    for step in [State.SUBMITTED, State.UNDER_REVIEW, State.ACCEPTED]:
        Transition.objects.create(request=request, from_state=previous, to_state=step, at=at)
        previous, at = step, at + datetime.timedelta(days=5)
    matched = Partner.objects.filter(published=True, sectors__in=sectors).distinct()
    for partner in matched.order_by("pk")[:8]:
        PartnerMatch.objects.get_or_create(
            request=request,
            partner=partner,
            defaults={"sector_codes": ["education"], "score": 1},
        )
    return 1


ROUND_TABLE_THEME = {
    "en": "Preparing the CIONG together: a round table with interested Member States",
    "fr": "Préparer ensemble la CIONG : table ronde avec les États membres intéressés",
    "es": "Preparar juntos la CIONG: mesa redonda con los Estados Miembros interesados",
}
ROUND_TABLE_DESCRIPTION = {
    "en": (
        "As the working group's 2020 paper proposes, interested Member States meet partner "
        "NGOs during the International Conference of NGOs to discuss its theme and the "
        "follow-up of its recommendations."
    ),
    "fr": (
        "Comme le propose le document du groupe de travail de 2020, les États membres "
        "intéressés rencontrent les ONG partenaires pendant la Conférence internationale des "
        "ONG pour débattre de son thème et du suivi de ses recommandations."
    ),
    "es": (
        "Como propone el documento del grupo de trabajo de 2020, los Estados Miembros "
        "interesados se reúnen con las ONG asociadas durante la Conferencia Internacional de "
        "ONG para debatir su tema y el seguimiento de sus recomendaciones."
    ),
}


def _seed_ciong_round_table(*, partner, education) -> int:
    """A held round table linked to the December 2020 CIONG session (forums' demo)."""
    event = Event.objects.filter(slug="ciong-2020").first()
    if event is None or DialogueRequest.objects.filter(theme_en=ROUND_TABLE_THEME["en"]).exists():
        return 0
    paris = zoneinfo.ZoneInfo("Europe/Paris")
    submitted = datetime.datetime(2020, 10, 5, 10, 0, tzinfo=paris)
    request = DialogueRequest(
        country="MX",
        original_language="es",
        setting="ciong",
        setting_detail=event.title,
        format="round-table",
        preferred_from=event.start_date,
        preferred_until=event.end_date,
        expertise_sought="Preparation and follow-up of the International Conference of NGOs.",
        state=State.HELD,
        submitted_at=submitted,
        state_changed_at=datetime.datetime(2020, 12, 16, 9, 0, tzinfo=paris),
        scheduled_at=datetime.datetime(2020, 12, 15, 14, 0, tzinfo=paris),
        ends_at=datetime.datetime(2020, 12, 15, 15, 30, tzinfo=paris),
        time_zone="Europe/Paris",
        online_link="https://www.unesco.org/en/partnerships/non-governmental-organizations",
        event=event,
        summary_en=(
            "Delegates of four Member States and eight NGOs agreed to prepare the theme of the "
            "next session together."
        ),
        summary_fr=(
            "Les délégués de quatre États membres et huit ONG sont convenus de préparer "
            "ensemble le thème de la prochaine session."
        ),
        summary_es=(
            "Delegados de cuatro Estados Miembros y ocho ONG acordaron preparar juntos el tema "
            "de la próxima reunión."
        ),
    )
    for code in ("fr", "en", "es"):
        setattr(request, f"theme_{code}", ROUND_TABLE_THEME[code])
        setattr(request, f"description_{code}", ROUND_TABLE_DESCRIPTION[code])
    request.full_clean()
    request.save()
    if education:
        request.sectors.set([education])
    previous, at = "", submitted
    for step in [State.SUBMITTED, *PATHS[State.HELD]]:
        Transition.objects.create(request=request, from_state=previous, to_state=step, at=at)
        previous, at = step, at + datetime.timedelta(days=14)
    if partner:
        ExpressionOfInterest.objects.create(
            request=request,
            partner=partner,
            statement="Our world forums have gathered Member States and NGOs since 2008.",
            proposed_speaker="Ms Hélène Martin",
            languages=["fr", "es"],
            status=ExpressionOfInterest.Status.SELECTED,
            decided_at=at,
        )
    return 1
