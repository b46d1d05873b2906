from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from partners.imports.reader import FileRefused, open_source
from partners.imports.report import summary_lines
from partners.imports.services import import_partners


class Command(BaseCommand):
    help = (
        "Import partners and their decisions from a CSV or XLSX file (see docs/import.md). "
        "With any problem nothing is written, unless --valid-only."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="CSV (UTF-8) or XLSX; an XLSX may hold a Decisions sheet")
        parser.add_argument("--decisions", help="for a CSV import: the decisions, as a second CSV")
        parser.add_argument("--dry-run", action="store_true", help="report only; write nothing")
        parser.add_argument(
            "--valid-only",
            action="store_true",
            help="write the rows without problems and report the others",
        )

    def handle(self, *args, file, decisions, dry_run, valid_only, **options):
        handles = []
        try:
            handles.append(open(file, "rb"))  # noqa: SIM115 -- closed in finally
            source = open_source(handles[0], name=file)
            decisions_source = None
            if decisions:
                handles.append(open(decisions, "rb"))  # noqa: SIM115 -- closed in finally
                decisions_source = open_source(handles[1], name=decisions)
            report = import_partners(
                source=source,
                decisions=decisions_source,
                dry_run=dry_run,
                valid_only=valid_only,
            )
        except OSError as error:
            raise CommandError(str(error)) from None
        except FileRefused as refusal:
            raise CommandError(str(refusal.message)) from None
        finally:
            for handle in handles:
                handle.close()
        for problem in report.problems:
            self.stderr.write(
                _("%(sheet)s, row %(row)s, column “%(column)s” (%(value)s): %(message)s")
                % problem.__dict__
            )
        for line in summary_lines(report, dry_run=dry_run):
            self.stdout.write(line)
        if report.has_errors and not (valid_only and report.applied):
            raise CommandError(_("Nothing was written."))
