"""The demo's reporting cycle and reviews (partners.lifecycle.report_demo), seeded twice."""

import datetime

import pytest

from partners import demo
from partners.lifecycle import selectors
from partners.lifecycle.models import PeriodicReport, ReviewCase
from partners.models import Partner, StatusChange

pytestmark = pytest.mark.django_db


def test_demo_tells_each_case_once_however_often_it_is_seeded():
    demo.seed(with_accounts=False)
    counts = (
        Partner.objects.count(),
        StatusChange.objects.count(),
        PeriodicReport.objects.count(),
        ReviewCase.objects.count(),
    )
    demo.seed(with_accounts=False)
    assert counts == (
        Partner.objects.count(),
        StatusChange.objects.count(),
        PeriodicReport.objects.count(),
        ReviewCase.objects.count(),
    )
    today = datetime.date.today()
    assert [p.slug for p in selectors.partners_overdue(today=today)] == ["ocean-knowledge"]
    assert PeriodicReport.objects.get(state="submitted").partner.slug == "icme"
    assert Partner.objects.get(slug="andean-heritage").standing == "suspended"
    ended = Partner.objects.get(slug="nordic-reading-league")
    assert ended.standing == "ended"
    assert ended.status_changes.get(kind="termination").reference == "DG/4/24/1290"
    foundation = Partner.objects.get(slug="fondation-savoirs-partages")
    assert (foundation.kind, foundation.status) == ("foundation", "official-relations")
    assert ReviewCase.objects.filter(partner__slug="ocean-knowledge", outcome="").exists()
