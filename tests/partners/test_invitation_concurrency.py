"""An invitation revoked or sent again by the Secretariat while its invitee
accepts it, against PostgreSQL: one outcome, never both."""

import time

import pytest
from django.db import transaction

from partners import services
from partners.models import PartnerEditor, PartnerInvitation
from tests.concurrency import run_in_parallel
from tests.factories import UserFactory
from tests.partners.factories import PartnerInvitationFactory

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.concurrency,
]


def test_a_revocation_waits_for_an_acceptance_under_way_and_is_refused():
    invitation = PartnerInvitationFactory(email="awa@example.org")
    secretary = UserFactory()

    def accept():
        with transaction.atomic():
            services.invitation_accept(
                invitation=PartnerInvitation.objects.get(pk=invitation.pk),
                password="a long enough passphrase",
            )
            # Still uncommitted when the revocation reads the invitation.
            time.sleep(1)

    def revoke():
        time.sleep(0.3)  # the acceptance holds the row first
        services.invitation_revoke(
            invitation=PartnerInvitation.objects.get(pk=invitation.pk), revoked_by=secretary
        )

    assert run_in_parallel([accept, revoke]) == [
        "ok",
        "This invitation has already been accepted; it can no longer be revoked.",
    ]
    stored = PartnerInvitation.objects.get(pk=invitation.pk)
    assert stored.accepted_at is not None
    assert (stored.revoked_at, stored.revoked_by) == (None, None)
    assert PartnerEditor.objects.get().user.email == "awa@example.org"


def test_a_resend_waits_for_an_acceptance_under_way_and_is_refused():
    invitation = PartnerInvitationFactory(email="awa@example.org")

    def accept():
        with transaction.atomic():
            services.invitation_accept(
                invitation=PartnerInvitation.objects.get(pk=invitation.pk),
                password="a long enough passphrase",
            )
            time.sleep(1)  # still uncommitted when the resend reads the invitation

    def resend():
        time.sleep(0.3)  # the acceptance holds the row first
        services.invitation_send(invitation=PartnerInvitation.objects.get(pk=invitation.pk))

    assert run_in_parallel([accept, resend]) == [
        "ok",
        "This invitation has already been accepted.",
    ]
    stored = PartnerInvitation.objects.get(pk=invitation.pk)
    assert stored.accepted_at is not None and stored.nonce == invitation.nonce
