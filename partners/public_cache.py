"""Which partner data feeds which cached public pages (foundation/public_cache).

"partners": the directory, profiles, home figures, statistics, map, API, sitemap.
"actions": the actions shown on the home page and on profiles.
"""

from foundation.public_cache import invalidate, invalidate_on_change


def connect() -> None:
    from partners.models import (  # noqa: PLC0415 -- models load after the app registry
        Action,
        Contact,
        Delegate,
        Partner,
        Sector,
        StatusChange,
    )

    for model in (Partner, StatusChange, Delegate, Contact, Sector):
        invalidate_on_change(model, "partners", m2m=(Partner.sectors.through,))
    invalidate_on_change(Action, "actions", m2m=(Action.sectors.through,))


def partners_changed() -> None:
    """For writes that send no signal (``update()``, ``bulk_create``): the
    search rebuild and the synthetic partners of the benchmarks."""
    invalidate("partners", "actions")
