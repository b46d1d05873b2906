"""The Secretariat's invitation pages: /<lang>/my/secretariat/invitations/…"""

import datetime

import pytest
from auditlog.models import LogEntry
from django.conf import settings
from django.core import mail
from django.db import IntegrityError, transaction
from django.utils import timezone

from foundation.accounts.models import User
from partners import services
from partners.models import PartnerEditor, PartnerInvitation
from tests.conftest import sign_in
from tests.factories import PartnerFactory
from tests.foundation.accounts.helpers import mark_reauthenticated
from tests.partners.factories import PartnerInvitationFactory

pytestmark = pytest.mark.django_db

LIST = "/en/my/secretariat/invitations/"
NEW = "/en/my/secretariat/invitations/new/"
NEW_PASSWORD = "un mot de passe assez long 42"


def resend_url(invitation) -> str:
    return f"/en/my/secretariat/invitations/{invitation.pk}/resend/"


def revoke_url(invitation) -> str:
    return f"/en/my/secretariat/invitations/{invitation.pk}/revoke/"


def link_in(message) -> str:
    line = next(line for line in message.body.splitlines() if "/join/" in line)
    return line.split(settings.SITE_URL, 1)[-1].strip()


@pytest.fixture
def staff(client, secretariat):
    """A Secretariat session with two-factor and a recent re-authentication."""
    sign_in(client, secretariat)
    mark_reauthenticated(client, secretariat)
    return client


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


def invite(client, on_commit, **data):
    with on_commit():
        return client.post(NEW, data)


# --- Inviting -------------------------------------------------------------------


