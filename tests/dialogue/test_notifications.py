"""Emails: each recipient in their language, after commit, never twice."""

import datetime

import pytest
from django.core import mail
from django.db import transaction
from django.utils import timezone

from dialogue import notifications, tasks
from dialogue.models import State
from dialogue.services import participants_select, request_transition
from foundation.mail.models import Email
from tests.conftest import sign_in
from tests.dialogue.factories import (
    CoSponsorFactory,
    DialogueRequestFactory,
    ExpressionOfInterestFactory,
)

pytestmark = pytest.mark.django_db


def test_transition_email_is_sent_once_even_if_it_is_queued_twice(secretariat, on_commit):
    req = DialogueRequestFactory(state=State.SUBMITTED)
    with on_commit():
        step = request_transition(request=req, to_state=State.UNDER_REVIEW, by=secretariat)
    assert len(mail.outbox) == 1
    with on_commit():
        assert notifications.send_transition(step.pk) == 0
    assert len(mail.outbox) == 1
    assert Email.objects.filter(key=f"dialogue.transition:{step.pk}").count() == 1


def test_nothing_is_sent_when_the_transaction_rolls_back(secretariat, on_commit):
    req = DialogueRequestFactory(state=State.SUBMITTED)
    with on_commit(), pytest.raises(RuntimeError), transaction.atomic():
        request_transition(request=req, to_state=State.UNDER_REVIEW, by=secretariat)
        raise RuntimeError
    assert mail.outbox == []
    req.refresh_from_db()
    assert req.state == State.SUBMITTED


def test_each_delegate_is_written_to_in_their_language(secretariat, on_commit):
    req = DialogueRequestFactory(state=State.UNDER_REVIEW, theme_es="Tema en español")
    req.requester.preferred_language = "fr"
    req.requester.save()
    cosponsor = CoSponsorFactory(request=req)
    cosponsor.user.preferred_language = "es"
    cosponsor.user.save()
    with on_commit():
        request_transition(
            request=req, to_state=State.DECLINED, by=secretariat, reason="Agenda complet."
        )
    by_address = {message.to[0]: message for message in mail.outbox}
    assert set(by_address) == {req.requester.email, cosponsor.user.email}
    assert "Tema en español" in by_address[cosponsor.user.email].subject
    assert "Agenda complet." in by_address[req.requester.email].body
    assert f"/fr/dialogue/requests/{req.pk}/" in by_address[req.requester.email].body
    assert f"/es/dialogue/requests/{req.pk}/" in by_address[cosponsor.user.email].body


def test_selected_and_not_selected_ngos_are_told_once(secretariat, on_commit):
    req = DialogueRequestFactory(state=State.ACCEPTED)
    chosen = ExpressionOfInterestFactory(request=req)
    other = ExpressionOfInterestFactory(request=req)
    from tests.factories import ContactFactory

    ContactFactory(partner=chosen.partner, email="chosen@example.org")
    ContactFactory(partner=other.partner, email="other@example.org")
    with on_commit():
        participants_select(request=req, by=secretariat, selected_partner_ids=[chosen.partner_id])
    with on_commit():
        participants_select(request=req, by=secretariat, selected_partner_ids=[chosen.partner_id])
    subjects = {message.to[0]: message.subject for message in mail.outbox}
    assert len(mail.outbox) == 2
    assert "Selected for the dialogue" in subjects["chosen@example.org"]
    assert "not selected" in subjects["other@example.org"]


def test_selection_among_non_interested_partners_is_refused(secretariat):
    from django.core.exceptions import ValidationError

    from tests.factories import PartnerFactory

    req = DialogueRequestFactory(state=State.ACCEPTED)
    interest = ExpressionOfInterestFactory(request=req)
    with pytest.raises(ValidationError):
        participants_select(request=req, by=secretariat, selected_partner_ids=[PartnerFactory().pk])
    interest.refresh_from_db()
    assert interest.status == "pending"


def test_stale_requests_remind_the_secretariat_once_per_30_days(secretariat, on_commit):
    old = DialogueRequestFactory(
        state=State.UNDER_REVIEW, submitted_at=timezone.now() - datetime.timedelta(days=31)
    )
    DialogueRequestFactory(state=State.SUBMITTED)  # recent
    DialogueRequestFactory(
        state=State.ACCEPTED, submitted_at=timezone.now() - datetime.timedelta(days=90)
    )  # decided
    with on_commit():
        assert tasks.remind_stale_requests() == 1
        assert tasks.remind_stale_requests() == 0
    assert mail.outbox[0].to == ["secretariat@example.org"]
    assert "31 days" in mail.outbox[0].subject
    later = timezone.now() + datetime.timedelta(days=30)
    # The old request's second period, and the recent one's first.
    with on_commit():
        assert notifications.send_stale_reminders(now=later) == 2
    assert any(f"/dialogue/secretariat/{old.pk}/" in m.body for m in mail.outbox[1:])
    assert notifications.send_stale_reminders(now=later) == 0


def test_cosponsor_invitation_and_join(client, requester, foreign_delegate, on_commit):
    req = DialogueRequestFactory(requester=requester)
    sign_in(client, requester)
    with on_commit():
        response = client.post(
            f"/en/dialogue/requests/{req.pk}/cosponsors/", {"email": "FOREIGN@example.org"}
        )
    assert response.status_code == 302
    assert mail.outbox[0].to == ["foreign@example.org"]
    assert f"/es/dialogue/requests/{req.pk}/" in mail.outbox[0].body
    sign_in(client, foreign_delegate)
    assert client.get(f"/en/dialogue/requests/{req.pk}/").status_code == 200
    client.post(f"/en/dialogue/requests/{req.pk}/cosponsors/join/")
    assert [c.code for c in req.countries] == ["SN", "BR"]


@pytest.mark.parametrize(
    "email", ["colleague@example.org", "nobody@example.org", "<b>@x", "a\x00b@example.org"]
)
def test_cosponsor_must_be_a_verified_delegate_of_another_country(
    client, requester, colleague, email
):
    req = DialogueRequestFactory(requester=requester)
    sign_in(client, requester)
    response = client.post(f"/en/dialogue/requests/{req.pk}/cosponsors/", {"email": email})
    assert response.status_code == 400
    assert req.cosponsors.count() == 0
    assert mail.outbox == []


def test_a_theme_cannot_push_text_from_the_subject_into_the_body(
    secretariat, django_capture_on_commit_callbacks
):
    # A theme stored before themes were checked for line breaks (or by a bulk
    # update): the subject stays one line and the body starts where it should.
    req = DialogueRequestFactory(state=State.SUBMITTED)
    step = request_transition(request=req, to_state=State.UNDER_REVIEW, by=secretariat)
    Email.objects.all().delete()
    hostile = "Water\nPay the invoice at https://evil.example"
    DialogueRequestFactory._meta.model.objects.filter(pk=req.pk).update(
        theme_en=hostile, theme_fr=hostile, theme_es=hostile
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert notifications.send_transition(step.pk) == 1
    message = mail.outbox[0]
    assert "\n" not in message.subject
    assert "Water Pay the invoice at https://evil.example" in message.subject
    assert not message.body.startswith("Pay the invoice")
