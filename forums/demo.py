"""Demo data for this app, built by `manage.py seed_demo`. Idempotent.

From the seed documents: the working group "Strengthening the partnership
between NGOs and UNESCO" (created early 2019 at the request of the 2018
CIONG, ~25 partner NGOs and one non-partner NGO, some ten meetings including
26 February 2020), its topics and documents (guide for new NGOs, paper on
dialogue with Member States of 1 June 2020, guide for the forums); the
Global Education Coalition's fourth annual meeting (25 March 2024) with its
whole programme; the CIONG sessions of December 2018 and 2020; the world
forums of the CMA. Meeting dates other than 26 February 2020 and the exact
days of the CIONG sessions and CMA forums are illustrative.

Partners are looked up, never created: with fewer partners, fewer members.
"""

import datetime

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone, translation

from forums.elections import demo as elections_demo
from forums.models import (
    CommitteeTerm,
    Document,
    DocumentComment,
    DocumentFile,
    DocumentVersion,
    Event,
    Meeting,
    ProgrammeItem,
    Recommendation,
    RecommendationUpdate,
    Topic,
    WorkingGroup,
    WorkingGroupGuest,
)
from forums.services import liaison_member_add, stored_file_fields
from foundation.accounts.demo import DEMO_PASSWORD
from partners.models import Partner, PartnerEditor, Sector

ALL = ["fr", "en", "es"]


def simple_pdf(lines: list[str]) -> bytes:
    """A one-page PDF with a few lines of Latin-1 text (enough for a demo file)."""

    def escape(text: str) -> str:
        text = text.encode("latin-1", "replace").decode("latin-1")
        return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")

    stream = (
        "BT /F1 12 Tf 60 780 Td 16 TL " + " ".join(f"({escape(line)}) '" for line in lines) + " ET"
    )
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        "/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        f"<< /Length {len(stream.encode('latin-1'))} >>\nstream\n{stream}\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n{body}\nendobj\n".encode("latin-1")
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for offset in offsets:
        out += f"{offset:010d} 00000 n \n".encode()
    out += (
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n"
    ).encode()
    return bytes(out)


def _say(stdout, text):
    if stdout is not None:
        stdout.write(text)


def _translated(obj, field: str, values: dict[str, str]) -> None:
    # The untranslated attribute writes the active language's column: pin it.
    with translation.override("en"):
        setattr(obj, field, values.get("en") or values.get("fr"))
    for language, value in values.items():
        setattr(obj, f"{field}_{language}", value)


def _partners(limit: int) -> list[Partner]:
    preferred = list(Partner.objects.filter(slug="wcll", published=True))
    others = Partner.objects.filter(published=True).exclude(slug="wcll").order_by("name")
    return preferred + list(others[: max(limit - len(preferred), 0)])


# Working group