def test_invitation_is_stored_emailed_in_its_language_and_makes_an_editor(
    client, staff, secretariat, partner_a, on_commit
):
    response = invite(
        staff,
        on_commit,
        email="  Awa@Example.org ",
        partner=partner_a.pk,
        full_name="Awa Diop",
        language="es",
    )
    assert response.status_code == 302
    assert response["Location"] == LIST
    invitation = PartnerInvitation.objects.get()
    assert invitation.email == "awa@example.org"
    assert invitation.partner == partner_a
    assert invitation.language == "es"
    assert invitation.created_by == secretariat
    assert invitation.expires_at > timezone.now() + datetime.timedelta(days=13)
    listing = staff.get(LIST)
    assert "The invitation to awa@example.org is sent." in listing.text
    assert "awa@example.org" in listing.text and "Pending" in listing.text

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["awa@example.org"]
    # Rendered in Spanish: the subject, the partner's Spanish name, the link's prefix.
    assert "Su invitación para mantener actualizado el perfil" in message.subject
    assert partner_a.name_es in message.subject
    assert "Para aceptar, elija su contraseña" in message.body
    path = link_in(message)
    assert path.startswith("/es/my/organisation/join/")

    client.logout()
    assert client.get(path).status_code == 200
    accepted = client.post(
        path, {"full_name": "Awa Diop", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    )
    assert accepted.status_code == 302
    user = User.objects.get(email="awa@example.org")
    assert PartnerEditor.objects.get(user=user).partner == partner_a
    invitation.refresh_from_db()
    assert invitation.accepted_by == user


def test_form_is_in_the_page_language_and_preselects_the_partner(staff, partner_a):
    page = staff.get(f"/fr/my/secretariat/invitations/new/?partner={partner_a.pk}")
    assert page.status_code == 200
    assert '<html lang="fr"' in page.text
    assert f'<option value="{partner_a.pk}" selected>' in page.text
    assert '<option value="fr" selected>' in page.text
    assert 'for="id_email"' in page.text and 'for="id_partner"' in page.text


def test_forged_partner_in_the_form_query_selects_nothing(staff, partner_a):
    page = staff.get(NEW + "?partner=<script>")
    assert page.status_code == 200
    select = page.text.split('name="partner"', 1)[1].split("</select>", 1)[0]
    assert select.count(" selected>") == 1 and '<option value="" selected>' in select
    assert "<script>" not in page.text.split("<main", 1)[1]


def test_pending_invitation_for_the_same_partner_is_refused(staff, partner_a, on_commit):
    PartnerInvitationFactory(partner=partner_a, email="awa@example.org")
    response = invite(
        staff, on_commit, email="AWA@example.org", partner=partner_a.pk, language="en"
    )
    assert response.status_code == 400
    assert "An invitation to awa@example.org for this organisation is still pending." in (
        response.text
    )
    assert PartnerInvitation.objects.count() == 1
    assert mail.outbox == []


def test_same_address_may_be_invited_to_another_partner(staff, partner_a, partner_b, on_commit):
    PartnerInvitationFactory(partner=partner_a, email="awa@example.org")
    response = invite(
        staff, on_commit, email="awa@example.org", partner=partner_b.pk, language="en"
    )
    assert response.status_code == 302
    assert PartnerInvitation.objects.filter(email="awa@example.org").count() == 2


def test_expired_invitation_is_to_be_sent_again_not_duplicated(staff, partner_a, on_commit):
    PartnerInvitationFactory(
        partner=partner_a,
        email="awa@example.org",
        expires_at=timezone.now() - datetime.timedelta(days=1),
    )
    response = invite(
        staff, on_commit, email="awa@example.org", partner=partner_a.pk, language="en"
    )
    assert response.status_code == 400
    assert "The invitation to awa@example.org for this organisation has expired." in response.text
    assert PartnerInvitation.objects.count() == 1


def test_revoked_invitation_does_not_block_a_new_one(staff, partner_a, on_commit):
    PartnerInvitationFactory(partner=partner_a, email="awa@example.org", revoked_at=timezone.now())
    response = invite(
        staff, on_commit, email="awa@example.org", partner=partner_a.pk, language="en"
    )
    assert response.status_code == 302
    assert PartnerInvitation.objects.filter(revoked_at__isnull=True).count() == 1
    assert len(mail.outbox) == 1


def test_editor_of_that_partner_is_refused(staff, editor_a, partner_a, on_commit):
    response = invite(
        staff, on_commit, email="Editor-A@example.org", partner=partner_a.pk, language="en"
    )
    assert response.status_code == 400
    assert "editor-a@example.org is already an editor of Partner A." in response.text
    assert not PartnerInvitation.objects.exists()
    assert mail.outbox == []


def test_editor_of_another_partner_is_refused(staff, editor_b, partner_a, on_commit):
    response = invite(
        staff, on_commit, email="editor-b@example.org", partner=partner_a.pk, language="en"
    )
    assert response.status_code == 400
    assert "is already an editor of another organisation" in response.text
    assert not PartnerInvitation.objects.exists()


def test_refusal_is_translated(client, secretariat, editor_a, partner_a, on_commit):
    sign_in(client, secretariat)
    mark_reauthenticated(client, secretariat)
    with on_commit():
        response = client.post(
            "/fr/my/secretariat/invitations/new/",
            {"email": "zzz", "partner": partner_a.pk, "language": "fr"},
        )
    assert response.status_code == 400
    assert '<html lang="fr"' in response.text
    assert "Saisissez une adresse e-mail valide." in response.text


OVERLONG = "a" * 243 + "@example.org"  # 255 characters


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("email", "not-an-email", "Enter a valid email address."),
        ("email", "", "This field is required."),
        ("email", OVERLONG, "Ensure this value has at most 254 characters"),
        ("email", "awa@example.org\r\nBcc: evil@example.org", "Enter a valid email address."),
        ("email", "awa@example.org\nSubject: hello", "Enter a valid email address."),
        ("email", "awa@example.org,evil@example.org", "Enter a valid email address."),
        ("email", "<script>alert(1)</script>@example.org", "Enter a valid email address."),
        ("email", "awa\x00@example.org", "Null characters are not allowed."),
        ("partner", "99999999", "Select a valid choice."),
        ("partner", "9" * 40, "Select a valid choice."),
        ("partner", "-1", "Select a valid choice."),
        ("partner", "partner-a", "Select a valid choice."),
        ("partner", "", "This field is required."),
        ("language", "de", "Select a valid choice."),
        ("full_name", "<b>Awa</b>", "A name cannot contain the characters &lt; and &gt;."),
        ("full_name", "Awa\r\nBcc: evil@example.org", "Write the name on one line"),
        ("full_name", "A" * 201, "Ensure this value has at most 200 characters"),
    ],
)
def test_hostile_input_is_refused_clearly_and_stores_nothing(
    staff, partner_a, on_commit, field, value, message
):
    data = {"email": "awa@example.org", "partner": partner_a.pk, "language": "en"}
    data[field] = value
    response = invite(staff, on_commit, **data)
    assert response.status_code == 400
    assert message in response.text
    assert 'role="alert"' in response.text
    main = response.text.split("<main", 1)[1]
    assert "<script>" not in main and "<b>Awa</b>" not in main
    assert not PartnerInvitation.objects.exists()
    assert mail.outbox == []


