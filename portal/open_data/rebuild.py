"""Rebuilding the dump after public changes, at most once an hour.

Every change that makes public pages stale (foundation/public_cache's
``invalidate``, which the apps' signals and services call) asks for a rebuild
once its transaction commits. The last build's time and a "pending" mark live
in the shared cache (Redis in production), so that all web processes and
workers agree:

- no build in the last hour: the task is queued now;
- a build less than an hour ago: the task is queued to run an hour after it;
- a build already pending: nothing more (``cache.add`` lets one request in).

So a day of edits costs at most 24 builds, and the dump is never more than an
hour behind the pages. A daily beat entry rebuilds in any case, in case a
queued task was lost with its broker.
"""

from __future__ import annotations

import logging
import time

from django.conf import settings
from django.core.cache import cache
from django.db import transaction

from portal.open_data.build import build_dump

logger = logging.getLogger(__name__)

INTERVAL = 3600  # seconds between two builds
# A pending mark outlives its due time by this much, so that a task lost by
# its broker does not block later requests for ever.
GRACE = 900
LAST_BUILD_KEY = "open-data:last-build"
PENDING_KEY = "open-data:pending"
# The public-cache namespaces whose data is in the dump.
WATCHED = frozenset({"partners", "actions", "events", "working-groups", "hearings"})


def on_public_change(namespaces, *, using=None) -> None:
    """The public cache's listener (registered in portal/apps.py)."""
    if not getattr(settings, "OPEN_DATA_AUTO_REBUILD", True) or not WATCHED.intersection(
        namespaces
    ):
        return
    connection = transaction.get_connection(using)
    # An import saving a thousand rows in one transaction asks once, not a
    # thousand times (run_on_commit holds (savepoints, callback, robust)).
    if any(entry[1] is request_rebuild for entry in connection.run_on_commit):
        return
    # robust: a failed build (run in-process without a broker) is logged and
    # never fails the request that made the change.
    transaction.on_commit(request_rebuild, using=using, robust=True)


def request_rebuild(*, now: float | None = None) -> float | None:
    """Queue a rebuild as the module says; returns when it is due (a Unix
    time), or None when one is already pending.

    Side effects: sets the pending mark in the cache; queues
    ``portal.tasks.rebuild_open_data`` (with a countdown when the last build
    is less than an hour old).
    """
    from portal.tasks import rebuild_open_data  # noqa: PLC0415 -- portal.tasks imports this module

    now = time.time() if now is None else now
    last = cache.get(LAST_BUILD_KEY)
    due = now if last is None else max(now, last + INTERVAL)
    delay = int(due - now)
    if not cache.add(PENDING_KEY, due, timeout=delay + GRACE):
        return None
    if delay and rebuild_open_data.app.conf.task_always_eager:
        # Without a broker (the embedded default, tests) a task cannot wait:
        # it would run now. The mark expires when the build is due, and the
        # next change after that builds.
        cache.set(PENDING_KEY, due, timeout=delay)
        return due
    rebuild_open_data.apply_async(countdown=delay)
    return due


def rebuild(*, now: float | None = None) -> None:
    """Build the dump now and record it.

    Side effects: writes the dump (build.build_dump); records the build time
    and clears the pending mark in the cache, so that a change from now on
    is built an hour later.
    """
    # The time first: a change arriving during the build waits an hour
    # rather than queuing a second build at once.
    cache.set(LAST_BUILD_KEY, time.time() if now is None else now, None)
    cache.delete(PENDING_KEY)
    build_dump()


def last_build() -> float | None:
    return cache.get(LAST_BUILD_KEY)
