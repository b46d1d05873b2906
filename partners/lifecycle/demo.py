"""Demo applications telling the seed letter's story (idempotent).

CMA's request of 23 February 2016, examined and decided by the
Director-General on 15 March 2017 (DG/7/17/1815), the Executive Board
informed at its 202nd session, with the signed letter; a request under
examination; and CMA's own request for associate status in the current
batch. Applicants are placeholder users without a usable password;
`seed_demo --with-accounts` makes the one under examination a demo account.
"""

import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone

from partners.lifecycle import letters, rules
from partners.lifecycle.models import Application, ApplicationStep, SectorFocalPoint
from partners.models import Partner, Sector

APPLICANT_EMAIL = "applicant@demo.example.org"
FOCAL_POINT_EMAIL = "focal-point@demo.example.org"


def _placeholder(email: str, full_name: str):
    user, created = get_user_model().objects.get_or_create(
        email=email, defaults={"full_name": full_name, "preferred_language": "fr"}
    )
    if created:
        user.set_unusable_password()
        user.save()
    return user


def _steps(application, steps):
    if application.steps.exists():
        return
    for from_state, to_state, at, message in steps:
        ApplicationStep.objects.create(
            application=application,
            from_state=from_state,
            to_state=to_state,
            at=timezone.make_aware(datetime.datetime.combine(at, datetime.time(10))),
            message=message,
        )


def _cma_request(partner: Partner) -> Application:
    applicant = _placeholder("president@wcll-cma.example.org", "Yves Attou")
    application, _created = Application.objects.update_or_create(
        applicant=applicant,
        kind=Application.Kind.CONSULTATIVE,
        submitted_on=datetime.date(2016, 2, 23),
        defaults={
            "state": Application.State.ADMITTED,
            "partner": partner,
            "organisation_name": "Comité mondial pour les apprentissages tout au long de la vie",
            "acronym": "CMA",
            "scope": Application.Scope.INTERNATIONAL,
            "country": "FR",
            "city": "75004 Paris",
            "address": "40, rue des Blancs Manteaux",
            "founding_year": 2005,
            "has_legal_status": True,
            "has_statutes": True,
            "has_headquarters": True,
            "mission": partner.mission_fr,
            "projects": "Programme international « 1000 réseaux pour les apprentissages tout au "
            "long de la vie », avec l'Institut de l'UNESCO pour l'apprentissage tout au long de "
            "la vie (UIL).",
            "cooperation": "Forums mondiaux des apprentissages tout au long de la vie depuis 2008.",
            "head_name": "Monsieur Yves ATTOU",
            "head_title": "Président",
            "language": "fr",
            "recommendation": Application.Recommendation.FAVOURABLE,
            "recommendation_text": "Engagement dans l'apprentissage tout au long de la vie, en "
            "lien avec le Secteur de l'éducation et l'UIL.",
            "decision_body": Application.DecisionBody.DIRECTOR_GENERAL,
            "decided_on": datetime.date(2017, 3, 15),
            "decision_reference": "DG/7/17/1815",
            "executive_board_session": 202,
        },
    )
    application.sectors.set(Sector.objects.filter(code__in=["education", "social-human-sciences"]))
    _steps(
        application,
        [
            ("", "draft", datetime.date(2016, 2, 20), ""),
            ("draft", "submitted", datetime.date(2016, 2, 23), ""),
            ("submitted", "examination", datetime.date(2016, 4, 4), ""),
            ("examination", "recommended", datetime.date(2017, 1, 16), ""),
            ("recommended", "admitted", datetime.date(2017, 3, 15), ""),
        ],
    )
    letter = letters.draft_letter(application)
    if not letter.is_signed:
        letter.signed_at = timezone.make_aware(datetime.datetime(2017, 3, 15, 11))
        letter.sent_at = letter.signed_at
        letters.store_signed_pdf(letter)
        letter.save()
    return application


def _under_examination() -> Application:
    applicant = _placeholder(APPLICANT_EMAIL, "Aminata Diallo")
    application, _created = Application.objects.update_or_create(
        applicant=applicant,
        kind=Application.Kind.CONSULTATIVE,
        defaults={
            "state": Application.State.UNDER_EXAMINATION,
            "submitted_on": timezone.localdate() - datetime.timedelta(days=45),
            "organisation_name": "Réseau africain pour l'éducation des filles",
            "acronym": "RAEF",
            "scope": Application.Scope.REGIONAL,
            "country": "SN",
            "city": "Dakar",
            "founding_year": 2011,
            "has_legal_status": True,
            "has_statutes": True,
            "has_headquarters": True,
            "mission": "Scolarisation et maintien des filles à l'école en Afrique de l'Ouest.",
            "projects": "Campagne régionale pour le retour à l'école des filles.",
            "cooperation": "Participation à la Coalition mondiale pour l'éducation.",
            "head_name": "Madame Aminata Diallo",
            "head_title": "Secrétaire générale",
            "language": "fr",
        },
    )
    application.sectors.set(Sector.objects.filter(code="education"))
    _steps(
        application,
        [
            ("", "draft", application.submitted_on - datetime.timedelta(days=3), ""),
            ("draft", "submitted", application.submitted_on, ""),
            (
                "submitted",
                "examination",
                application.submitted_on + datetime.timedelta(days=10),
                "",
            ),
        ],
    )
    return application


def _associate_request(partner: Partner) -> Application:
    applicant = _placeholder("secretariat@wcll-cma.example.org", "CMA Secretariat")
    today = timezone.localdate()
    application, _created = Application.objects.update_or_create(
        applicant=applicant,
        kind=Application.Kind.ASSOCIATE,
        partner=partner,
        defaults={
            "state": Application.State.SUBMITTED,
            "submitted_on": min(today, rules.associate_deadline(today.year)),
            "batch_year": rules.associate_batch_year(
                min(today, rules.associate_deadline(today.year))
            ),
            "organisation_name": partner.name,
            "acronym": partner.acronym,
            "scope": Application.Scope.INTERNATIONAL,
            "country": partner.country,
            "city": partner.city,
            "founding_year": partner.founding_year,
            "has_legal_status": True,
            "has_statutes": True,
            "has_headquarters": True,
            "mission": partner.mission_en,
            "cooperation": "Joint projects with UIL since 2017: world forums, the 1000 networks "
            "programme, lifelong learning weeks.",
            "head_name": "Yves Attou",
            "head_title": "President",
            "language": "en",
        },
    )
    application.sectors.set(partner.sectors.all())
    return application


def seed(*, with_accounts: bool, stdout=None) -> None:
    cma = Partner.objects.filter(slug="wcll").first()
    if cma is None:
        return
    _cma_request(cma)
    _under_examination()
    _associate_request(cma)
    focal = _placeholder(FOCAL_POINT_EMAIL, "Education Sector focal point (demo)")
    SectorFocalPoint.objects.get_or_create(user=focal, sector=Sector.objects.get(code="education"))
    if stdout is not None:
        stdout.write(f"Applications: {Application.objects.count()}.")
