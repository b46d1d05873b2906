from django.apps import AppConfig


class DialogueConfig(AppConfig):
    name = "dialogue"
    verbose_name = "Dialogue with Member States"

    def ready(self):
        from auditlog.registry import auditlog

        from dialogue.models import CoSponsor, DialogueRequest, ExpressionOfInterest

        auditlog.register(DialogueRequest, m2m_fields={"sectors"})
        auditlog.register(CoSponsor)
        auditlog.register(ExpressionOfInterest)
