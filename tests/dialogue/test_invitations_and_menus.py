"""Dialogue pages that guide: visitors are invited to take part, an NGO sees
the interest it expressed, and the Secretariat's decision menu offers only
the moves the transition table allows it now."""

import re

import pytest

from dialogue import services
from dialogue.forms import TransitionForm
from dialogue.models import State
from tests.conftest import sign_in
from tests.dialogue.factories import DialogueRequestFactory, ExpressionOfInterestFactory

pytestmark = pytest.mark.django_db


def _menu(html: str) -> list[str]:
    select = re.search(r'<select name="to_state".*?</select>', html, re.S)
    return re.findall(r'<option value="([^"]+)"', select.group(0)) if select else []


@pytest.mark.parametrize("path", ["/en/dialogue/", "/fr/dialogue/"])
def test_visitor_is_invited_to_request_a_hearing_or_open_an_account(client, path):
    page = client.get(path).text
    assert 'href="/' + path.split("/")[1] + '/dialogue/requests/new/"' in page
    assert "/accounts/signup/" in page


def test_visitor_sees_the_invitation_on_a_call(client):
    call = DialogueRequestFactory(state=State.ACCEPTED)
    page = client.get(f"/en/dialogue/{call.pk}/").text
    assert "Open a delegate account" in page
    assert "Request a hearing" in page


def test_signed_in_people_get_no_visitor_invitation(client, editor_a):
    sign_in(client, editor_a)
    assert "Open a delegate account" not in client.get("/en/dialogue/").text


def test_call_shows_the_interest_expressed_with_change_instead_of_asking_again(
    client, editor_a, partner_a
):
    call = DialogueRequestFactory(state=State.ACCEPTED)
    sign_in(client, editor_a)
    before = client.get(f"/en/dialogue/{call.pk}/").text
    assert "Express your organisation" in before
    ExpressionOfInterestFactory(request=call, partner=partner_a)
    after = client.get(f"/en/dialogue/{call.pk}/").text
    assert "Express your organisation" not in after
    assert "Your organisation expressed its interest on" in after
    assert f'href="/en/dialogue/{call.pk}/interest/">Change' in after


@pytest.mark.parametrize("state", State.values)
def test_decision_menu_offers_only_the_allowed_transitions(client, secretariat, state):
    found = DialogueRequestFactory(state=state)
    sign_in(client, secretariat)
    page = client.get(f"/en/dialogue/secretariat/{found.pk}/").text
    allowed = set(services.allowed_targets(request=found, user=secretariat))
    offered = set(_menu(page))
    # Scheduling has its own form; every other allowed move is offered, and nothing else.
    assert offered == allowed - {State.SCHEDULED}
    if State.DECLINED not in offered:
        assert 'name="reason"' not in page


def test_a_forged_transition_outside_the_menu_is_refused(client, secretariat):
    found = DialogueRequestFactory(state=State.SUBMITTED)
    sign_in(client, secretariat)
    response = client.post(
        f"/en/dialogue/secretariat/{found.pk}/decision/", {"to_state": State.HELD}
    )
    assert response.status_code == 400
    found.refresh_from_db()
    assert found.state == State.SUBMITTED


def test_transition_form_without_allowed_list_keeps_every_choice():
    assert len(TransitionForm().fields["to_state"].choices) == 4
    assert TransitionForm(allowed=[]).has_choices is False
