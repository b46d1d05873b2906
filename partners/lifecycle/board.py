"""The annual list of decisions for the Executive Board, as XLSX and PDF.

Consultative admissions decided during the year, then the associate requests
of the batch with the Director-General's recommendations
(selectors.executive_board_list). Cells go through foundation.exports.neutralize:
an organisation's name is text typed by the public.
"""

import io

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import Workbook

from foundation import display
from foundation.exports import neutralize


def _admission_rows(admissions):
    for application in admissions:
        yield [
            application.organisation_name,
            application.acronym,
            str(application.country.name),
            display.date(application.decided_on),
            application.decision_reference,
        ]


def _associate_rows(associate):
    for application in associate:
        yield [
            application.organisation_name,
            application.acronym,
            str(application.country.name),
            application.get_state_display(),
            application.get_recommendation_display() if application.recommendation else "",
            application.recommendation_text,
        ]


def as_xlsx(listing: dict) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Consultative admissions"))
    sheet.append(
        [_("Organisation"), _("Acronym"), _("Country"), _("Decision date"), _("Reference")]
    )
    for row in _admission_rows(listing["admissions"]):
        sheet.append([neutralize(cell) for cell in row])
    sheet = workbook.create_sheet(_("Associate requests"))
    sheet.append(
        [
            _("Organisation"),
            _("Acronym"),
            _("Country"),
            _("State"),
            _("Recommendation"),
            _("Grounds"),
        ]
    )
    for row in _associate_rows(listing["associate"]):
        sheet.append([neutralize(cell) for cell in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def as_pdf(listing: dict) -> bytes:
    from foundation import pdf  # noqa: PLC0415 -- WeasyPrint takes seconds to import

    html = render_to_string(
        "partners/lifecycle/board_pdf.html",
        {
            **listing,
            "admission_rows": list(_admission_rows(listing["admissions"])),
            "associate_rows": list(_associate_rows(listing["associate"])),
            "static_base": f"{settings.SITE_URL}{settings.STATIC_URL}",
            "language": translation.get_language(),
        },
    )
    return pdf.render_pdf(html)
