from django.apps import AppConfig


class NewsletterConfig(AppConfig):
    name = "newsletter"
    label = "newsletter"
    verbose_name = "Newsletter"

    def ready(self):
        from auditlog.registry import auditlog  # noqa: PLC0415 -- it imports auditlog's models

        from foundation.mail import bounces  # noqa: PLC0415 -- it loads the mail models, ready only now
        from newsletter import tasks  # noqa: F401, PLC0415 -- importing connects worker_ready
        from newsletter.models import Delivery, Issue, Mailing, Subscriber  # noqa: PLC0415 -- models load after the app registry

        # A bounce to bounces+n<pk>-…@ answers newsletter delivery <pk>.
        bounces.register_reference(
            "n",
            lambda pk: Delivery.objects.filter(pk=pk).values_list("email", flat=True).first(),
        )

        # Deliveries are their own log; auditing each row would double it.
        auditlog.register(Issue, exclude_fields=["pdf_renders"])
        auditlog.register(Subscriber)
        auditlog.register(Mailing)
        self.connect_public_cache()

    def connect_public_cache(self):
        from newsletter import public_cache  # noqa: PLC0415 -- it reads the models, loaded after the registry

        public_cache.connect()
