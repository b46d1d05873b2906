"""Demo partners built from the seed documents (a UNESCO partnership letter,
an NGO's brochure), plus a handful of partners across sectors and regions.

Idempotent: records are looked up by slug and updated in place.
"""

import datetime

from django.utils import timezone

from partners.lifecycle import report_demo, rules
from partners.models import Action, Contact, Delegate, Partner, Sector, StatusChange

# The World Committee for Lifelong Learning (CMA) reports active delegates
# in 72 countries.
WCLL_DELEGATE_COUNTRIES = (
    "DZ AR AM AU AT BE BJ BR BF BI CM CA CL CN CO CG CD CI HR CU DK EG ES EE ET FI GA GE DE "
    "GH GR GN HT HU IN ID IT JP JO KZ KE LB LU MG ML MA MU MX MD MN NE NG NO PE PH PL PT QA "
    "RO RU RW SN RS SG SK SI ZA CH TG TN TR UA"
).split()

DELEGATE_NAMES = [
    "Amina Diallo",
    "Jean-Baptiste Kaboré",
    "Lucía Fernández",
    "Wei Zhang",
    "Olga Petrova",
    "Samir Haddad",
    "Marie Lefèvre",
    "Kwame Mensah",
    "Ana Souza",
    "Hiroshi Tanaka",
    "Fatou Ndiaye",
    "Carlos Mendoza",
    "Leila Benali",
    "Ingrid Larsen",
    "Rahul Mehta",
    "Sofia Rossi",
    "Tomasz Nowak",
    "Nadia Rakotomalala",
    "Pierre Dubois",
    "Aïcha Traoré",
]

WCLL = {
    "slug": "wcll",
    "acronym": "CMA",
    "name_fr": "Comité mondial pour les apprentissages tout au long de la vie",
    "name_en": "World Committee for Lifelong Learning",
    "name_es": "Comité Mundial para el Aprendizaje a lo Largo de la Vida",
    "mission_fr": (
        "Créé en 2005 par une équipe de professionnels français avec des partenaires "
        "internationaux (américains, chinois et québécois) et sous l'égide du Président de la "
        "Conférence générale de l'UNESCO, le Comité mondial pour les apprentissages tout au long "
        "de la vie œuvre pour une culture des apprentissages comprise comme la possibilité, pour "
        "chaque personne, d'apprendre et de développer ses potentialités, à tous âges et en toutes "
        "circonstances.\n\nIl met en œuvre le programme international « 1000 réseaux pour les "
        "apprentissages tout au long de la vie », en cohérence avec le Programme de développement "
        "durable à l'horizon 2030."
    ),
    "mission_en": (
        "Created in 2005 by a team of French professionals with international partners (United "
        "States, China and Quebec) and under the aegis of the President of the General Conference "
        "of UNESCO, the World Committee for Lifelong Learning works for a culture of learning "
        "understood as the possibility for each person to learn and develop their potential at "
        'all ages and in all circumstances.\n\nIt runs the international programme "1000 networks '
        'for lifelong learning", fully consistent with the 2030 Agenda for Sustainable '
        "Development."
    ),
    "mission_es": (
        "Creado en 2005 por un equipo de profesionales franceses con socios internacionales "
        "(Estados Unidos, China y Quebec) y bajo la égida del Presidente de la Conferencia General "
        "de la UNESCO, el Comité Mundial para el Aprendizaje a lo Largo de la Vida promueve una "
        "cultura del aprendizaje entendida como la posibilidad de que cada persona aprenda y "
        "desarrolle su potencial a todas las edades y en todas las circunstancias."
    ),
    "kind": Partner.Kind.NGO,
    "status": "consultative",
    "since": datetime.date(2017, 3, 15),
    "admission_decision_date": datetime.date(2017, 3, 15),
    "decision_reference": "DG/7/17/1815",
    "executive_board_session": 202,
    "next_review_date": datetime.date(2027, 3, 15),
    "address": "40, rue des Blancs Manteaux",
    "city": "Paris",
    "country": "FR",
    "website": "https://www.wcll-cma.org",
    "founding_year": 2005,
    "sectors": ["education", "social-human-sciences"],
}

