from modeltranslation.translator import TranslationOptions, register

from forums.models import Candidature, Election


@register(Election)
class ElectionTranslation(TranslationOptions):
    fields = ("title",)


@register(Candidature)
class CandidatureTranslation(TranslationOptions):
    # Up to three languages: the NGO writes the statement in those it chooses.
    fields = ("statement",)
