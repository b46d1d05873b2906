"""An application for partnership, from the draft to the public profile, in the browser.

An applicant applies in Spanish; the Secretariat asks for a missing document;
the applicant adds it and submits again; the Education Sector's focal point
comments; the Director-General's decision is recorded; the letter's PDF is in
Spanish; the new partner's public profile shows its admission in French.
"""

import io
from pathlib import Path

from django.urls import reverse
from django.utils import timezone, translation
from pypdf import PdfReader

from foundation import display
from partners.lifecycle.models import Application, SectorFocalPoint
from partners.models import Partner, Sector
from tests.conftest import add_totp, verified
from tests.e2e.journey import E2E
from tests.factories import UserFactory

pytestmark = E2E

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
DOCUMENTS = {
    "statutes": "estatutos.pdf",
    "legal-recognition": "reconocimiento.pdf",
    "members": "miembros.pdf",
    "activity-report": "informe.pdf",
}


def click_submit(page, action_suffix: str) -> None:
    page.locator(f'form[action$="{action_suffix}"] button[type="submit"]').first.click()
    page.wait_for_load_state("load")


def add_document(page, application, kind: str, name: str) -> None:
    form = page.locator(f'form[action$="/applications/{application.pk}/documents/"]')
    form.locator('[name="kind"]').select_option(kind)
    form.locator('[name="file"]').set_input_files(
        {"name": name, "mimeType": "application/pdf", "buffer": PDF}
    )
    form.locator('button[type="submit"]').click()
    page.wait_for_load_state("load")


def test_an_application_in_spanish_becomes_a_partner_shown_in_french(journey):
    today = timezone.localdate()
    applicant = verified(UserFactory(email="solicitante@example.org", preferred_language="es"))
    secretariat = verified(UserFactory(email="sec@example.org", is_secretariat=True))
    add_totp(secretariat)
    focal = verified(UserFactory(email="educacion@example.org"))
    SectorFocalPoint.objects.create(user=focal, sector=Sector.objects.get(code="education"))

    # The applicant starts a request in Spanish and fills the form.
    page = journey.as_user(applicant, language="es", axe=True)
    page.goto(journey.url("/es/partnership/"))
    journey.axe_check(page)
    page.goto(journey.url("/es/partnership/apply/"))
    page.check('input[name="kind"][value="consultative"]')
    page.locator('main form button[type="submit"]').first.click()
    page.wait_for_load_state("load")
    application = Application.objects.get(applicant=applicant)
    page.fill('[name="organisation_name"]', "Red Latinoamericana de Educación Popular")
    page.fill('[name="acronym"]', "RLEP")
    page.fill('[name="founding_year"]', "2009")
    page.select_option('[name="country"]', "PE")
    page.fill('[name="city"]', "Lima")
    page.fill('[name="head_name"]', "Señora Rosa Quispe")
    page.fill('[name="head_title"]', "Presidenta")
    for name in ("has_legal_status", "has_statutes", "has_headquarters"):
        page.check(f'[name="{name}"]')
    education = Sector.objects.get(code="education")
    page.check(f'input[name="sectors"][value="{education.pk}"]')
    page.fill('[name="mission"]', "Educación popular de personas adultas en América Latina.")
    page.fill('[name="projects"]', "Una red regional de alfabetización con el UIL.")
    page.fill('[name="cooperation"]', "Participación en CONFINTEA VII.")
    page.select_option('[name="language"]', "es")
    with translation.override("es"):
        edit_path = reverse("partnership:application_edit", args=[application.pk])
    page.locator(f'main form[action="{edit_path}"] button[type="submit"]').first.click()
    page.wait_for_load_state("load")
    journey.axe_check(page)
    # Four of the five documents: the financial report is forgotten.
    for kind, name in DOCUMENTS.items():
        add_document(page, application, kind, name)
    # The checklist still asks for the financial report.
    assert application.documents.count() == 4
    add_document(page, application, "financial-report", "finanzas.pdf")
    click_submit(page, f"/applications/{application.pk}/submit/")
    application.refresh_from_db()
    assert application.state == "submitted"

    # The Secretariat asks for the instrument of legal recognition in force.
    office = journey.as_user(secretariat, language="en")
    office.goto(journey.url("/en/partnership/examination/"))
    assert "Red Latinoamericana de Educación Popular" in office.content()
    office.goto(journey.url(f"/en/partnership/applications/{application.pk}/"))
    office.select_option('[name="to_state"]', "incomplete")
    office.fill('[name="message"]', "Please add the instrument of legal recognition in force.")
    click_submit(office, f"/applications/{application.pk}/decide/")
    application.refresh_from_db()
    assert application.state == "incomplete"

    # The applicant sees the request, adds the document and submits again.
    page.goto(journey.url(f"/es/partnership/applications/{application.pk}/edit/"))
    assert "instrument of legal recognition in force" in page.content()
    add_document(page, application, "legal-recognition", "reconocimiento-2024.pdf")
    click_submit(page, f"/applications/{application.pk}/submit/")
    application.refresh_from_db()
    assert application.state == "submitted"

    # The Education Sector's focal point comments.
    sector_page = journey.as_user(focal, language="en")
    sector_page.goto(journey.url(f"/en/partnership/applications/{application.pk}/"))
    sector_page.select_option('[name="sector"]', str(education.pk))
    sector_page.fill('[name="text"]', "Known to UIL through CONFINTEA VII.")
    click_submit(sector_page, f"/applications/{application.pk}/comment/")
    assert application.comments.get().text == "Known to UIL through CONFINTEA VII."

    # Examination, recommendation, and the Director-General's decision.
    for to_state, fields in [
        ("examination", {}),
        ("recommended", {"recommendation": "favourable", "recommendation_text": "Regular work."}),
        (
            "admitted",
            {
                "decided_on": today.isoformat(),
                "reference": "DG/7/26/2001",
                "executive_board_session": "223",
            },
        ),
    ]:
        office.goto(journey.url(f"/en/partnership/applications/{application.pk}/"))
        office.select_option('[name="to_state"]', to_state)
        for name, value in fields.items():
            if name == "recommendation":
                office.select_option(f'[name="{name}"]', value)
            else:
                office.fill(f'[name="{name}"]', value)
        click_submit(office, f"/applications/{application.pk}/decide/")
        application.refresh_from_db()
        assert application.state == to_state, office.locator(".messages").all_inner_texts()

    # The letter is in Spanish; the Secretariat signs it.
    office.goto(journey.url(f"/en/partnership/applications/{application.pk}/letter/"))
    click_submit(office, f"/applications/{application.pk}/letter/sign/")
    application.letter.refresh_from_db()
    assert application.letter.is_signed
    with page.expect_download() as download:
        page.goto(journey.url(f"/es/partnership/applications/{application.pk}/"))
        page.locator(f'a[href$="/applications/{application.pk}/letter.pdf"]').click()
    content = Path(download.value.path()).read_bytes()
    text = " ".join(
        " ".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages).split()
    )
    assert "asociación oficial (estatus consultivo)" in text
    assert "223.ª" in text

    # The public profile, in French, shows the admission.
    partner = Partner.objects.get(acronym="RLEP")
    visitor = journey.page
    visitor.goto(journey.url(f"/fr/partners/{partner.slug}/"))
    assert "DG/7/26/2001" in visitor.content()
    # The site's own date filter: "1er décembre" on the first of a month.
    with translation.override("fr"):
        assert display.date(today, "DATE_FORMAT") in visitor.content()
