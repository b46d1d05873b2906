"""Which dialogue data feeds which cached public pages (foundation/public_cache).

"hearings": the public hearings, their calendar, the event pages that list
them and the statistics.
"""

from foundation.public_cache import invalidate_on_change


def connect() -> None:
    from dialogue.models import (  # noqa: PLC0415 -- models load after the app registry
        CoSponsor,
        DialogueRequest,
        ExpressionOfInterest,
    )

    for model in (DialogueRequest, CoSponsor, ExpressionOfInterest):
        invalidate_on_change(model, "hearings", m2m=(DialogueRequest.sectors.through,))
