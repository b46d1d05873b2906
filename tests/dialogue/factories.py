import datetime

import factory
from django.utils import timezone

from dialogue.models import (
    CoSponsor,
    DialogueRequest,
    ExpressionOfInterest,
    PartnerMatch,
    State,
    Transition,
)
from partners.models import Sector
from tests.conftest import verified
from tests.factories import DelegateProfileFactory, PartnerFactory


def make_delegate(email: str, country: str = "SN", *, is_verified: bool = True, language="en"):
    profile = DelegateProfileFactory(
        user__email=email,
        user__preferred_language=language,
        country=country,
        verified_at=timezone.now() if is_verified else None,
    )
    return verified(profile.user)


class DialogueRequestFactory(factory.django.DjangoModelFactory):
    """A request in any state, made directly (tests of the workflow use the service)."""

    class Meta:
        model = DialogueRequest
        skip_postgeneration_save = True

    country = "SN"
    requester = factory.LazyAttributeSequence(
        lambda o, n: make_delegate(f"requester{n}@example.org", o.country)
    )
    theme_en = factory.Sequence(lambda n: f"Lifelong learning dialogue {n}")
    description_en = "How NGOs support lifelong learning in the Sahel."
    original_language = "en"
    setting = "png-committee"
    executive_board_session = 222
    format = "thematic-debate"
    preferred_from = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(60))
    preferred_until = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(120))
    expertise_sought = "Adult literacy programmes."
    state = State.SUBMITTED
    submitted_at = factory.LazyFunction(timezone.now)
    state_changed_at = factory.LazyFunction(timezone.now)
    decline_reason = factory.LazyAttribute(
        lambda o: "Out of scope." if o.state == State.DECLINED else ""
    )
    scheduled_at = factory.LazyAttribute(
        lambda o: (
            timezone.now() + datetime.timedelta(days=30)
            if o.state in (State.SCHEDULED, State.HELD)
            else None
        )
    )
    time_zone = factory.LazyAttribute(
        lambda o: "Europe/Paris" if o.state in (State.SCHEDULED, State.HELD) else ""
    )
    place = factory.LazyAttribute(
        lambda o: "UNESCO Headquarters, Room XI" if o.scheduled_at else ""
    )

    @factory.post_generation
    def sectors(self, create, extracted, **kwargs):
        if create:
            self.sectors.set(Sector.objects.filter(code__in=extracted or ["education"]))

    @factory.post_generation
    def history(self, create, extracted, **kwargs):
        if create:
            Transition.objects.create(
                request=self, to_state=State.SUBMITTED, by=self.requester, at=self.submitted_at
            )


class CoSponsorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CoSponsor

    request = factory.SubFactory(DialogueRequestFactory)
    user = factory.Sequence(lambda n: make_delegate(f"cosponsor{n}@example.org", "BR"))
    country = factory.LazyAttribute(lambda o: o.user.delegate_profile.country)
    invited_at = factory.LazyFunction(timezone.now)
    joined_at = factory.LazyFunction(timezone.now)


class ExpressionOfInterestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ExpressionOfInterest

    request = factory.SubFactory(DialogueRequestFactory, state=State.ACCEPTED)
    partner = factory.SubFactory(PartnerFactory)
    statement = "We run literacy circles in 40 countries."
    proposed_speaker = "Dr Awa Ndiaye"
    languages = ["fr", "en"]


class PartnerMatchFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PartnerMatch

    request = factory.SubFactory(DialogueRequestFactory, state=State.ACCEPTED)
    partner = factory.SubFactory(PartnerFactory)
    sector_codes = ["education"]
    score = 2
