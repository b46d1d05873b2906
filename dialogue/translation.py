from modeltranslation.translator import TranslationOptions, register

from dialogue.models import DialogueRequest


@register(DialogueRequest)
class DialogueRequestTranslation(TranslationOptions):
    # The delegate writes in one language (original_language); the
    # Secretariat may add the other two.
    fields = ("theme", "description", "summary", "follow_up")
