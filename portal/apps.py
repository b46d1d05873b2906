from django.apps import AppConfig

from foundation.public_cache import on_invalidate


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = "Portal"

    def ready(self):
        from portal.open_data.rebuild import (  # noqa: PLC0415 -- imports models, registry ready
            on_public_change,
        )

        # The open-data dump follows the same changes as the public pages.
        on_invalidate(on_public_change)
