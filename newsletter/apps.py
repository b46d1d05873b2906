from django.apps import AppConfig


class NewsletterConfig(AppConfig):
    name = "newsletter"
    label = "newsletter"
    verbose_name = "Newsletter"

    def ready(self):
        from auditlog.registry import auditlog

        from newsletter import tasks  # noqa: F401 - connects worker_ready
        from newsletter.models import Issue, Subscriber

        # Deliveries are their own log; auditing each row would double it.
        auditlog.register(Issue, exclude_fields=["pdf_renders"])
        auditlog.register(Subscriber)
