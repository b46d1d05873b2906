"""Sort the decisions already recorded into admissions and later changes.

Until now every decision overwrote the partner's admission fields and reset
"since"; the first recorded decision of each partner is its admission, and
"since" goes back to it. Each partner's current status dates from its last
decision, and its next periodic report from the reporting cycle (four years
from admission, the first anniversary of the cycle still to come).
"""

import datetime

from django.db import migrations

REPORT_CYCLE_YEARS = 4


def _add_years(day, years):
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def forwards(apps, schema_editor):
    Partner = apps.get_model("partners", "Partner")
    StatusChange = apps.get_model("partners", "StatusChange")
    today = datetime.date.today()
    for partner in Partner.objects.only("id", "since", "status").iterator(chunk_size=500):
        changes = list(
            StatusChange.objects.filter(partner_id=partner.pk).order_by("decided_on", "created_at")
        )
        fields = {}
        if changes:
            first = changes[0]
            StatusChange.objects.filter(pk=first.pk).update(kind="admission")
            for change in changes:
                body = (
                    "executive-board"
                    if "EX" in change.reference.upper()
                    else "director-general"
                    if change.reference.upper().startswith("DG")
                    else ""
                )
                if body:
                    StatusChange.objects.filter(pk=change.pk).update(decided_by=body)
            fields["since"] = first.decided_on
            fields["admission_decision_date"] = first.decided_on
            fields["decision_reference"] = first.reference
            fields["executive_board_session"] = first.executive_board_session
            fields["status_since"] = changes[-1].decided_on
        else:
            fields["status_since"] = partner.since
        start = fields.get("since", partner.since)
        due = _add_years(start, REPORT_CYCLE_YEARS)
        years = REPORT_CYCLE_YEARS
        while due < today:
            years += REPORT_CYCLE_YEARS
            due = _add_years(start, years)
        fields["next_report_due"] = due
        Partner.objects.filter(pk=partner.pk).update(**fields)


class Migration(migrations.Migration):
    dependencies = [("partners", "0008_partnership_lifecycle")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
