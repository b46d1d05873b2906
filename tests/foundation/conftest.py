import pytest
from django.conf import settings
from django.utils import translation


@pytest.fixture(autouse=True)
def _language_reset():
    """A request to /fr/… leaves French active in the thread: later tests expect the default."""
    yield
    translation.activate(settings.LANGUAGE_CODE)
