"""Celery tasks of the site's composition: thin, they call portal/open_data."""

from celery import shared_task

from portal.open_data import rebuild


@shared_task(ignore_result=True)
def rebuild_open_data() -> None:
    """Rebuild the open-data dump (queued by portal/open_data/rebuild.py,
    and once a day by beat)."""
    rebuild.rebuild()
