"""Demo data of issue 19, built by `manage.py seed_demo` after forums.demo. Idempotent.

- The Global Education Coalition's meeting of 25 March 2024 (seed programme:
  plenaries in Salle I with interpretation in French, English and Spanish,
  parallel sessions and workshops in Salles VII, VIII and IX): its parallel
  sessions and workshops as accepted proposals of a closed call, with
  registrations of every type, check-ins and so certificates.
- The upcoming International NGO Forum (forums.demo.seed_upcoming_events)
  with an open call (two proposals under review) and open registration of
  every type; the observers' type is full and has a waiting list.

Partners are looked up, never created; people are fictitious demo addresses.
"""

import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone

from forums.demo import ALL, _partners, _translated, seed_upcoming_events
from forums.models import (
    CallForProposals,
    CheckIn,
    Event,
    Proposal,
    Registration,
    RegistrationType,
)

S = Registration.Status
TYPES = [
    # (kind, capacity, fr, en, es)
    (
        "ngo",
        200,
        "Représentants des ONG partenaires",
        "Partner NGO representatives",
        "Representantes de ONG asociadas",
    ),
    (
        "delegation",
        100,
        "Délégations des États membres",
        "Member State delegations",
        "Delegaciones de los Estados Miembros",
    ),
    ("observer", 2, "Observateurs", "Observers", "Observadores"),
    ("public", 150, "Grand public", "General public", "Público general"),
]
PEOPLE = [
    # (name, email, kind, language, listening)
    ("Amina Diallo", "amina.diallo", "ngo", "fr", "fr"),
    ("Luis Pérez", "luis.perez", "delegation", "es", "es"),
    ("Grace Mensah", "grace.mensah", "observer", "en", "en"),
    ("Hugo Lefèvre", "hugo.lefevre", "observer", "fr", ""),
    ("Carmen Ruiz", "carmen.ruiz", "observer", "es", "es"),
    ("Noah Smith", "noah.smith", "observer", "en", ""),
    ("Sofía Gómez", "sofia.gomez", "public", "es", "fr"),
]


def _system_user():
    user, created = get_user_model().objects.get_or_create(
        email="forums-demo@demo.example.org", defaults={"full_name": "Forum demo proposer"}
    )
    if created:
        user.set_unusable_password()
        user.save()
    return user


def _call(event, *, opens, closes, open_to_others) -> CallForProposals:
    call = CallForProposals.objects.filter(event=event).first() or CallForProposals(event=event)
    call.opens_on, call.closes_on = opens, closes
    call.open_to_others = open_to_others
    call.formats = ["panel", "workshop", "roundtable"]
    call.languages = ALL
    _translated(
        call,
        "themes",
        {
            "fr": "Transformation numérique de l'éducation\nCompétences et enseignants\n"
            "Éducation transformatrice en matière de genre",
            "en": "Digital transformation of education\nSkills and teachers\n"
            "Gender-transformative education",
            "es": "Transformación digital de la educación\nCompetencias y docentes\n"
            "Educación transformadora en materia de género",
        },
    )
    _translated(
        call,
        "description",
        {
            "fr": "Les ONG partenaires proposent les séances parallèles de la réunion.",
            "en": "Partner NGOs propose the meeting's parallel sessions.",
            "es": "Las ONG asociadas proponen las sesiones paralelas de la reunión.",
        },
    )
    call.full_clean()
    call.save()
    return call


def _types(event, *, opens, closes) -> dict[str, RegistrationType]:
    types = {}
    for position, (kind, capacity, fr, en, es) in enumerate(TYPES):
        rtype = RegistrationType.objects.filter(event=event, kind=kind).first() or (
            RegistrationType(event=event, kind=kind)
        )
        rtype.capacity, rtype.opens_on, rtype.closes_on = capacity, opens, closes
        rtype.position = position
        _translated(rtype, "name", {"fr": fr, "en": en, "es": es})
        rtype.full_clean()
        rtype.save()
        types[kind] = rtype
    return types


