"""The whole story through the web pages, and what each person receives.

A delegate of Senegal writes in Spanish; the Secretariat reviews and accepts;
a matching NGO is invited in French and expresses interest in French; the
Secretariat selects it and schedules the hearing; the English public page
shows it. Internal notes reach no one but the Secretariat.
"""

import pytest
from django.core import mail

from dialogue.models import DialogueRequest, ExpressionOfInterest, PartnerMatch, State
from tests.conftest import sign_in, verified
from tests.dialogue.test_request_form import valid_data
from tests.factories import (
    ActionFactory,
    ContactFactory,
    DelegateFactory,
    PartnerEditorFactory,
    PartnerFactory,
)

pytestmark = pytest.mark.django_db

SECRET = "SECRET-NOTE-7f3a: the delegation chair is difficult"


@pytest.fixture
def wcll(db):
    partner = PartnerFactory(
        slug="wcll",
        name_en="World Council for Lifelong Learning",
        name_fr="Conseil mondial pour l'apprentissage tout au long de la vie",
        sectors=["education"],
    )
    DelegateFactory(partner=partner, country="SN", name="Moussa Diop")
    ActionFactory(partner=partner, countries=["SN", "ML"], title_en="Literacy circles in Thiès")
    ContactFactory(partner=partner, email="contact@wcll.example.org", preferred_language="fr")
    return partner


@pytest.fixture
def wcll_editor(wcll):
    return verified(
        PartnerEditorFactory(
            partner=wcll, user__email="editor@wcll.example.org", user__preferred_language="fr"
        ).user
    )


@pytest.fixture
def culture_only(db):
    partner = PartnerFactory(slug="culture-ngo", name_en="Culture Only", sectors=["culture"])
    ContactFactory(partner=partner, email="contact@culture.example.org")
    return partner