WCLL_FORUMS = [
    (
        "Paris",
        "FR",
        2008,
        "Forum mondial des apprentissages tout au long de la vie, Paris",
        "World Lifelong Learning Forum, Paris",
        "Foro Mundial del Aprendizaje a lo Largo de la Vida, París",
    ),
    (
        "Shanghai",
        "CN",
        2010,
        "Forum mondial des apprentissages, Shanghai",
        "World Lifelong Learning Forum, Shanghai",
        "Foro Mundial del Aprendizaje, Shanghái",
    ),
    (
        "Marrakech",
        "MA",
        2012,
        "Forum mondial des apprentissages, Marrakech",
        "World Lifelong Learning Forum, Marrakesh",
        "Foro Mundial del Aprendizaje, Marrakech",
    ),
    (
        "Paris",
        "FR",
        2015,
        "Forum mondial des apprentissages au Siège de l'UNESCO",
        "World Lifelong Learning Forum at UNESCO Headquarters",
        "Foro Mundial del Aprendizaje en la Sede de la UNESCO",
    ),
    (
        "Saint-Pétersbourg",
        "RU",
        2017,
        "Forum mondial des apprentissages, Saint-Pétersbourg",
        "World Lifelong Learning Forum, Saint Petersburg",
        "Foro Mundial del Aprendizaje, San Petersburgo",
    ),
]

