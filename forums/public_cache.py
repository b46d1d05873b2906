"""Which forums data feeds which cached public pages (foundation/public_cache).

"events": forums and CIONG sessions, their programme, registrations (counted in
the statistics), recommendations and outcome documents.
"working-groups": working groups, their members, meetings and documents.
"""

from foundation.public_cache import invalidate_on_change


def connect() -> None:
    from forums import models  # noqa: PLC0415 -- models load after the app registry

    for model in (
        models.Event,
        models.ProgrammeItem,
        models.Speaker,
        models.Recommendation,
        models.RecommendationUpdate,
        models.Registration,
        models.EventDocument,
    ):
        invalidate_on_change(model, "events", m2m=(models.Event.organisers.through,))
    for model in (
        models.CommitteeTerm,
        models.WorkingGroup,
        models.WorkingGroupGuest,
        models.WorkingGroupMembership,
        models.Topic,
        models.Meeting,
        models.Document,
        models.DocumentVersion,
        models.DocumentFile,
    ):
        invalidate_on_change(
            model, "working-groups", m2m=(models.WorkingGroup.member_partners.through,)
        )
