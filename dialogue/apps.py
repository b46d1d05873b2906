from django.apps import AppConfig


class DialogueConfig(AppConfig):
    name = "dialogue"
    verbose_name = "Dialogue with Member States"

    def ready(self):
        from auditlog.registry import auditlog
        from django.db.models.signals import post_delete

        from dialogue import services
        from dialogue.models import CoSponsor, DialogueRequest, ExpressionOfInterest, RequestFile

        post_delete.connect(
            services.request_file_forget,
            sender=RequestFile,
            dispatch_uid="dialogue.request_file_forget",
        )

        auditlog.register(DialogueRequest, m2m_fields={"sectors"})
        auditlog.register(CoSponsor)
        auditlog.register(ExpressionOfInterest)
