from django.apps import AppConfig


class NewsletterConfig(AppConfig):
    name = "portal.newsletter"
    label = "newsletter"
    verbose_name = "Newsletter"
