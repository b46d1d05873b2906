"""What the open-data dump holds: one tabular resource per CSV file, each with
the Table Schema that datapackage.json publishes and the rows that fill it.

Only public data, read through the same public filters as the pages: published
partners (their public decisions, public actions, sectors and the countries of
their active delegates, counted, never named), published events and their
programme, hearings in a public state, working groups and the metadata of
their published documents, and the statistics page's figures. No person's
email, phone or name is in the dump: public contacts are shown on a profile
one by one, not handed out in bulk under an open licence.

Lists (a partner's sectors, an event's organisers) are link
tables of their own rather than cells to split, so that the foreign keys hold
and a spreadsheet user can join them.

Each domain's files are declared in its own module (partner_resources.py,
event_resources.py, hearing_resources.py, working_group_resources.py,
statistics.py); this one puts them in the order of datapackage.json, where
every file comes after the files its foreign keys refer to.
"""

from __future__ import annotations

from portal.open_data.event_resources import event_resources
from portal.open_data.hearing_resources import hearing_resources
from portal.open_data.partner_resources import partner_resources
from portal.open_data.statistics import statistics_resources
from portal.open_data.tables import Resource
from portal.open_data.working_group_resources import working_group_resources


def resources() -> list[Resource]:
    """Every resource of the dump, in the order of datapackage.json."""
    return [
        *partner_resources(),
        *event_resources(),
        *hearing_resources(),
        *working_group_resources(),
        *statistics_resources(),
    ]