GROUP_NAME = {
    "fr": "Renforcer le partenariat entre les ONG et l'UNESCO",
    "en": "Strengthening the partnership between NGOs and UNESCO",
    "es": "Fortalecer la asociación entre las ONG y la UNESCO",
}
GROUP_MANDATE = {
    "fr": (
        "Créé à l'initiative du Comité de liaison ONG-UNESCO début 2019 en réponse à une demande "
        "de la CIONG de 2018, le Groupe de travail réfléchit aux moyens de renforcer le "
        "partenariat entre les ONG et l'UNESCO et propose des premiers mécanismes, dont certains "
        "devront être validés par la CIONG de 2020."
    ),
    "en": (
        "Established on the initiative of the NGO-UNESCO Liaison Committee in early 2019 in "
        "response to a request from the 2018 ICNGO, the Working Group looks for ways to "
        "strengthen the partnership between NGOs and UNESCO and proposes first mechanisms, some "
        "of which will need to be validated by the 2020 ICNGO."
    ),
    "es": (
        "Creado por iniciativa del Comité de Enlace ONG-UNESCO a principios de 2019 en respuesta "
        "a una solicitud de la CIONG de 2018, el Grupo de trabajo busca fortalecer la asociación "
        "entre las ONG y la UNESCO y propone primeros mecanismos, algunos de los cuales deberá "
        "validar la CIONG de 2020."
    ),
}
TOPICS = [
    (
        "done",
        {
            "fr": "Faciliter l'accueil d'ONG nouvellement partenaires de l'UNESCO",
            "en": "Facilitate the reception of new UNESCO partner NGOs",
            "es": "Facilitar la acogida de las nuevas ONG asociadas a la UNESCO",
        },
    ),
    (
        "ongoing",
        {
            "fr": "Améliorer la préparation, le déroulement et le suivi des Forums internationaux",
            "en": "Improve the preparation, conduct and follow-up of International Forums",
            "es": "Mejorar la preparación, el desarrollo y el seguimiento de los Foros",
        },
    ),
    (
        "ongoing",
        {
            "fr": "Consolider les relations entre les ONG et les États membres",
            "en": "Consolidate relations between NGOs and Member States",
            "es": "Consolidar las relaciones entre las ONG y los Estados Miembros",
        },
    ),
    (
        "planned",
        {
            "fr": "Réfléchir à la collaboration entre les ONG et les secteurs du Secrétariat",
            "en": "Reflect on collaboration between NGOs and the Secretariat's sectors",
            "es": "Reflexionar sobre la colaboración entre las ONG y los sectores",
        },
    ),
    (
        "planned",
        {
            "fr": "Évaluer la gouvernance collective des ONG",
            "en": "Assess the collective governance of NGOs",
            "es": "Evaluar la gobernanza colectiva de las ONG",
        },
    ),
    (
        "planned",
        {
            "fr": "Communication et visibilité",
            "en": "Communication and visibility",
            "es": "Comunicación y visibilidad",
        },
    ),
]
MEETING_DATES = [
    (datetime.date(2019, 3, 14), False),
    (datetime.date(2019, 4, 25), False),
    (datetime.date(2019, 6, 6), False),
    (datetime.date(2019, 7, 4), False),
    (datetime.date(2019, 9, 26), False),
    (datetime.date(2019, 10, 24), False),
    (datetime.date(2019, 11, 28), False),
    (datetime.date(2020, 1, 23), False),
    (datetime.date(2020, 2, 26), False),
    (datetime.date(2020, 5, 14), True),
]
MINUTES_2020_02_26 = (
    "Depuis sa constitution, le Groupe de travail s'est réuni une dizaine de fois. Plusieurs "
    "documents ont été produits: un guide pratique à l'attention des nouvelles ONG, un document "
    "de réflexions et de propositions pour le renforcement de la coopération avec les États "
    "membres, et un guide pour les Forums internationaux des ONG. Le Directeur de BSP a proposé "
    "de commenter ces deux derniers documents: ceci est en cours."
)


def _document(group, *, key_title, kind, titles, summaries, date, languages, state, meeting=None):
    document = Document.objects.filter(working_group=group, title_en=titles["en"]).first()
    if document is None:
        document = Document(working_group=group, kind=kind)
    _translated(document, "title", titles)
    _translated(document, "summary", summaries)
    document.document_date = date
    document.meeting = meeting
    document.save()
    version = document.versions.filter(number=1).first()
    if version is None:
        version = DocumentVersion.objects.create(document=document, number=1, note="")
        for language in languages:
            pdf = simple_pdf([titles[language], group.name, date.isoformat() if date else ""])
            upload = SimpleUploadedFile(f"{key_title}-{language}.pdf", pdf)
            DocumentFile.objects.create(
                version=version,
                language=language,
                **stored_file_fields(upload, folder="working-groups"),
            )
    document.state = state
    if state == Document.State.PUBLISHED:
        document.published_version = version
        if document.published_at is None:
            document.published_at = datetime.datetime.combine(
                date or group.created_on, datetime.time(12), tzinfo=datetime.UTC
            )
    document.save()
    return document


