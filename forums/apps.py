from django.apps import AppConfig


class ForumsConfig(AppConfig):
    name = "forums"
    verbose_name = "Liaison Committee, working groups and forums"

    def ready(self):
        from auditlog.registry import auditlog  # noqa: PLC0415 -- it imports auditlog's models

        from forums import models  # noqa: PLC0415 -- models load after the app registry

        for model in (
            models.CommitteeTerm,
            models.WorkingGroup,
            models.WorkingGroupMembership,
            models.Document,
            models.DocumentVersion,
            models.DocumentComment,
            models.Event,
            models.Registration,
            models.Recommendation,
            models.RecommendationUpdate,
        ):
            auditlog.register(model)
        self.connect_public_cache()

    def connect_public_cache(self):
        from forums import public_cache  # noqa: PLC0415 -- it reads the models, loaded after the registry

        public_cache.connect()
