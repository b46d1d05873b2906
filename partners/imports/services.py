"""The import as one call, for the command and the page."""

from django.db import transaction

from partners.imports.plan import Importer, Report
from partners.imports.reader import Source
from partners.public_cache import partners_changed
from partners.search import refresh_deferred


def import_partners(
    *,
    source: Source,
    decisions: Source | None = None,
    user=None,
    dry_run: bool = False,
    valid_only: bool = False,
) -> Report:
    """Check the file; unless `dry_run`, write what it changes.

    With any problem nothing is written, unless `valid_only`: then the rows
    without problems are (a partner row and its decisions go together).
    Side effects: in one transaction, partners created or updated, their
    sectors, contacts and decisions; the search index rebuilt once for the
    partners touched; the public cache bumped.
    """
    importer = Importer(source, decisions, user=user)
    report = importer.check()
    if report.refused or dry_run or report.nothing_to_change:
        return report
    if report.has_errors and not valid_only:
        return report
    with transaction.atomic(), refresh_deferred():
        report = importer.apply()
    partners_changed()
    return report