OTHER_PARTNERS = [
    # slug, acronym, names (fr, en, es), status, since, country, city, sectors, mission (en)
    (
        "icme",
        "CIEM",
        (
            "Conseil international pour l'éducation des mères",
            "International Council for Mothers' Education",
            "Consejo Internacional para la Educación de las Madres",
        ),
        "associate",
        datetime.date(2019, 11, 20),
        "SN",
        "Dakar",
        ["education", "social-human-sciences"],
        "Supports literacy and early-childhood education programmes led by women's associations in West Africa.",
    ),
    (
        "ocean-knowledge",
        "OKN",
        (
            "Réseau pour la connaissance des océans",
            "Ocean Knowledge Network",
            "Red para el Conocimiento de los Océanos",
        ),
        "consultative",
        datetime.date(2014, 6, 2),
        "FJ",
        "Suva",
        ["natural-sciences", "education"],
        "Brings ocean science to coastal schools and supports community monitoring of coral reefs in the Pacific.",
    ),
    (
        "heritage-watch",
        "HWA",
        (
            "Alliance de veille du patrimoine",
            "Heritage Watch Alliance",
            "Alianza de Vigilancia del Patrimonio",
        ),
        "associate",
        datetime.date(2012, 4, 17),
        "IT",
        "Rome",
        ["culture"],
        "Trains volunteers to document and protect cultural heritage sites at risk, in partnership with national authorities.",
    ),
    (
        "press-freedom-forum",
        "PFF",
        (
            "Forum pour la liberté de la presse",
            "Press Freedom Forum",
            "Foro por la Libertad de Prensa",
        ),
        "consultative",
        datetime.date(2016, 9, 30),
        "CR",
        "San José",
        ["communication-information"],
        "Defends the safety of journalists and promotes media and information literacy across Latin America.",
    ),
    (
        "arab-youth-science",
        "AYSN",
        (
            "Réseau arabe des jeunes scientifiques",
            "Arab Youth Science Network",
            "Red Árabe de Jóvenes Científicos",
        ),
        "consultative",
        datetime.date(2018, 1, 22),
        "JO",
        "Amman",
        ["natural-sciences", "social-human-sciences"],
        "Connects young researchers in the Arab States and promotes open science and science diplomacy.",
    ),
    (
        "living-languages",
        "ILL",
        (
            "Institut des langues vivantes",
            "Institute for Living Languages",
            "Instituto de Lenguas Vivas",
        ),
        "consultative",
        datetime.date(2020, 2, 14),
        "PE",
        "Cusco",
        ["culture", "education"],
        "Documents and teaches indigenous languages, in support of the International Decade of Indigenous Languages.",
    ),
    (
        "digital-access",
        "DAF",
        (
            "Fondation pour l'accès numérique",
            "Digital Access Foundation",
            "Fundación para el Acceso Digital",
        ),
        "consultative",
        datetime.date(2021, 7, 8),
        "KE",
        "Nairobi",
        ["communication-information", "education"],
        "Equips community libraries with open educational resources and connectivity in East Africa.",
    ),
    (
        "ethics-science",
        "FESS",
        (
            "Fédération pour l'éthique des sciences et de la société",
            "Federation for Ethics in Science and Society",
            "Federación por la Ética en la Ciencia y la Sociedad",
        ),
        "associate",
        datetime.date(2010, 10, 5),
        "CA",
        "Montréal",
        ["social-human-sciences", "natural-sciences"],
        "Promotes bioethics education and public debate on the ethics of artificial intelligence.",
    ),
    (
        "asia-teachers",
        "APTA",
        (
            "Association des enseignants d'Asie-Pacifique",
            "Asia-Pacific Teachers' Association",
            "Asociación de Docentes de Asia y el Pacífico",
        ),
        "consultative",
        datetime.date(2015, 5, 19),
        "PH",
        "Manila",
        ["education"],
        "Supports teachers' professional development and the Global Teacher Campus in the Asia-Pacific region.",
    ),
    (
        "sport-for-peace",
        "SPI",
        (
            "Sport pour la paix international",
            "Sport for Peace International",
            "Deporte por la Paz Internacional",
        ),
        "consultative",
        datetime.date(2019, 3, 3),
        "MA",
        "Rabat",
        ["social-human-sciences"],
        "Uses sport to promote inclusion, gender equality and intercultural dialogue among young people.",
    ),
    (
        "water-schools",
        "WSN",
        ("Réseau des écoles de l'eau", "Water Schools Network", "Red de Escuelas del Agua"),
        "consultative",
        datetime.date(2022, 11, 28),
        "BR",
        "Recife",
        ["natural-sciences", "education"],
        "Teaches water stewardship in schools and supports UNESCO's hydrological programme in Latin America.",
    ),
    (
        "cinema-memory",
        "CMF",
        ("Fondation Cinéma et mémoire", "Cinema and Memory Foundation", "Fundación Cine y Memoria"),
        "consultative",
        datetime.date(2013, 12, 9),
        "SN",
        "Saint-Louis",
        ["culture", "communication-information"],
        "Preserves and digitises film archives in Africa and runs training for young archivists.",
    ),
]


def _sectors(codes):
    return list(Sector.objects.filter(code__in=codes))


def _upsert_partner(slug: str, fields: dict, sector_codes) -> Partner:
    partner, _created = Partner.objects.update_or_create(slug=slug, defaults=fields)
    partner.sectors.set(_sectors(sector_codes))
    return partner


