from collections import Counter

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from newsletter import selectors, services
from newsletter.models import Delivery, Issue


class Command(BaseCommand):
    help = (
        "Send (or resume sending) an approved newsletter issue: only what is not sent yet "
        "goes out. --dry-run counts without sending."
    )

    def add_arguments(self, parser):
        parser.add_argument("--month", required=True, help="YYYY-MM")
        parser.add_argument("--dry-run", action="store_true", help="Count, send nothing.")
        parser.add_argument(
            "--approve",
            action="store_true",
            help="Approve a draft first (otherwise a draft is refused).",
        )

    def handle(self, *args, month, dry_run=False, approve=False, **options):
        try:
            issue = Issue.objects.filter(month=services.parse_month(month)).first()
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        if issue is None:
            raise CommandError(f"No issue for {month}: run build_newsletter --month {month}.")
        if dry_run:
            self._dry_run(issue)
            return
        try:
            if issue.status == Issue.Status.DRAFT:
                if not approve:
                    raise CommandError(
                        "This issue is a draft: approve it on the Secretariat page, "
                        "or pass --approve."
                    )
                services.issue_approve(issue=issue, approved_by=None)
            else:
                services.issue_resume(issue=issue)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        progress = selectors.issue_progress(issue=issue)
        self.stdout.write(
            f"Newsletter {issue.slug}: sending queued. Sent {progress['sent']}, "
            f"pending {progress['pending']}, failed {progress['failed']}."
        )

    def _dry_run(self, issue):
        languages = Counter()
        already = set(
            Delivery.objects.filter(issue=issue)
            .exclude(status=Delivery.Status.PENDING)
            .values_list("email", flat=True)
        )
        to_send = 0
        for email, language in selectors.recipient_iter():
            languages[language] += 1
            to_send += email not in already
        by_language = ", ".join(f"{code}: {count}" for code, count in sorted(languages.items()))
        self.stdout.write(
            f"Newsletter {issue.slug} ({issue.get_status_display()}): "
            f"{sum(languages.values())} recipients ({by_language or 'none'}); "
            f"{to_send} would be sent. Nothing sent (dry run)."
        )
