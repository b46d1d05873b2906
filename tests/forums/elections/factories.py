import datetime

import factory
from django.utils import timezone

from forums.models import Candidature, Election, Event
from partners.regions import region_of
from tests.forums.factories import EventFactory, pdf_upload
from tests.partners.factories import PartnerFactory


def _now():
    return timezone.now()


class ElectionFactory(factory.django.DjangoModelFactory):
    """An election whose call is open today: candidatures close in 10 days,
    voting runs from day 20 to day 21."""

    class Meta:
        model = Election
        skip_postgeneration_save = True

    event = factory.SubFactory(EventFactory, kind=Event.Kind.CIONG)
    slug = factory.Sequence(lambda n: f"election-{n}")
    title_en = factory.Sequence(lambda n: f"Election of the Liaison Committee {n}")
    title_fr = factory.Sequence(lambda n: f"Élection du Comité de liaison {n}")
    title_es = factory.Sequence(lambda n: f"Elección del Comité de Enlace {n}")
    title = factory.LazyAttribute(lambda o: o.title_en)
    call_opens = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=5))
    candidatures_close = factory.LazyFunction(lambda: _now() + datetime.timedelta(days=10))
    candidates_published = factory.LazyFunction(
        lambda: timezone.localdate() + datetime.timedelta(days=11)
    )
    voting_opens = factory.LazyFunction(lambda: _now() + datetime.timedelta(days=20))
    voting_closes = factory.LazyFunction(lambda: _now() + datetime.timedelta(days=21))
    results_on = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=21))
    term_start = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=22))
    term_end = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=750))


def open_voting(election: Election) -> Election:
    """Move the calendar so that voting is open now (the roll still has to be closed)."""
    now = timezone.now()
    election.candidatures_close = now - datetime.timedelta(days=2)
    election.voting_opens = now - datetime.timedelta(hours=1)
    election.voting_closes = now + datetime.timedelta(hours=5)
    election.save()
    return election


def close_voting(election: Election) -> Election:
    now = timezone.now()
    election.voting_closes = now - datetime.timedelta(minutes=1)
    election.voting_opens = now - datetime.timedelta(hours=5)
    election.candidatures_close = now - datetime.timedelta(days=2)
    election.save()
    return election


def candidature(
    election, *, kind="consultative", partner=None, country="FR", state="validated", **extra
):
    """A candidature made directly (the service's checks are tested on their own)."""
    from forums.services import stored_file_fields

    if partner is None:
        partner = PartnerFactory(
            status="associate" if kind == "associate" else "consultative", country=country
        )
    return Candidature.objects.create(
        election=election,
        seat_kind=kind,
        partner=partner,
        person_name=extra.pop("person_name", "Ana Pérez" if kind == "chair" else ""),
        region=region_of(str(partner.country)),
        state=state,
        statement_en=extra.pop("statement_en", "We will serve."),
        **stored_file_fields(pdf_upload("cv.pdf"), folder="test"),
        **extra,
    )
