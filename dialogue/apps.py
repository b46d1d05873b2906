from django.apps import AppConfig


class DialogueConfig(AppConfig):
    name = "dialogue"
    verbose_name = "Dialogue with Member States"

    def ready(self):
        from auditlog.registry import auditlog  # noqa: PLC0415 -- it imports auditlog's models

        from dialogue.models import (  # noqa: PLC0415 -- models load after the app registry
            CoSponsor,
            DialogueRequest,
            ExpressionOfInterest,
        )

        auditlog.register(DialogueRequest, m2m_fields={"sectors"})
        auditlog.register(CoSponsor)
        auditlog.register(ExpressionOfInterest)
        self.connect_public_cache()

    def connect_public_cache(self):
        from dialogue import public_cache  # noqa: PLC0415 -- it reads the models, loaded after the registry

        public_cache.connect()