def seed_working_group(stdout=None) -> WorkingGroup:
    members = _partners(25)
    group = WorkingGroup.objects.filter(slug="strengthening-partnership").first() or WorkingGroup(
        slug="strengthening-partnership"
    )
    _translated(group, "name", GROUP_NAME)
    _translated(group, "mandate", GROUP_MANDATE)
    group.created_on = datetime.date(2019, 2, 1)
    group.coordinator_name = "Diego Gradis"
    group.save()
    group.member_partners.set(members)
    WorkingGroupGuest.objects.get_or_create(
        working_group=group,
        organisation="Non-partner NGO (observer)",
    )
    for position, (state, titles) in enumerate(TOPICS):
        topic = Topic.objects.filter(working_group=group, position=position).first() or Topic(
            working_group=group, position=position
        )
        _translated(topic, "title", titles)
        topic.state = state
        topic.save()
    meetings = {}
    for date, online in MEETING_DATES:
        meeting, _created = Meeting.objects.get_or_create(
            working_group=group,
            date=date,
            defaults={"place": "" if online else "UNESCO, Paris", "online": online},
        )
        meetings[date] = meeting
    february = meetings[datetime.date(2020, 2, 26)]
    february.agenda = (
        "1. État des travaux du Groupe de travail\n2. Échanges avec le Secrétariat (BSP)\n"
        "3. Préparation de la CIONG de 2020"
    )
    february.minutes = MINUTES_2020_02_26
    february.save()

    _document(
        group,
        key_title="guide-new-ngos",
        kind=Document.Kind.GUIDE,
        titles={
            "fr": "Guide pratique à l'attention des nouvelles ONG partenaires",
            "en": "Practical guide for new partner NGOs",
            "es": "Guía práctica para las nuevas ONG asociadas",
        },
        summaries={"en": "How a newly admitted NGO takes part in the partnership."},
        date=datetime.date(2019, 11, 28),
        languages=ALL,
        state=Document.State.PUBLISHED,
    )
    _document(
        group,
        key_title="dialogue-member-states",
        kind=Document.Kind.PROPOSAL,
        titles={
            "fr": "Thème 1 – Renforcement du dialogue entre ONG et États membres de l'UNESCO",
            "en": "Theme 1 – Strengthening dialogue between NGOs and UNESCO Member States",
            "es": "Tema 1 – Fortalecer el diálogo entre las ONG y los Estados Miembros",
        },
        summaries={
            "fr": (
                "Propositions pour une meilleure visibilité du travail des ONG, des relations de "
                "travail renforcées avec le Secrétariat et un dialogue renforcé avec les États "
                "membres (Comité PNG, CIONG, forums, espace ONG de la Conférence générale)."
            ),
            "en": (
                "Proposals for better visibility of NGOs' work, stronger working relations with "
                "the Secretariat and stronger dialogue with Member States (NGP Committee, ICNGO, "
                "forums, NGO space of the General Conference)."
            ),
        },
        date=datetime.date(2020, 6, 1),
        languages=["fr"],
        state=Document.State.PUBLISHED,
    )
    forums_guide = _document(
        group,
        key_title="guide-forums",
        kind=Document.Kind.GUIDE,
        titles={
            "fr": "Guide pour les Forums internationaux des ONG",
            "en": "Guide for the International NGO Forums",
            "es": "Guía para los Foros internacionales de ONG",
        },
        summaries={"en": "Preparation, funding, conduct and follow-up of the forums."},
        date=datetime.date(2020, 2, 26),
        languages=["fr", "en"],
        state=Document.State.REVIEW,
    )
    if not forums_guide.comments.exists():
        DocumentComment.objects.create(
            document=forums_guide,
            version=forums_guide.versions.first(),
            text="BSP will send comments on the participation of Member States in the forums.",
        )
    _document(
        group,
        key_title="minutes-2020-02-26",
        kind=Document.Kind.MINUTES,
        titles={
            "fr": "Compte rendu de la réunion du 26 février 2020",
            "en": "Minutes of the meeting of 26 February 2020",
            "es": "Acta de la reunión del 26 de febrero de 2020",
        },
        summaries={"fr": MINUTES_2020_02_26},
        date=datetime.date(2020, 2, 26),
        languages=["fr", "en"],
        state=Document.State.PUBLISHED,
        meeting=february,
    )
    _say(stdout, f"  working group: {len(members)} member NGOs, {len(meetings)} meetings\n")
    return group


def seed_committee() -> None:
    term, _created = CommitteeTerm.objects.get_or_create(
        start_date=datetime.date(2018, 12, 14), end_date=datetime.date(2020, 12, 31)
    )
    if not term.seats.exists():  # once elected (forums.elections.demo), the seats decide
        term.members.set(_partners(10))


# Events

