from django.core.management.base import BaseCommand, CommandError

from partners.public_cache import partners_changed
from partners.synthetic import generate_partners


class Command(BaseCommand):
    help = "Create synthetic partners (three languages) with contacts, delegates and actions."

    def add_arguments(self, parser):
        parser.add_argument("--count", type=int, required=True)
        parser.add_argument("--seed", type=int, default=0)

    def handle(self, *args, count, seed, **options):
        if not 0 < count <= 1_000_000:
            raise CommandError("--count must be between 1 and 1,000,000.")
        created = generate_partners(count=count, seed=seed)
        partners_changed()
        self.stdout.write(self.style.SUCCESS(f"Created {created} synthetic partners."))
