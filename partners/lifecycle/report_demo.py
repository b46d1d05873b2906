"""Demo data of the reporting cycle and the reviews (called by partners.demo.seed;
the applications are in partners.lifecycle.demo).

Idempotent: each run finds what the previous one made. Dates are relative to
today, so the overdue report stays overdue and the review stays due however
late the demo is seeded: one overdue report, one report submitted and
awaiting assessment, one suspended partner, one whose partnership ended, one
foundation in official relations, and the review cases the beat task opens.
"""

import datetime

from django.utils import timezone

from partners.lifecycle import rules
from partners.lifecycle.models import PeriodicReport
from partners.lifecycle.reports import report_period
from partners.lifecycle.reviews import review_cases_open_due
from partners.models import Contact, Partner, Sector, Standing, StatusChange

FOUNDATION = {
    "slug": "fondation-savoirs-partages",
    "acronym": "FSP",
    "name_fr": "Fondation Savoirs partagés",
    "name_en": "Shared Knowledge Foundation",
    "name_es": "Fundación Saberes Compartidos",
    "mission_en": "Funds open educational resources and libraries in rural areas.",
    "country": "CH",
    "city": "Genève",
    "since": datetime.date(2012, 10, 4),
    "reference": "DG/4/12/2210",
}

# slug, acronym, names (fr, en, es), country, city, admitted on, admission reference,
# standing, decided on, decision reference, reason
ENDINGS = [
    (
        "andean-heritage",
        "AHA",
        (
            "Alliance andine du patrimoine",
            "Andean Heritage Alliance",
            "Alianza Andina del Patrimonio",
        ),
        "PE",
        "Cusco",
        datetime.date(2011, 5, 17),
        "DG/4/11/1432",
        Standing.SUSPENDED,
        datetime.date(2025, 9, 12),
        "DG/4/25/0817",
        "No periodic report since 2015 and no reply to the Secretariat's letters; "
        "suspended pending the organisation's report.",
    ),
    (
        "nordic-reading-league",
        "NRL",
        ("Ligue nordique de la lecture", "Nordic Reading League", "Liga Nórdica de la Lectura"),
        "NO",
        "Bergen",
        datetime.date(2006, 2, 8),
        "DG/4/06/0311",
        Standing.ENDED,
        datetime.date(2024, 11, 20),
        "DG/4/24/1290",
        "The organisation was dissolved by its general assembly on 30 June 2024.",
    ),
]


def _admission(partner: Partner, status: str, decided_on, reference: str) -> None:
    StatusChange.objects.get_or_create(
        partner=partner,
        reference=reference,
        defaults={
            "kind": StatusChange.Kind.ADMISSION,
            "decided_by": StatusChange.DecidedBy.DIRECTOR_GENERAL,
            "status": status,
            "decided_on": decided_on,
        },
    )


def _foundation() -> Partner:
    spec = FOUNDATION
    partner, _created = Partner.objects.update_or_create(
        slug=spec["slug"],
        defaults={
            "kind": Partner.Kind.FOUNDATION,
            "acronym": spec["acronym"],
            "name": spec["name_en"],
            **{key: spec[key] for key in ("name_fr", "name_en", "name_es", "mission_en")},
            "mission": spec["mission_en"],
            "status": "official-relations",
            "since": spec["since"],
            "status_since": spec["since"],
            "admission_decision_date": spec["since"],
            "decision_reference": spec["reference"],
            "next_review_date": rules.period_end("official-relations", spec["since"]),
            "country": spec["country"],
            "city": spec["city"],
        },
    )
    partner.sectors.set(Sector.objects.filter(code="education"))
    _admission(partner, "official-relations", spec["since"], spec["reference"])
    return partner


def _ended(spec) -> Partner:
    slug, acronym, names, country, city, since, reference, standing, on, decision, note = spec
    partner, _created = Partner.objects.update_or_create(
        slug=slug,
        defaults={
            "acronym": acronym,
            "name": names[1],
            "name_fr": names[0],
            "name_en": names[1],
            "name_es": names[2],
            "status": "consultative",
            "since": since,
            "status_since": since,
            "admission_decision_date": since,
            "decision_reference": reference,
            "country": country,
            "city": city,
            "standing": standing,
            "standing_since": on,
            "next_review_date": None if standing == Standing.ENDED else rules.add_years(on, 1),
            "next_report_due": None,
        },
    )
    partner.sectors.set(Sector.objects.filter(code="culture"))
    _admission(partner, "consultative", since, reference)
    StatusChange.objects.get_or_create(
        partner=partner,
        reference=decision,
        defaults={
            "kind": StatusChange.Kind.SUSPENSION
            if standing == Standing.SUSPENDED
            else StatusChange.Kind.TERMINATION,
            "decided_by": StatusChange.DecidedBy.DIRECTOR_GENERAL,
            "status": "consultative",
            "decided_on": on,
            "note": note,
        },
    )
    Contact.objects.update_or_create(
        partner=partner,
        email=f"contact@{slug}.example.org",
        defaults={"name": f"{acronym} Secretariat", "preferred_language": "es"},
    )
    return partner


def _report(partner: Partner, *, due_on, **fields) -> PeriodicReport:
    Partner.objects.filter(pk=partner.pk).update(next_report_due=due_on)
    partner.refresh_from_db()
    start, end = report_period(partner=partner, due_on=due_on)
    report, _created = PeriodicReport.objects.update_or_create(
        partner=partner,
        period_start=start,
        defaults={"period_end": end, "due_on": due_on, **fields},
    )
    report.sectors.set(partner.sectors.all())
    return report


def seed(*, today: datetime.date | None = None) -> None:
    today = today or timezone.localdate()
    _foundation()
    for spec in ENDINGS:
        _ended(spec)
    overdue = Partner.objects.filter(slug="ocean-knowledge").first()
    if overdue is not None:
        _report(
            overdue,
            due_on=today - datetime.timedelta(days=45),
            state=PeriodicReport.State.DRAFT,
            cooperation="",
        )
        # Its period ends within the notice: the review case opens below.
        Partner.objects.filter(pk=overdue.pk).update(
            next_review_date=today + datetime.timedelta(days=120)
        )
    submitted = Partner.objects.filter(slug="icme").first()
    if submitted is not None:
        _report(
            submitted,
            due_on=today + datetime.timedelta(days=30),
            state=PeriodicReport.State.SUBMITTED,
            submitted_at=timezone.now(),
            cooperation="Literacy circles run with the Education Sector in Senegal, Mali and "
            "Niger; contribution to the Global Education Monitoring Report consultation.",
            joint_activities="Joint training of 240 literacy facilitators with the UNESCO "
            "Dakar office (2023–2025).",
        )
    review_cases_open_due(today=today)
