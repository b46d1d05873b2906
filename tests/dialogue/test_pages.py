"""Who sees which request, list pages' queries, dashboards, calendar, admin, demo."""

import datetime
import re

import pytest
from django.utils import timezone

from dialogue.models import DialogueRequest, State
from dialogue.selectors import hearing_list_public_between
from tests.conftest import sign_in
from tests.dialogue.factories import (
    CoSponsorFactory,
    DialogueRequestFactory,
    ExpressionOfInterestFactory,
    PartnerMatchFactory,
)
from tests.factories import PartnerEditorFactory

pytestmark = pytest.mark.django_db


def test_delegate_sees_own_country_requests_only(client, requester, foreign_delegate):
    own = DialogueRequestFactory(country="SN", theme_en="Senegal request")
    other = DialogueRequestFactory(country="BR", theme_en="Brazil request")
    sign_in(client, requester)
    listing = client.get("/en/dialogue/requests/")
    assert "Senegal request" in listing.text
    assert "Brazil request" not in listing.text
    assert client.get(f"/en/dialogue/requests/{other.pk}/").status_code == 404
    assert client.get(f"/en/dialogue/requests/{own.pk}/").status_code == 200


def test_cosponsor_sees_the_request_of_another_country(client, foreign_delegate):
    req = DialogueRequestFactory(country="SN", theme_en="Shared theme")
    CoSponsorFactory(request=req, user=foreign_delegate, country="BR")
    sign_in(client, foreign_delegate)
    assert "Shared theme" in client.get("/en/dialogue/requests/").text
    assert client.get(f"/en/dialogue/requests/{req.pk}/").status_code == 200


@pytest.mark.parametrize(
    "state", [State.SUBMITTED, State.UNDER_REVIEW, State.DECLINED, State.WITHDRAWN]
)
def test_undecided_or_closed_requests_are_not_public(client, state):
    req = DialogueRequestFactory(state=state, theme_en="Hidden theme")
    assert "Hidden theme" not in client.get("/en/dialogue/").text
    assert client.get(f"/en/dialogue/{req.pk}/").status_code == 404


def _linked(text: str, prefix: str) -> set[int]:
    """The requests a page links to under `prefix` (each one's own page)."""
    return {int(pk) for pk in re.findall(re.escape(prefix) + r"(\d+)/", text)}


@pytest.mark.parametrize("count", [1, 3])
def test_public_list_queries_do_not_grow(client, django_assert_max_num_queries, count):
    for _ in range(count):
        req = DialogueRequestFactory(state=State.SCHEDULED)
        CoSponsorFactory(request=req)
        ExpressionOfInterestFactory(request=req, status="selected")
    with django_assert_max_num_queries(6):
        response = client.get("/en/dialogue/")
    assert response.text.count('class="card hearing-card"') == count


@pytest.mark.parametrize("count", [1, 3])
def test_delegate_list_queries_do_not_grow(client, requester, django_assert_max_num_queries, count):
    own = set()
    for _ in range(count):
        own.add(CoSponsorFactory(request=DialogueRequestFactory(country="SN")).request_id)
    DialogueRequestFactory(country="BR")  # another country's: never listed
    sign_in(client, requester)
    with django_assert_max_num_queries(9):
        response = client.get("/en/dialogue/requests/")
    assert _linked(response.text, "/en/dialogue/requests/") == own


@pytest.mark.parametrize("count", [1, 3])
def test_secretariat_queue_queries_do_not_grow(
    client, secretariat, django_assert_max_num_queries, count
):
    queued = {DialogueRequestFactory(country=country).pk for country in ["SN", "BR", "KE"][:count]}
    sign_in(client, secretariat)
    with django_assert_max_num_queries(9):
        response = client.get("/en/dialogue/secretariat/")
    assert _linked(response.text, "/en/dialogue/secretariat/") == queued


def test_queue_flags_requests_waiting_over_30_days(client, secretariat):
    DialogueRequestFactory(
        theme_en="Old one", submitted_at=timezone.now() - datetime.timedelta(days=45)
    )
    DialogueRequestFactory(theme_en="New one")
    sign_in(client, secretariat)
    page = client.get("/en/dialogue/secretariat/").text
    assert page.index("Old one") < page.index("New one")
    assert "45 days" in page
    assert page.count("over 30 days without a decision") == 1
    dashboard = client.get("/en/my/").text
    assert "1 request has waited over 30 days for a decision." in dashboard


def test_dashboards_show_each_role_its_panel(client, requester, secretariat):
    req = DialogueRequestFactory(requester=requester, theme_en="Our request")
    editor = PartnerEditorFactory(user__email="ed@example.org").user
    PartnerMatchFactory(
        partner=editor.partner_editor.partner,
        request=DialogueRequestFactory(state=State.ACCEPTED, theme_en="Open call"),
    )
    sign_in(client, requester)
    assert "Our request" in client.get("/en/my/").text
    sign_in(client, editor)
    page = client.get("/en/my/").text
    assert "Open call" in page
    assert "Our request" not in page
    sign_in(client, secretariat)
    assert req.theme in client.get("/en/my/").text


