from tests.partners.conftest import _clear_cache  # noqa: F401
