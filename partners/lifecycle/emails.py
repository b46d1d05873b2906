"""Emails about an application, to its applicant, in the language of the request.

Called inside the transaction of the step they report (foundation.mail.outbox
sends after the commit); each key names the step, so nobody is mailed twice.
"""

from django.conf import settings
from django.urls import reverse
from django.utils import translation

from foundation.mail import outbox
from partners.lifecycle.models import Application, ApplicationStep, DecisionLetter

# The steps the applicant hears about by email, and the template of each.
STEP_TEMPLATES = {
    Application.State.SUBMITTED: "partners-application-receipt",
    Application.State.INCOMPLETE: "partners-application-incomplete",
}


def _url(application: Application, name: str) -> str:
    with translation.override(application.language):
        return settings.SITE_URL + reverse(name, kwargs={"pk": application.pk})


def application_step(application: Application, step: ApplicationStep) -> bool:
    template = STEP_TEMPLATES.get(step.to_state)
    if template is None:
        return False
    return outbox.send(
        template,
        to=application.applicant.email,
        language=application.language,
        key=f"partners.application:{application.pk}:step:{step.pk}",
        context={
            "application": application,
            "step": step,
            "url": _url(application, "partnership:application_detail"),
            "site_url": settings.SITE_URL,
            "language": application.language,
        },
    )


def letter_ready(letter: DecisionLetter) -> bool:
    application = letter.application
    return outbox.send(
        "partners-application-letter",
        to=application.applicant.email,
        language=letter.language,
        key=f"partners.application:{application.pk}:letter",
        context={
            "application": application,
            "letter": letter,
            "url": _url(application, "partnership:application_detail"),
            "site_url": settings.SITE_URL,
            "language": letter.language,
        },
    )
