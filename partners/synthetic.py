"""Synthetic partners in three languages, for benchmarks and load tests."""

import datetime
import random

from django.db import transaction

from foundation.countries import un_countries
from partners.models import Action, Contact, Delegate, Partner, Sector
from partners.regions import REGION_BY_COUNTRY
from partners.search import refresh_search_vectors, search_text_for

THEMES = [
    ("éducation des adultes", "adult education", "educación de adultos", "education"),
    ("sciences de l'océan", "ocean science", "ciencias del océano", "natural-sciences"),
    ("patrimoine immatériel", "intangible heritage", "patrimonio inmaterial", "culture"),
    ("liberté de la presse", "press freedom", "libertad de prensa", "communication-information"),
    (
        "éthique de l'intelligence artificielle",
        "ethics of artificial intelligence",
        "ética de la inteligencia artificial",
        "social-human-sciences",
    ),
    ("alphabétisation", "literacy", "alfabetización", "education"),
    ("gestion de l'eau", "water management", "gestión del agua", "natural-sciences"),
    ("langues autochtones", "indigenous languages", "lenguas indígenas", "culture"),
    ("jeunesse et sport", "youth and sport", "juventud y deporte", "social-human-sciences"),
    (
        "archives et bibliothèques",
        "archives and libraries",
        "archivos y bibliotecas",
        "communication-information",
    ),
]
KINDS = [
    (
        "Association internationale pour",
        "International Association for",
        "Asociación Internacional para",
    ),
    ("Réseau mondial pour", "Global Network for", "Red Mundial para"),
    ("Fondation pour", "Foundation for", "Fundación para"),
    ("Conseil international pour", "International Council for", "Consejo Internacional para"),
]
# Only the countries a form could offer, so that generated data looks entered.
COUNTRIES = sorted(code for code in REGION_BY_COUNTRY if code in un_countries.codes)


@transaction.atomic
def generate_partners(*, count: int, seed: int = 0, batch_size: int = 500) -> int:
    """Create `count` synthetic partners with contacts, delegates and actions.

    Side effects: bulk inserts; search columns filled (text in Python, vectors
    in one UPDATE on PostgreSQL). Returns the number of partners created.
    """
    rng = random.Random(seed)  # noqa: S311 - reproducible test data, not secrets
    sectors = {sector.code: sector for sector in Sector.objects.all()}
    start = Partner.objects.filter(slug__startswith="synthetic-").count()
    created = 0
    while created < count:
        size = min(batch_size, count - created)
        partners = []
        themes_for = []
        for offset in range(size):
            number = start + created + offset
            theme = THEMES[rng.randrange(len(THEMES))]
            kind = KINDS[rng.randrange(len(KINDS))]
            partner = Partner(
                slug=f"synthetic-{number}",
                acronym=f"SYN{number}",
                name=f"{kind[1]} {theme[1]} {number}",
                name_fr=f"{kind[0]} {theme[0]} {number}",
                name_en=f"{kind[1]} {theme[1]} {number}",
                name_es=f"{kind[2]} {theme[2]} {number}",
                mission=f"Works on {theme[1]} with partners in many countries.",
                mission_fr=f"Agit pour {theme[0]} avec des partenaires dans de nombreux pays.",
                mission_en=f"Works on {theme[1]} with partners in many countries.",
                mission_es=f"Trabaja en {theme[2]} con socios en muchos países.",
                status="associate" if rng.random() < 0.2 else "consultative",
                since=datetime.date(2000 + rng.randrange(26), 1 + rng.randrange(12), 1),
                country=COUNTRIES[rng.randrange(len(COUNTRIES))],
                city="City",
                website=f"https://synthetic-{number}.example.org",
            )
            partner.search_text = search_text_for(partner, sectors=[sectors[theme[3]]])
            partners.append(partner)
            themes_for.append(theme)
        Partner.objects.bulk_create(partners)
        partners = list(Partner.objects.filter(slug__in=[p.slug for p in partners]).order_by("pk"))
        themes_by_slug = {p.slug: t for p, t in zip(partners, themes_for, strict=False)}
        through = Partner.sectors.through
        links, contacts, delegates, actions = [], [], [], []
        for partner in partners:
            theme = themes_by_slug[partner.slug]
            links.append(through(partner_id=partner.pk, sector_id=sectors[theme[3]].pk))
            contacts.append(
                Contact(
                    partner=partner,
                    name=f"Contact {partner.acronym}",
                    email=f"contact@{partner.slug}.example.org",
                    is_public=True,
                    preferred_language=rng.choice(["fr", "en", "es"]),
                    newsletter_opt_in=rng.random() < 0.5,
                )
            )
            for country in rng.sample(COUNTRIES, 3):
                delegates.append(
                    Delegate(partner=partner, country=country, name=f"Delegate {country}")
                )
            actions.append(
                Action(
                    partner=partner,
                    title=f"Forum on {theme[1]}",
                    title_fr=f"Forum sur {theme[0]}",
                    title_en=f"Forum on {theme[1]}",
                    title_es=f"Foro sobre {theme[2]}",
                    text_en=f"A forum on {theme[1]}.",
                    start_date=datetime.date(2025, 1 + rng.randrange(12), 1),
                    countries=[partner.country.code],
                )
            )
        through.objects.bulk_create(links)
        Contact.objects.bulk_create(contacts)
        Delegate.objects.bulk_create(delegates)
        Action.objects.bulk_create(actions)
        refresh_search_vectors(Partner.objects.filter(pk__in=[p.pk for p in partners]))
        created += size
    return created
