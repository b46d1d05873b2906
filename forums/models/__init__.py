from forums.models.events import (
    Event,
    EventDocument,
    ProgrammeItem,
    Recommendation,
    RecommendationUpdate,
    Registration,
    Speaker,
)
from forums.models.files import StoredFile
from forums.models.groups import (
    CommitteeTerm,
    Document,
    DocumentComment,
    DocumentFile,
    DocumentVersion,
    Meeting,
    Topic,
    WorkingGroup,
    WorkingGroupGuest,
    WorkingGroupMembership,
)

__all__ = [
    "CommitteeTerm",
    "Document",
    "DocumentComment",
    "DocumentFile",
    "DocumentVersion",
    "Event",
    "EventDocument",
    "Meeting",
    "ProgrammeItem",
    "Recommendation",
    "RecommendationUpdate",
    "Registration",
    "Speaker",
    "StoredFile",
    "Topic",
    "WorkingGroup",
    "WorkingGroupGuest",
    "WorkingGroupMembership",
]