# --- Sending again and revoking -------------------------------------------------


@pytest.fixture
def sent(partner_a, on_commit, secretariat):
    """An invitation sent through the service, and the link of its email."""
    with on_commit():
        invitation = services.invitation_create(
            partner=partner_a, email="awa@example.org", language="fr", invited_by=secretariat
        )
    return invitation, link_in(mail.outbox[-1])


def test_resend_gives_a_new_link_and_the_old_one_is_refused(
    client, staff, secretariat, sent, on_commit
):
    invitation, old_link = sent
    with on_commit():
        response = staff.post(resend_url(invitation))
    assert response.status_code == 302
    assert len(mail.outbox) == 2
    new_link = link_in(mail.outbox[-1])
    assert new_link != old_link and new_link.startswith("/fr/")
    listing = staff.get(response["Location"])
    assert "A new link is sent to awa@example.org; the earlier link no longer works." in (
        listing.text
    )
    entry = LogEntry.objects.get_for_object(invitation).filter(action=LogEntry.Action.UPDATE)
    assert entry.filter(actor=secretariat).exists()

    client.logout()
    refused = client.get(old_link)
    assert refused.status_code == 410
    # The link is in the invitee's language (French here), and so is the refusal.
    assert "Ce lien a été remplacé par un plus récent." in refused.text
    assert client.get(new_link).status_code == 200


def test_old_link_cannot_accept_even_if_the_form_was_already_open(client, sent, on_commit):
    invitation, old_link = sent
    loaded = PartnerInvitation.objects.get(pk=invitation.pk)  # what the join view checked
    services.invitation_send(invitation=invitation)
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as error:
        services.invitation_accept(invitation=loaded, password=NEW_PASSWORD)
    assert error.value.code == "superseded"
    assert not User.objects.filter(email="awa@example.org").exists()


