"""Applications in each state, for the lifecycle's tests."""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from partners.lifecycle.models import (
    Application,
    ApplicationDocument,
    PeriodicReport,
    SectorFocalPoint,
)
from partners.lifecycle.services import REQUIRED_DOCUMENTS
from tests.foundation.factories import UserFactory
from tests.partners.factories import sector_for

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pdf_upload(name="statutes.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def complete_application(*, applicant=None, kind="consultative", state="draft", **fields):
    """An application that meets every rule, in `state`, with every required document."""
    applicant = applicant or UserFactory()
    values = {
        "organisation_name": "Comité mondial pour les apprentissages tout au long de la vie",
        "acronym": "CMA",
        "scope": Application.Scope.INTERNATIONAL,
        "country": "FR",
        "city": "Paris",
        "address": "40, rue des Blancs Manteaux",
        "founding_year": 2005,
        "has_legal_status": True,
        "has_statutes": True,
        "has_headquarters": True,
        "mission": "Lifelong learning for everyone.",
        "projects": "A world forum on lifelong learning with UIL.",
        "cooperation": "Co-organised the 2015 lifelong learning week.",
        "head_name": "Yves Attou",
        "head_title": "Président",
        "language": "fr",
        **fields,
    }
    application = Application.objects.create(applicant=applicant, kind=kind, state=state, **values)
    application.sectors.set([sector_for("education")])
    for document_kind in REQUIRED_DOCUMENTS[kind]:
        document = ApplicationDocument(
            application=application,
            kind=document_kind,
            # As people name their files ("Activity report 2024.pdf"), not as codes.
            original_name=f"{document_kind.replace('-', ' ').capitalize()} 2024.pdf",
            content_type="application/pdf",
            size=len(PDF),
        )
        document.file.save(f"{document_kind}.pdf", pdf_upload(), save=False)
        document.save()
    if state != "draft":
        application.submitted_on = datetime.date(2016, 2, 23)
        application.save()
    return application


def focal_point(sector_code="education", **user_fields):
    user = UserFactory(**user_fields)
    SectorFocalPoint.objects.create(user=user, sector=sector_for(sector_code))
    return user


def today():
    return timezone.localdate()


def report_due(partner, due_on, state, **fields):
    """The partner's report for the four years before `due_on`, in `state`."""
    return PeriodicReport.objects.create(
        partner=partner,
        period_start=due_on.replace(year=due_on.year - 4),
        period_end=due_on - datetime.timedelta(days=1),
        due_on=due_on,
        state=state,
        **fields,
    )
