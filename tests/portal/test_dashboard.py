import datetime

import pytest
from django.utils import timezone

from tests.conftest import sign_in
from tests.factories import ActionFactory, DelegateProfileFactory, PartnerFactory
from tests.partners.factories import PartnerRevisionFactory

pytestmark = pytest.mark.django_db


def test_editor_sees_organisation_pending_change_and_actions(client, editor_a, partner_a):
    PartnerRevisionFactory(partner=partner_a)
    ActionFactory(partner=partner_a, title_en="Our literacy campaign")
    sign_in(client, editor_a)
    page = client.get("/en/my/")
    assert "Your organisation: Partner A" in page.text
    assert "pending the Secretariat" in page.text
    assert "Our literacy campaign" in page.text
    assert "profile changes to review" not in page.text


def test_secretariat_sees_queue_delegates_and_reviews_due(client, secretariat, partner_a):
    PartnerRevisionFactory(partner=partner_a)
    DelegateProfileFactory(user__email="new-delegate@example.org", user__full_name="Ana Lima")
    soon = timezone.localdate() + datetime.timedelta(days=90)
    PartnerFactory(name_en="Due Soon", slug="due-soon", next_review_date=soon)
    PartnerFactory(
        name_en="Due Later", slug="due-later", next_review_date=soon.replace(year=soon.year + 2)
    )
    sign_in(client, secretariat)
    page = client.get("/en/my/")
    assert "1 profile change to review" in page.text
    assert "Ana Lima" in page.text
    assert "Due Soon" in page.text
    assert "Due Later" not in page.text


def test_secretariat_without_two_factor_is_told_to_set_it_up(client, secretariat_without_mfa):
    sign_in(client, secretariat_without_mfa)
    page = client.get("/en/my/")
    assert "Set up two-factor authentication" in page.text
    assert "profile change" not in page.text


def _panel_queries(user, django_assert_max_num_queries, limit):
    """Queries of this branch's panels alone: other apps add their own panels."""
    from django.test import RequestFactory

    import foundation.accounts.dashboard
    import partners.dashboard

    request = RequestFactory().get("/en/my/")
    request.user = user
    with django_assert_max_num_queries(limit):
        panels = partners.dashboard.panels(request) + foundation.accounts.dashboard.panels(request)
    return panels


def test_secretariat_panels_query_count_does_not_grow(secretariat, django_assert_max_num_queries):
    partner = PartnerFactory()
    PartnerRevisionFactory(partner=partner)
    _panel_queries(secretariat, django_assert_max_num_queries, 11)
    for _ in range(8):
        PartnerRevisionFactory(
            partner=PartnerFactory(
                next_review_date=timezone.localdate() + datetime.timedelta(days=30)
            )
        )
        DelegateProfileFactory()
    panels = _panel_queries(secretariat, django_assert_max_num_queries, 11)
    assert panels[0]["context"]["revision_count"] == 9


def test_editor_panels_query_count_is_bounded(editor_a, partner_a, django_assert_max_num_queries):
    ActionFactory(partner=partner_a)
    _panel_queries(editor_a, django_assert_max_num_queries, 6)
    for _ in range(12):
        ActionFactory(partner=partner_a)
    panels = _panel_queries(editor_a, django_assert_max_num_queries, 6)
    assert panels[0]["context"]["action_count"] == 13
