import datetime
import re

import pytest

from partners.models import StatusChange
from tests.conftest import sign_in
from tests.foundation.accounts.helpers import mark_reauthenticated

pytestmark = pytest.mark.django_db

URL = "/en/my/secretariat/partners/partner-a/status/"


def test_secretariat_changes_status_with_decision_date_and_reference(
    client, secretariat, partner_a
):
    sign_in(client, secretariat)
    assert client.get(URL).status_code == 200
    mark_reauthenticated(client, secretariat)
    response = client.post(
        URL,
        {
            "status": "associate",
            "decided_on": "2025-04-10",
            "reference": "DG/7/25/1234",
            "executive_board_session": "221",
        },
    )
    assert response.status_code == 302
    partner_a.refresh_from_db()
    assert partner_a.status == "associate"
    # A change of status keeps the first admission ("partner since") and
    # dates the new status; associate status runs eight years.
    assert partner_a.since == datetime.date(2017, 3, 15)
    assert partner_a.status_since == datetime.date(2025, 4, 10)
    assert partner_a.next_review_date == datetime.date(2033, 4, 10)
    change = StatusChange.objects.get(partner=partner_a)
    assert change.reference == "DG/7/25/1234"
    assert change.previous_status == "consultative"
    assert change.kind == "status-change"
    assert change.changed_by == secretariat
    assert "DG/7/25/1234" in client.get(URL).text


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"reference": "   "}, "This field is required."),
        ({"status": "honorary"}, "Select a valid choice."),
        ({"decided_on": "31/02/2025"}, "Enter a valid date."),
        ({"decided_on": "1900-01-01"}, "The decision date is before UNESCO existed."),
        ({"executive_board_session": "many"}, "Enter a whole number."),
        ({"reference": "x" * 10_000}, "Ensure this value has at most 60 characters"),
    ],
)
def test_hostile_status_input_changes_nothing(client, secretariat, partner_a, changes, message):
    sign_in(client, secretariat)
    mark_reauthenticated(client, secretariat)
    data = {"status": "associate", "decided_on": "2025-04-10", "reference": "DG/1"}
    response = client.post(URL, {**data, **changes})
    assert response.status_code == 400
    assert message in response.text
    partner_a.refresh_from_db()
    assert partner_a.status == "consultative"
    assert not StatusChange.objects.exists()


def test_admin_shows_status_read_only_and_links_to_the_status_page(client, secretariat, partner_a):
    sign_in(client, secretariat)
    response = client.get(f"/admin/partners/partner/{partner_a.pk}/change/")
    assert response.status_code == 200
    assert 'name="status"' not in response.text
    link = re.search(
        r'<a href="/\w\w/my/secretariat/partners/([\w-]+)/status/">([^<]*)</a>', response.text
    )
    assert link is not None
    assert (link[1], link[2]) == ("partner-a", "Record a status decision")


def test_status_change_is_in_the_audit_trail(client, secretariat, partner_a):
    from auditlog.models import LogEntry

    sign_in(client, secretariat)
    mark_reauthenticated(client, secretariat)
    client.post(URL, {"status": "associate", "decided_on": "2025-04-10", "reference": "DG/9"})
    entries = LogEntry.objects.get_for_object(partner_a)
    assert entries.filter(actor=secretariat).exists()
    change = StatusChange.objects.get()
    assert LogEntry.objects.get_for_object(change).get().actor == secretariat
    log_page = client.get("/admin/auditlog/logentry/")
    assert log_page.status_code == 200
