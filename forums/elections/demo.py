"""Demo elections: the December 2018 session, counted from paper, and a coming one.

The 2018 figures are illustrative: the Conference's real 2018 tally is not
in the seed documents, so the demo partners stand in for the candidates and
the votes are made up. The coming election belongs to the next session of the
Conference (forums.demo.seed_upcoming_events, dated from the day the demo is
loaded), so that its call and its roll are open whenever it is loaded.
"""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone, translation

from forums.elections import services
from forums.models import Candidature, Election, Event, Registration
from forums.services import stored_file_fields
from partners.models import Partner
from partners.regions import region_of

CV = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)

STATEMENTS = {
    "fr": "Porter la voix des ONG partenaires auprès de l'UNESCO et des États membres.",
    "en": "To carry partner NGOs' voice to UNESCO and its Member States.",
    "es": "Llevar la voz de las ONG asociadas ante la UNESCO y sus Estados Miembros.",
}

# (kind, partner slug, votes in the 2018 paper count)
CANDIDATES_2018 = [
    ("chair", "wcll", 61),
    ("chair", "icme", 39),
    ("associate", "icme", 70),
    ("associate", "heritage-watch", 64),
    ("associate", "ethics-science", 58),
    ("consultative", "ocean-knowledge", 55),
    ("consultative", "press-freedom-forum", 52),
    ("consultative", "arab-youth-science", 47),
    ("consultative", "living-languages", 44),
    ("consultative", "digital-access", 41),
    ("consultative", "asia-teachers", 41),
    ("consultative", "sport-for-peace", 22),
]
CHAIR_2018 = "Marie-Claire Demo"

CANDIDATES_COMING = [
    ("chair", "wcll", "submitted"),
    ("associate", "icme", "validated"),
    ("associate", "heritage-watch", "validated"),
    ("consultative", "water-schools", "validated"),
    ("consultative", "cinema-memory", "validated"),
    ("consultative", "ocean-knowledge", "submitted"),
]


def _say(stdout, text):
    if stdout is not None:
        stdout.write(text)


def _candidature(election, kind, partner, state, person=""):
    existing = Candidature.objects.filter(
        election=election, partner=partner, seat_kind=kind
    ).first()
    if existing is not None:
        return existing
    return Candidature.objects.create(
        election=election,
        seat_kind=kind,
        partner=partner,
        person_name=person if kind == "chair" else "",
        region=region_of(str(partner.country)) or "",
        state=state,
        **{f"statement_{code}": text for code, text in STATEMENTS.items()},
        **stored_file_fields(SimpleUploadedFile("cv.pdf", CV), folder="elections"),
    )


def _election(slug, event, titles, **fields) -> Election:
    election = Election.objects.filter(slug=slug).first() or Election(slug=slug, event=event)
    for code, title in titles.items():
        setattr(election, f"title_{code}", title)
    with translation.override("en"):
        election.title = titles["en"]
    for name, value in fields.items():
        setattr(election, name, value)
    election.full_clean()
    election.save()
    return election


def seed_2018(stdout=None) -> None:
    event = Event.objects.filter(slug="ciong-2018").first()
    partners = {p.slug: p for p in Partner.objects.filter(slug__in=[c[1] for c in CANDIDATES_2018])}
    if event is None or len(partners) < len({c[1] for c in CANDIDATES_2018}):
        return
    paris = datetime.timezone(datetime.timedelta(hours=1))
    election = _election(
        "liaison-committee-2018",
        event,
        {
            "fr": "Élection du Comité de liaison ONG-UNESCO, décembre 2018",
            "en": "Election of the NGO-UNESCO Liaison Committee, December 2018",
            "es": "Elección del Comité de Enlace ONG-UNESCO, diciembre de 2018",
        },
        call_opens=datetime.date(2018, 9, 1),
        candidatures_close=datetime.datetime(2018, 11, 15, 18, tzinfo=paris),
        candidates_published=datetime.date(2018, 11, 20),
        voting_opens=datetime.datetime(2018, 12, 14, 10, tzinfo=paris),
        voting_closes=datetime.datetime(2018, 12, 14, 12, tzinfo=paris),
        results_on=datetime.date(2018, 12, 14),
        term_start=datetime.date(2018, 12, 14),
        term_end=datetime.date(2020, 12, 31),
    )
    if election.is_counted:
        return
    votes = {}
    for kind, slug, number in CANDIDATES_2018:
        candidature = _candidature(election, kind, partners[slug], "validated", CHAIR_2018)
        votes[candidature.pk] = number
    if not election.roll_closed:
        for partner in Partner.objects.filter(published=True).order_by("name")[:100]:
            Registration.objects.get_or_create(
                event=event,
                partner=partner,
                email=f"delegate@{partner.slug}.example.org",
                defaults={
                    "full_name": f"{partner.acronym or partner.name} delegate",
                    "is_voting_delegate": True,
                },
            )
        services.roll_close(
            election=election, now=datetime.datetime(2018, 12, 13, 18, tzinfo=paris)
        )
    services.paper_count_enter(election=election, user=None, votes=votes, ballots_cast=100)
    services.election_count(
        election=election, now=datetime.datetime(2018, 12, 14, 13, tzinfo=paris), seed="ciong-2018"
    )
    _say(stdout, "  election 2018: counted from the paper count\n")


def seed_coming(stdout=None) -> None:
    """The election of the next session of the Conference (forums.demo's upcoming one)."""
    partners = {
        p.slug: p for p in Partner.objects.filter(slug__in=[c[1] for c in CANDIDATES_COMING])
    }
    today = timezone.localdate()
    event = (
        Event.objects.filter(
            kind=Event.Kind.CIONG, start_date__gt=today + datetime.timedelta(days=30)
        )
        .order_by("start_date")
        .first()
    )
    if event is None or len(partners) < len({c[1] for c in CANDIDATES_COMING}):
        return
    election = Election.objects.filter(event=event).first()
    if election is not None and (election.is_counted or election.roll_closed):
        return
    now = timezone.now()
    opens = datetime.datetime.combine(event.start_date, datetime.time(15), tzinfo=event.zone)
    year = event.start_date.year
    election = _election(
        election.slug if election else f"liaison-committee-{year}",
        event,
        {
            "fr": f"Élection du Comité de liaison ONG-UNESCO, {year}",
            "en": f"Election of the NGO-UNESCO Liaison Committee, {year}",
            "es": f"Elección del Comité de Enlace ONG-UNESCO, {year}",
        },
        call_opens=today - datetime.timedelta(days=15),
        candidatures_close=now + datetime.timedelta(days=15),
        candidates_published=today + datetime.timedelta(days=20),
        voting_opens=opens,
        voting_closes=opens + datetime.timedelta(days=1),
        results_on=event.end_date,
        term_start=event.end_date + datetime.timedelta(days=1),
        term_end=event.end_date + datetime.timedelta(days=731),
    )
    for kind, slug, state in CANDIDATES_COMING:
        _candidature(election, kind, partners[slug], state, "Amadou Demo")
    for slug in ("icme", "water-schools", "cinema-memory"):
        Registration.objects.get_or_create(
            event=event,
            partner=partners[slug],
            email=f"delegate@{slug}.example.org",
            defaults={
                "full_name": f"{partners[slug].acronym} delegate",
                "is_voting_delegate": True,
            },
        )
    _say(stdout, "  coming election: candidates and an open roll\n")


@transaction.atomic
def seed(stdout=None) -> None:
    seed_2018(stdout)
    seed_coming(stdout)
