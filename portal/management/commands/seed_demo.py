from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

import dialogue.demo
import forums.demo
import newsletter.demo
import partners.demo
import partners.lifecycle.demo
from portal.demo_accounts import seed_accounts
from portal.open_data import rebuild


class Command(BaseCommand):
    help = "Load idempotent demo data built from the seed documents."

    def add_arguments(self, parser):
        parser.add_argument(
            "--with-accounts",
            action="store_true",
            help="Also create demo accounts (only when DEBUG is on).",
        )

    def handle(self, *args, with_accounts=False, **options):
        if with_accounts and not settings.DEBUG:
            raise CommandError("Demo accounts are only created when DEBUG is on.")
        with transaction.atomic():
            for seed in (
                partners.demo.seed,
                partners.lifecycle.demo.seed,
                forums.demo.seed,
                dialogue.demo.seed,
                newsletter.demo.seed,
            ):
                seed(with_accounts=with_accounts, stdout=self.stdout)
            if with_accounts:
                seed_accounts(stdout=self.stdout)
        # `make demo` serves a dump of the demo data from its first page.
        rebuild.rebuild()
        self.stdout.write(self.style.SUCCESS("Demo data loaded."))
