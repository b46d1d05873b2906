from django.core.management.base import BaseCommand

from partners.public_cache import partners_changed
from partners.search import rebuild_search_documents


class Command(BaseCommand):
    help = (
        "Rebuild every partner's search documents (after a change to what is "
        "searched, or a bulk import that bypassed the signals)."
    )

    def handle(self, *args, **options):
        count = rebuild_search_documents()
        partners_changed()
        self.stdout.write(self.style.SUCCESS(f"Rebuilt the search documents of {count} partners."))
