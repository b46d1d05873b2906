"""The factories of every app, under their former address.

Each app's factories live beside its tests (tests/<app>/factories.py); this
module re-exports them for the tests that import them from here.
"""

from tests.foundation.factories import DelegateProfileFactory, UserFactory
from tests.partners.factories import (
    ActionFactory,
    ContactFactory,
    DelegateFactory,
    PartnerEditorFactory,
    PartnerFactory,
    sector_for,
)

__all__ = [
    "ActionFactory",
    "ContactFactory",
    "DelegateFactory",
    "DelegateProfileFactory",
    "PartnerEditorFactory",
    "PartnerFactory",
    "UserFactory",
    "sector_for",
]