GEC_2024 = [
    # (start, end, room, kind, fr, en, es)
    ("09:00", "09:20", "Foyer près de la Salle I (Comptoir Monaco)", "break",
     "Café et séance interactive de brise-glace", "Coffee and interactive ice-breaker",
     "Café y sesión interactiva para romper el hielo"),
    ("09:30", "09:45", "Salle I", "plenary",
     "La vision pour 2030 : remarques de bienvenue de la direction de l'UNESCO",
     "The vision for 2030: welcome remarks by UNESCO's leadership",
     "La visión para 2030: palabras de bienvenida de la dirección de la UNESCO"),
    ("09:45", "10:15", "Salle I", "plenary",
     "Partenariats pour avancer vers l'ODD 4", "Partnerships to advance SDG 4",
     "Alianzas para avanzar hacia el ODS 4"),
    ("10:15", "11:15", "Salle I", "plenary",
     "La transformation numérique de l'éducation en Afrique : synergie pour l'extensibilité et "
     "l'impact", "Digital transformation of education in Africa: synergy for scale and impact",
     "La transformación digital de la educación en África: sinergia para la escala y el impacto"),
    ("11:15", "12:20", "Salle I", "plenary",
     "L'intelligence artificielle dans l'éducation : perspectives et possibilités de "
     "collaboration", "Artificial intelligence in education: perspectives and opportunities for "
     "collaboration", "La inteligencia artificial en la educación: perspectivas y oportunidades"),
    ("12:20", "12:30", "Salle I", "social", "Photographie de groupe", "Group photograph",
     "Fotografía de grupo"),
    ("12:30", "14:00", "Restaurant (7e étage)", "break", "Déjeuner d'accueil et de rencontre",
     "Welcome and networking lunch", "Almuerzo de bienvenida y encuentro"),
    ("14:00", "15:30", "Salle VII", "parallel", "Le Campus mondial pour les enseignants (GTC)",
     "Global Teacher Campus (GTC)", "Campus Mundial de Docentes (GTC)"),
    ("14:00", "15:30", "Salle VIII", "parallel", "L'Alliance mondiale pour l'apprentissage (GLH)",
     "Global Learning House (GLH)", "Casa Mundial del Aprendizaje (GLH)"),
    ("14:00", "15:30", "Salle IX", "parallel", "L'Académie des compétences (GSA)",
     "Global Skills Academy (GSA)", "Academia Mundial de Competencias (GSA)"),
    ("15:30", "16:00", "Foyer près de la Salle I (Comptoir Monaco)", "break", "Pause café",
     "Coffee break", "Pausa café"),
    ("16:00", "17:15", "Salle VII", "workshop",
     "Transformation durable : négocier la double transition numérique et écologique dans "
     "l'éducation", "Sustainable transformation: the twin digital and green transition in "
     "education", "Transformación sostenible: la doble transición digital y ecológica"),
    ("16:00", "17:15", "Salle VIII", "workshop",
     "Vers une alliance internationale de coalitions EdTech pour l'ODD 4",
     "Towards an international alliance of EdTech coalitions for SDG 4",
     "Hacia una alianza internacional de coaliciones EdTech para el ODS 4"),
    ("16:00", "17:15", "Salle IX", "workshop",
     "Ingénierie financière : explorer les financements innovants en matière d'éducation",
     "Financial engineering: exploring innovative financing for education",
     "Ingeniería financiera: explorar la financiación innovadora de la educación"),
    ("17:15", "18:00", "Foyer près de la Salle I (Comptoir Monaco)", "social",
     "Cocktail et remarques de clôture de la direction de l'UNESCO",
     "Cocktail and closing remarks by UNESCO's leadership",
     "Cóctel y palabras de clausura de la dirección de la UNESCO"),
]  # fmt: skip


def _event(slug: str, **fields) -> Event:
    event = Event.objects.filter(slug=slug).first() or Event(slug=slug)
    for name, value in fields.items():
        if isinstance(value, dict):
            _translated(event, name, value)
        else:
            setattr(event, name, value)
    event.full_clean()
    event.save()
    return event


