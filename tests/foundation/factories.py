"""Factories of the foundation's models (accounts)."""

import factory

from foundation.accounts.models import DelegateProfile, User


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ["email"]

    email = factory.Sequence(lambda n: f"user{n}@example.org")
    full_name = factory.Faker("name")
    password = factory.django.Password("correct horse battery staple")


class DelegateProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DelegateProfile

    user = factory.SubFactory(UserFactory)
    country = "SN"
    body = DelegateProfile.Body.PERMANENT_DELEGATION
