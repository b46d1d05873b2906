from modeltranslation.translator import TranslationOptions, register

from forums.models import (
    Document,
    Event,
    EventDocument,
    ProgrammeItem,
    Recommendation,
    RecommendationUpdate,
    Topic,
    WorkingGroup,
)


@register(WorkingGroup)
class WorkingGroupTranslation(TranslationOptions):
    fields = ("name", "mandate")


@register(Topic)
class TopicTranslation(TranslationOptions):
    fields = ("title",)


@register(Document)
class DocumentTranslation(TranslationOptions):
    fields = ("title", "summary")


@register(Event)
class EventTranslation(TranslationOptions):
    fields = ("title", "theme", "description")


@register(ProgrammeItem)
class ProgrammeItemTranslation(TranslationOptions):
    fields = ("title", "description")


@register(EventDocument)
class EventDocumentTranslation(TranslationOptions):
    fields = ("title",)


@register(Recommendation)
class RecommendationTranslation(TranslationOptions):
    fields = ("text",)


@register(RecommendationUpdate)
class RecommendationUpdateTranslation(TranslationOptions):
    fields = ("note",)


# Elections register their own fields.
from forums.elections import translation as _elections_translation  # noqa: E402, F401

# Issue 19
from forums.models import CallForProposals, RegistrationType  # noqa: E402


@register(CallForProposals)
class CallForProposalsTranslation(TranslationOptions):
    fields = ("description", "themes")


@register(RegistrationType)
class RegistrationTypeTranslation(TranslationOptions):
    fields = ("name",)
