import datetime

import factory
from django.utils import timezone

from partners.models import PartnerInvitation, PartnerRevision
from partners.revisions import snapshot
from tests.factories import PartnerFactory


class PartnerRevisionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PartnerRevision

    partner = factory.SubFactory(PartnerFactory)
    base_version = factory.LazyAttribute(lambda o: o.partner.profile_version)
    proposed = factory.LazyAttribute(
        lambda o: {**snapshot(o.partner), "mission_fr": "Nouvelle mission proposée."}
    )
    lock_version = 1


class PartnerInvitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PartnerInvitation

    partner = factory.SubFactory(PartnerFactory)
    email = factory.Sequence(lambda n: f"invitee{n}@example.org")
    full_name = "Awa Diop"
    language = "fr"
    nonce = factory.Sequence(lambda n: f"nonce-{n}")
    expires_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=14))
