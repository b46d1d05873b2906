from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from foundation.mail import bounces


class Command(BaseCommand):
    help = "Read the bounce mailbox (BOUNCE_MAILBOX_URL): classify, record, suppress, move."

    def add_arguments(self, parser):
        parser.add_argument("--url", default=None, help="Mailbox URL instead of the setting.")
        parser.add_argument("--limit", type=int, default=500)

    def handle(self, *args, url=None, limit=500, **options):
        url = url if url is not None else getattr(settings, "BOUNCE_MAILBOX_URL", "")
        if not url:
            raise CommandError("BOUNCE_MAILBOX_URL is not set.")
        try:
            report = bounces.process_mailbox(url, limit=max(1, min(limit, 10000)))
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        counts = ", ".join(f"{kind}: {count}" for kind, count in sorted(report.counts.items()))
        self.stdout.write(f"{report.read} messages read{' (' + counts + ')' if counts else ''}.")