def _people(event, types, partner, *, waiting_from: int | None = None) -> list[Registration]:
    registrations = []
    for index, (name, local, kind, language, listening) in enumerate(PEOPLE):
        email = f"{local}@demo.example.org"
        registration = Registration.objects.filter(
            registration_type=types[kind], email=email
        ).first() or Registration(event=event, registration_type=types[kind], email=email)
        registration.full_name = name
        registration.language = language
        registration.listening_language = listening
        registration.partner = partner if kind == "ngo" else None
        registration.country = "ES" if kind == "delegation" else ""
        registration.organisation = "" if kind in ("ngo", "delegation") else "Demo"
        full = kind == "observer" and waiting_from is not None and index >= waiting_from
        registration.status = S.WAITING if full else S.CONFIRMED
        registration.waiting_since = timezone.now() if full else None
        registration.save()
        registrations.append(registration)
    return registrations


def seed_gec_2024_participation() -> None:
    event = Event.objects.filter(slug="global-education-coalition-2024").first()
    if event is None:
        return
    partners = _partners(6)
    # Not the CMA: its own forums are counted apart (forums.demo).
    event.organisers.add(*[p for p in partners if p.slug != "wcll"][:1])
    call = _call(
        event,
        opens=datetime.date(2024, 1, 8),
        closes=datetime.date(2024, 2, 9),
        open_to_others=False,
    )
    proposer = _system_user()
    items = event.programme.filter(kind__in=["parallel", "workshop"]).order_by("start_time", "room")
    for index, item in enumerate(items):
        partner = partners[index % len(partners)] if partners else None
        proposal = Proposal.objects.filter(programme_item=item).first() or Proposal(
            call=call, programme_item=item
        )
        proposal.proposer = proposer
        proposal.partner = partner
        proposal.organisation = partner.name if partner else "Global Education Coalition"
        proposal.title = item.title_en or item.title
        proposal.abstract = item.title_fr or item.title
        proposal.format = "workshop" if item.kind == "workshop" else "panel"
        proposal.speakers = "Coordination of the mission, Global Education Coalition"
        proposal.language = "en"
        proposal.interpretation = item.interpretation
        proposal.room_size = "medium"
        proposal.proposer_language = "fr"
        proposal.state = Proposal.State.ACCEPTED
        proposal.decided_at = proposal.decided_at or timezone.make_aware(
            datetime.datetime(2024, 2, 20, 10)
        )
        proposal.full_clean()
        proposal.save()
    types = _types(event, opens=datetime.date(2024, 2, 1), closes=datetime.date(2024, 3, 20))
    registrations = _people(event, types, partners[0] if partners else None, waiting_from=4)
    at = timezone.make_aware(datetime.datetime(2024, 3, 25, 8, 45))
    for registration in registrations[:5]:
        CheckIn.objects.get_or_create(registration=registration, defaults={"at": at})


def seed_upcoming_forum() -> Event:
    """The upcoming forum of forums.demo.seed_upcoming_events, with a call and every type."""
    today = timezone.localdate()
    event = next(e for e in seed_upcoming_events() if e.kind == Event.Kind.FORUM)
    start = event.start_date
    partners = _partners(4)
    # Not the CMA: its own forums are counted apart (forums.demo).
    event.organisers.add(*[p for p in partners if p.slug != "wcll"][:1])
    call = _call(
        event,
        opens=today - datetime.timedelta(days=10),
        closes=today + datetime.timedelta(days=30),
        open_to_others=True,
    )
    proposer = _system_user()
    for index, (title, language) in enumerate(
        [
            ("Jeunes et éducation à la citoyenneté mondiale", "fr"),
            ("Educación para la paz en contextos de crisis", "es"),
        ]
    ):
        partner = partners[index + 1] if len(partners) > index + 1 else None
        proposal = Proposal.objects.filter(call=call, title=title).first() or Proposal(
            call=call, title=title
        )
        proposal.proposer = proposer
        proposal.partner = partner
        proposal.organisation = partner.name if partner else "Demo NGO"
        proposal.abstract = title
        proposal.format = "panel"
        proposal.speakers = "Amina Diallo, Demo NGO\nLuis Pérez, Comisión Nacional"
        proposal.language = language
        proposal.interpretation = [code for code in ALL if code != language]
        proposal.room_size = "medium"
        proposal.proposer_language = language
        proposal.full_clean()
        proposal.save()
    types = _types(event, opens=today - datetime.timedelta(days=5), closes=start)
    # The observers' type holds two places: the third and fourth observers wait.
    _people(event, types, partners[0] if partners else None, waiting_from=4)
    return event


def seed() -> None:
    seed_gec_2024_participation()
    seed_upcoming_forum()