def test_revoke_stops_the_link_and_is_audited(client, staff, secretariat, sent, on_commit):
    invitation, link = sent
    with on_commit():
        response = staff.post(revoke_url(invitation))
    assert response.status_code == 302
    invitation.refresh_from_db()
    assert invitation.revoked_at is not None
    assert invitation.revoked_by == secretariat
    assert len(mail.outbox) == 1  # nobody is emailed
    entries = LogEntry.objects.get_for_object(invitation).filter(actor=secretariat)
    assert any("revoked_at" in (entry.changes_dict or {}) for entry in entries)
    listing = staff.get(LIST)
    assert "The invitation to awa@example.org is revoked; its link no longer works." in (
        listing.text
    )
    assert "Revoked on" in listing.text

    client.logout()
    refused = client.get(link)
    assert refused.status_code == 410
    assert "Le Secrétariat a retiré cette invitation\u00a0; le lien ne fonctionne plus." in (
        refused.text
    )
    posted = client.post(
        link, {"full_name": "Awa", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    )
    assert posted.status_code == 410
    assert not User.objects.filter(email="awa@example.org").exists()


def test_revoked_invitation_cannot_be_sent_again(staff, sent, on_commit):
    invitation, _link = sent
    staff.post(revoke_url(invitation))
    with on_commit():
        response = staff.post(resend_url(invitation))
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    page = staff.get(LIST)
    assert "This invitation has been revoked; invite the person again instead." in page.text


def test_accepted_invitation_cannot_be_revoked_or_sent_again(staff, partner_a, on_commit):
    invitation = PartnerInvitationFactory(partner=partner_a, accepted_at=timezone.now())
    staff.post(revoke_url(invitation))
    assert "it can no longer be revoked" in staff.get(LIST).text
    with on_commit():
        staff.post(resend_url(invitation))
    assert "This invitation has already been accepted." in staff.get(LIST).text
    invitation.refresh_from_db()
    assert invitation.revoked_at is None
    assert mail.outbox == []


def test_expired_invitation_can_be_sent_again(staff, partner_a, on_commit):
    invitation = PartnerInvitationFactory(
        partner=partner_a, expires_at=timezone.now() - datetime.timedelta(days=2)
    )
    with on_commit():
        assert staff.post(resend_url(invitation)).status_code == 302
    invitation.refresh_from_db()
    assert invitation.expires_at > timezone.now()
    assert len(mail.outbox) == 1


@pytest.mark.parametrize("url", [resend_url, revoke_url])
def test_get_on_a_command_is_405(staff, partner_a, url):
    invitation = PartnerInvitationFactory(partner=partner_a)
    assert staff.get(url(invitation)).status_code == 405
    invitation.refresh_from_db()
    assert invitation.revoked_at is None


@pytest.mark.parametrize("path", ["99999999/resend/", "99999999/revoke/"])
def test_forged_invitation_id_is_404(staff, path):
    assert staff.post(f"/en/my/secretariat/invitations/{path}").status_code == 404


def test_command_without_csrf_token_is_refused(secretariat, partner_a):
    from django.test import Client

    invitation = PartnerInvitationFactory(partner=partner_a)
    client = Client(enforce_csrf_checks=True)
    sign_in(client, secretariat)
    mark_reauthenticated(client, secretariat)
    assert client.post(revoke_url(invitation)).status_code == 403
    invitation.refresh_from_db()
    assert invitation.revoked_at is None


def test_command_returns_to_the_filtered_list_and_nowhere_else(staff, partner_a):
    invitation = PartnerInvitationFactory(partner=partner_a)
    back = f"state=pending&partner={partner_a.pk}&next=https://evil.example.org/"
    response = staff.post(revoke_url(invitation), {"back": back})
    assert response["Location"] == f"{LIST}?state=pending&partner={partner_a.pk}"
    other = PartnerInvitationFactory(partner=partner_a)
    response = staff.post(revoke_url(other), {"back": "//evil.example.org/"})
    assert response["Location"] == LIST


# --- The list ---------------------------------------------------------------------


@pytest.fixture
def four_states(partner_a, partner_b, secretariat):
    now = timezone.now()
    return {
        "pending": PartnerInvitationFactory(
            partner=partner_a, email="pending@example.org", created_by=secretariat
        ),
        "accepted": PartnerInvitationFactory(
            partner=partner_a, email="accepted@example.org", accepted_at=now
        ),
        "expired": PartnerInvitationFactory(
            partner=partner_b,
            email="expired@example.org",
            expires_at=now - datetime.timedelta(hours=1),
        ),
        "revoked": PartnerInvitationFactory(
            partner=partner_b, email="revoked@example.org", revoked_at=now
        ),
    }


def test_list_shows_every_state_partner_inviter_and_commands(staff, secretariat, four_states):
    page = staff.get(LIST)
    assert page.status_code == 200
    text = page.text
    for email in ("pending", "accepted", "expired", "revoked"):
        assert f"{email}@example.org" in text
    assert "Pending" in text and "Expired" in text
    assert "Accepted on" in text and "Revoked on" in text
    assert "Partner A (PA)" in text and "Partner B (PB)" in text
    assert str(secretariat) in text
    # Commands only where they can work: the pending and the expired invitation.
    assert text.count('/resend/"') == 2 and text.count('/revoke/"') == 2
    assert resend_url(four_states["pending"]) in text
    assert revoke_url(four_states["expired"]) in text
    assert revoke_url(four_states["accepted"]) not in text


@pytest.mark.parametrize("state", ["pending", "accepted", "expired", "revoked"])
def test_list_filters_by_state(staff, four_states, state):
    text = staff.get(LIST, {"state": state}).text
    assert f"{state}@example.org" in text
    others = {"pending", "accepted", "expired", "revoked"} - {state}
    assert not any(f"{other}@example.org" in text for other in others)
    assert "1 invitation found" in text


def test_list_filters_by_partner_and_searches_email(staff, four_states, partner_b):
    text = staff.get(LIST, {"partner": partner_b.pk}).text
    assert "expired@example.org" in text and "revoked@example.org" in text
    assert "pending@example.org" not in text
    text = staff.get(LIST, {"email": "ACCEPTED@"}).text
    assert "accepted@example.org" in text and "pending@example.org" not in text
    assert "1 invitation found" in text


@pytest.mark.parametrize(
    "params",
    [
        {"state": "bogus"},
        {"partner": "99999999"},
        {"partner": "<script>"},
        {"email": "x" * 300},
        {"email": "a\x00b"},
    ],
)
def test_invalid_filters_show_errors_not_invitations(staff, four_states, params):
    page = staff.get(LIST, params)
    assert page.status_code == 200
    assert "Some filters are not valid" in page.text
    assert "pending@example.org" not in page.text
    assert "<script>" not in page.text.split("<main", 1)[1]


def test_list_pagination_keeps_the_filters(staff, partner_a):
    for _ in range(30):
        PartnerInvitationFactory(partner=partner_a)
    page = staff.get(LIST, {"partner": partner_a.pk, "state": "pending"})
    assert "30 invitations found" in page.text
    assert f"?partner={partner_a.pk}&amp;state=pending&amp;page=2" in page.text
    second = staff.get(LIST, {"partner": partner_a.pk, "state": "pending", "page": 2})
    assert second.text.count('<th scope="row">') == 5


@pytest.mark.parametrize("count", [1, 40])
def test_list_query_count_does_not_grow(
    staff, secretariat, partner_a, django_assert_max_num_queries, count
):
    for index in range(count):
        PartnerInvitationFactory(
            partner=PartnerFactory() if index % 2 else partner_a, created_by=secretariat
        )
    # Session, user, two-factor check; count, page, the partner filter's options.
    with django_assert_max_num_queries(6):
        response = staff.get(LIST)
    assert response.status_code == 200
    assert response.text.count('<th scope="row">') == min(count, 25)


# --- Links and the database's rule ----------------------------------------------------


def test_dashboard_and_partner_status_page_link_to_invitations(staff, partner_a):
    dashboard = staff.get("/en/my/")
    assert f'href="{LIST}"' in dashboard.text
    status = staff.get("/en/my/secretariat/partners/partner-a/status/")
    assert f'href="{NEW}?partner={partner_a.pk}"' in status.text
    assert f'href="{LIST}?partner={partner_a.pk}"' in status.text


def test_database_refuses_two_open_invitations_for_one_address_and_partner(partner_a):
    PartnerInvitationFactory(partner=partner_a, email="awa@example.org")
    with pytest.raises(IntegrityError), transaction.atomic():
        PartnerInvitationFactory(partner=partner_a, email="AWA@example.org")


@pytest.mark.parametrize("method", ["put", "patch", "delete"])
def test_invitation_form_answers_only_get_and_post(staff, method):
    response = getattr(staff, method)(NEW, "email=awa@example.org")
    assert response.status_code == 405
    assert PartnerInvitation.objects.count() == 0
