from modeltranslation.translator import TranslationOptions, register

from partners.models import Action, Partner, Sector


@register(Sector)
class SectorTranslation(TranslationOptions):
    fields = ("name",)


@register(Partner)
class PartnerTranslation(TranslationOptions):
    fields = ("name", "mission")


@register(Action)
class ActionTranslation(TranslationOptions):
    fields = ("title", "text")
