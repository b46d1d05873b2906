"""Which newsletter data feeds which cached public pages (foundation/public_cache).

"newsletters": the public archive of issues.
"""

from foundation.public_cache import invalidate, invalidate_on_change


def connect() -> None:
    from newsletter.models import Issue, IssueRendition  # noqa: PLC0415 -- models load after the app registry

    for model in (Issue, IssueRendition):
        invalidate_on_change(model, "newsletters")


def issues_changed() -> None:
    """For services that change issues with ``update()``, which sends no signal."""
    invalidate("newsletters")
