from modeltranslation.translator import TranslationOptions, register

from newsletter.models import Issue, Mailing


@register(Issue)
class IssueTranslation(TranslationOptions):
    fields = ("editorial_note",)


@register(Mailing)
class MailingTranslation(TranslationOptions):
    fields = ("subject", "body")
