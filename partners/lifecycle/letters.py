"""The decision letter: drafted in the organisation's language, edited, signed as a PDF.

The draft follows the shape of the Director-General's letters (see the seed
letter of 15 March 2017, DG/7/17/1815): reference and date, the addressee,
the decision and the Executive Board session informed, then what the
partnership commits both sides to. The Secretariat edits the text before
signing; signing renders the PDF once (foundation.pdf) and stores it.
"""

from django.conf import settings
from django.core.files.base import ContentFile
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.text import get_text_list
from django.utils.translation import gettext as _

from foundation import display
from foundation.display import FEMININE, ordinal
from partners.lifecycle import rules
from partners.lifecycle.models import Application, DecisionLetter


def draft_letter(application: Application) -> DecisionLetter:
    """The letter answering a decided application, drafted once in its language."""
    existing = DecisionLetter.objects.filter(application=application).first()
    if existing is not None:
        return existing
    language = application.language
    with translation.override(language):
        letter = DecisionLetter(
            application=application,
            language=language,
            reference=application.decision_reference,
            dated=application.decided_on,
            addressee=_addressee(application),
            salutation=_("Dear Sir or Madam,"),
            body=_body(application),
            closing=_("Please accept, Sir or Madam, the assurances of my highest consideration."),
            signatory=getattr(settings, "PARTNERSHIP_LETTER_SIGNATORY", "")
            or _("The Director-General"),
        )
    letter.full_clean(exclude=["pdf", "signed_by"])
    letter.save()
    return letter


def _addressee(application: Application) -> str:
    lines = [application.head_name, application.head_title, application.organisation_name]
    if application.acronym:
        lines[-1] = f"{application.organisation_name} ({application.acronym})"
    lines += [application.address, f"{application.city}", str(application.country.name)]
    return "\n".join(line for line in lines if line and line.strip())


def _body(application: Application) -> str:
    organisation = application.organisation_name
    if application.acronym:
        organisation = f"{organisation} ({application.acronym})"
    request_date = display.date(application.submitted_on)
    session = (
        ordinal(application.executive_board_session, FEMININE)
        if application.executive_board_session
        else ""
    )
    sectors = get_text_list([str(sector) for sector in application.sectors.all()], _("and"))
    if application.state == Application.State.DECLINED:
        return "\n\n".join(
            [
                _(
                    "Further to your request of %(date)s, I regret to inform you that it has "
                    "not been possible to establish an official partnership between UNESCO and "
                    "%(organisation)s at this stage."
                )
                % {"date": request_date, "organisation": organisation},
                application.recommendation_text,
                _(
                    "Your organisation may submit a new request once the conditions set out in "
                    "the Directives concerning UNESCO's partnership with non-governmental "
                    "organizations are met."
                ),
            ]
        )
    if application.kind == Application.Kind.ASSOCIATE:
        decision = _(
            "I am pleased to inform you that, further to your request of %(date)s, the "
            "Executive Board of UNESCO decided at its %(session)s session, on my "
            "recommendation, to admit %(organisation)s to associate status, in accordance with "
            "the Directives concerning UNESCO's partnership with non-governmental organizations "
            "adopted by the General Conference of UNESCO in 2011. Associate status is granted "
            "for %(years)d years, renewable by the Executive Board."
        ) % {
            "date": request_date,
            "session": session,
            "organisation": organisation,
            "years": rules.rule("ASSOCIATE_TERM_YEARS"),
        }
    else:
        decision = _(
            "I am pleased to inform you that, further to your request of %(date)s, I have "
            "decided to establish an official partnership (consultative status) between UNESCO "
            "and %(organisation)s, in accordance with the Directives concerning UNESCO's "
            "partnership with non-governmental organizations adopted by the General Conference "
            "of UNESCO in 2011."
        ) % {"date": request_date, "organisation": organisation}
        if session:
            decision += " " + _(
                "I shall inform the Executive Board of UNESCO of this decision at its "
                "%(session)s session."
            ) % {"session": session}
    commitments = _(
        "This partnership offers new opportunities to increase the impact of our respective "
        "actions. I invite you to pursue and strengthen your cooperation, in particular with "
        "UNESCO's sectors of %(sectors)s, and to report on it every %(years)d years through "
        "the partnership portal, where your organisation's profile is now published."
    ) % {"sectors": sectors or _("competence"), "years": rules.rule("REPORT_CYCLE_YEARS")}
    return "\n\n".join([decision, commitments])


def render_html(letter: DecisionLetter) -> str:
    with translation.override(letter.language):
        return render_to_string(
            "partners/lifecycle/letter_pdf.html",
            {
                "letter": letter,
                "paragraphs": [p for p in letter.body.split("\n\n") if p.strip()],
                "addressee_lines": letter.addressee.splitlines(),
                "static_base": f"{settings.SITE_URL}{settings.STATIC_URL}",
            },
        )


def render_pdf(letter: DecisionLetter) -> bytes:
    from foundation import pdf  # noqa: PLC0415 -- WeasyPrint takes seconds to import

    return pdf.render_pdf(render_html(letter))


def letter_filename(letter: DecisionLetter) -> str:
    safe_reference = "".join(c if c.isalnum() else "-" for c in letter.reference).strip("-")
    return f"letter-{safe_reference or letter.pk}-{letter.language}.pdf"


def store_signed_pdf(letter: DecisionLetter) -> None:
    letter.pdf.save(letter_filename(letter), ContentFile(render_pdf(letter)), save=False)
