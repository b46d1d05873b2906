"""The data the gates crawl and browse: the permission matrix's world (every app
adds the objects its permission rows need, so a new app's pages are crawled
as soon as its rows exist) plus some content that makes the pages full."""

import datetime

from tests.factories import ActionFactory, ContactFactory, DelegateFactory
from tests.test_permission_matrix import _build_world


def build_gate_world() -> dict:
    import importlib

    from django.apps import apps

    from partners.models import Sector

    # The sectors come from a data migration; a transactional test elsewhere in
    # the same process may have flushed them, so put them back (idempotent).
    importlib.import_module("partners.migrations.0002_search_postgres").create_sectors(apps, None)
    world = _build_world()
    partner_a = world["partner_a"]
    partner_a.website = "https://example.org/"
    partner_a.founding_year = 1947
    partner_a.admission_decision_date = datetime.date(2017, 3, 1)
    partner_a.decision_reference = "DG/7/17/1815"
    partner_a.executive_board_session = 202
    partner_a.save()
    partner_a.sectors.set(Sector.objects.filter(code__in=["education", "culture"]))
    world["partner_b"].sectors.set(Sector.objects.filter(code="natural-sciences"))
    ContactFactory(partner=partner_a, name="Amina Diallo", title="Secretary General")
    for country in ("SN", "FR", "BR", "JP"):
        DelegateFactory(partner=partner_a, country=country)
    ActionFactory(partner=partner_a, link="https://example.org/forum")
    ActionFactory(partner=world["partner_b"])
    return world
