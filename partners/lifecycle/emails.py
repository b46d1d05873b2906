"""Emails of the partnership's lifecycle, queued through foundation.mail.outbox.

An application's emails go to its applicant in the language of the request;
a periodic report's go to each editor of the partner in their preferred
language (a partner without editors: its contacts, as for review reminders).

Called inside the transaction of the step they report (the outbox sends
after the commit); each key names the event, so a repeated call mails nobody
twice. Each email below names its template and its key; the two helpers say
who receives it and what every template of its kind is given.
"""

from django.conf import settings
from django.urls import reverse
from django.utils import translation

from foundation.mail import outbox
from partners.emails import review_reminder_recipients
from partners.lifecycle.models import Application, ApplicationStep, DecisionLetter

# The steps the applicant hears about by email, and the template of each.
STEP_TEMPLATES = {
    Application.State.SUBMITTED: "partners-application-receipt",
    Application.State.INCOMPLETE: "partners-application-incomplete",
}


def _url(name: str, language: str, **kwargs) -> str:
    with translation.override(language):
        return settings.SITE_URL + reverse(name, kwargs=kwargs or None)


def _to_applicant(
    application: Application, template: str, *, key: str, language: str, **context
) -> bool:
    return outbox.send(
        template,
        to=application.applicant.email,
        language=language,
        key=key,
        context={
            "application": application,
            **context,
            "url": _url("partnership:application_detail", application.language, pk=application.pk),
            "site_url": settings.SITE_URL,
            "language": language,
        },
    )


def _to_partner(report, template: str, *, key: str, **context) -> int:
    queued = 0
    for email, language in review_reminder_recipients(report.partner):
        language = language or settings.LANGUAGE_CODE
        queued += outbox.send(
            template,
            to=email,
            language=language,
            key=key,
            context={
                **context,
                "report": report,
                "partner": report.partner,
                "url": _url("partners_editor:report", language),
                "site_url": settings.SITE_URL,
            },
        )
    return queued


# --- Applications -----------------------------------------------------------------


def application_step(application: Application, step: ApplicationStep) -> bool:
    """A receipt on submission, the Secretariat's request when incomplete; other steps: nothing."""
    if (template := STEP_TEMPLATES.get(step.to_state)) is None:
        return False
    key = f"partners.application:{application.pk}:step:{step.pk}"
    return _to_applicant(application, template, key=key, language=application.language, step=step)


def letter_ready(letter: DecisionLetter) -> bool:
    key = f"partners.application:{letter.application.pk}:letter"
    application = letter.application
    return _to_applicant(
        application, "partners-application-letter", key=key, language=letter.language, letter=letter
    )


# --- Periodic reports -----------------------------------------------------------


def report_reminder(report, *, when: str) -> int:
    """`when` is "before" (the due date is near) or "after" (it has passed)."""
    key = f"partners.report-reminder-{when}:{report.pk}:{report.due_on.isoformat()}"
    return _to_partner(report, f"partners-report-reminder-{when}", key=key)


def report_assessed(report) -> int:
    """Accepted, or more information requested (with the Secretariat's message)."""
    key = f"partners.report-assessed:{report.pk}:{report.state}:{report.assessed_at.isoformat()}"
    return _to_partner(
        report, "partners-report-assessed", key=key, accepted=report.state == "accepted"
    )


def report_submitted(report) -> int:
    """Acknowledge the submission to the partner's editors."""
    key = f"partners.report-submitted:{report.pk}:{report.submitted_at.isoformat()}"
    return _to_partner(report, "partners-report-submitted", key=key)