def seed_gec_2024() -> Event:
    event = _event(
        "global-education-coalition-2024",
        kind=Event.Kind.MEETING,
        title={
            "fr": "Coalition mondiale pour l'éducation : quatrième réunion annuelle",
            "en": "Global Education Coalition: fourth annual meeting",
            "es": "Coalición Mundial para la Educación: cuarta reunión anual",
        },
        theme={
            "fr": "Renforcer l'engagement des partenaires dans des projets qui favorisent l'ODD 4",
            "en": "Strengthening partners' engagement in collaborative projects for SDG 4",
            "es": "Fortalecer el compromiso de los socios en proyectos a favor del ODS 4",
        },
        start_date=datetime.date(2024, 3, 25),
        end_date=datetime.date(2024, 3, 25),
        time_zone="Europe/Paris",
        city="Paris",
        country="FR",
        venue="UNESCO, 125 avenue de Suffren",
        host_country="FR",
        state=Event.State.HELD,
    )
    day = event.start_date
    for start, end, room, kind, fr, en, es in GEC_2024:
        start_time = datetime.time.fromisoformat(start)
        item = ProgrammeItem.objects.filter(
            event=event, day=day, start_time=start_time, room=room
        ).first() or ProgrammeItem(event=event, day=day, start_time=start_time, room=room)
        item.end_time = datetime.time.fromisoformat(end)
        item.kind = kind
        _translated(item, "title", {"fr": fr, "en": en, "es": es})
        item.interpretation = ALL if room == "Salle I" else []
        item.full_clean()
        item.save()
    return event


def seed_ciong_sessions() -> None:
    sessions_2018 = _event(
        "ciong-2018",
        kind=Event.Kind.CIONG,
        title={
            "fr": "Conférence internationale des ONG, session de décembre 2018",
            "en": "International Conference of NGOs, December 2018 session",
            "es": "Conferencia Internacional de ONG, reunión de diciembre de 2018",
        },
        theme={
            "fr": "Intensifier la coopération internationale des ONG avec l'UNESCO",
            "en": "Intensifying NGOs' international cooperation with UNESCO",
            "es": "Intensificar la cooperación internacional de las ONG con la UNESCO",
        },
        start_date=datetime.date(2018, 12, 12),
        end_date=datetime.date(2018, 12, 14),
        city="Paris",
        country="FR",
        venue="UNESCO Headquarters",
        state=Event.State.HELD,
    )
    recommendation, _created = Recommendation.objects.get_or_create(
        event=sessions_2018, number=1, defaults={"text": "-"}
    )
    _translated(
        recommendation,
        "text",
        {
            "fr": (
                "Intensifier la coopération internationale des ONG en renforçant leur partenariat "
                "avec l'UNESCO afin d'agir conjointement dans les domaines de l'éducation, des "
                "sciences, de la culture, de la communication et de l'information."
            ),
            "en": (
                "Intensify NGOs' international cooperation by strengthening their partnership "
                "with UNESCO, to act jointly in education, the sciences, culture, and "
                "communication and information."
            ),
        },
    )
    recommendation.addressees = ["ngos", "secretariat", "member-states"]
    recommendation.status = Recommendation.FollowUp.IN_PROGRESS
    recommendation.save()
    recommendation.sectors.set(Sector.objects.all())
    for date, status, note in (
        (
            datetime.date(2019, 2, 1),
            "in-progress",
            "Working group created by the Liaison Committee.",
        ),
        (datetime.date(2020, 6, 1), "in-progress", "Paper on dialogue with Member States."),
    ):
        RecommendationUpdate.objects.get_or_create(
            recommendation=recommendation,
            date=date,
            defaults={"status": status, "note_en": note},
        )
    _event(
        "ciong-2020",
        kind=Event.Kind.CIONG,
        title={
            "fr": "Conférence internationale des ONG, session de décembre 2020",
            "en": "International Conference of NGOs, December 2020 session",
            "es": "Conferencia Internacional de ONG, reunión de diciembre de 2020",
        },
        theme={
            "fr": "Valider les premiers mécanismes proposés par le Groupe de travail",
            "en": "Validating the first mechanisms proposed by the Working Group",
            "es": "Validar los primeros mecanismos propuestos por el Grupo de trabajo",
        },
        start_date=datetime.date(2020, 12, 14),
        end_date=datetime.date(2020, 12, 15),
        city="",
        venue="Online",
        state=Event.State.HELD,
    )


CMA_FORUMS = [
    ("cma-world-forum-2008", "Paris", "FR", 2008),
    ("cma-world-forum-2010", "Shanghai", "CN", 2010),
    ("cma-world-forum-2012", "Marrakech", "MA", 2012),
    ("cma-world-forum-2015", "Paris", "FR", 2015),
    ("cma-world-forum-2017", "Saint Petersburg", "RU", 2017),
]


