from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from newsletter import services


class Command(BaseCommand):
    help = "Build (or rebuild) the draft newsletter for a month, as Celery beat does on the 1st."

    def add_arguments(self, parser):
        parser.add_argument("--month", required=True, help="YYYY-MM")

    def handle(self, *args, month, **options):
        try:
            issue = services.issue_build(month=services.parse_month(month))
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        self.stdout.write(f"Newsletter {issue.slug}: {issue.get_status_display()}.")
