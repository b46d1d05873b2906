"""Emails about periodic reports, queued through foundation.mail.outbox.

Called inside the transaction of the change they report; each key names the
event, so a repeated call mails nobody twice. Each editor is written to in
their preferred language (a partner without editors: its contacts, as for
review reminders).
"""

from django.conf import settings
from django.urls import reverse
from django.utils import translation

from foundation.mail import outbox
from partners.emails import review_reminder_recipients


def _editor_url(language: str) -> str:
    with translation.override(language):
        return settings.SITE_URL + reverse("partners_editor:report")


def _send_to_partner(report, template: str, key: str, **context) -> int:
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
                "url": _editor_url(language),
                "site_url": settings.SITE_URL,
            },
        )
    return queued


def report_reminder(report, *, when: str) -> int:
    """`when` is "before" (the due date is near) or "after" (it has passed)."""
    return _send_to_partner(
        report,
        f"partners-report-reminder-{when}",
        key=f"partners.report-reminder-{when}:{report.pk}:{report.due_on.isoformat()}",
    )


def report_assessed(report) -> int:
    """Accepted, or more information requested (with the Secretariat's message)."""
    return _send_to_partner(
        report,
        "partners-report-assessed",
        key=f"partners.report-assessed:{report.pk}:{report.state}:{report.assessed_at.isoformat()}",
        accepted=report.state == "accepted",
    )


def report_submitted(report) -> int:
    """Acknowledge the submission to the partner's editors."""
    return _send_to_partner(
        report,
        "partners-report-submitted",
        key=f"partners.report-submitted:{report.pk}:{report.submitted_at.isoformat()}",
    )
