"""The editor-to-public journey, signing in as people do (password, TOTP,
re-authentication), in plain Django tests. The headless-browser version lives
in tests/e2e/."""

import re

import pytest
from django.core import mail

from partners.models import PartnerRevision
from tests.conftest import add_totp, verified
from tests.factories import UserFactory
from tests.foundation.accounts.helpers import sign_in, totp_code

pytestmark = pytest.mark.django_db

NEW_MISSION = "Nous défendons le droit à l'éducation des filles dans le Sahel."


def test_editor_proposes_french_mission_secretariat_approves_with_totp(
    client, editor_a, partner_a, django_capture_on_commit_callbacks
):
    # The editor signs in and edits the French mission.
    response = sign_in(client, "editor-a@example.org", lang="fr")
    assert response.status_code == 302
    form = client.get("/fr/my/organisation/")
    assert form.status_code == 200
    assert "Promeut les apprentissages tout au long de la vie." in form.text
    context = form.context
    data = {
        "lock_version": "0",
        "mission_fr": NEW_MISSION,
        "mission_en": context["form"]["mission_en"].value(),
        "mission_es": context["form"]["mission_es"].value(),
        "country": "FR",
        "city": "Paris",
        "contacts-TOTAL_FORMS": "0",
        "contacts-INITIAL_FORMS": "0",
        "delegates-TOTAL_FORMS": "0",
        "delegates-INITIAL_FORMS": "0",
    }
    response = client.post("/fr/my/organisation/", data, follow=True)
    assert response.status_code == 200
    assert 'id="pending-notice"' in response.text
    assert NEW_MISSION not in client.get("/fr/partners/partner-a/").text
    client.post("/fr/accounts/logout/")

    # The Secretariat signs in with password and TOTP.
    reviewer = verified(UserFactory(email="reviewer@unesco.example", is_secretariat=True))
    secret = add_totp(reviewer)
    response = sign_in(client, "reviewer@unesco.example")
    assert response.status_code == 302
    assert "/2fa/authenticate/" in response["Location"]
    response = client.post(response["Location"], {"code": totp_code(secret)})
    assert response.status_code == 302
    revision = PartnerRevision.objects.get(partner=partner_a)
    page = client.get(f"/en/my/secretariat/revisions/{revision.pk}/")
    # Without the word-level change marks.
    text = re.sub(r"</?(ins|del)>", "", page.text)
    assert NEW_MISSION.replace("'", "&#x27;") in text

    # The sign-in that just passed both factors counts as fresh: approving
    # asks for nothing more (re-authentication comes after 15 minutes).
    approve_url = f"/en/my/secretariat/revisions/{revision.pk}/approve/"
    decision = {"lock_version": "1", "profile_version": "1", "comment": ""}
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(approve_url, decision)
    assert response.status_code == 302
    assert "/reauthenticate/" not in response["Location"]
    revision.refresh_from_db()
    assert revision.state == PartnerRevision.State.APPROVED, response

    # The public French profile shows the new text; the editor was told.
    public = client.get("/fr/partners/partner-a/")
    assert NEW_MISSION.replace("'", "&#x27;") in public.text
    assert [message.to for message in mail.outbox] == [["editor-a@example.org"]]
