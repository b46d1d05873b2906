"""The report in words, for the command and the page."""

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from partners.imports.plan import Report


def summary_lines(report: Report, *, dry_run: bool = False) -> list[str]:
    if report.refused:
        return [report.refused]
    lines = []
    if report.problem_count:
        lines.append(
            ngettext(
                "%(count)s problem was found.",
                "%(count)s problems were found.",
                report.problem_count,
            )
            % {"count": report.problem_count}
        )
        if report.problems_left_out:
            lines.append(
                _("Only the first %(shown)s are listed.") % {"shown": len(report.problems)}
            )
    if report.nothing_to_change and not report.problem_count:
        lines.append(
            _("Nothing to change: the directory already holds what this file says (%(rows)s rows).")
            % {"rows": report.unchanged}
        )
        return lines
    counts = _(
        "%(created)s partners created, %(updated)s updated, %(unchanged)s unchanged, "
        "%(decisions)s decisions added."
    ) % {
        "created": report.created,
        "updated": report.updated,
        "unchanged": report.unchanged,
        "decisions": report.decisions_added,
    }
    if report.applied:
        lines.append(_("Imported: %(counts)s") % {"counts": counts})
        if report.skipped:
            lines.append(
                ngettext(
                    "%(count)s row with problems was left out.",
                    "%(count)s rows with problems were left out.",
                    report.skipped,
                )
                % {"count": report.skipped}
            )
    elif dry_run or report.problem_count:
        lines.append(_("Nothing was written. The file would give: %(counts)s") % {"counts": counts})
    return lines
