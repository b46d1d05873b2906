from forums.models.attendance import (  # noqa: E402
    AgendaEntry,
    CheckIn,
    RegistrationType,
    SessionFeedback,
)
from forums.models.elections import (
    Ballot,
    Candidature,
    CommitteeSeat,
    Election,
    PaperTally,
    RollEntry,
    VoterMark,
)
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

# Issue 19: calls for proposals, registration types, check-in.
from forums.models.proposals import CallForProposals, Proposal, Review  # noqa: E402

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
    # Elections (forums/models/elections.py)
    "Ballot",
    "Candidature",
    "CommitteeSeat",
    "Election",
    "PaperTally",
    "RollEntry",
    "VoterMark",
    # Calls for proposals, registration types, check-in (issue 19)
    "AgendaEntry",
    "CallForProposals",
    "CheckIn",
    "Proposal",
    "RegistrationType",
    "Review",
    "SessionFeedback",
]