def _seed_wcll() -> Partner:
    fields = {key: value for key, value in WCLL.items() if key not in {"slug", "sectors"}}
    fields["name"] = fields["name_en"]
    fields["mission"] = fields["mission_en"]
    partner = _upsert_partner(WCLL["slug"], fields, WCLL["sectors"])
    StatusChange.objects.get_or_create(
        partner=partner,
        reference="DG/7/17/1815",
        defaults={
            "kind": StatusChange.Kind.ADMISSION,
            "decided_by": StatusChange.DecidedBy.DIRECTOR_GENERAL,
            "status": "consultative",
            "decided_on": datetime.date(2017, 3, 15),
            "executive_board_session": 202,
            "note": "Official partnership (consultative status) established following the "
            "request of 23 February 2016; Executive Board informed at its 202nd session.",
        },
    )
    Contact.objects.update_or_create(
        partner=partner,
        email="president@wcll-cma.example.org",
        defaults={
            "name": "Yves Attou",
            "title": "President",
            "is_public": True,
            "preferred_language": "fr",
            "newsletter_opt_in": True,
        },
    )
    Contact.objects.update_or_create(
        partner=partner,
        email="secretariat@wcll-cma.example.org",
        defaults={
            "name": "CMA Secretariat",
            "is_public": False,
            "preferred_language": "en",
            "newsletter_opt_in": True,
        },
    )
    for index, country in enumerate(WCLL_DELEGATE_COUNTRIES):
        Delegate.objects.get_or_create(
            partner=partner,
            country=country,
            name=DELEGATE_NAMES[index % len(DELEGATE_NAMES)],
        )
    education = _sectors(["education"])
    for city, country, year, title_fr, title_en, title_es in WCLL_FORUMS:
        action, _created = Action.objects.update_or_create(
            partner=partner,
            title_en=title_en,
            defaults={
                "title": title_en,
                "title_fr": title_fr,
                "title_es": title_es,
                "text_fr": f"Forum mondial organisé à {city} en {year}, réunissant acteurs "
                "institutionnels, associatifs et académiques des apprentissages.",
                "text_en": f"World forum held in {city} in {year}, bringing together "
                "institutional, associative and academic actors of lifelong learning.",
                "text_es": f"Foro mundial celebrado en {city} en {year}, que reunió a actores "
                "institucionales, asociativos y académicos del aprendizaje.",
                "start_date": datetime.date(year, 6, 1),
                "end_date": datetime.date(year, 6, 3),
                "countries": [country],
            },
        )
        action.sectors.set(education)
    return partner


def _seed_other(spec) -> Partner:
    slug, acronym, (name_fr, name_en, name_es), status, since, country, city, sectors, mission = (
        spec
    )
    fields = {
        "acronym": acronym,
        "name": name_en,
        "name_fr": name_fr,
        "name_en": name_en,
        "name_es": name_es,
        "mission": mission,
        "mission_en": mission,
        "status": status,
        "since": since,
        "admission_decision_date": since,
        "status_since": since,
        "next_report_due": rules.next_cycle_date(since, timezone.localdate()),
        "decision_reference": f"DG/{since.year % 100}/{since.month}/{1000 + len(slug) * 37}",
        "next_review_date": since.replace(year=since.year + 8) if status == "associate" else None,
        "country": country,
        "city": city,
        "website": f"https://{slug}.example.org",
    }
    partner = _upsert_partner(slug, fields, sectors)
    Contact.objects.update_or_create(
        partner=partner,
        email=f"contact@{slug}.example.org",
        defaults={
            "name": f"{acronym} Secretariat",
            "is_public": True,
            "preferred_language": {"FR": "fr", "SN": "fr", "MA": "fr", "CA": "fr"}.get(
                country, "es" if country in {"CR", "PE", "BR"} else "en"
            ),
            "newsletter_opt_in": True,
        },
    )
    Delegate.objects.get_or_create(partner=partner, country=country, name=f"{acronym} delegate")
    StatusChange.objects.get_or_create(
        partner=partner,
        reference=fields["decision_reference"],
        defaults={
            "status": status,
            "decided_on": since,
            "kind": StatusChange.Kind.ADMISSION,
            "decided_by": StatusChange.DecidedBy.DIRECTOR_GENERAL,
        },
    )
    return partner


def seed(*, with_accounts: bool, stdout=None) -> None:
    _seed_wcll()
    for spec in OTHER_PARTNERS:
        _seed_other(spec)
    report_demo.seed()
    if stdout is not None:
        stdout.write(f"Partners: {Partner.objects.count()} in the directory.")
