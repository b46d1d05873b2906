import pytest


@pytest.fixture(autouse=True)
def _private_storage(private_storage_dir):
    """Each test stores its uploads in its own directory (tests/conftest.py)."""
    return private_storage_dir
