from django.apps import AppConfig


class MailConfig(AppConfig):
    name = "foundation.mail"
    label = "mail"
    verbose_name = "Outgoing email"
    default_auto_field = "django.db.models.BigAutoField"
