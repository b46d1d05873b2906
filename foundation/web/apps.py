from django.apps import AppConfig


class WebConfig(AppConfig):
    # An app only so that its templates and template tags are found.
    name = "foundation.web"
    label = "foundation_web"
    verbose_name = "Form kit"
