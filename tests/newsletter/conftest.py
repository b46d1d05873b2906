import pytest


@pytest.fixture(autouse=True)
def _newsletter_site_url(settings):
    settings.SITE_URL = "https://portal.example.org"


@pytest.fixture(autouse=True)
def _fresh_subscribe_rate_limit():
    from django.core.cache import cache

    cache.delete("newsletter:subscribe:127.0.0.1")
    yield
    cache.delete("newsletter:subscribe:127.0.0.1")
