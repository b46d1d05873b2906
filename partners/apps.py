from django.apps import AppConfig


class PartnersConfig(AppConfig):
    name = "partners"
    verbose_name = "Partner NGOs"

    def ready(self):
        from partners import signals  # noqa: F401, PLC0415 -- importing connects the receivers, once models are loaded
        from partners import public_cache  # noqa: PLC0415 -- it reads the models, loaded after the registry  # isort: skip

        public_cache.connect()