def test_hearing_list_public_between_for_the_newsletter():
    now = timezone.now()
    inside = DialogueRequestFactory(state=State.SCHEDULED, scheduled_at=now, theme_en="In")
    CoSponsorFactory(request=inside)
    DialogueRequestFactory(state=State.ACCEPTED, theme_en="Accepted only")
    DialogueRequestFactory(
        state=State.HELD, scheduled_at=now - datetime.timedelta(days=400), theme_en="Long ago"
    )
    today = timezone.localdate()
    items = hearing_list_public_between(
        start=today - datetime.timedelta(days=1), end=today + datetime.timedelta(days=1)
    )
    assert [item.theme for item in items] == ["In"]
    item = items[0]
    assert item.get_state_display() == "Scheduled"
    assert [c.name for c in item.countries] == ["Senegal", "Brazil"]
    assert item.get_absolute_url() == f"/en/dialogue/{inside.pk}/"
    assert not hasattr(item, "_internal_notes_loaded") and "internal_notes" in (
        item.get_deferred_fields()
    )


def test_calendar_of_a_scheduled_hearing(client):
    req = DialogueRequestFactory(
        state=State.SCHEDULED,
        scheduled_at=datetime.datetime(2031, 3, 4, 9, 30, tzinfo=datetime.UTC),
        theme_en="Round table on media literacy",
        internal_notes="SECRET",
    )
    response = client.get(f"/en/dialogue/{req.pk}/calendar.ics")
    body = response.content.decode()
    assert "BEGIN:VEVENT" in body
    assert "DTSTART:20310304T093000Z" in body
    assert "Round table on media literacy" in body
    assert "SECRET" not in body


def test_admin_cannot_set_the_state_and_actions_use_the_workflow(client, secretariat):
    req = DialogueRequestFactory(state=State.SUBMITTED)
    sign_in(client, secretariat)
    page = client.get(f"/admin/dialogue/dialoguerequest/{req.pk}/change/")
    assert page.status_code == 200
    assert 'name="state"' not in page.text
    # Accept straight from "submitted" is not in the workflow: refused.
    response = client.post(
        "/admin/dialogue/dialoguerequest/",
        {"action": "make_accepted", "_selected_action": [req.pk]},
        follow=True,
    )
    assert "cannot become accepted" in response.text
    req.refresh_from_db()
    assert req.state == State.SUBMITTED
    client.post(
        "/admin/dialogue/dialoguerequest/",
        {"action": "make_under_review", "_selected_action": [req.pk]},
    )
    req.refresh_from_db()
    assert req.state == State.UNDER_REVIEW
    assert req.transitions.last().by == secretariat


def test_outcome_shows_publicly_once_held(client, secretariat):
    req = DialogueRequestFactory(state=State.HELD)
    sign_in(client, secretariat)
    client.post(
        f"/en/dialogue/secretariat/{req.pk}/outcome/",
        {"summary_en": "Delegates asked for a joint report.", "summary_fr": "Rapport commun."},
    )
    client.logout()
    assert "Delegates asked for a joint report." in client.get(f"/en/dialogue/{req.pk}/").text
    assert "Rapport commun." in client.get(f"/fr/dialogue/{req.pk}/").text


@pytest.mark.parametrize("value", ["<script>", "x" * 10_000, "\x00", "-1", "held'--"])
def test_public_list_survives_hostile_parameters(client, value):
    DialogueRequestFactory(state=State.HELD, theme_en="Steady hearing")
    for params in ({"state": value}, {"page": value}):
        response = client.get("/en/dialogue/", params)
        assert response.status_code == 200
        assert "<script>" not in response.text.split("</header>", 1)[1]


def test_demo_seed_is_idempotent_and_covers_every_state(settings):
    from dialogue.demo import seed

    seed(with_accounts=False)
    seed(with_accounts=False)
    # One request in each state, and an open call (accepted) that no NGO answered yet.
    assert sorted(DialogueRequest.objects.values_list("state", flat=True)) == sorted(
        [*State.values, State.ACCEPTED]
    )
    open_call = DialogueRequest.objects.get(theme_en__startswith="Ocean literacy")
    assert open_call.state == State.ACCEPTED and not open_call.interests.exists()
    assert all(r.requester_id is None for r in DialogueRequest.objects.all())
    seed(with_accounts=True)
    assert DialogueRequest.objects.count() == len(State.values) + 1
    assert DialogueRequest.objects.filter(requester__email="delegate@demo.example.org").count() == 8


def test_unpublished_partner_appears_on_no_hearing_page(client):
    from tests.factories import PartnerFactory

    req = DialogueRequestFactory(state=State.SCHEDULED)
    hidden = PartnerFactory(slug="hidden-ngo", name_en="Hidden NGO", published=False)
    shown = PartnerFactory(slug="shown-ngo", name_en="Shown NGO")
    ExpressionOfInterestFactory(request=req, partner=hidden, status="selected")
    ExpressionOfInterestFactory(request=req, partner=shown, status="selected")
    for url in ("/en/dialogue/", f"/en/dialogue/{req.pk}/"):
        page = client.get(url).text
        assert "Shown NGO" in page
        assert "Hidden NGO" not in page and "hidden-ngo" not in page
