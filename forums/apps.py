from django.apps import AppConfig


class ForumsConfig(AppConfig):
    name = "forums"
    verbose_name = "Liaison Committee, working groups and forums"

    def ready(self):
        from auditlog.registry import auditlog
        from django.db.models.signals import post_delete

        from forums import models, services

        # However an outcome document goes (its page, the admin's inline, its
        # event deleted), its file goes too, once the deletion is committed.
        post_delete.connect(
            services.event_document_file_forget,
            sender=models.EventDocument,
            dispatch_uid="forums.event_document_file_forget",
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
