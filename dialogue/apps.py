from django.apps import AppConfig
from django.db.models.signals import post_delete


class DialogueConfig(AppConfig):
    name = "dialogue"
    verbose_name = "Dialogue with Member States"

    def ready(self):
        from auditlog.registry import auditlog  # noqa: PLC0415 -- it imports auditlog's models

        from dialogue import services  # noqa: PLC0415 -- models load after the app registry
        from dialogue.models import CoSponsor, DialogueRequest, ExpressionOfInterest, RequestFile  # noqa: PLC0415 -- models load after the app registry

        post_delete.connect(
            services.request_file_forget,
            sender=RequestFile,
            dispatch_uid="dialogue.request_file_forget",
        )

        auditlog.register(DialogueRequest, m2m_fields={"sectors"})
        auditlog.register(CoSponsor)
        auditlog.register(ExpressionOfInterest)
