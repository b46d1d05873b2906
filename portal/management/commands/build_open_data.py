from django.core.management.base import BaseCommand

from portal.open_data import rebuild
from portal.open_data.build import manifest


class Command(BaseCommand):
    help = "Build the open-data dump now (OPEN_DATA_ROOT/ngo-unesco-open-data.zip)."

    def handle(self, *args, **options):
        rebuild.rebuild()
        built = manifest()
        rows = sum(resource.get("rows", 0) for resource in built.resources)
        self.stdout.write(
            self.style.SUCCESS(
                f"Open data built: {len(built.resources)} files, {rows} rows, {built.size} bytes."
            )
        )
