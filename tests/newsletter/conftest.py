import pytest

from portal.celery import app as celery_app


@pytest.fixture(autouse=True)
def _celery_eager_unless_integration(request, settings):
    """Unit tests run tasks in-process, even when REDIS_URL is set in the
    environment; integration tests talk to a real worker through Redis."""
    settings.SITE_URL = "https://portal.example.org"
    if request.node.get_closest_marker("integration"):
        yield
        return
    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    celery_app.conf.task_eager_propagates = True
    try:
        yield
    finally:
        celery_app.conf.task_always_eager = previous


@pytest.fixture(autouse=True)
def _fresh_subscribe_rate_limit():
    from django.core.cache import cache

    cache.delete("newsletter:subscribe:127.0.0.1")
    yield
    cache.delete("newsletter:subscribe:127.0.0.1")
