import pytest


@pytest.fixture(autouse=True)
def private_storage_dir(settings, tmp_path):
    """Each test stores its uploads in its own directory."""
    storages = {**settings.STORAGES}
    storages["private"] = {
        **storages["private"],
        "OPTIONS": {**storages["private"]["OPTIONS"], "location": tmp_path / "private"},
    }
    settings.STORAGES = storages
    return tmp_path / "private"
