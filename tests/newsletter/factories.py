import datetime

import factory

from newsletter.models import Delivery, Issue, Subscriber
from tests.factories import ContactFactory


class IssueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Issue
        django_get_or_create = ["month"]

    month = datetime.date(2025, 1, 1)
    editorial_note_en = "Welcome to the January letter."
    editorial_note_fr = "Bienvenue dans la lettre de janvier."
    editorial_note_es = "Bienvenidos a la carta de enero."


class SubscriberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Subscriber

    email = factory.Sequence(lambda n: f"reader{n}@example.net")
    language = "fr"
    subscribed_on_site = True
    confirmed_at = factory.LazyFunction(lambda: datetime.datetime.now(datetime.UTC))


# A mailing's subject and body in each language, as the form posts them and as
# Mailing.objects.create takes them.
MAILING_TEXTS = {
    f"{name}_{code}": f"{name} {code}"
    for name in ("subject", "body")
    for code in ("fr", "en", "es")
}


class DeliveryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Delivery

    issue = factory.SubFactory(IssueFactory)
    email = factory.Sequence(lambda n: f"delivery{n}@example.net")
    language = "en"


def subscribed_contact(**kwargs):
    kwargs.setdefault("newsletter_opt_in", True)
    return ContactFactory(**kwargs)
