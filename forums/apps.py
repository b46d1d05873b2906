from django.apps import AppConfig
from django.db.models.signals import post_delete


class ForumsConfig(AppConfig):
    name = "forums"
    verbose_name = "Liaison Committee, working groups and forums"

    def ready(self):
        from auditlog.registry import auditlog  # noqa: PLC0415 -- it imports auditlog's models

        from forums import models, services  # noqa: PLC0415 -- models load after the app registry

        # However a stored file's row goes (its page, the admin, its event or
        # working group deleted), the file goes too, once the deletion commits.
        for stored_file_model in (models.EventDocument, models.DocumentFile):
            post_delete.connect(
                services.stored_file_forget,
                sender=stored_file_model,
                dispatch_uid=f"forums.stored_file_forget.{stored_file_model.__name__}",
            )

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
