from modeltranslation.translator import TranslationOptions, register

from newsletter.models import Issue


@register(Issue)
class IssueTranslation(TranslationOptions):
    fields = ("editorial_note",)
