"""Factories of the partners app's models."""

import datetime

import factory
from django.utils import timezone
from django.utils.text import slugify

from partners.models import (
    Action,
    Contact,
    Delegate,
    Partner,
    PartnerEditor,
    PartnerInvitation,
    PartnerRevision,
    Sector,
)
from partners.revisions import snapshot
from tests.foundation.factories import UserFactory


def sector_for(code: str) -> Sector:
    """The sector with this code. The five sectors come from a data migration,
    but transactional tests flush the tables, so recreate them when missing."""
    codes = list(Sector.Code.values)
    sector, _created = Sector.objects.get_or_create(
        code=code,
        defaults={"name_en": str(Sector.Code(code).label), "position": codes.index(code) + 1},
    )
    return sector


class PartnerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Partner
        skip_postgeneration_save = True

    name_en = factory.Sequence(lambda n: f"World Association {n}")
    name_fr = factory.Sequence(lambda n: f"Association mondiale {n}")
    name_es = factory.Sequence(lambda n: f"Asociación mundial {n}")
    acronym = factory.Sequence(lambda n: f"WA{n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name_en))
    status = "consultative"
    since = datetime.date(2017, 3, 15)
    country = "FR"
    city = "Paris"
    mission_en = "Promotes lifelong learning for everyone."
    mission_fr = "Promeut les apprentissages tout au long de la vie."
    mission_es = "Promueve el aprendizaje a lo largo de toda la vida."

    @factory.post_generation
    def sectors(self, create, extracted, **kwargs):
        if create and extracted:
            self.sectors.set([sector_for(code) for code in extracted])


class ContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contact

    partner = factory.SubFactory(PartnerFactory)
    name = factory.Faker("name")
    email = factory.Sequence(lambda n: f"contact{n}@example.org")
    is_public = True


class DelegateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Delegate

    partner = factory.SubFactory(PartnerFactory)
    country = "SN"
    name = factory.Sequence(lambda n: f"Delegate {n}")


class ActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Action

    partner = factory.SubFactory(PartnerFactory)
    title_en = factory.Sequence(lambda n: f"World forum {n}")
    title_fr = factory.Sequence(lambda n: f"Forum mondial {n}")
    text_en = "A forum on lifelong learning."
    start_date = datetime.date(2024, 5, 1)


class PartnerEditorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PartnerEditor

    user = factory.SubFactory(UserFactory)
    partner = factory.SubFactory(PartnerFactory)


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
