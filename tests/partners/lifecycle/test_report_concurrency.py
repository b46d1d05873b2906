"""A report's first save from two requests at once, against PostgreSQL: one
report, which both requests go on with."""

import datetime
import time

import pytest
from django.db import transaction

from partners.lifecycle import reports
from partners.lifecycle.models import PeriodicReport
from tests.concurrency import run_in_parallel
from tests.factories import PartnerFactory

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.concurrency,
]

DUE = datetime.date(2026, 3, 15)


def test_two_first_saves_at_once_make_one_report():
    partner = PartnerFactory(next_report_due=DUE, since=datetime.date(2001, 1, 1))
    # Rows the fallback read must not pick: another partner's report of the
    # same period, and this partner's report of the period before.
    PartnerFactory(next_report_due=DUE, since=datetime.date(2001, 1, 1))
    other = PartnerFactory(next_report_due=DUE, since=datetime.date(2001, 1, 1))
    reports.report_for_due_date(partner=other)
    PeriodicReport.objects.create(
        partner=partner,
        period_start=datetime.date(2018, 3, 15),
        period_end=datetime.date(2022, 3, 15),
        due_on=datetime.date(2022, 3, 15),
        state=PeriodicReport.State.ACCEPTED,
    )
    made = []

    def first_save():
        with transaction.atomic():
            made.append(reports.report_for_due_date(partner=partner).pk)
            # Still uncommitted when the other request makes its own.
            time.sleep(1)

    assert run_in_parallel([first_save, first_save]) == ["ok", "ok"]
    current = PeriodicReport.objects.get(partner=partner, due_on=DUE)
    assert made == [current.pk, current.pk]