def seed_cma_forums() -> None:
    cma = Partner.objects.filter(slug="wcll").first()
    for slug, city, country, year in CMA_FORUMS:
        event = _event(
            slug,
            kind=Event.Kind.FORUM,
            title={
                "fr": f"Forum mondial du CMA, {city} {year}",
                "en": f"CMA World Forum, {city} {year}",
                "es": f"Foro mundial del CMA, {city} {year}",
            },
            theme={
                "fr": "Apprendre tout au long de la vie",
                "en": "Lifelong learning",
                "es": "Aprendizaje a lo largo de toda la vida",
            },
            description={
                "en": "Demo data: the seed gives the year only; the date is a placeholder."
            },
            start_date=datetime.date(year, 6, 1),
            end_date=datetime.date(year, 6, 2),
            city=city,
            country=country,
            host_country=country,
            state=Event.State.HELD,
        )
        if cma is not None:
            event.organisers.add(cma)


def seed_upcoming_events(today: datetime.date | None = None) -> list[Event]:
    """An International NGO Forum in about three months and a session of the
    Conference of NGOs in about five, both with registration open, so that
    the registration journey can be tried on the demo (dates from today)."""
    today = today or timezone.localdate()
    forum_day = today + datetime.timedelta(days=90)
    session_day = today + datetime.timedelta(days=150)
    forum = _event(
        f"international-ngo-forum-{forum_day.year}",
        kind=Event.Kind.FORUM,
        title={
            "fr": f"Forum international des ONG {forum_day.year}",
            "en": f"International NGO Forum {forum_day.year}",
            "es": f"Foro Internacional de ONG {forum_day.year}",
        },
        theme={
            "fr": "Les jeunes et l'avenir de l'éducation",
            "en": "Young people and the future of education",
            "es": "Los jóvenes y el futuro de la educación",
        },
        start_date=forum_day,
        end_date=forum_day + datetime.timedelta(days=1),
        time_zone="Africa/Dakar",
        city="Dakar",
        country="SN",
        venue="Centre international de conférences Abdou Diouf",
        host_country="SN",
        capacity=300,
        per_partner_limit=3,
        state=Event.State.REGISTRATION_OPEN,
        committee_co_organises=True,
    )
    session = _event(
        f"ciong-{session_day.year}",
        kind=Event.Kind.CIONG,
        title={
            "fr": f"Conférence internationale des ONG, session de {session_day.year}",
            "en": f"International Conference of NGOs, {session_day.year} session",
            "es": f"Conferencia Internacional de ONG, reunión de {session_day.year}",
        },
        theme={
            "fr": "Le partenariat des ONG avec l'UNESCO",
            "en": "NGOs' partnership with UNESCO",
            "es": "La asociación de las ONG con la UNESCO",
        },
        start_date=session_day,
        end_date=session_day + datetime.timedelta(days=2),
        time_zone="Europe/Paris",
        city="Paris",
        country="FR",
        venue="UNESCO, 7 place de Fontenoy",
        host_country="FR",
        capacity=400,
        per_partner_limit=2,
        state=Event.State.REGISTRATION_OPEN,
        committee_co_organises=True,
    )
    return [forum, session]


def seed_demo_accounts(group: WorkingGroup, stdout=None) -> None:
    """liaison@demo.example.org: editor of a member NGO other than the CMA, managing the group."""
    partner = group.member_partners.exclude(slug="wcll").order_by("name").first()
    if partner is None:
        return
    email = "liaison@demo.example.org"
    user, created = get_user_model().objects.get_or_create(
        email=email, defaults={"full_name": "Liaison Committee member (demo)"}
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save()
    EmailAddress.objects.get_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    if not PartnerEditor.objects.filter(user=user).exists():
        PartnerEditor.objects.create(user=user, partner=partner)
    liaison_member_add(user=user, partner=PartnerEditor.objects.get(user=user).partner)
    _say(stdout, f"  demo account {email} (same password), manages the working group\n")


@transaction.atomic
def seed(*, with_accounts: bool, stdout=None) -> None:
    seed_committee()
    group = seed_working_group(stdout)
    seed_gec_2024()
    seed_ciong_sessions()
    seed_cma_forums()
    seed_upcoming_events()
    elections_demo.seed(stdout)  # after the CIONG sessions it belongs to
    if with_accounts:
        seed_demo_accounts(group, stdout)
    # Issue 19: calls for proposals, registration types, check-ins.
    from forums import demo_participation  # noqa: PLC0415 -- it imports this module

    demo_participation.seed()
    _say(stdout, "forums: demo data loaded\n")