def test_request_to_public_hearing(
    client, requester, secretariat, wcll, wcll_editor, culture_only, on_commit
):
    # The delegate submits in Spanish.
    sign_in(client, requester)
    with on_commit():
        client.post("/es/dialogue/requests/new/", valid_data(sectors=["education"]))
    req = DialogueRequest.objects.get()
    assert req.original_language == "es"
    secretariat_mail = [m for m in mail.outbox if m.to == ["secretariat@example.org"]]
    assert len(secretariat_mail) == 1

    # The Secretariat notes, translates, reviews, accepts.
    sign_in(client, secretariat)
    base = f"/en/dialogue/secretariat/{req.pk}/"
    client.post(
        base + "edit/",
        {
            "theme_en": "Lifelong learning for all",
            "theme_es": "Aprendizaje a lo largo de toda la vida",
            "description_es": "Un debate temático.",
            "internal_notes": SECRET,
        },
    )
    with on_commit():
        client.post(base + "decision/", {"to_state": State.UNDER_REVIEW})
        client.post(base + "decision/", {"to_state": State.ACCEPTED})
    req.refresh_from_db()
    assert req.state == State.ACCEPTED
    assert req.internal_notes == SECRET
    match = PartnerMatch.objects.get(request=req)
    assert match.partner == wcll
    assert match.sector_codes == ["education"]
    assert match.delegate_countries == ["SN"]
    assert match.action_countries == ["SN"]
    triage = client.get(base)
    assert "World Council for Lifelong Learning" in triage.text
    assert "delegates in Senegal" in triage.text
    assert "actions in Senegal" in triage.text
    assert "Sectors in common: Education" in triage.text
    assert "Culture Only" not in triage.text

    # The NGO's contact and editor are invited, each in French.
    invitations = [m for m in mail.outbox if "wcll.example.org" in m.to[0]]
    assert sorted(m.to[0] for m in invitations) == [
        "contact@wcll.example.org",
        "editor@wcll.example.org",
    ]
    assert all(
        "Appel à manifestation" in m.subject or "Call for interest" in m.subject
        for m in invitations
    )
    assert not [m for m in mail.outbox if "culture.example.org" in m.to[0]]

    # The NGO editor expresses interest in French.
    sign_in(client, wcll_editor)
    dashboard = client.get("/fr/my/")
    assert "Lifelong learning for all" in dashboard.text or "Aprendizaje" in dashboard.text
    response = client.post(
        f"/fr/dialogue/{req.pk}/interest/",
        {
            "statement": "Nous animons des cercles d'alphabétisation au Sénégal.",
            "proposed_speaker": "Awa Ndiaye",
            "languages": ["fr", "en"],
        },
    )
    assert response.status_code == 302
    interest = ExpressionOfInterest.objects.get()
    assert interest.partner == wcll
    assert interest.languages == ["fr", "en"]

    # The Secretariat selects the NGO and schedules the hearing.
    sign_in(client, secretariat)
    outbox_before = len(mail.outbox)
    with on_commit():
        client.post(base + "participants/", {"partners": [wcll.pk]})
        client.post(
            base + "schedule/",
            {
                "date": "2030-10-14",
                "start_time": "15:00",
                "end_time": "17:00",
                "time_zone": "Europe/Paris",
                "place": "UNESCO Headquarters, Room X",
                "occasion": "222nd session of the Executive Board",
            },
        )
    req.refresh_from_db()
    assert req.state == State.SCHEDULED
    assert req.scheduled_at.isoformat() == "2030-10-14T13:00:00+00:00"
    new_mail = mail.outbox[outbox_before:]
    assert {m.to[0] for m in new_mail} >= {"requester@example.org", "editor@wcll.example.org"}

    # The public English page shows it, with NGOs and Member States, without notes.
    client.logout()
    listing = client.get("/en/dialogue/")
    assert "Lifelong learning for all" in listing.text
    page = client.get(f"/en/dialogue/{req.pk}/")
    assert "World Council for Lifelong Learning" in page.text
    assert "Senegal" in page.text
    assert "UNESCO Headquarters, Room X" in page.text
    ics = client.get(f"/en/dialogue/{req.pk}/calendar.ics")
    assert ics["Content-Type"].startswith("text/calendar")
    assert b"DTSTART:20301014T130000Z" in ics.content

    # Internal notes: nowhere but for the Secretariat.
    for response in (listing, page, ics):
        assert SECRET.encode() not in response.content
    sign_in(client, requester)
    assert SECRET not in client.get(f"/en/dialogue/requests/{req.pk}/").text
    assert SECRET not in client.get("/en/my/").text
    sign_in(client, wcll_editor)
    assert SECRET not in client.get(f"/fr/dialogue/{req.pk}/").text
    assert SECRET not in client.get("/fr/my/").text
    for message in mail.outbox:
        assert SECRET not in message.subject + message.body
    sign_in(client, secretariat)
    assert SECRET in client.get(base).text


def test_secretariat_decision_in_wrong_state_shows_a_message(client, secretariat):
    from tests.dialogue.factories import DialogueRequestFactory

    req = DialogueRequestFactory(state=State.SUBMITTED)
    sign_in(client, secretariat)
    response = client.post(f"/en/dialogue/secretariat/{req.pk}/decision/", {"to_state": State.HELD})
    assert response.status_code == 400
    # The menu no longer offers it; a page shown before a colleague's
    # decision (or a forged form) gets the form's message.
    assert "This decision is not possible for the request as it is now" in response.text
    req.refresh_from_db()
    assert req.state == State.SUBMITTED


def test_decline_without_reason_shows_a_message(client, secretariat):
    from tests.dialogue.factories import DialogueRequestFactory

    req = DialogueRequestFactory(state=State.SUBMITTED)
    sign_in(client, secretariat)
    response = client.post(
        f"/en/dialogue/secretariat/{req.pk}/decision/", {"to_state": State.DECLINED}
    )
    assert "Give a reason for declining." in response.text
    req.refresh_from_db()
    assert req.state == State.SUBMITTED


def test_requester_withdraws_through_the_page(client, on_commit):
    from tests.dialogue.factories import DialogueRequestFactory

    req = DialogueRequestFactory(state=State.UNDER_REVIEW)
    sign_in(client, req.requester)
    with on_commit():
        response = client.post(
            f"/en/dialogue/requests/{req.pk}/withdraw/", {"reason": "Agenda changed."}
        )
    assert response.status_code == 302
    req.refresh_from_db()
    assert req.state == State.WITHDRAWN
    assert req.transitions.last().reason == "Agenda changed."
