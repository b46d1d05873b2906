"""The elections' reminders on the dashboard: nominate, vote now, results published."""

import datetime

import pytest
from django.test import RequestFactory
from django.utils import timezone

from forums.elections import dashboard
from forums.models import RollEntry, VoterMark
from tests.conftest import sign_in
from tests.factories import PartnerEditorFactory, UserFactory
from tests.forums.elections.factories import ElectionFactory, candidature, open_voting
from tests.partners.factories import PartnerFactory

pytestmark = pytest.mark.django_db


def _panels(user):
    request = RequestFactory().get("/en/my/")
    request.user = type(user).objects.get(pk=user.pk)
    return dashboard.panels(request)


def _voting(election, email):
    open_voting(election)
    election.roll_closed_at = timezone.now() - datetime.timedelta(hours=2)
    election.save()
    return RollEntry.objects.create(
        election=election,
        partner=PartnerFactory(),
        delegate_name="Ana Delegate",
        delegate_email=email,
    )


def test_eligible_editor_is_asked_to_nominate_while_candidatures_are_open(client, editor_a):
    ElectionFactory(title_en="Election 2026")
    sign_in(client, editor_a)
    page = client.get("/en/my/")
    assert "Nominate your NGO: Election 2026" in page.text


def test_no_nomination_reminder_for_an_ngo_that_may_not_stand_or_already_stands(editor_a):
    election = ElectionFactory()
    candidature(election, partner=editor_a.partner_editor.partner)
    assert _panels(editor_a) == []
    foundation = PartnerEditorFactory(partner=PartnerFactory(status="official")).user
    assert _panels(foundation) == []
    suspended = PartnerEditorFactory(partner=PartnerFactory(standing="suspended")).user
    assert _panels(suspended) == []


def test_delegate_with_an_unused_ballot_is_asked_to_vote_and_not_after(client):
    voter = UserFactory(email="delegate@example.org")
    entry = _voting(ElectionFactory(title_en="Election 2026"), "Delegate@Example.org")
    sign_in(client, voter)
    assert "Vote now: Election 2026" in client.get("/en/my/").text
    VoterMark.objects.create(election=entry.election, roll_entry=entry)
    assert "Vote now" not in client.get("/en/my/").text


def test_results_published_after_the_count_for_a_while(client, editor_b):
    election = ElectionFactory(title_en="Election 2024")
    election.counted_at = timezone.now() - datetime.timedelta(days=3)
    election.candidatures_close = timezone.now() - datetime.timedelta(days=30)
    election.voting_opens = timezone.now() - datetime.timedelta(days=4)
    election.voting_closes = timezone.now() - datetime.timedelta(days=3, hours=20)
    election.save()
    sign_in(client, editor_b)
    assert "Results published: Election 2024" in client.get("/en/my/").text
    election.counted_at = timezone.now() - datetime.timedelta(days=90)
    election.save()
    assert _panels(editor_b) == []


def test_panel_queries_do_not_grow_with_the_elections(editor_a, django_assert_max_num_queries):
    voter = editor_a
    ElectionFactory()
    _voting(ElectionFactory(), editor_a.email)
    with django_assert_max_num_queries(6) as first:
        panels = _panels(voter)
    assert panels and panels[0]["context"]["vote"] and panels[0]["context"]["nominate"]
    for _n in range(6):
        ElectionFactory()
        _voting(ElectionFactory(), editor_a.email)
    with django_assert_max_num_queries(len(first.captured_queries)):
        panels = _panels(voter)
    assert len(panels[0]["context"]["vote"]) == 7
